// CPU and memory readings of the fake runtime, derived from the programs' scripted load on the
// clock, shaped as the OCI runtime reads them from cgroupfs: cumulative CPU time (cpuacct.usage)
// and the working set. A container burns its program's cpuMillicores for as long as it has run
// (capped by its CFS quota, as the kernel throttles it) and holds memoryBytes while running. The
// node (the root cgroup) is a fixed base load since the fake machine booted plus every container.
import type { FakeContainer } from "./fake-container.ts";
import type { FakeState } from "./fake-state.ts";
import type { ContainerConfig, ContainerStats } from "./runtime.ts";

/** The node's own load besides containers (system daemons, pillion itself). */
export const NODE_BASE_CPU_MILLICORES = 100;
export const NODE_BASE_MEMORY_BYTES = 512 * 1024 * 1024;

/** CFS default period, µs. */
const DEFAULT_CPU_PERIOD = 100_000;

/** Cumulative CPU time of the container, ns (0 before it starts; frozen once it exits). */
export function containerCpuNs(c: FakeContainer, now: number): number {
  const s = c.status();
  if (s.startedAt === undefined) return 0;
  const ranMs = Math.max(0, (s.finishedAt ?? now) - s.startedAt);
  // millicores × ms × 1000 = (cores) × (ns).
  return Math.round(effectiveMillicores(c.program.cpuMillicores ?? 0, c.config.resources) * ranMs * 1000);
}

/** The container's reading, or undefined when it is not running. */
export function containerStatsOf(c: FakeContainer, now: number): ContainerStats | undefined {
  if (c.state !== "running") return undefined;
  return { timestamp: now, cpuUsageNanoSeconds: containerCpuNs(c, now), memoryWorkingSetBytes: c.program.memoryBytes ?? 0 };
}

/** The root cgroup: the base load since boot plus every container (removed ones' CPU included). */
export function nodeStatsOf(state: FakeState): ContainerStats {
  const now = state.clock.now();
  let cpu = NODE_BASE_CPU_MILLICORES * (now - state.bootAt) * 1000 + state.retiredCpuNs;
  let memory = NODE_BASE_MEMORY_BYTES;
  for (const c of state.containers.values()) {
    cpu += containerCpuNs(c, now);
    if (c.state === "running") memory += c.program.memoryBytes ?? 0;
  }
  return { timestamp: now, cpuUsageNanoSeconds: Math.round(cpu), memoryWorkingSetBytes: memory };
}

/** A busy loop gets at most quota/period of a CPU. */
function effectiveMillicores(millicores: number, resources: ContainerConfig["resources"]): number {
  const quota = resources.cpuQuota;
  if (quota === undefined || quota <= 0) return millicores;
  return Math.min(millicores, (quota / (resources.cpuPeriod || DEFAULT_CPU_PERIOD)) * 1000);
}
