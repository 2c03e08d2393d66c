// Where everything lives under the runtime's state dir (docs/runtime.md, "On-disk layout").
// All paths are absolute: crun and conmon resolve relative ones against their own cwd.
import { resolve } from "node:path";

export class StateLayout {
  readonly root: string;

  constructor(options: { stateDir: string }) {
    this.root = resolve(options.stateDir);
  }

  /** crun/runc --root: the OCI runtime's private state (never /run/crun). */
  get runtimeRoot(): string { return `${this.root}/oci`; }
  /** conmon --exit-dir: one file per container id holding its exit code. */
  get exitsDir(): string { return `${this.root}/exits`; }
  /** conmon --socket-dir-path (attach sockets); must exist before conmon starts. */
  get socketDir(): string { return `${this.root}/sock`; }
  get imagesDir(): string { return `${this.root}/images`; }
  get wrapperPath(): string { return `${this.root}/crun-hybrid-cgroups.sh`; }
  get sandboxesDir(): string { return `${this.root}/sandboxes`; }
  get containersDir(): string { return `${this.root}/containers`; }
  /** Pre-made pod namespace sets (netns-pool.ts): <ns-pool>/<random>/{net,ipc,uts}. */
  get netnsPoolDir(): string { return `${this.root}/ns-pool`; }

  sandboxDir(sandboxId: string): string { return `${this.sandboxesDir}/${sandboxId}`; }
  sandboxFile(sandboxId: string): string { return `${this.sandboxDir(sandboxId)}/sandbox.json`; }
  /** Bind-mounted namespace files (the pinns equivalent). */
  nsPin(sandboxId: string, ns: "net" | "ipc" | "uts"): string { return `${this.sandboxDir(sandboxId)}/ns/${ns}`; }
  etcFile(sandboxId: string, name: "hosts" | "resolv.conf" | "hostname"): string { return `${this.sandboxDir(sandboxId)}/etc/${name}`; }
  volumeDir(sandboxId: string, volume: string): string { return `${this.sandboxDir(sandboxId)}/volumes/${volume}`; }
  /** In the short socket dir: a unix socket path must fit in 108 bytes. */
  proxySocket(sandboxId: string): string { return `${this.socketDir}/netns-${sandboxId.slice(0, 12)}.sock`; }
  /** The kubelet's /var/log/pods/<pod>/<container>/<attempt>.log, per sandbox. */
  logFile(sandboxId: string, containerName: string, attempt: number): string {
    return `${this.sandboxDir(sandboxId)}/logs/${containerName}/${attempt}.log`;
  }

  /** The OCI bundle: config.json, rootfs/, conmon's pidfiles, persist/ (exit, oom). */
  bundle(containerId: string): string { return `${this.containersDir}/${containerId}`; }
  containerFile(containerId: string): string { return `${this.bundle(containerId)}/container.json`; }
  rootfs(containerId: string): string { return `${this.bundle(containerId)}/rootfs`; }
  persistDir(containerId: string): string { return `${this.bundle(containerId)}/persist`; }
  conmonPidFile(containerId: string): string { return `${this.bundle(containerId)}/conmon.pid`; }
  containerPidFile(containerId: string): string { return `${this.bundle(containerId)}/pidfile`; }
  terminationLog(containerId: string): string { return `${this.bundle(containerId)}/termination-log`; }
  exitFile(containerId: string): string { return `${this.exitsDir}/${containerId}`; }

  /** cgroupsPath of a container, and the pod-level parent the runtime removes itself. */
  static podCgroup(podUid: string): string { return `/pillion/pod${podUid}`; }
  static containerCgroup(podUid: string, containerId: string): string { return `${StateLayout.podCgroup(podUid)}/${containerId}`; }
}
