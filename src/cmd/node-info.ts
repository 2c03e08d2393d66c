// What the one Node object says about this machine (kubectl get nodes -o wide, describe node).
import { readFileSync } from "node:fs";
import { arch, cpus, hostname, release, totalmem } from "node:os";
import type { SystemNodeOptions } from "../registry/namespaces/system-objects.ts";

function osImage(): string {
  try {
    const m = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(readFileSync("/etc/os-release", "utf8"));
    return m?.[1] ?? "Linux";
  } catch {
    return "Linux";
  }
}

const GOARCH: Record<string, string> = { x64: "amd64", arm64: "arm64", arm: "arm", ppc64: "ppc64le", s390x: "s390x" };

export function nodeInfo(o: { nodeName: string; kubernetesMinor: number; runtimeName: string; runtimeVersion: string }): SystemNodeOptions {
  return {
    nodeName: o.nodeName,
    kubeletVersion: `v1.${o.kubernetesMinor}.0`,
    containerRuntimeVersion: `${o.runtimeName}://${o.runtimeVersion}`,
    kernelVersion: release(),
    osImage: osImage(),
    architecture: GOARCH[arch()] ?? arch(),
    capacity: { cpu: String(cpus().length), memory: `${Math.floor(totalmem() / 1024)}Ki`, pods: "110", "ephemeral-storage": "0" },
    hostname: hostname(),
  };
}
