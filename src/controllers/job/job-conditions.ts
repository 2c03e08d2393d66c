// Job conditions as job_controller.go writes them (newCondition, ensureJobConditionStatus) and
// the texts of Kubernetes 1.33 (batch/v1 types.go reasons; messages from syncJob).
import type { Job, JobCondition, JobConditionType } from "../../api/batch.ts";
import { rfc3339 } from "../../machinery/clock.ts";

export const REASON_COMPLETIONS_REACHED = "CompletionsReached";
export const MESSAGE_COMPLETIONS_REACHED = "Reached expected number of succeeded pods";
export const REASON_BACKOFF_LIMIT_EXCEEDED = "BackoffLimitExceeded";
export const MESSAGE_BACKOFF_LIMIT_EXCEEDED = "Job has reached the specified backoff limit";
export const REASON_DEADLINE_EXCEEDED = "DeadlineExceeded";
export const MESSAGE_DEADLINE_EXCEEDED = "Job was active longer than specified deadline";
export const REASON_POD_FAILURE_POLICY = "PodFailurePolicy";
export const REASON_MAX_FAILED_INDEXES_EXCEEDED = "MaxFailedIndexesExceeded";
export const MESSAGE_MAX_FAILED_INDEXES_EXCEEDED = "Job has exceeded the specified maximal number of failed indexes";
export const REASON_FAILED_INDEXES = "FailedIndexes";
export const MESSAGE_FAILED_INDEXES = "Job has failed indexes";

/** newCondition: both times are now; reason and message left out when empty (omitempty). */
export function newCondition(type: JobConditionType, status: JobCondition["status"], reason: string, message: string, nowMs: number): JobCondition {
  const c: JobCondition = { type, status, lastProbeTime: rfc3339(nowMs), lastTransitionTime: rfc3339(nowMs) };
  if (reason) c.reason = reason;
  if (message) c.message = message;
  return c;
}

export const findCondition = (job: Job, type: JobConditionType): JobCondition | undefined =>
  (job.status?.conditions ?? []).find((c) => c.type === type);

const isTrue = (job: Job, type: JobConditionType): boolean => findCondition(job, type)?.status === "True";

/** util.IsJobFinished: a Complete or Failed condition is True. */
export const isJobFinished = (job: Job): boolean => isTrue(job, "Complete") || isTrue(job, "Failed");

/** The condition that finished the Job, if it has finished. */
export function finishedCondition(job: Job): JobCondition | undefined {
  return (job.status?.conditions ?? []).find((c) => (c.type === "Complete" || c.type === "Failed") && c.status === "True");
}

/**
 * ensureJobConditionStatus: updates the condition of that type when its status, reason or
 * message differ; appends it when absent, unless the new status is False. Returns whether the
 * list changed.
 */
export function ensureJobConditionStatus(
  list: JobCondition[], type: JobConditionType, status: JobCondition["status"], reason: string, message: string, nowMs: number,
): boolean {
  const i = list.findIndex((c) => c.type === type);
  const existing = list[i];
  if (existing) {
    if (existing.status === status && (existing.reason ?? "") === reason && (existing.message ?? "") === message) return false;
    list[i] = newCondition(type, status, reason, message, nowMs);
    return true;
  }
  if (status === "False") return false;
  list.push(newCondition(type, status, reason, message, nowMs));
  return true;
}
