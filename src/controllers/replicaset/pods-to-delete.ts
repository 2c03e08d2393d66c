// Which pods a ReplicaSet deletes first when it has too many. Mirrors getPodsToDelete
// (pkg/controller/replicaset/replica_set.go) and controller.ActivePodsWithRanks.Less
// (pkg/controller/controller_utils.go), Kubernetes 1.33 with PodDeletionCost and
// LogarithmicScaleDown on (their defaults).
import type { Pod } from "../../api/core.ts";
import { parseTime } from "../../machinery/clock.ts";
import { isPodActive, isPodReady } from "./pod-state.ts";

const PHASE_ORDINAL: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };
const DELETION_COST = "controller.kubernetes.io/pod-deletion-cost";

/** helper.GetDeletionCostFromPodAnnotations (an invalid value counts as 0). */
function deletionCost(pod: Pod): number {
  const v = pod.metadata.annotations?.[DELETION_COST];
  return v !== undefined && /^[+-]?\d+$/.test(v.trim()) ? Number(v.trim()) : 0;
}

/** podReadyTime: when a ready pod became ready (NaN: unknown). */
function readyTime(pod: Pod): number {
  const c = (pod.status?.conditions ?? []).find((x) => x.type === "Ready");
  return parseTime(c?.lastTransitionTime);
}

/** afterOrZero: a zero (unknown) time sorts first, then the later one. */
const afterOrZero = (t1: number, t2: number): boolean => (Number.isNaN(t1) || Number.isNaN(t2) ? Number.isNaN(t1) : t1 > t2);

/** logarithmicRankDiff: compares ⌊log2(age in ns)⌋, so pods of about the same age rank equal. */
function logarithmicRankDiff(t1: number, t2: number, nowMs: number): number {
  const rank = (t: number): number => (nowMs - t > 0 ? Math.floor(Math.log2((nowMs - t) * 1e6)) : -1);
  return rank(t1) - rank(t2);
}

/** The later of two times first, through log buckets; equal buckets fall back to the uid. */
function newerFirst(a: Pod, b: Pod, ta: number, tb: number, nowMs: number): boolean {
  if (Number.isNaN(ta) || Number.isNaN(tb)) return afterOrZero(ta, tb);
  const diff = logarithmicRankDiff(ta, tb, nowMs);
  if (diff === 0) return (a.metadata.uid ?? "") < (b.metadata.uid ?? "");
  return diff < 0;
}

/** maxContainerRestarts: the highest restart count of regular containers, then of sidecars. */
function maxRestarts(pod: Pod): [number, number] {
  const regular = Math.max(0, ...(pod.status?.containerStatuses ?? []).map((s) => s.restartCount));
  const sidecars = new Set((pod.spec.initContainers ?? []).filter((c) => c.restartPolicy === "Always").map((c) => c.name));
  const sidecar = Math.max(0, ...(pod.status?.initContainerStatuses ?? []).filter((s) => sidecars.has(s.name)).map((s) => s.restartCount));
  return [regular, sidecar];
}

/**
 * ActivePodsWithRanks.Less: whether a is deleted before b. rank is the number of active pods
 * of the same owner family on the pod's node (more doubled-up first).
 */
export function deletedBefore(a: Pod, b: Pod, rankA: number, rankB: number, nowMs: number): boolean {
  const na = a.spec.nodeName ?? "", nb = b.spec.nodeName ?? "";
  if (na !== nb && (na === "" || nb === "")) return na === "";
  const pa = PHASE_ORDINAL[a.status?.phase ?? ""] ?? 0, pb = PHASE_ORDINAL[b.status?.phase ?? ""] ?? 0;
  if (pa !== pb) return pa < pb;
  const ra = isPodReady(a), rb = isPodReady(b);
  if (ra !== rb) return !ra;
  const ca = deletionCost(a), cb = deletionCost(b);
  if (ca !== cb) return ca < cb;
  if (rankA !== rankB) return rankA > rankB;
  if (ra && rb) {
    const ta = readyTime(a), tb = readyTime(b);
    if (ta !== tb && !(Number.isNaN(ta) && Number.isNaN(tb))) return newerFirst(a, b, ta, tb, nowMs);
  }
  const [regA, sideA] = maxRestarts(a), [regB, sideB] = maxRestarts(b);
  if (regA !== regB) return regA > regB;
  if (sideA !== sideB) return sideA > sideB;
  const ta = parseTime(a.metadata.creationTimestamp), tb = parseTime(b.metadata.creationTimestamp);
  if (ta !== tb && !(Number.isNaN(ta) && Number.isNaN(tb))) return newerFirst(a, b, ta, tb, nowMs);
  return false;
}

/**
 * getPodsToDelete: the diff pods to delete, ranked by deletedBefore. relatedPods are the pods
 * of every ReplicaSet of the same owner (getIndirectlyRelatedPods): the active ones on a pod's
 * node make its rank.
 */
export function podsToDelete(pods: readonly Pod[], relatedPods: readonly Pod[], diff: number, nowMs: number): Pod[] {
  if (diff >= pods.length) return [...pods];
  const onNode = new Map<string, number>();
  for (const p of relatedPods) if (isPodActive(p)) onNode.set(p.spec.nodeName ?? "", (onNode.get(p.spec.nodeName ?? "") ?? 0) + 1);
  const ranked = pods.map((pod) => ({ pod, rank: onNode.get(pod.spec.nodeName ?? "") ?? 0 }));
  ranked.sort((x, y) => (deletedBefore(x.pod, y.pod, x.rank, y.rank, nowMs) ? -1 : deletedBefore(y.pod, x.pod, y.rank, x.rank, nowMs) ? 1 : 0));
  return ranked.slice(0, diff).map((r) => r.pod);
}
