// Time, injected. Mirrors k8s.io/utils/clock: a PassiveClock tells the time, a Clock also
// schedules. Every component takes one; only src/cmd builds the real one, and tests step a
// FakeClock, so a 30 s grace period or a 5 min back-off is tested in microseconds.

/** A scheduled callback; cancel() is idempotent. */
export interface Timer {
  cancel(): void;
}

export interface PassiveClock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

export interface Clock extends PassiveClock {
  /** Runs fn once, delayMs from now (a delay ≤ 0 runs it on the next step/tick). */
  setTimer(delayMs: number, fn: () => void): Timer;
  /** A promise that resolves delayMs from now, or rejects with AbortError when signal aborts. */
  sleep(delayMs: number, signal?: AbortSignal): Promise<void>;
}

/** Milliseconds → a Kubernetes timestamp (RFC 3339, second precision), e.g. "2025-11-22T10:10:02Z". */
export function rfc3339(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

/** Milliseconds → RFC 3339 with microseconds, as Kubernetes' MicroTime prints it. */
export function rfc3339Micro(ms: number): string {
  const iso = new Date(ms).toISOString(); // ...T10:10:02.123Z
  return iso.replace(/\.(\d{3})Z$/, (_m, frac: string) => `.${frac}000Z`);
}

/** A Kubernetes timestamp → milliseconds since the epoch (NaN when unparsable). */
export function parseTime(s: string | undefined | null): number {
  return s ? Date.parse(s) : Number.NaN;
}
