// The Indexed-Job helpers of pkg/controller/job/indexed_job_utils.go and the per-index back-off
// of backoff_utils.go (Kubernetes 1.33): which indexes succeeded or failed, which to create
// next, which pods repeat an index, and the per-index failure counts carried from a failed pod
// to its replacement in annotations.
import type { Job } from "../../api/batch.ts";
import type { Pod } from "../../api/core.ts";
import { remainingBackoffMs } from "./backoff-record.ts";
import {
  JOB_COMPLETION_INDEX_ANNOTATION, JOB_INDEX_FAILURE_COUNT_ANNOTATION, JOB_INDEX_IGNORED_FAILURE_COUNT_ANNOTATION,
  compareActivePods, getFinishedTime, hasTrackingFinalizer, isPodFailed, isPodTerminating,
} from "./job-pods.ts";
import { intervalsHas, mergeIntervals, parseIndexesFromString, withOrderedIndexes, type Interval, type OrderedIntervals } from "./ordered-intervals.ts";
import { matchPodFailurePolicy } from "./pod-failure-policy.ts";

/** unknownCompletionIndex. */
export const UNKNOWN_INDEX = -1;
const MAX_INT32 = 2147483647;

export const isIndexedJob = (job: Job): boolean => job.spec.completionMode === "Indexed";

export const hasBackoffLimitPerIndex = (job: Job): boolean => job.spec.backoffLimitPerIndex !== undefined;

/** getCompletionIndex: the index annotation as a non-negative integer, else UNKNOWN_INDEX. */
export function getCompletionIndex(pod: Pod): number {
  const v = pod.metadata.annotations?.[JOB_COMPLETION_INDEX_ANNOTATION];
  if (v === undefined || !/^[+-]?\d+$/.test(v)) return UNKNOWN_INDEX;
  const i = Number(v);
  return i < 0 ? UNKNOWN_INDEX : i;
}

/** A pod's index when it is one of the Job's (0 ≤ index < completions). */
export function validIndex(job: Job, pod: Pod): number | undefined {
  const ix = getCompletionIndex(pod);
  return ix !== UNKNOWN_INDEX && ix < (job.spec.completions ?? 0) ? ix : undefined;
}

/** byCompletionIndex (a stable sort). */
export const byCompletionIndex = (pods: readonly Pod[]): Pod[] => [...pods].sort((a, b) => getCompletionIndex(a) - getCompletionIndex(b));

/** getIndexes: the indexes the pods carry, in increasing order. */
export function getIndexes(pods: readonly Pod[]): number[] {
  return [...new Set(pods.map(getCompletionIndex).filter((ix) => ix !== UNKNOWN_INDEX))].sort((a, b) => a - b);
}

/**
 * calculateSucceededIndexes: status.completedIndexes, and those plus the indexes of succeeded
 * pods still carrying the tracking finalizer (not counted yet).
 */
export function calculateSucceededIndexes(job: Job, pods: readonly Pod[]): { prev: Interval[]; now: Interval[] } {
  const prev = parseIndexesFromString(job.status?.completedIndexes ?? "", job.spec.completions ?? 0);
  const fresh = pods.filter((p) => p.status?.phase === "Succeeded" && hasTrackingFinalizer(p) && validIndex(job, p) !== undefined);
  return { prev, now: withOrderedIndexes(prev, getIndexes(fresh)) };
}

/** parseInt32 of an annotation: 0 when absent, not a number, negative or beyond int32. */
function annotationInt32(pod: Pod, key: string): number {
  const v = pod.metadata.annotations?.[key];
  if (v === undefined || !/^[+-]?\d+$/.test(v)) return 0;
  const n = Number(v);
  return n < 0 || n > MAX_INT32 ? 0 : n;
}

/** getIndexFailureCount: the index's counted failures before this pod. */
export const getIndexFailureCount = (pod: Pod): number => annotationInt32(pod, JOB_INDEX_FAILURE_COUNT_ANNOTATION);

/** getIndexAbsoluteFailureCount: counted and ignored failures before this pod. */
export const getIndexAbsoluteFailureCount = (pod: Pod): number =>
  getIndexFailureCount(pod) + annotationInt32(pod, JOB_INDEX_IGNORED_FAILURE_COUNT_ANNOTATION);

/**
 * isIndexFailed: a FailIndex rule matched the failed pod, or its counted failure brings the
 * index to backoffLimitPerIndex.
 */
export function isIndexFailed(job: Job, pod: Pod): boolean {
  if (!isPodFailed(pod, job)) return false;
  let counted = true;
  if (job.spec.podFailurePolicy) {
    const m = matchPodFailurePolicy(job.spec.podFailurePolicy, pod);
    if (m.action === "FailIndex") return true;
    counted = m.countFailed;
  }
  return counted && getIndexFailureCount(pod) >= (job.spec.backoffLimitPerIndex ?? 0);
}

/** calculateFailedIndexes: status.failedIndexes plus the indexes failed since. */
export function calculateFailedIndexes(job: Job, pods: readonly Pod[]): Interval[] {
  const prev = parseIndexesFromString(job.status?.failedIndexes ?? "", job.spec.completions ?? 0);
  const fresh = pods.filter((p) => hasTrackingFinalizer(p) && validIndex(job, p) !== undefined && isIndexFailed(job, p));
  return withOrderedIndexes(prev, getIndexes(fresh));
}

export interface PendingIndexesInput {
  job: Job;
  pods: readonly Pod[];
  activePods: readonly Pod[];
  succeededIndexes: OrderedIntervals;
  failedIndexes: OrderedIntervals | undefined;
}

/**
 * firstPendingIndexes: the first count indexes below completions that are not active,
 * succeeded or failed — nor, when only failed pods are replaced, held by a terminating pod.
 */
export function firstPendingIndexes(ctx: PendingIndexesInput, count: number, completions: number, onlyReplaceFailed: boolean): number[] {
  if (count === 0) return [];
  let nonPending = withOrderedIndexes(ctx.succeededIndexes, getIndexes(ctx.activePods));
  if (onlyReplaceFailed) nonPending = withOrderedIndexes(nonPending, getIndexes(ctx.pods.filter(isPodTerminating)));
  if (ctx.failedIndexes) nonPending = mergeIntervals(nonPending, ctx.failedIndexes);
  const result: number[] = [];
  let candidate = 0;
  for (const iv of nonPending) {
    for (; candidate < completions && result.length < count && candidate < iv.first; candidate++) result.push(candidate);
    if (candidate < iv.last + 1) candidate = iv.last + 1;
  }
  for (; candidate < completions && result.length < count; candidate++) result.push(candidate);
  return result;
}

/**
 * appendDuplicatedIndexPodsForRemoval: of the active pods, those without an index or with one
 * out of range go, and of several pods with the same index all but the one kept longest
 * (the last in ActivePods order).
 */
export function duplicatedIndexPodsForRemoval(pods: readonly Pod[], completions: number): { rm: Pod[]; left: Pod[] } {
  const rm: Pod[] = [], left: Pod[] = [];
  const groups = new Map<number, Pod[]>();
  for (const p of byCompletionIndex(pods)) {
    const ix = getCompletionIndex(p);
    if (ix === UNKNOWN_INDEX || ix >= completions) { rm.push(p); continue; }
    const g = groups.get(ix);
    if (g) g.push(p); else groups.set(ix, [p]);
  }
  for (const g of groups.values()) {
    const sorted = g.length > 1 ? [...g].sort(compareActivePods) : g;
    rm.push(...sorted.slice(0, -1));
    left.push(sorted[sorted.length - 1] as Pod);
  }
  return { rm, left };
}

export interface DelayedDeletionInput extends PendingIndexesInput {
  failedIndexes: OrderedIntervals;
}

/**
 * getPodsWithDelayedDeletionPerIndex: per index that is neither succeeded, failed nor active,
 * the last failed pod, whose finalizer stays until its replacement exists so that the
 * replacement can inherit its failure counts.
 */
export function getPodsWithDelayedDeletionPerIndex(ctx: DelayedDeletionInput): Map<number, Pod> {
  const active = new Set(getIndexes(ctx.activePods));
  const result = new Map<number, Pod>();
  for (const p of ctx.pods) {
    if (!hasTrackingFinalizer(p) || !isPodFailed(p, ctx.job)) continue;
    const ix = validIndex(ctx.job, p);
    if (ix === undefined || intervalsHas(ctx.succeededIndexes, ix) || intervalsHas(ctx.failedIndexes, ix) || active.has(ix)) continue;
    const last = result.get(ix);
    if (!last || (getIndexAbsoluteFailureCount(last) <= getIndexAbsoluteFailureCount(p) && getFinishedTime(p) >= getFinishedTime(last))) {
      result.set(ix, p);
    }
  }
  return result;
}

/** getNewIndexFailureCounts: the failure counts the replacement of podBeingReplaced carries. */
export function getNewIndexFailureCounts(job: Job, podBeingReplaced: Pod | undefined): { failed: number; ignored: number } {
  if (!podBeingReplaced) return { failed: 0, ignored: 0 };
  let failed = getIndexFailureCount(podBeingReplaced);
  let ignored = annotationInt32(podBeingReplaced, JOB_INDEX_IGNORED_FAILURE_COUNT_ANNOTATION);
  if (!job.spec.podFailurePolicy || matchPodFailurePolicy(job.spec.podFailurePolicy, podBeingReplaced).countFailed) failed++;
  else ignored++;
  return { failed, ignored };
}

/**
 * getRemainingTimePerIndex: the back-off of one index, from the failure counts and finish
 * time of its last failed pod (none: create now).
 */
export function remainingTimePerIndexMs(lastFailedPod: Pod | undefined, nowMs: number): number {
  if (!lastFailedPod) return 0;
  return remainingBackoffMs({ failuresAfterLastSuccess: getIndexAbsoluteFailureCount(lastFailedPod) + 1, lastFailureTime: getFinishedTime(lastFailedPod) }, nowMs);
}
