// The part of syncJob (pkg/controller/job/job_controller.go, Kubernetes 1.33) that decides
// whether the Job is finishing and how, in Kubernetes' order: a SuccessCriteriaMet already
// written; a FailureTarget already written (becomes Failed); a FailJob rule of the
// podFailurePolicy; the backoffLimit (failed pods, or restarts with OnFailure); the
// activeDeadlineSeconds; then, for Indexed Jobs, maxFailedIndexes, failed indexes and the
// successPolicy. Completion by count is decided after manageJob, in the controller.
import type { Job, JobCondition } from "../../api/batch.ts";
import type { Pod } from "../../api/core.ts";
import { parseTime } from "../../machinery/clock.ts";
import {
  calculateFailedIndexes, calculateSucceededIndexes, getPodsWithDelayedDeletionPerIndex, hasBackoffLimitPerIndex, isIndexedJob,
} from "./indexed-job-utils.ts";
import {
  MESSAGE_BACKOFF_LIMIT_EXCEEDED, MESSAGE_DEADLINE_EXCEEDED, MESSAGE_FAILED_INDEXES, MESSAGE_MAX_FAILED_INDEXES_EXCEEDED,
  REASON_BACKOFF_LIMIT_EXCEEDED, REASON_DEADLINE_EXCEEDED, REASON_FAILED_INDEXES, REASON_MAX_FAILED_INDEXES_EXCEEDED, REASON_POD_FAILURE_POLICY,
  findCondition, newCondition,
} from "./job-conditions.ts";
import { isPodFailed, pastBackoffLimitOnFailure } from "./job-pods.ts";
import type { SyncContext } from "./job-status-tracker.ts";
import { intervalsTotal } from "./ordered-intervals.ts";
import { matchPodFailurePolicy } from "./pod-failure-policy.ts";
import { REASON_SUCCESS_POLICY, matchSuccessPolicy } from "./success-policy.ts";

/** Job's defaulted backoffLimit, for Jobs stored without defaults. */
const DEFAULT_BACKOFF_LIMIT = 6;

/** getFailJobMessage: the message of the first failed pod a FailJob rule matches. */
export function getFailJobMessage(job: Job, pods: readonly Pod[]): string | undefined {
  if (!job.spec.podFailurePolicy) return undefined;
  for (const p of pods) {
    if (!isPodFailed(p, job)) continue;
    const msg = matchPodFailurePolicy(job.spec.podFailurePolicy, p).failJobMessage;
    if (msg !== undefined) return msg;
  }
  return undefined;
}

/**
 * The condition the Job is heading for, if any, and when to look again for the deadline.
 * Fills the Indexed fields of ctx (succeeded indexes, failed indexes, delayed deletions) and,
 * for Indexed Jobs, ctx.succeeded.
 */
export function computeFinishedCondition(ctx: SyncContext, nowMs: number): { finished?: JobCondition; deadlineInMs?: number } {
  const job = ctx.job;
  let finished: JobCondition | undefined;
  let deadlineInMs: number | undefined;
  const met = findCondition(job, "SuccessCriteriaMet");
  // With SuccessCriteriaMet written, the podFailurePolicy is not evaluated again.
  if (met?.status === "True") finished = structuredClone(met);
  if (!finished) {
    const target = findCondition(job, "FailureTarget");
    if (target?.status === "True") {
      finished = newCondition("Failed", "True", target.reason ?? "", target.message ?? "", nowMs);
    } else {
      const msg = getFailJobMessage(job, ctx.pods);
      if (msg !== undefined) finished = newCondition("FailureTarget", "True", REASON_POD_FAILURE_POLICY, msg, nowMs);
    }
  }
  if (!finished) {
    const backoffLimit = job.spec.backoffLimit ?? DEFAULT_BACKOFF_LIMIT;
    const suspended = job.spec.suspend === true;
    const deadlineMs = (job.spec.activeDeadlineSeconds ?? 0) * 1000;
    const startedAt = parseTime(job.status?.startTime);
    if (ctx.failed > backoffLimit || pastBackoffLimitOnFailure(job, ctx.pods, backoffLimit)) {
      finished = newCondition("FailureTarget", "True", REASON_BACKOFF_LIMIT_EXCEEDED, MESSAGE_BACKOFF_LIMIT_EXCEEDED, nowMs);
    } else if (job.spec.activeDeadlineSeconds !== undefined && !suspended && nowMs - startedAt >= deadlineMs) {
      finished = newCondition("FailureTarget", "True", REASON_DEADLINE_EXCEEDED, MESSAGE_DEADLINE_EXCEEDED, nowMs);
    } else if (job.spec.activeDeadlineSeconds !== undefined && !suspended) {
      deadlineInMs = deadlineMs - (nowMs - startedAt);
    }
  }
  if (isIndexedJob(job)) {
    const completions = job.spec.completions ?? 0;
    const { prev, now } = calculateSucceededIndexes(job, ctx.pods);
    ctx.prevSucceededIndexes = prev;
    ctx.succeededIndexes = now;
    ctx.succeeded = intervalsTotal(now);
    if (hasBackoffLimitPerIndex(job)) {
      const failedIndexes = calculateFailedIndexes(job, ctx.pods);
      ctx.failedIndexes = failedIndexes;
      const failed = intervalsTotal(failedIndexes);
      if (!finished) {
        if (job.spec.maxFailedIndexes !== undefined && failed > job.spec.maxFailedIndexes) {
          finished = newCondition("FailureTarget", "True", REASON_MAX_FAILED_INDEXES_EXCEEDED, MESSAGE_MAX_FAILED_INDEXES_EXCEEDED, nowMs);
        } else if (failed > 0 && failed + ctx.succeeded >= completions) {
          finished = newCondition("FailureTarget", "True", REASON_FAILED_INDEXES, MESSAGE_FAILED_INDEXES, nowMs);
        }
      }
      ctx.podsWithDelayedDeletionPerIndex = getPodsWithDelayedDeletionPerIndex({ ...ctx, failedIndexes });
    }
    if (!finished) {
      const msg = matchSuccessPolicy(job.spec.successPolicy, completions, ctx.succeededIndexes);
      if (msg !== undefined) finished = newCondition("SuccessCriteriaMet", "True", REASON_SUCCESS_POLICY, msg, nowMs);
    }
  }
  const out: { finished?: JobCondition; deadlineInMs?: number } = {};
  if (finished) out.finished = finished;
  if (deadlineInMs !== undefined) out.deadlineInMs = deadlineInMs;
  return out;
}
