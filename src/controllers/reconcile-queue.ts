// The retry policy of a reconcile loop, written once (STYLE.md §6; controller-runtime's
// reconcileHandler, client-go's rate-limited workqueue): keys are reconciled one at a time per
// key, a key marked again while it runs is run once more afterwards, a result's requeueAfterMs
// schedules the next look on the clock, and an error retries with exponential back-off
// (1 s doubling to 60 s: the Job controller's DefaultJobApiBackOff / MaxJobApiBackOff).
import type { Clock, Timer } from "../machinery/clock.ts";

export interface ReconcileResult {
  requeueAfterMs?: number;
}

export interface ReconcileQueueOptions {
  clock: Clock;
  reconcile: (key: string) => Promise<ReconcileResult>;
  onError?: (key: string, err: unknown) => void;
  baseRetryMs?: number;
  maxRetryMs?: number;
}

export class ReconcileQueue {
  readonly #clock: Clock;
  readonly #reconcile: (key: string) => Promise<ReconcileResult>;
  readonly #onError: (key: string, err: unknown) => void;
  readonly #baseRetryMs: number;
  readonly #maxRetryMs: number;
  readonly #dirty = new Set<string>();
  readonly #running = new Map<string, Promise<void>>();
  readonly #timers = new Map<string, { at: number; timer: Timer }>();
  readonly #failures = new Map<string, number>();
  #stopped = false;
  readonly #subscriptions: (() => void)[] = [];

  constructor(options: ReconcileQueueOptions) {
    this.#clock = options.clock;
    this.#reconcile = options.reconcile;
    this.#onError = options.onError ?? (() => undefined);
    this.#baseRetryMs = options.baseRetryMs ?? 1000;
    this.#maxRetryMs = options.maxRetryMs ?? 60_000;
  }

  /** Reconciles key as soon as it is not running. */
  add(key: string): void {
    if (this.#stopped) return;
    this.#dirty.add(key);
    if (!this.#running.has(key)) this.#start(key);
  }

  /** Reconciles key after delayMs, unless an earlier look is already scheduled. */
  addAfter(key: string, delayMs: number): void {
    if (this.#stopped) return;
    const at = this.#clock.now() + Math.max(0, delayMs);
    const existing = this.#timers.get(key);
    if (existing && existing.at <= at) return;
    existing?.timer.cancel();
    const timer = this.#clock.setTimer(delayMs, () => {
      this.#timers.delete(key);
      this.add(key);
    });
    this.#timers.set(key, { at, timer });
  }

  /** Stops scheduling; resolves when the reconciles in flight have returned. */
  /** Ends this subscription (a watch feeding the queue) when the queue stops. */
  track(unsubscribe: () => void): void {
    if (this.#stopped) unsubscribe();
    else this.#subscriptions.push(unsubscribe);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    for (const u of this.#subscriptions.splice(0)) u();
    for (const t of this.#timers.values()) t.timer.cancel();
    this.#timers.clear();
    this.#dirty.clear();
    await Promise.all([...this.#running.values()]);
  }

  #start(key: string): void {
    const run = this.#runLoop(key).finally(() => this.#running.delete(key));
    this.#running.set(key, run);
  }

  async #runLoop(key: string): Promise<void> {
    while (this.#dirty.has(key) && !this.#stopped) {
      this.#dirty.delete(key);
      try {
        const res = await this.#reconcile(key);
        this.#failures.delete(key);
        if (res.requeueAfterMs !== undefined) this.addAfter(key, res.requeueAfterMs);
      } catch (err) {
        const n = (this.#failures.get(key) ?? 0) + 1;
        this.#failures.set(key, n);
        this.#onError(key, err);
        this.addAfter(key, Math.min(this.#baseRetryMs * 2 ** (n - 1), this.#maxRetryMs));
      }
    }
  }
}

/** The queue key of a namespaced object: "namespace/name". */
export function objectKey(obj: { metadata: { namespace?: string; name?: string } }): string {
  return `${obj.metadata.namespace ?? ""}/${obj.metadata.name ?? ""}`;
}

/** Adapts reconcile(namespace, name) to the queue's reconcile(key). */
export function byObjectKey<R>(reconcile: (namespace: string, name: string) => Promise<R>): (key: string) => Promise<R> {
  return (key) => {
    const slash = key.indexOf("/");
    return reconcile(key.slice(0, slash), key.slice(slash + 1));
  };
}
