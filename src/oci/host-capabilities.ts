// The capabilities this host can hand to a container: its own bounding set. On the reference VM
// CAP_SYS_RESOURCE is missing (spec/runtime-oci.md §0), so "all capabilities" means "all of ours".
import { readFile } from "node:fs/promises";

const CAP_NAMES = [
  "CHOWN", "DAC_OVERRIDE", "DAC_READ_SEARCH", "FOWNER", "FSETID", "KILL", "SETGID", "SETUID", "SETPCAP",
  "LINUX_IMMUTABLE", "NET_BIND_SERVICE", "NET_BROADCAST", "NET_ADMIN", "NET_RAW", "IPC_LOCK", "IPC_OWNER",
  "SYS_MODULE", "SYS_RAWIO", "SYS_CHROOT", "SYS_PTRACE", "SYS_PACCT", "SYS_ADMIN", "SYS_BOOT", "SYS_NICE",
  "SYS_RESOURCE", "SYS_TIME", "SYS_TTY_CONFIG", "MKNOD", "LEASE", "AUDIT_WRITE", "AUDIT_CONTROL", "SETFCAP",
  "MAC_OVERRIDE", "MAC_ADMIN", "SYSLOG", "WAKE_ALARM", "BLOCK_SUSPEND", "AUDIT_READ", "PERFMON", "BPF",
  "CHECKPOINT_RESTORE",
];

/** A CapBnd hex mask → CAP_ names (bits beyond the known names are ignored). */
export function capabilitiesFromMask(hex: string): string[] {
  const mask = BigInt(`0x${hex}`);
  return CAP_NAMES.filter((_, bit) => (mask >> BigInt(bit)) & 1n).map((n) => `CAP_${n}`);
}

export async function hostCapabilities(): Promise<string[]> {
  const status = await readFile("/proc/self/status", "utf8");
  const m = /^CapBnd:\s*([0-9a-f]+)$/m.exec(status);
  return capabilitiesFromMask(m?.[1] ?? "0");
}
