// The Job controller for NonIndexed Jobs (the single-pod Job and its plain parallel form).
// reconcile() mirrors syncJob + manageJob of pkg/controller/job/job_controller.go, Kubernetes
// 1.33 with its default feature gates (JobPodReplacementPolicy, JobManagedBy, JobSuccessPolicy:
// terminating pods are counted and delay the terminal condition, which is preceded by
// SuccessCriteriaMet / FailureTarget). Pods carry the batch.kubernetes.io/job-tracking
// finalizer and are counted through status.uncountedTerminatedPods (trackJobStatus…).
// Deliberate differences (docs/job-controller.md): no adoption of orphan pods, no expectations
// cache (reads go to the store, one reconcile per key at a time), no 1 s batching of pod events,
// no slow-start batches; Indexed Jobs, podFailurePolicy, successPolicy and backoffLimitPerIndex
// are not synced.
import type { Job, JobCondition } from "../../api/batch.ts";
import type { Pod } from "../../api/core.ts";
import type { Client } from "../../client/client.ts";
import type { Clock } from "../../machinery/clock.ts";
import { parseTime, rfc3339 } from "../../machinery/clock.ts";
import { isStatusError } from "../../machinery/status-error.ts";
import { ClientEventRecorder, type EventRecorder } from "../../client/event-recorder.ts";
import { newBackoffRecord, remainingBackoffMs, type BackoffRecord } from "./backoff-record.ts";
import {
  MESSAGE_BACKOFF_LIMIT_EXCEEDED, MESSAGE_COMPLETIONS_REACHED, MESSAGE_DEADLINE_EXCEEDED, REASON_BACKOFF_LIMIT_EXCEEDED,
  REASON_COMPLETIONS_REACHED, REASON_DEADLINE_EXCEEDED, ensureJobConditionStatus, findCondition, isJobFinished, newCondition,
} from "./job-conditions.ts";
import {
  controllingJobKey, hasTrackingFinalizer, isControlledBy, isPodActive, isPodFailed, isPodReady, isPodTerminating,
  onlyReplaceFailedPods, pastBackoffLimitOnFailure,
} from "./job-pods.ts";
import { trackJobStatus, type SyncContext } from "./job-status-tracker.ts";
import { PodControl, asError } from "./pod-control.ts";
import { ReconcileQueue, type ReconcileResult } from "../reconcile-queue.ts";

/** enqueueSyncJobWithDelay never waits less than syncJobBatchPeriod. */
const MIN_REQUEUE_MS = 1000;
const DEFAULT_BACKOFF_LIMIT = 6;
const JOB_CONTROLLER_NAME = "kubernetes.io/job-controller";

export interface JobControllerOptions {
  client: Client;
  clock: Clock;
  recorder?: EventRecorder;
  onError?: (key: string, err: unknown) => void;
}

/** Why the controller leaves a Job alone, or undefined when it syncs it. */
export function unsupportedJobReason(job: Job): string | undefined {
  if (job.spec.completionMode === "Indexed") return "completionMode Indexed";
  if (job.spec.podFailurePolicy !== undefined) return "podFailurePolicy";
  if (job.spec.successPolicy !== undefined) return "successPolicy";
  if (job.spec.backoffLimitPerIndex !== undefined) return "backoffLimitPerIndex";
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
  #unwatch: (() => void)[] = [];

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
      reconcile: (key) => {
        const slash = key.indexOf("/");
        return this.reconcile(key.slice(0, slash), key.slice(slash + 1));
      },
    });
    this.#queue = queue;
    const jobKey = (j: Job): string => `${j.metadata.namespace ?? ""}/${j.metadata.name ?? ""}`;
    this.#unwatch.push(this.#client.jobs.watch({}, (e) => queue.add(jobKey(e.object))));
    this.#unwatch.push(this.#client.pods.watch({}, (e) => {
      const key = controllingJobKey(e.object);
      if (key) queue.add(key);
    }));
    this.#client.jobs.list().then((r) => { for (const j of r.items) queue.add(jobKey(j)); }, (err: unknown) => this.#onError("", err));
  }

  /** Stops watching; resolves when the reconciles in flight have returned. */
  async stop(): Promise<void> {
    for (const u of this.#unwatch) u();
    this.#unwatch = [];
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
    const isNew = (p: Pod, seen: Set<string>): boolean => hasTrackingFinalizer(p) && !seen.has(p.metadata.uid ?? "");
    const newSucceeded = pods.filter((p) => isNew(p, uncounted.succeeded) && p.status?.phase === "Succeeded");
    const newFailed = pods.filter((p) => isNew(p, uncounted.failed) && isPodFailed(p, job));
    const ctx: SyncContext = {
      job, pods, uncounted,
      ready: activePods.filter(isPodReady).length,
      terminating: pods.filter(isPodTerminating).length,
      succeeded: (status.succeeded ?? 0) + newSucceeded.length + uncounted.succeeded.size,
      failed: (status.failed ?? 0) + newFailed.length + uncounted.failed.size,
      newBackoff: newBackoffRecord(this.#backoff.get(key), newSucceeded, newFailed),
      finished: undefined,
    };
    const suspended = job.spec.suspend === true;
    if (!status.startTime && !suspended) status.startTime = rfc3339(now);

    let requeueAfterMs: number | undefined;
    const requeue = (ms: number): void => { requeueAfterMs = Math.min(requeueAfterMs ?? Infinity, Math.max(ms, MIN_REQUEUE_MS)); };
    const backoffLimit = job.spec.backoffLimit ?? DEFAULT_BACKOFF_LIMIT;
    ctx.finished = successCriteriaMet(job) ?? failedFromFailureTarget(job, now);
    if (!ctx.finished) {
      const deadlineMs = (job.spec.activeDeadlineSeconds ?? 0) * 1000;
      const startedAt = parseTime(status.startTime);
      if (ctx.failed > backoffLimit || pastBackoffLimitOnFailure(job, pods, backoffLimit)) {
        ctx.finished = newCondition("FailureTarget", "True", REASON_BACKOFF_LIMIT_EXCEEDED, MESSAGE_BACKOFF_LIMIT_EXCEEDED, now);
      } else if (job.spec.activeDeadlineSeconds !== undefined && !suspended && now - startedAt >= deadlineMs) {
        ctx.finished = newCondition("FailureTarget", "True", REASON_DEADLINE_EXCEEDED, MESSAGE_DEADLINE_EXCEEDED, now);
      } else if (job.spec.activeDeadlineSeconds !== undefined && !suspended) {
        requeue(deadlineMs - (now - startedAt));
      }
    }

    let active = activePods.length;
    let suspendChanged = false;
    let manageError: unknown;
    if (ctx.finished) {
      // Remove the active pods of a failed Job; it is finished only once they are all deleted.
      const { deleted, deletedReady, error } = await this.#deletePods(job, activePods, false);
      if (deleted !== active) ctx.finished = undefined;
      active -= deleted;
      ctx.terminating += deleted;
      ctx.ready -= deletedReady;
      manageError = error;
    } else {
      let manageCalled = false;
      if (!job.metadata.deletionTimestamp) {
        ({ active, error: manageError } = await this.#manageJob(ctx, activePods, requeue));
        manageCalled = true;
      }
      const completions = job.spec.completions;
      const complete = completions === undefined ? ctx.succeeded > 0 && active === 0 : ctx.succeeded >= completions && active === 0;
      if (complete) {
        ctx.finished = newCondition("SuccessCriteriaMet", "True", REASON_COMPLETIONS_REACHED, MESSAGE_COMPLETIONS_REACHED, now);
      } else if (manageCalled) {
        status.conditions ??= [];
        if (suspended) {
          suspendChanged = ensureJobConditionStatus(status.conditions, "Suspended", "True", "JobSuspended", "Job suspended", now);
          if (suspendChanged) this.#recorder.event(job, "Normal", "Suspended", "Job suspended");
        } else {
          suspendChanged = ensureJobConditionStatus(status.conditions, "Suspended", "False", "JobResumed", "Job resumed", now);
          if (suspendChanged) {
            this.#recorder.event(job, "Normal", "Resumed", "Job resumed");
            status.startTime = rfc3339(now);
          }
        }
        if (!status.conditions.length) delete status.conditions;
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

  /** manageJob (NonIndexed): creates or deletes pods toward the wanted number of active pods. */
  async #manageJob(ctx: SyncContext, activePods: Pod[], requeue: (ms: number) => void): Promise<{ active: number; error: unknown }> {
    const job = ctx.job;
    let active = activePods.length;
    if (job.spec.suspend === true) {
      const { deleted, deletedReady, error } = await this.#deletePods(job, activePods, true);
      ctx.terminating += deleted;
      ctx.ready -= deletedReady;
      return { active: active - deleted, error };
    }
    const parallelism = job.spec.parallelism ?? 1;
    const completions = job.spec.completions;
    const wantActive = completions === undefined
      ? (ctx.succeeded > 0 ? active : parallelism)
      : Math.max(0, Math.min(completions - ctx.succeeded, parallelism));
    const rmAtLeast = Math.max(0, active - wantActive);
    if (rmAtLeast > 0) {
      const { deleted, deletedReady, error } = await this.#deletePods(job, activePodsForRemoval(activePods).slice(0, rmAtLeast), true);
      ctx.terminating += deleted;
      ctx.ready -= deletedReady;
      return { active: active - deleted, error };
    }
    const terminating = onlyReplaceFailedPods(job) ? ctx.terminating : 0;
    const diff = wantActive - terminating - active;
    if (diff <= 0) return { active, error: undefined };
    const remaining = remainingBackoffMs(ctx.newBackoff, this.#clock.now());
    if (remaining > 0) {
      requeue(remaining);
      return { active: 0, error: undefined }; // as manageJob does while it waits out the back-off
    }
    for (let i = 0; i < diff; i++) {
      try {
        await this.#podControl.createPod(job);
      } catch (error) {
        return { active, error }; // the rest are retried on the next sync
      }
      active++;
    }
    return { active, error: undefined };
  }

  /**
   * deleteActivePods / deleteJobPods: deletes pods, counting those deleted and those that were
   * ready. With removeFinalizer (deleteJobPods) the pod is first released from tracking.
   */
  async #deletePods(job: Job, pods: Pod[], removeFinalizer: boolean): Promise<{ deleted: number; deletedReady: number; error?: unknown }> {
    let deleted = 0, deletedReady = 0;
    let error: unknown;
    for (const pod of pods) {
      try {
        if (removeFinalizer) await this.#podControl.removeTrackingFinalizer(pod);
        await this.#podControl.deletePod(job, pod);
        deleted++;
        if (isPodReady(pod)) deletedReady++;
      } catch (err) {
        error ??= err;
      }
    }
    return error === undefined ? { deleted, deletedReady } : { deleted, deletedReady, error };
  }
}

/** hasSuccessCriteriaMetCondition. */
function successCriteriaMet(job: Job): JobCondition | undefined {
  const c = findCondition(job, "SuccessCriteriaMet");
  return c?.status === "True" ? structuredClone(c) : undefined;
}

/** A FailureTarget already recorded turns into the Failed condition (newFailedConditionForFailureTarget). */
function failedFromFailureTarget(job: Job, nowMs: number): JobCondition | undefined {
  const c = findCondition(job, "FailureTarget");
  return c?.status === "True" ? newCondition("Failed", "True", c.reason ?? "", c.message ?? "", nowMs) : undefined;
}

/**
 * activePodsForRemoval (controller.ActivePods order, trimmed): pods not yet on a node, then
 * pending before running, not ready before ready, newer before older.
 */
function activePodsForRemoval(pods: Pod[]): Pod[] {
  const phaseRank = (p: Pod): number => ({ Pending: 0, Unknown: 1, Running: 2 } as Record<string, number>)[p.status?.phase ?? "Pending"] ?? 0;
  return [...pods].sort((a, b) =>
    Number(!!a.spec.nodeName) - Number(!!b.spec.nodeName)
    || phaseRank(a) - phaseRank(b)
    || Number(isPodReady(a)) - Number(isPodReady(b))
    || parseTime(b.metadata.creationTimestamp) - parseTime(a.metadata.creationTimestamp));
}
