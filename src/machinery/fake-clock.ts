// A clock that moves only when a test says so (k8s.io/utils/clock/testing.FakeClock).
// step(ms) advances time and fires due timers in order; microtasks queued by a fired
// timer run before the next timer fires (stepAsync), so promise chains settle as they would.
import type { Clock, Timer } from "./clock.ts";

interface Waiter {
  at: number;
  seq: number;
  fn: () => void;
  cancelled: boolean;
}

export class FakeClock implements Clock {
  #now: number;
  #seq = 0;
  #waiters: Waiter[] = [];

  constructor(startMs = Date.UTC(2025, 10, 22, 10, 10, 0)) {
    this.#now = startMs;
  }

  now(): number {
    return this.#now;
  }

  setTimer(delayMs: number, fn: () => void): Timer {
    const w: Waiter = { at: this.#now + Math.max(0, delayMs), seq: this.#seq++, fn, cancelled: false };
    this.#waiters.push(w);
    return { cancel: () => { w.cancelled = true; } };
  }

  sleep(delayMs: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) { reject(abortError(signal)); return; }
      const t = this.setTimer(delayMs, () => { signal?.removeEventListener("abort", onAbort); resolve(); });
      const onAbort = (): void => { t.cancel(); reject(abortError(signal)); };
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  /** True while some timer is scheduled and not cancelled. */
  hasWaiters(): boolean {
    return this.#waiters.some((w) => !w.cancelled);
  }

  /** When the next live timer fires, or undefined. */
  nextTimerAt(): number | undefined {
    const live = this.#waiters.filter((w) => !w.cancelled);
    return live.length ? Math.min(...live.map((w) => w.at)) : undefined;
  }

  /**
   * Advances time by ms, firing every timer that falls due, in time order. Between timers it
   * lets pending promise callbacks run, so `await clock.step(…)` leaves the system settled.
   */
  async step(ms: number): Promise<void> {
    const target = this.#now + ms;
    await settle();
    for (;;) {
      const next = this.#popDue(target);
      if (!next) break;
      this.#now = Math.max(this.#now, next.at);
      next.fn();
      await settle();
    }
    this.#now = target;
    await settle();
  }

  /** Sets the time forward to an absolute instant (never backwards). */
  async stepTo(atMs: number): Promise<void> {
    await this.step(Math.max(0, atMs - this.#now));
  }

  #popDue(limit: number): Waiter | undefined {
    this.#waiters = this.#waiters.filter((w) => !w.cancelled);
    let best: Waiter | undefined;
    for (const w of this.#waiters) {
      if (w.at <= limit && (!best || w.at < best.at || (w.at === best.at && w.seq < best.seq))) best = w;
    }
    if (best) this.#waiters.splice(this.#waiters.indexOf(best), 1);
    return best;
  }
}

/** Lets queued microtasks and already-resolved promise chains run to completion. */
export async function settle(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await Promise.resolve();
}

function abortError(signal: AbortSignal | undefined): Error {
  const reason: unknown = signal?.reason;
  return reason instanceof Error ? reason : new DOMException("The operation was aborted", "AbortError");
}
