// The arithmetic of metrics-server's storage (sigs.k8s.io/metrics-server pkg/storage): each
// series (a container, the node) keeps its last two points; a rate needs both. Pure functions,
// so the rules are tested with tables.

/** One reading of a cumulative CPU counter and the working set (storage.MetricsPoint). */
export interface MetricsPoint {
  /** Epoch ms of the reading. */
  timestampMs: number;
  /** Cumulative CPU time, ns. */
  cpuUsageNanoSeconds: number;
  memoryWorkingSetBytes: number;
}

/** The stored points of one series: `prev` is absent until a second, newer point came. */
export interface PointPair {
  last: MetricsPoint;
  prev?: MetricsPoint;
}

/**
 * Stores a new point (podStorage.Store / nodeStorage.Store for one series): a newer point moves
 * the stored last to prev; a point no newer than last keeps the stored prev when that is older
 * than the new point, else drops it.
 *
 * metrics-server keys containers by pod and container name and compares start times to notice
 * a restart; pillion keys them by container ID, so a restarted container is a new series and
 * `old` is undefined for it.
 */
export function storePoint(old: PointPair | undefined, point: MetricsPoint): PointPair {
  if (!old) return { last: point };
  if (point.timestampMs > old.last.timestampMs) return { last: point, prev: old.last };
  if (old.prev && old.prev.timestampMs < point.timestampMs) return { last: point, prev: old.prev };
  return { last: point };
}

export interface Usage {
  cpuNanoCores: number;
  memoryWorkingSetBytes: number;
  timestampMs: number;
  windowMs: number;
}

/**
 * The rate between the two points (storage.resourceUsage): cpu = Δcpu / Δt in nano-cores, the
 * float truncated to an integer as Go's uint64(cpuUsage) does; memory = the last working set.
 * undefined when there is no prev, when the counter went backwards ("unexpected decrease in
 * cumulative CPU usage value": metrics-server skips that series) or when the window is empty.
 */
export function resourceUsage(pair: PointPair): Usage | undefined {
  const { last, prev } = pair;
  if (!prev) return undefined;
  if (last.cpuUsageNanoSeconds < prev.cpuUsageNanoSeconds) return undefined;
  const windowMs = last.timestampMs - prev.timestampMs;
  if (windowMs <= 0) return undefined;
  const cpu = (last.cpuUsageNanoSeconds - prev.cpuUsageNanoSeconds) / (windowMs / 1000);
  return {
    cpuNanoCores: Math.trunc(cpu),
    memoryWorkingSetBytes: last.memoryWorkingSetBytes,
    timestampMs: last.timestampMs,
    windowMs,
  };
}
