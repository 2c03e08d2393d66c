// The pod-failure back-off of a Job (pkg/controller/job/backoff_utils.go, Kubernetes 1.33): the
// failures since the last success and when the last one happened decide how long the
// controller waits before it creates a replacement pod: 10 s, doubling, at most 10 min.
import type { Pod } from "../../api/core.ts";
import { getFinishedTime } from "./job-pods.ts";

/** DefaultJobPodFailureBackOff. */
export const DEFAULT_POD_FAILURE_BACKOFF_MS = 10_000;
/**
 * MaxJobPodFailureBackOff. The Kubernetes docs say "capped at six minutes"; the source
 * (job_controller.go) says 10 * time.Minute, and the source wins.
 */
export const MAX_POD_FAILURE_BACKOFF_MS = 600_000;

export interface BackoffRecord {
  failuresAfterLastSuccess: number;
  /** Epoch ms of the last counted failure. */
  lastFailureTime?: number;
}

const byFinishedTime = (pods: readonly Pod[]): Pod[] => [...pods].sort((a, b) => getFinishedTime(a) - getFinishedTime(b));

/**
 * backoffStore.newBackoffRecord: folds the newly finished pods into the previous record. A
 * success resets the count; failures after the last success still count.
 */
export function newBackoffRecord(old: BackoffRecord | undefined, newSucceeded: readonly Pod[], newFailed: readonly Pod[]): BackoffRecord {
  const rec: BackoffRecord = { failuresAfterLastSuccess: old?.failuresAfterLastSuccess ?? 0 };
  if (old?.lastFailureTime !== undefined) rec.lastFailureTime = old.lastFailureTime;
  const succeeded = byFinishedTime(newSucceeded);
  const failed = byFinishedTime(newFailed);
  const lastFailed = failed[failed.length - 1];
  const lastSucceeded = succeeded[succeeded.length - 1];
  if (!lastSucceeded) {
    if (!lastFailed) return rec;
    return { failuresAfterLastSuccess: rec.failuresAfterLastSuccess + failed.length, lastFailureTime: getFinishedTime(lastFailed) };
  }
  const out: BackoffRecord = { failuresAfterLastSuccess: 0 };
  const lastSuccessTime = getFinishedTime(lastSucceeded);
  for (let i = failed.length - 1; i >= 0; i--) {
    const at = getFinishedTime(failed[i] as Pod);
    if (at <= lastSuccessTime) break;
    out.lastFailureTime ??= at;
    out.failuresAfterLastSuccess++;
  }
  return out;
}

/** getRemainingTimeForFailuresCount: how long to wait before creating the next pod (0: now). */
export function remainingBackoffMs(
  rec: BackoffRecord, nowMs: number,
  defaultMs = DEFAULT_POD_FAILURE_BACKOFF_MS, maxMs = MAX_POD_FAILURE_BACKOFF_MS,
): number {
  if (rec.failuresAfterLastSuccess === 0 || rec.lastFailureTime === undefined) return 0;
  let backoff = defaultMs;
  for (let i = 1; i < rec.failuresAfterLastSuccess; i++) {
    backoff *= 2;
    if (backoff >= maxMs) { backoff = maxMs; break; }
  }
  const elapsed = nowMs - rec.lastFailureTime;
  return backoff < elapsed ? 0 : backoff - elapsed;
}
