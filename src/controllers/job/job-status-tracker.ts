// trackJobStatusAndRemoveFinalizers + flushUncountedAndRemoveFinalizers + enactJobFinished of
// job_controller.go (Kubernetes 1.33): a finished pod's uid is first written to
// status.uncountedTerminatedPods, then its tracking finalizer is removed, then it moves into
// the succeeded/failed counters; the interim SuccessCriteriaMet / FailureTarget condition is
// written first, and the terminal Complete / Failed one only once nothing is uncounted and no
// pod is terminating. Indexed Jobs count succeeded indexes (status.completedIndexes) instead of
// uids, and with backoffLimitPerIndex keep status.failedIndexes; a podFailurePolicy decides
// which failures count.
import type { Job, JobCondition, JobStatus } from "../../api/batch.ts";
import type { Pod } from "../../api/core.ts";
import type { Client } from "../../client/client.ts";
import type { Clock } from "../../machinery/clock.ts";
import type { EventRecorder } from "../../client/event-recorder.ts";
import type { BackoffRecord } from "./backoff-record.ts";
import { ensureJobConditionStatus, findCondition, newCondition } from "./job-conditions.ts";
import { byCompletionIndex, isIndexedJob, validIndex } from "./indexed-job-utils.ts";
import { hasTrackingFinalizer, isPodFailed } from "./job-pods.ts";
import { formatIntervals, intervalsHas, intervalsTotal, withOrderedIndexes, type Interval } from "./ordered-intervals.ts";
import { matchPodFailurePolicy } from "./pod-failure-policy.ts";
import { asError, type PodControl } from "./pod-control.ts";

/** syncJobCtx: what one reconcile learnt, shared by its steps. */
export interface SyncContext {
  /** The working copy; its status is what gets written. */
  job: Job;
  pods: Pod[];
  /** controller.FilterActivePods: neither finished nor being deleted. */
  activePods: Pod[];
  /** uncountedTerminatedPods as read at the start of the sync. */
  uncounted: { succeeded: Set<string>; failed: Set<string> };
  ready: number;
  terminating: number;
  succeeded: number;
  failed: number;
  newBackoff: BackoffRecord;
  /** The condition the Job is heading for, if it is finishing. */
  finished: JobCondition | undefined;
  /** Indexed: status.completedIndexes as read, and with the indexes succeeded since. */
  prevSucceededIndexes: Interval[];
  succeededIndexes: Interval[];
  /** backoffLimitPerIndex: the failed indexes; undefined otherwise. */
  failedIndexes: Interval[] | undefined;
  /** backoffLimitPerIndex: per index, the failed pod whose finalizer waits for its replacement. */
  podsWithDelayedDeletionPerIndex: Map<number, Pod>;
}

/**
 * MaxUncountedPods: at most this many pods are added to uncountedTerminatedPods in one sync,
 * so the status stays small and a large Job does not starve others; the rest wait a sync.
 */
const MAX_UNCOUNTED_PODS = 500;

export interface TrackOptions {
  ctx: SyncContext;
  needsFlush: boolean;
  clock: Clock;
  client: Pick<Client, "jobs">;
  podControl: PodControl;
  recorder: EventRecorder;
  commitBackoff: (rec: BackoffRecord) => void;
}

/**
 * The status as the API serves it: Go's omitempty drops zero active/succeeded/failed and empty
 * uid lists (so an empty uncountedTerminatedPods prints as `{}`); ready and terminating are
 * pointers and stay even when 0.
 */
export function wireStatus(status: JobStatus): void {
  for (const k of ["active", "succeeded", "failed"] as const) if (status[k] === 0) delete status[k];
  if (status.completedIndexes === "") delete status.completedIndexes;
  const u = status.uncountedTerminatedPods;
  if (u) {
    if (!u.succeeded?.length) delete u.succeeded;
    if (!u.failed?.length) delete u.failed;
  }
}

/** cleanUncountedPodsWithoutFinalizers: uids whose pod lost its finalizer move into the counters. */
function cleanUncounted(status: JobStatus, withFinalizer: Set<string>): boolean {
  const u = (status.uncountedTerminatedPods ??= {});
  let updated = false;
  for (const k of ["succeeded", "failed"] as const) {
    const before = u[k] ?? [];
    const keep = before.filter((uid) => withFinalizer.has(uid));
    if (keep.length !== before.length) {
      updated = true;
      status[k] = (status[k] ?? 0) + before.length - keep.length;
      u[k] = keep;
    }
  }
  return updated;
}

export async function trackJobStatus(o: TrackOptions): Promise<void> {
  const { ctx, clock } = o;
  let needsFlush = o.needsFlush;
  const status = (ctx.job.status ??= {});
  const uncountedStatus = (status.uncountedTerminatedPods ??= {});
  const withFinalizer = new Set(ctx.pods.filter(hasTrackingFinalizer).map((p) => p.metadata.uid ?? ""));
  if (cleanUncounted(status, withFinalizer)) needsFlush = true;

  const indexed = isIndexedJob(ctx.job);
  const toRelease: Pod[] = [];
  const newSucceededIndexes: number[] = [];
  let reachedMaxUncountedPods = false;
  for (const pod of indexed ? byCompletionIndex(ctx.pods) : ctx.pods) {
    if (!hasTrackingFinalizer(pod)) continue; // counted in an earlier sync
    const uid = pod.metadata.uid ?? "";
    const considerFailed = isPodFailed(pod, ctx.job);
    if (!canRemoveFinalizer(ctx, pod, considerFailed)) continue;
    toRelease.push(pod);
    const ix = indexed ? validIndex(ctx.job, pod) : undefined;
    if (pod.status?.phase === "Succeeded" && !ctx.uncounted.failed.has(uid)) {
      if (indexed) {
        // The index is enough to avoid counting a success twice: no uid is kept.
        if (ix !== undefined && !intervalsHas(ctx.prevSucceededIndexes, ix)) {
          newSucceededIndexes.push(ix);
          needsFlush = true;
        }
      } else if (!ctx.uncounted.succeeded.has(uid)) {
        needsFlush = true;
        (uncountedStatus.succeeded ??= []).push(uid);
      }
    } else if (considerFailed || (ctx.finished && ctx.finished.type !== "SuccessCriteriaMet")) {
      // When the Job is finishing (failed), every pod not succeeded counts as failed, unless
      // an Ignore rule of the podFailurePolicy matches it.
      if (!ctx.uncounted.failed.has(uid) && (!indexed || ix !== undefined) && matchPodFailurePolicy(ctx.job.spec.podFailurePolicy, pod).countFailed) {
        needsFlush = true;
        (uncountedStatus.failed ??= []).push(uid);
      }
    }
    if (newSucceededIndexes.length + (uncountedStatus.succeeded?.length ?? 0) + (uncountedStatus.failed?.length ?? 0) >= MAX_UNCOUNTED_PODS) {
      reachedMaxUncountedPods = true;
      break;
    }
  }
  if (indexed) {
    ctx.succeededIndexes = withOrderedIndexes(ctx.succeededIndexes, newSucceededIndexes);
    const completed = formatIntervals(ctx.succeededIndexes);
    if (completed !== (status.completedIndexes ?? "")) needsFlush = true;
    status.succeeded = intervalsTotal(ctx.succeededIndexes);
    status.completedIndexes = completed;
    const failedIndexes = ctx.failedIndexes ? formatIntervals(ctx.failedIndexes) : undefined;
    if (failedIndexes !== status.failedIndexes) {
      needsFlush = true;
      if (failedIndexes === undefined) delete status.failedIndexes;
      else status.failedIndexes = failedIndexes;
    }
  }
  const now = clock.now();
  status.conditions ??= [];
  if (ctx.finished?.type === "FailureTarget") {
    status.conditions.push(ctx.finished);
    needsFlush = true;
    ctx.finished = newCondition("Failed", "True", ctx.finished.reason ?? "", ctx.finished.message ?? "", now);
  }
  if (ctx.finished?.type === "SuccessCriteriaMet") {
    if (!findCondition(ctx.job, "SuccessCriteriaMet")) {
      status.conditions.push(ctx.finished);
      needsFlush = true;
    }
    ctx.finished = newCondition("Complete", "True", ctx.finished.reason ?? "", ctx.finished.message ?? "", now);
  }

  const flush = async (): Promise<void> => {
    const s = ctx.job.status ?? {};
    if (!s.conditions?.length) delete s.conditions;
    wireStatus(s);
    ctx.job = await o.client.jobs.updateStatus(ctx.job);
    const st = (ctx.job.status ??= {});
    st.uncountedTerminatedPods ??= {};
  };

  // flushUncountedAndRemoveFinalizers
  if (needsFlush) {
    await flush();
    o.commitBackoff(ctx.newBackoff);
    needsFlush = false;
  }
  let rmError: unknown;
  for (const pod of toRelease) {
    try {
      if (await o.podControl.removeTrackingFinalizer(pod)) withFinalizer.delete(pod.metadata.uid ?? "");
    } catch (err) {
      rmError ??= err;
    }
  }
  if (cleanUncounted(ctx.job.status ?? {}, withFinalizer)) needsFlush = true;
  if (rmError !== undefined) {
    if (needsFlush) await flush();
    throw asError(rmError);
  }

  // enactJobFinished
  let jobFinished = false;
  const finished = ctx.finished;
  const u = ctx.job.status?.uncountedTerminatedPods ?? {};
  if (finished && !reachedMaxUncountedPods && !(u.succeeded?.length ?? 0) && !(u.failed?.length ?? 0) && ctx.terminating === 0) {
    const st = (ctx.job.status ??= {});
    st.conditions ??= [];
    ensureJobConditionStatus(st.conditions, finished.type, finished.status, finished.reason ?? "", finished.message ?? "", now);
    if (finished.type === "Complete" && finished.lastTransitionTime) st.completionTime = finished.lastTransitionTime;
    jobFinished = true;
    needsFlush = true;
  }
  if (!needsFlush) return;
  await flush();
  if (!jobFinished || !finished) return;
  // recordJobFinished
  if (finished.type === "Complete") {
    const completions = ctx.job.spec.completions;
    if (completions !== undefined && (ctx.job.status?.succeeded ?? 0) > completions) {
      o.recorder.event(ctx.job, "Warning", "TooManySucceededPods", "Too many succeeded pods running after completion count reached");
    }
    o.recorder.event(ctx.job, "Normal", "Completed", "Job completed");
  } else {
    o.recorder.event(ctx.job, "Warning", finished.reason ?? "", finished.message ?? "");
  }
}

/**
 * canRemoveFinalizer: the Job is being deleted or finishing, or the pod succeeded, or it
 * failed — unless, with backoffLimitPerIndex, it is the failed pod its index's replacement
 * must still read its failure counts from.
 */
function canRemoveFinalizer(ctx: SyncContext, pod: Pod, considerFailed: boolean): boolean {
  if (ctx.job.metadata.deletionTimestamp || ctx.finished || pod.status?.phase === "Succeeded") return true;
  if (!considerFailed) return false;
  const ix = validIndex(ctx.job, pod);
  if (ix !== undefined && ctx.podsWithDelayedDeletionPerIndex.get(ix)?.metadata.uid === pod.metadata.uid) return false;
  return true;
}
