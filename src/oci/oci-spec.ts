// ContainerConfig → OCI runtime config.json (runtime-spec 1.0). Pure: every path and every host
// fact (capability set, volume mounts) comes in as input. Mirrors what CRI-O's
// server/container_create_linux.go and containerd's default spec produce, trimmed to the fields
// spec/runtime-oci.md §2 lists.
import type { ContainerConfig } from "../runtime/runtime.ts";

export interface OciMount {
  destination: string;
  type: string;
  source: string;
  options?: string[];
}

export interface OciSpecInput {
  config: ContainerConfig;
  processArgs: string[];
  hostname: string;
  root: { path: string; readonly: boolean };
  /** The image's mounts (busybox /bin, host /usr and /etc...), then the volumes. */
  imageMounts: OciMount[];
  volumeMounts: OciMount[];
  /** Host files for /etc/hosts, /etc/resolv.conf, /etc/hostname. */
  etcFiles: { hosts: string; resolvConf: string; hostname: string };
  /** Host file bound at config.terminationMessagePath. */
  terminationLog: string;
  namespaces: { net: string; ipc: string; uts: string };
  cgroupsPath: string;
  /** Every capability this host can grant (its bounding set), CAP_-prefixed. */
  hostCapabilities: string[];
}

/** containerd's (and Docker's) default capability set. */
export const DEFAULT_CAPABILITIES = [
  "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID",
  "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE",
];

export const DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

// From `crun spec`.
const MASKED_PATHS = [
  "/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list",
  "/proc/timer_stats", "/proc/sched_debug", "/sys/firmware", "/proc/scsi",
];
const READONLY_PATHS = ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"];

function capName(c: string): string {
  const upper = c.toUpperCase();
  return upper.startsWith("CAP_") ? upper : `CAP_${upper}`;
}

/**
 * The capability set: privileged → all; else the default set, minus drops (ALL drops every
 * default), plus adds (ALL adds every host capability); as the kubelet/CRI-O apply them.
 */
export function computeCapabilities(security: ContainerConfig["security"], hostCapabilities: string[]): string[] {
  if (security.privileged) return [...hostCapabilities];
  const drops = (security.capabilitiesDrop ?? []).map(capName);
  const adds = (security.capabilitiesAdd ?? []).map(capName);
  let caps = drops.includes("CAP_ALL") ? [] : DEFAULT_CAPABILITIES.filter((c) => !drops.includes(c));
  if (adds.includes("CAP_ALL")) caps = [...hostCapabilities];
  else for (const a of adds) if (!caps.includes(a)) caps.push(a);
  return caps.filter((c) => hostCapabilities.includes(c));
}

/** NAME=value list: image PATH, HOSTNAME, then the container's env (a later entry wins). */
export function computeEnv(env: ContainerConfig["env"], hostname: string): string[] {
  const vars = new Map<string, string>([["PATH", DEFAULT_PATH], ["HOSTNAME", hostname]]);
  for (const { name, value } of env) vars.set(name, value);
  return [...vars].map(([k, v]) => `${k}=${v}`);
}

function depth(p: string): number {
  return p.split("/").filter((s) => s !== "" && s !== ".").length;
}

/** Parents before children, otherwise stable (CRI-O sorts mounts the same way). */
export function sortMounts(mounts: OciMount[]): OciMount[] {
  return mounts.map((m, i) => ({ m, i })).sort((a, b) => depth(a.m.destination) - depth(b.m.destination) || a.i - b.i).map((x) => x.m);
}

export function computeOciSpec(input: OciSpecInput): Record<string, unknown> {
  const { config } = input;
  const sec = config.security;
  const privileged = sec.privileged === true;
  const caps = computeCapabilities(sec, input.hostCapabilities);
  const readonlyRoot = input.root.readonly || sec.readOnlyRootFilesystem === true;
  const mounts: OciMount[] = [
    { destination: "/proc", type: "proc", source: "proc", options: ["nosuid", "noexec", "nodev"] },
    { destination: "/dev", type: "tmpfs", source: "tmpfs", options: ["nosuid", "strictatime", "mode=755", "size=65536k"] },
    { destination: "/dev/pts", type: "devpts", source: "devpts", options: ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"] },
    { destination: "/dev/shm", type: "tmpfs", source: "shm", options: ["nosuid", "noexec", "nodev", "mode=1777", "size=65536k"] },
    { destination: "/dev/mqueue", type: "mqueue", source: "mqueue", options: ["nosuid", "noexec", "nodev"] },
    { destination: "/sys", type: "sysfs", source: "sysfs", options: ["nosuid", "noexec", "nodev", privileged ? "rw" : "ro"] },
    ...input.imageMounts,
    { destination: "/etc/hosts", type: "bind", source: input.etcFiles.hosts, options: ["rbind", "rw"] },
    { destination: "/etc/resolv.conf", type: "bind", source: input.etcFiles.resolvConf, options: ["rbind", "rw"] },
    { destination: "/etc/hostname", type: "bind", source: input.etcFiles.hostname, options: ["rbind", "rw"] },
    ...input.volumeMounts,
  ];
  if (config.terminationMessagePath) {
    mounts.push({ destination: config.terminationMessagePath, type: "bind", source: input.terminationLog, options: ["rbind", "rw"] });
  }
  const r = config.resources;
  const resources: Record<string, unknown> = { devices: [{ allow: false, access: "rwm" }] };
  if (r.memoryLimitBytes !== undefined) resources["memory"] = { limit: r.memoryLimitBytes, swap: r.memoryLimitBytes };
  const cpu: Record<string, number> = {};
  if (r.cpuQuota !== undefined) cpu["quota"] = r.cpuQuota;
  if (r.cpuPeriod !== undefined) cpu["period"] = r.cpuPeriod;
  if (r.cpuShares !== undefined) cpu["shares"] = r.cpuShares;
  if (Object.keys(cpu).length > 0) resources["cpu"] = cpu;
  if (r.pidsLimit !== undefined) resources["pids"] = { limit: r.pidsLimit };
  return {
    ociVersion: "1.0.2",
    process: {
      terminal: false,
      user: { uid: sec.runAsUser ?? 0, gid: sec.runAsGroup ?? 0 },
      args: input.processArgs,
      env: computeEnv(config.env, input.hostname),
      cwd: config.workingDir || "/",
      capabilities: { bounding: caps, effective: caps, permitted: caps, inheritable: [] },
      // Kubernetes sets no_new_privs only when allowPrivilegeEscalation is explicitly false
      // (pkg/securitycontext AddNoNewPrivileges); privileged containers never get it.
      noNewPrivileges: !privileged && sec.allowPrivilegeEscalation === false,
    },
    root: { path: input.root.path, readonly: readonlyRoot },
    hostname: input.hostname,
    mounts: [...mounts.slice(0, 6), ...sortMounts(mounts.slice(6))],
    annotations: { "io.kubernetes.container.name": config.name },
    linux: {
      cgroupsPath: input.cgroupsPath,
      resources,
      namespaces: [
        { type: "pid" },
        { type: "mount" },
        { type: "network", path: input.namespaces.net },
        { type: "ipc", path: input.namespaces.ipc },
        { type: "uts", path: input.namespaces.uts },
      ],
      maskedPaths: privileged ? [] : MASKED_PATHS,
      readonlyPaths: privileged ? [] : READONLY_PATHS,
    },
  };
}
