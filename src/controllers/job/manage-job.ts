// manageJob of pkg/controller/job/job_controller.go (Kubernetes 1.33): creates or deletes pods
// toward the wanted number of active ones — min(parallelism, completions − succeeded), or
// parallelism until the first success when completions is unset (a work queue) — respecting
// the pod-failure back-off (global, or per index with backoffLimitPerIndex) and, with
// podReplacementPolicy Failed, waiting for terminating pods before replacing them. Indexed
// Jobs get the first pending indexes and lose pods repeating an index.
// Deliberate differences: pods are created one after another (no slow-start batches); while
// the back-off holds creation back the real number of active pods is returned, not 0 — the
// fix of kubernetes/kubernetes#139457 (1.33 wrote active 0 beside a non-zero ready, which
// the API server rejects).
import type { Job } from "../../api/batch.ts";
import type { Pod } from "../../api/core.ts";
import { remainingBackoffMs } from "./backoff-record.ts";
import {
  duplicatedIndexPodsForRemoval, firstPendingIndexes, getNewIndexFailureCounts, hasBackoffLimitPerIndex, isIndexedJob, remainingTimePerIndexMs,
} from "./indexed-job-utils.ts";
import { compareActivePods, onlyReplaceFailedPods, type PodIndexOptions } from "./job-pods.ts";
import type { SyncContext } from "./job-status-tracker.ts";
import type { PodControl } from "./pod-control.ts";

/** MaxPodCreateDeletePerSync. */
const MAX_POD_CREATE_DELETE_PER_SYNC = 500;

export interface ManageJobOptions {
  ctx: SyncContext;
  podControl: PodControl;
  nowMs: number;
  /** Asks for another sync after this long (the back-off). */
  requeue: (ms: number) => void;
}

/**
 * activePodsForRemoval: for Indexed Jobs every pod repeating an index or without a valid one,
 * then — up to rmAtLeast — the others in ActivePods order.
 */
export function activePodsForRemoval(job: Job, pods: readonly Pod[], rmAtLeast: number): Pod[] {
  let rm: Pod[] = [], left: readonly Pod[] = pods;
  if (isIndexedJob(job)) ({ rm, left } = duplicatedIndexPodsForRemoval(pods, job.spec.completions ?? 0));
  if (rm.length < rmAtLeast) rm = [...rm, ...[...left].sort(compareActivePods).slice(0, rmAtLeast - rm.length)];
  return rm;
}

/**
 * getPodCreationInfoForIndependentIndexes: the indexes whose back-off is over; when none is,
 * the shortest remaining back-off.
 */
function indexesReadyNow(indexes: readonly number[], lastFailed: Map<number, Pod>, nowMs: number): { ready: number[]; remainingMs: number } {
  const ready: number[] = [];
  let minRemaining: number | undefined;
  for (const ix of indexes) {
    const remaining = remainingTimePerIndexMs(lastFailed.get(ix), nowMs);
    if (remaining === 0) ready.push(ix);
    else minRemaining = Math.min(minRemaining ?? Infinity, remaining);
  }
  return { ready, remainingMs: ready.length > 0 ? 0 : minRemaining ?? 0 };
}

/** Returns the number of active pods after it acted, and the first API error, if any. */
export async function manageJob(o: ManageJobOptions): Promise<{ active: number; error: unknown }> {
  const { ctx, podControl } = o;
  const job = ctx.job;
  const active = ctx.activePods.length;
  const remove = async (pods: readonly Pod[]): Promise<{ active: number; error: unknown }> => {
    const { deleted, deletedReady, error } = await podControl.deletePods(job, pods, true);
    ctx.terminating += deleted;
    ctx.ready -= deletedReady;
    return { active: active - deleted, error };
  };
  if (job.spec.suspend === true) return remove(activePodsForRemoval(job, ctx.activePods, active));

  const parallelism = job.spec.parallelism ?? 1;
  const completions = job.spec.completions;
  const wantActive = completions === undefined
    ? (ctx.succeeded > 0 ? active : parallelism)
    : Math.max(0, Math.min(completions - ctx.succeeded, parallelism));
  // Deleting takes precedence: a sync either deletes or creates.
  const toDelete = activePodsForRemoval(job, ctx.activePods, Math.max(0, active - wantActive)).slice(0, MAX_POD_CREATE_DELETE_PER_SYNC);
  if (toDelete.length > 0) return remove(toDelete);

  const terminating = onlyReplaceFailedPods(job) ? ctx.terminating : 0;
  let diff = wantActive - terminating - active;
  if (diff <= 0) return { active, error: undefined };
  const perIndex = hasBackoffLimitPerIndex(job);
  if (!perIndex) {
    const remaining = remainingBackoffMs(ctx.newBackoff, o.nowMs);
    if (remaining > 0) {
      o.requeue(remaining);
      return { active, error: undefined };
    }
  }
  diff = Math.min(diff, MAX_POD_CREATE_DELETE_PER_SYNC);
  let indexes: number[] | undefined;
  if (isIndexedJob(job)) {
    indexes = firstPendingIndexes(ctx, diff, completions ?? 0, onlyReplaceFailedPods(job));
    if (perIndex) {
      const { ready, remainingMs } = indexesReadyNow(indexes, ctx.podsWithDelayedDeletionPerIndex, o.nowMs);
      if (remainingMs > 0) {
        o.requeue(remainingMs);
        return { active, error: undefined };
      }
      indexes = ready;
    }
    diff = indexes.length;
  }
  let created = 0;
  for (let i = 0; i < diff; i++) {
    const index = indexes?.[i];
    let options: PodIndexOptions | undefined;
    if (index !== undefined) {
      options = { index };
      if (perIndex) options.failureCounts = getNewIndexFailureCounts(job, ctx.podsWithDelayedDeletionPerIndex.get(index));
    }
    try {
      await podControl.createPod(job, options);
    } catch (error) {
      return { active: active + created, error }; // the rest are retried on the next sync
    }
    created++;
  }
  return { active: active + created, error: undefined };
}
