// CPU and memory for `kubectl top`, straight from cgroupfs (crun has no stats command;
// spec/runtime-oci.md §3). The kubelet's formulas (cAdvisor, pkg/kubelet/stats):
//   cpu: the cumulative usage in ns (cpuacct.usage; cgroup v2 cpu.stat usage_usec × 1000), the
//        API server turns two readings into cores (Δusage / Δt);
//   working set: memory usage − inactive file pages, never below 0 (v1 memory.usage_in_bytes −
//        total_inactive_file; v2 memory.current − inactive_file).
// On this hybrid host crun drives the v1 controllers, so v1 is read first.
import { readFile } from "node:fs/promises";

const CGROUP_ROOT = "/sys/fs/cgroup";
/** USER_HZ: /proc/stat counts in 1/100 s on every Linux architecture Node runs on. */
const NS_PER_TICK = 10_000_000;

export interface CgroupUsage {
  cpuUsageNanoSeconds: number;
  memoryWorkingSetBytes: number;
}

async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch {
    return undefined;
  }
}

/** The value of `key <n>` in a flat-keyed file (memory.stat, cpu.stat, /proc/meminfo "Key: n kB"). */
export function keyedValue(text: string, key: string): number | undefined {
  const m = new RegExp(`^${key}:?\\s+(\\d+)`, "m").exec(text);
  return m ? Number(m[1]) : undefined;
}

/** usage − inactive file, as the kubelet computes the working set. */
export function workingSet(usage: number, inactiveFile: number): number {
  return Math.max(0, usage - inactiveFile);
}

/** A cgroup's usage (path as in config.json's cgroupsPath, "" for the root); undefined when it does not exist. */
export async function readCgroupUsage(cgroupPath: string): Promise<CgroupUsage | undefined> {
  const [cpuacct, memUsage, memStat] = await Promise.all([
    readText(`${CGROUP_ROOT}/cpuacct${cgroupPath}/cpuacct.usage`),
    readText(`${CGROUP_ROOT}/memory${cgroupPath}/memory.usage_in_bytes`),
    readText(`${CGROUP_ROOT}/memory${cgroupPath}/memory.stat`),
  ]);
  if (cpuacct !== undefined && memUsage !== undefined && memStat !== undefined) {
    return {
      cpuUsageNanoSeconds: Number(cpuacct.trim()),
      memoryWorkingSetBytes: workingSet(Number(memUsage.trim()), keyedValue(memStat, "total_inactive_file") ?? 0),
    };
  }
  const [cpuStat, memCurrent, memStat2] = await Promise.all([
    readText(`${CGROUP_ROOT}${cgroupPath}/cpu.stat`),
    readText(`${CGROUP_ROOT}${cgroupPath}/memory.current`),
    readText(`${CGROUP_ROOT}${cgroupPath}/memory.stat`),
  ]);
  const usec = cpuStat === undefined ? undefined : keyedValue(cpuStat, "usage_usec");
  if (usec === undefined || memCurrent === undefined || memStat2 === undefined) return undefined;
  return {
    cpuUsageNanoSeconds: usec * 1000,
    memoryWorkingSetBytes: workingSet(Number(memCurrent.trim()), keyedValue(memStat2, "inactive_file") ?? 0),
  };
}

/**
 * The whole node: the root cgroup (v1 root cpuacct.usage and memory files are readable on this
 * host), else — a cgroup v2 root has no memory.current — /proc/stat's busy time and
 * /proc/meminfo (MemTotal − MemFree − Inactive(file)).
 */
export async function readNodeUsage(): Promise<CgroupUsage> {
  const root = await readCgroupUsage("");
  if (root) return root;
  const [stat, meminfo] = await Promise.all([readText("/proc/stat"), readText("/proc/meminfo")]);
  return {
    cpuUsageNanoSeconds: stat === undefined ? 0 : procStatBusyNs(stat),
    memoryWorkingSetBytes: meminfo === undefined ? 0 : workingSet(
      ((keyedValue(meminfo, "MemTotal") ?? 0) - (keyedValue(meminfo, "MemFree") ?? 0)) * 1024,
      (keyedValue(meminfo, "Inactive\\(file\\)") ?? 0) * 1024,
    ),
  };
}

/** Busy CPU time from /proc/stat's `cpu` line: user+nice+system+irq+softirq+steal, in ns. */
export function procStatBusyNs(stat: string): number {
  const line = /^cpu\s+(.*)$/m.exec(stat)?.[1];
  if (!line) return 0;
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = line.trim().split(/\s+/).map(Number);
  return (user + nice + system + irq + softirq + steal) * NS_PER_TICK;
}
