// The files every container of a pod sees at /etc/hosts, /etc/resolv.conf and /etc/hostname,
// written once per sandbox. The hosts file is the kubelet's managed one
// (pkg/kubelet/kubelet_pods.go managedHostsFileContent), with 127.0.0.1 for the pod's hostname
// because a pillion pod has no address beyond loopback. They are written synchronously: three
// tiny files on the pod-start path (see image-store.ts for why).
import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";

export function managedHostsFile(hostname: string): string {
  return [
    "# Kubernetes-managed hosts file.",
    "127.0.0.1\tlocalhost",
    "::1\tlocalhost ip6-localhost ip6-loopback",
    "fe00::0\tip6-localnet",
    "fe00::0\tip6-mcastprefix",
    "fe00::1\tip6-allnodes",
    "fe00::2\tip6-allrouters",
    `127.0.0.1\t${hostname}`,
    "",
  ].join("\n");
}

/**
 * The node's resolver file (dnsPolicy Default), as the kubelet reads it for every pod, but
 * without reading it for every pod: it is re-read only when its inode, size or mtime changed
 * (one stat per pod). "" when the node has none.
 */
export class NodeResolvConf {
  readonly #path: string;
  #stamp = "";
  #content = "";

  constructor(options: { path?: string } = {}) {
    this.#path = options.path ?? "/etc/resolv.conf";
  }

  read(): string {
    try {
      const st = statSync(this.#path);
      const stamp = `${st.ino}:${st.size}:${st.mtimeMs}`;
      if (stamp !== this.#stamp) {
        this.#content = readFileSync(this.#path, "utf8");
        this.#stamp = stamp;
      }
    } catch {
      this.#stamp = "";
      this.#content = "";
    }
    return this.#content;
  }
}

export function writePodFiles(paths: { hosts: string; resolvConf: string; hostname: string }, pod: { hostname: string; resolvConf: string }): void {
  mkdirSync(paths.hosts.slice(0, paths.hosts.lastIndexOf("/")), { recursive: true });
  writeFileSync(paths.hosts, managedHostsFile(pod.hostname), { mode: 0o644 });
  writeFileSync(paths.resolvConf, pod.resolvConf, { mode: 0o644 });
  writeFileSync(paths.hostname, `${pod.hostname}\n`, { mode: 0o644 });
}
