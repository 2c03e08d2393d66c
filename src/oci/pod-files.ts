// The files every container of a pod sees at /etc/hosts, /etc/resolv.conf and /etc/hostname,
// written once per sandbox. The hosts file is the kubelet's managed one
// (pkg/kubelet/kubelet_pods.go managedHostsFileContent), with 127.0.0.1 for the pod's hostname
// because a pillion pod has no address beyond loopback.
import { mkdir, readFile, writeFile } from "node:fs/promises";

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

export async function writePodFiles(paths: { hosts: string; resolvConf: string; hostname: string }, hostname: string): Promise<void> {
  await mkdir(paths.hosts.slice(0, paths.hosts.lastIndexOf("/")), { recursive: true });
  let resolv = "";
  try {
    resolv = await readFile("/etc/resolv.conf", "utf8"); // dnsPolicy Default: the node's resolver
  } catch {
    // none on this host
  }
  await Promise.all([
    writeFile(paths.hosts, managedHostsFile(hostname), { mode: 0o644 }),
    writeFile(paths.resolvConf, resolv, { mode: 0o644 }),
    writeFile(paths.hostname, `${hostname}\n`, { mode: 0o644 }),
  ]);
}
