// The wall clock. Only composition roots construct it; everything else takes a Clock.
import { setTimeout as delay } from "node:timers/promises";
import type { Clock, Timer } from "../machinery/clock.ts";

export class RealClock implements Clock {
  now(): number {
    return Date.now();
  }

  setTimer(delayMs: number, fn: () => void): Timer {
    const t = setTimeout(fn, Math.max(0, delayMs));
    return { cancel: () => clearTimeout(t) };
  }

  sleep(delayMs: number, signal?: AbortSignal): Promise<void> {
    return delay(Math.max(0, delayMs), undefined, signal ? { signal } : {});
  }
}
