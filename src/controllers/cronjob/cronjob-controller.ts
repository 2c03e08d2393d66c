// The CronJob controller: ControllerV2 of pkg/controller/cronjob/cronjob_controllerv2.go
// (Kubernetes 1.33). reconcile() is sync(): it lists the Jobs whose controller reference names
// the CronJob, deletes finished Jobs beyond the history limits, then syncCronJob
// (cronjob-sync.ts) starts the run that is due, and the status is written once, only if it
// changed. The result asks to look again 100 ms after the next scheduled time, on the clock.
// Watches mirror the informer handlers: a Job wakes its CronJob; a CronJob whose schedule or
// time zone changed is looked at on its next scheduled time (updateCronJob), any other change
// at once.
// Deliberate differences (docs/cronjob-controller.md): reads go to the API (no informer
// cache); a Job wakes the CronJob its controller reference names without a uid check (the sync
// checks); schedules without timeZone run in defaultTimeZone (UTC unless told otherwise).
import type { CronJob, Job } from "../../api/batch.ts";
import type { Client, ResourceClient } from "../../client/client.ts";
import { ClientEventRecorder, type EventRecorder } from "../../client/event-recorder.ts";
import type { Clock } from "../../machinery/clock.ts";
import { byObjectKey, ReconcileQueue, type ReconcileResult } from "../reconcile-queue.ts";
import { compileSchedule } from "./cron-schedule-next.ts";
import { controllerOf } from "./cronjob-jobs.ts";
import { nextScheduleTimeDurationMs } from "./cronjob-schedule-times.ts";
import { cleanupFinishedJobs, formatSchedule, syncCronJob, type SyncDeps } from "./cronjob-sync.ts";
import { getIfExists } from "../../client/client.ts";

export type CronJobControllerClient = Pick<Client, "jobs" | "events"> & { cronjobs: ResourceClient<CronJob> };

export interface CronJobControllerOptions {
  client: CronJobControllerClient;
  clock: Clock;
  recorder?: EventRecorder;
  onError?: (key: string, err: unknown) => void;
  /** The zone of schedules without spec.timeZone (kube-controller-manager's local zone). Default "UTC". */
  defaultTimeZone?: string;
  /** The emulated minor version (the scheduled-timestamp annotation exists from 1.28). Default 33. */
  kubernetesMinor?: number;
}

const keyOf = (namespace: string | undefined, name: string | undefined): string => `${namespace ?? ""}/${name ?? ""}`;

export class CronJobController {
  readonly #client: CronJobControllerClient;
  readonly #clock: Clock;
  readonly #recorder: EventRecorder;
  readonly #onError: (key: string, err: unknown) => void;
  readonly #defaultTimeZone: string;
  readonly #minor: number;
  /** The last seen schedule and time zone of each CronJob (the informer's old object). */
  readonly #seen = new Map<string, string>();
  #queue: ReconcileQueue | undefined;

  constructor(options: CronJobControllerOptions) {
    this.#client = options.client;
    this.#clock = options.clock;
    this.#recorder = options.recorder ?? new ClientEventRecorder({ client: options.client, clock: options.clock, component: "cronjob-controller" });
    this.#onError = options.onError ?? (() => undefined);
    this.#defaultTimeZone = options.defaultTimeZone ?? "UTC";
    this.#minor = options.kubernetesMinor ?? 33;
  }

  /** Watches CronJobs and Jobs and reconciles every CronJob that may have changed. */
  start(): void {
    if (this.#queue) return;
    const queue = new ReconcileQueue({
      clock: this.#clock, onError: this.#onError,
      reconcile: byObjectKey((ns, name) => this.reconcile(ns, name)),
    });
    this.#queue = queue;
    queue.track(this.#client.cronjobs.watch({}, (e) => {
      const cj = e.object;
      const key = keyOf(cj.metadata.namespace, cj.metadata.name);
      const scheduleKey = `${cj.spec.schedule}\u0000${cj.spec.timeZone ?? "\u0001"}`;
      const before = this.#seen.get(key);
      if (e.type === "DELETED") this.#seen.delete(key);
      else this.#seen.set(key, scheduleKey);
      if (e.type === "MODIFIED" && before !== undefined && before !== scheduleKey) this.#scheduleChanged(queue, key, cj);
      else queue.add(key);
    }));
    queue.track(this.#client.jobs.watch({}, (e) => {
      const ref = controllerOf(e.object);
      if (ref?.kind === "CronJob") queue.add(keyOf(e.object.metadata.namespace, ref.name));
    }));
    this.#client.cronjobs.list().then((r) => {
      for (const cj of r.items) {
        const key = keyOf(cj.metadata.namespace, cj.metadata.name);
        if (!this.#seen.has(key)) this.#seen.set(key, `${cj.spec.schedule}\u0000${cj.spec.timeZone ?? "\u0001"}`);
        queue.add(key);
      }
    }, (err: unknown) => this.#onError("", err));
  }

  /** Stops watching; resolves when the reconciles in flight have returned. */
  async stop(): Promise<void> {
    const q = this.#queue;
    this.#queue = undefined;
    await q?.stop();
  }

  /**
   * sync: converges one CronJob. Level-based: with nothing changed it writes nothing. Throws
   * on API errors (the queue retries with back-off); returns when to look again.
   */
  async reconcile(namespace: string, name: string): Promise<ReconcileResult> {
    const cj = await getIfExists(this.#client.cronjobs.get(namespace, name));
    if (!cj) return {};
    // Every Job whose controller reference names this CronJob, labels matching or not.
    const jobs = (await this.#client.jobs.list({ namespace })).items.filter((j: Job) => controllerOf(j)?.name === name);
    const copy = structuredClone(cj);
    const deps: SyncDeps = {
      jobs: this.#client.jobs, cronjobs: this.#client.cronjobs, recorder: this.#recorder,
      nowMs: this.#clock.now(), defaultTimeZone: this.#defaultTimeZone, kubernetesMinor: this.#minor,
    };
    const updateAfterCleanup = await cleanupFinishedJobs(deps, copy, jobs);
    const outcome = await syncCronJob(deps, copy, jobs);
    if (updateAfterCleanup || outcome.updateStatus) await this.#client.cronjobs.updateStatus(copy);
    if (outcome.requeueAfterMs !== undefined) return { requeueAfterMs: outcome.requeueAfterMs };
    if (outcome.error !== undefined) throw outcome.error instanceof Error ? outcome.error : new Error("sync failed", { cause: outcome.error });
    return {};
  }

  /** updateCronJob: a new schedule is looked at on its next time, not now. */
  #scheduleChanged(queue: ReconcileQueue, key: string, cj: CronJob): void {
    const compiled = compileSchedule(formatSchedule(cj, undefined), this.#defaultTimeZone);
    if (!compiled.ok) {
      this.#recorder.event(cj, "Warning", "UnParseableCronJobSchedule", `unparseable schedule for cronjob: ${cj.spec.schedule}`);
      return;
    }
    queue.addAfter(key, nextScheduleTimeDurationMs(cj, this.#clock.now(), compiled.schedule));
  }
}
