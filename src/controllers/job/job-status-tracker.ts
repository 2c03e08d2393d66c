// trackJobStatusAndRemoveFinalizers + flushUncountedAndRemoveFinalizers + enactJobFinished of
// job_controller.go (Kubernetes 1.33): a finished pod's uid is first written to
// status.uncountedTerminatedPods, then its tracking finalizer is removed, then it moves into
// the succeeded/failed counters; the interim SuccessCriteriaMet / FailureTarget condition is
// written first, and the terminal Complete / Failed one only once nothing is uncounted and no
// pod is terminating.
import type { Job, JobCondition, JobStatus } from "../../api/batch.ts";
import type { Pod } from "../../api/core.ts";
import type { Client } from "../../client/client.ts";
import type { Clock } from "../../machinery/clock.ts";
import type { EventRecorder } from "../../client/event-recorder.ts";
import type { BackoffRecord } from "./backoff-record.ts";
import { ensureJobConditionStatus, findCondition, newCondition } from "./job-conditions.ts";
import { hasTrackingFinalizer, isPodFailed } from "./job-pods.ts";
import { asError, type PodControl } from "./pod-control.ts";

/** syncJobCtx: what one reconcile learnt, shared by its steps. */
export interface SyncContext {
  /** The working copy; its status is what gets written. */
  job: Job;
  pods: Pod[];
  /** uncountedTerminatedPods as read at the start of the sync. */
  uncounted: { succeeded: Set<string>; failed: Set<string> };
  ready: number;
  terminating: number;
  succeeded: number;
  failed: number;
  newBackoff: BackoffRecord;
  /** The condition the Job is heading for, if it is finishing. */
  finished: JobCondition | undefined;
}

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

  const toRelease: Pod[] = [];
  for (const pod of ctx.pods) {
    if (!hasTrackingFinalizer(pod)) continue; // counted in an earlier sync
    const uid = pod.metadata.uid ?? "";
    const considerFailed = isPodFailed(pod, ctx.job);
    // canRemoveFinalizer
    if (!ctx.job.metadata.deletionTimestamp && !ctx.finished && pod.status?.phase !== "Succeeded" && !considerFailed) continue;
    toRelease.push(pod);
    if (pod.status?.phase === "Succeeded" && !ctx.uncounted.failed.has(uid)) {
      if (!ctx.uncounted.succeeded.has(uid)) {
        needsFlush = true;
        (uncountedStatus.succeeded ??= []).push(uid);
      }
    } else if (considerFailed || (ctx.finished && ctx.finished.type !== "SuccessCriteriaMet")) {
      // When the Job is finishing (failed), every pod not succeeded counts as failed.
      if (!ctx.uncounted.failed.has(uid)) {
        needsFlush = true;
        (uncountedStatus.failed ??= []).push(uid);
      }
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
  if (finished && !(u.succeeded?.length ?? 0) && !(u.failed?.length ?? 0) && ctx.terminating === 0) {
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
