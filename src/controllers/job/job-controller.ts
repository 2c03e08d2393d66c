// The Job controller: reconcile() mirrors syncJob of pkg/controller/job/job_controller.go,
// Kubernetes 1.33 with its default feature gates (JobPodReplacementPolicy, JobManagedBy,
// JobSuccessPolicy, JobBackoffLimitPerIndex, PodIndexLabel): NonIndexed and Indexed Jobs,
// completions/parallelism, backoffLimit and backoffLimitPerIndex/maxFailedIndexes,
// podFailurePolicy, successPolicy, activeDeadlineSeconds, suspend, podReplacementPolicy.
// Terminating pods are counted and delay the terminal condition, which is preceded by
// SuccessCriteriaMet / FailureTarget. Pods carry the batch.kubernetes.io/job-tracking
// finalizer and are counted through status.uncountedTerminatedPods (job-status-tracker.ts).
// The steps live beside it: computeFinishedCondition (finished-condition.ts), manageJob
// (manage-job.ts). ttlSecondsAfterFinished is the TTL-after-finished controller's
// (ttl-after-finished-controller.ts).
// Deliberate differences (docs/job-controller.md): no adoption of orphan pods, no expectations
// cache (reads go to the store, one reconcile per key at a time), no 1 s batching of pod events,
// no slow-start batches.
import type { Job } from "../../api/batch.ts";
import type { Pod } from "../../api/core.ts";
import type { Client } from "../../client/client.ts";
import type { Clock } from "../../machinery/clock.ts";
import { rfc3339 } from "../../machinery/clock.ts";
import { isStatusError } from "../../machinery/status-error.ts";
import { ClientEventRecorder, type EventRecorder } from "../../client/event-recorder.ts";
import { newBackoffRecord, type BackoffRecord } from "./backoff-record.ts";
import { computeFinishedCondition } from "./finished-condition.ts";
import { isIndexedJob, validIndex } from "./indexed-job-utils.ts";
import { MESSAGE_COMPLETIONS_REACHED, REASON_COMPLETIONS_REACHED, ensureJobConditionStatus, isJobFinished, newCondition } from "./job-conditions.ts";
import {
  controllingJobKey, hasTrackingFinalizer, isControlledBy, isPodActive, isPodFailed, isPodReady, isPodTerminating,
} from "./job-pods.ts";
import { trackJobStatus, type SyncContext } from "./job-status-tracker.ts";
import { manageJob } from "./manage-job.ts";
import { matchPodFailurePolicy } from "./pod-failure-policy.ts";
import { PodControl, asError } from "./pod-control.ts";
import { byObjectKey, ReconcileQueue, type ReconcileResult } from "../reconcile-queue.ts";

/** enqueueSyncJobWithDelay never waits less than syncJobBatchPeriod. */
const MIN_REQUEUE_MS = 1000;
const JOB_CONTROLLER_NAME = "kubernetes.io/job-controller";

export interface JobControllerOptions {
  client: Client;
  clock: Clock;
  recorder?: EventRecorder;
  onError?: (key: string, err: unknown) => void;
}

/**
 * Why the controller leaves a Job alone, or undefined when it syncs it: a completionMode other
 * than NonIndexed/Indexed (syncJob skips those with the UnknownCompletionMode event; the API
 * server rejects them anyway).
 */
export function unsupportedJobReason(job: Job): string | undefined {
  const mode = job.spec.completionMode;
  if (mode !== undefined && mode !== "NonIndexed" && mode !== "Indexed") return `completionMode ${String(mode)}`;
  return undefined;
}

export class JobController {
  readonly #client: Client;
  readonly #clock: Clock;
  readonly #recorder: EventRecorder;
  readonly #podControl: PodControl;
  readonly #onError: (key: string, err: unknown) => void;
  /** podBackoffStore: in memory, as in Kubernetes (lost on restart). */
  readonly #backoff = new Map<string, BackoffRecord>();
  #queue: ReconcileQueue | undefined;

  constructor(options: JobControllerOptions) {
    this.#client = options.client;
    this.#clock = options.clock;
    this.#recorder = options.recorder ?? new ClientEventRecorder({ client: options.client, clock: options.clock, component: "job-controller" });
    this.#podControl = new PodControl({ client: options.client, recorder: this.#recorder });
    this.#onError = options.onError ?? (() => undefined);
  }

  /** Watches Jobs and pods and reconciles every Job that may have changed. */
  start(): void {
    if (this.#queue) return;
    const queue = new ReconcileQueue({
      clock: this.#clock, onError: this.#onError,
      reconcile: byObjectKey((ns, name) => this.reconcile(ns, name)),
    });
    this.#queue = queue;
    const jobKey = (j: Job): string => `${j.metadata.namespace ?? ""}/${j.metadata.name ?? ""}`;
    queue.track(this.#client.jobs.watch({}, (e) => queue.add(jobKey(e.object))));
    queue.track(this.#client.pods.watch({}, (e) => {
      const key = controllingJobKey(e.object);
      if (key) queue.add(key);
    }));
    this.#client.jobs.list().then((r) => { for (const j of r.items) queue.add(jobKey(j)); }, (err: unknown) => this.#onError("", err));
  }

  /** Stops watching; resolves when the reconciles in flight have returned. */
  async stop(): Promise<void> {
    const q = this.#queue;
    this.#queue = undefined;
    await q?.stop();
  }

  /**
   * syncJob: converges one Job. Level-based: with nothing changed it writes nothing. Throws
   * on API errors (the queue retries); returns when to look again (back-off, deadline).
   */
  async reconcile(namespace: string, name: string): Promise<ReconcileResult> {
    const key = `${namespace}/${name}`;
    let shared: Job;
    try {
      shared = await this.#client.jobs.get(namespace, name);
    } catch (err) {
      if (isStatusError(err, "NotFound")) { this.#backoff.delete(key); return {}; }
      throw err;
    }
    if (shared.spec.managedBy !== undefined && shared.spec.managedBy !== JOB_CONTROLLER_NAME) return {};
    if (isJobFinished(shared)) { this.#backoff.delete(key); return {}; }
    if (unsupportedJobReason(shared)) return {};

    const job = structuredClone(shared);
    const status = (job.status ??= {});
    status.uncountedTerminatedPods ??= {};
    const now = this.#clock.now();
    const pods = (await this.#client.pods.list({ namespace })).items.filter((p) => isControlledBy(p, job));
    const activePods = pods.filter(isPodActive);
    const uncounted = {
      succeeded: new Set(status.uncountedTerminatedPods.succeeded ?? []),
      failed: new Set(status.uncountedTerminatedPods.failed ?? []),
    };
    // getNewFinishedPods: finished pods not yet counted (for Indexed Jobs, with a valid index).
    const indexed = isIndexedJob(job);
    const isNew = (p: Pod, seen: Set<string>): boolean =>
      hasTrackingFinalizer(p) && !seen.has(p.metadata.uid ?? "") && (!indexed || validIndex(job, p) !== undefined);
    const newSucceeded = pods.filter((p) => isNew(p, uncounted.succeeded) && p.status?.phase === "Succeeded");
    const newFailed = pods.filter((p) => isNew(p, uncounted.failed) && isPodFailed(p, job));
    // nonIgnoredFailedPodsCount: failures an Ignore rule matches do not count.
    const newCountedFailed = newFailed.filter((p) => matchPodFailurePolicy(job.spec.podFailurePolicy, p).countFailed).length;
    const ctx: SyncContext = {
      job, pods, activePods, uncounted,
      ready: activePods.filter(isPodReady).length,
      terminating: pods.filter(isPodTerminating).length,
      succeeded: (status.succeeded ?? 0) + newSucceeded.length + uncounted.succeeded.size,
      failed: (status.failed ?? 0) + newCountedFailed + uncounted.failed.size,
      newBackoff: newBackoffRecord(this.#backoff.get(key), newSucceeded, newFailed),
      finished: undefined,
      prevSucceededIndexes: [], succeededIndexes: [], failedIndexes: undefined, podsWithDelayedDeletionPerIndex: new Map(),
    };
    const suspended = job.spec.suspend === true;
    if (!status.startTime && !suspended) status.startTime = rfc3339(now);

    let requeueAfterMs: number | undefined;
    const requeue = (ms: number): void => { requeueAfterMs = Math.min(requeueAfterMs ?? Infinity, Math.max(ms, MIN_REQUEUE_MS)); };
    const assessed = computeFinishedCondition(ctx, now);
    ctx.finished = assessed.finished;
    if (assessed.deadlineInMs !== undefined) requeue(assessed.deadlineInMs);

    let active = activePods.length;
    let suspendChanged = false;
    let manageError: unknown;
    if (ctx.finished) {
      // Remove the active pods of a finishing Job; it is finished only once they are all deleted.
      const { deleted, deletedReady, error } = await this.#podControl.deletePods(job, activePods, false);
      if (deleted !== active) ctx.finished = undefined;
      active -= deleted;
      ctx.terminating += deleted;
      ctx.ready -= deletedReady;
      manageError = error;
    } else {
      let manageCalled = false;
      if (!job.metadata.deletionTimestamp) {
        ({ active, error: manageError } = await manageJob({ ctx, podControl: this.#podControl, nowMs: now, requeue }));
        manageCalled = true;
      }
      const completions = job.spec.completions;
      const complete = completions === undefined ? ctx.succeeded > 0 && active === 0 : ctx.succeeded >= completions && active === 0;
      if (complete) {
        ctx.finished = newCondition("SuccessCriteriaMet", "True", REASON_COMPLETIONS_REACHED, MESSAGE_COMPLETIONS_REACHED, now);
      } else if (manageCalled) {
        suspendChanged = this.#syncSuspendedCondition(job, now);
      }
    }

    const needsStatusUpdate = suspendChanged || active !== (status.active ?? 0) || ctx.ready !== status.ready || ctx.terminating !== status.terminating;
    status.active = active;
    status.ready = ctx.ready;
    status.terminating = ctx.terminating;
    await trackJobStatus({
      ctx, needsFlush: needsStatusUpdate, clock: this.#clock, client: this.#client, podControl: this.#podControl, recorder: this.#recorder,
      commitBackoff: (rec) => { this.#backoff.set(key, rec); },
    });
    if (manageError !== undefined) throw asError(manageError);
    return requeueAfterMs === undefined ? {} : { requeueAfterMs };
  }

  /**
   * The Suspended condition (True "JobSuspended" / False "JobResumed") and its events; resuming
   * restarts startTime, so activeDeadlineSeconds counts continuous activity. Returns whether
   * the conditions changed.
   */
  #syncSuspendedCondition(job: Job, nowMs: number): boolean {
    const status = (job.status ??= {});
    status.conditions ??= [];
    let changed: boolean;
    if (job.spec.suspend === true) {
      changed = ensureJobConditionStatus(status.conditions, "Suspended", "True", "JobSuspended", "Job suspended", nowMs);
      if (changed) this.#recorder.event(job, "Normal", "Suspended", "Job suspended");
    } else {
      changed = ensureJobConditionStatus(status.conditions, "Suspended", "False", "JobResumed", "Job resumed", nowMs);
      if (changed) {
        this.#recorder.event(job, "Normal", "Resumed", "Job resumed");
        status.startTime = rfc3339(nowMs);
      }
    }
    if (!status.conditions.length) delete status.conditions;
    return changed;
  }
}
