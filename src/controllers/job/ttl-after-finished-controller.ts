// The TTL-after-finished controller (pkg/controller/ttlafterfinished/ttlafterfinished_controller.go,
// Kubernetes 1.33): a finished Job with spec.ttlSecondsAfterFinished is deleted that many
// seconds after the lastTransitionTime of its Complete/Failed condition. Before deleting, the
// Job is read again and checked once more (the TTL may have been changed), and the delete
// carries the uid as a precondition.
// Deliberate difference: Kubernetes deletes with propagationPolicy Foreground, so the Job stays
// (with the foregroundDeletion finalizer) until the garbage collector has deleted its pods.
// pillion deletes with Background: the Job goes at once and its pods are left to the garbage
// collector, which deletes the dependents of an owner that is gone (docs/job-controller.md).
import type { Job } from "../../api/batch.ts";
import type { Client } from "../../client/client.ts";
import type { EventRecorder } from "../../client/event-recorder.ts";
import type { Clock } from "../../machinery/clock.ts";
import { parseTime } from "../../machinery/clock.ts";
import { isStatusError } from "../../machinery/status-error.ts";
import { byObjectKey, ReconcileQueue, type ReconcileResult } from "../reconcile-queue.ts";
import { finishedCondition } from "./job-conditions.ts";
import { getIfExists } from "../../client/client.ts";

export interface TtlAfterFinishedControllerOptions {
  client: Client;
  clock: Clock;
  /** Accepted for the controllers' common shape; like Kubernetes', this controller records no event. */
  recorder?: EventRecorder;
  onError?: (key: string, err: unknown) => void;
}

/**
 * timeLeft: how long until a finished Job with a TTL expires (≤ 0: expired), or undefined when
 * it needs no clean-up (no TTL, not finished, already being deleted, no finish time).
 */
export function ttlTimeLeftMs(job: Job, nowMs: number): number | undefined {
  const ttl = job.spec.ttlSecondsAfterFinished;
  if (ttl === undefined || job.metadata.deletionTimestamp) return undefined;
  const finishedAt = parseTime(finishedCondition(job)?.lastTransitionTime);
  if (Number.isNaN(finishedAt)) return undefined;
  return finishedAt + ttl * 1000 - nowMs;
}

export class TtlAfterFinishedController {
  readonly #client: Client;
  readonly #clock: Clock;
  readonly #onError: (key: string, err: unknown) => void;
  #queue: ReconcileQueue | undefined;

  constructor(options: TtlAfterFinishedControllerOptions) {
    this.#client = options.client;
    this.#clock = options.clock;
    this.#onError = options.onError ?? (() => undefined);
  }

  /** Watches Jobs and deletes each finished one when its TTL runs out. */
  start(): void {
    if (this.#queue) return;
    const queue = new ReconcileQueue({
      clock: this.#clock, onError: this.#onError,
      reconcile: byObjectKey((ns, name) => this.reconcile(ns, name)),
    });
    this.#queue = queue;
    const jobKey = (j: Job): string => `${j.metadata.namespace ?? ""}/${j.metadata.name ?? ""}`;
    queue.track(this.#client.jobs.watch({}, (e) => {
      if (e.type !== "DELETED" && e.object.spec.ttlSecondsAfterFinished !== undefined) queue.add(jobKey(e.object));
    }));
    this.#client.jobs.list().then((r) => { for (const j of r.items) queue.add(jobKey(j)); }, (err: unknown) => this.#onError("", err));
  }

  /** Stops watching; resolves when the reconcile in flight has returned. */
  async stop(): Promise<void> {
    const q = this.#queue;
    this.#queue = undefined;
    await q?.stop();
  }

  /** processJob: deletes the Job if its TTL has run out, else says when to look again. */
  async reconcile(namespace: string, name: string): Promise<ReconcileResult> {
    const job = await getIfExists(this.#client.jobs.get(namespace, name));
    if (!job) return {};
    // The in-process client reads the store, which is the "fresh" read Kubernetes makes
    // before deleting; the second check is the same one.
    const left = ttlTimeLeftMs(job, this.#clock.now());
    if (left === undefined) return {};
    if (left > 0) return { requeueAfterMs: left };
    try {
      await this.#client.jobs.delete(namespace, name, { uid: job.metadata.uid ?? "", propagationPolicy: "Background" });
    } catch (err) {
      if (isStatusError(err, "NotFound")) return {};
      throw err;
    }
    return {};
  }
}
