// The wall clock, for when no Clock is injected. (src/cmd has the same RealClock, but oci may not
// import the composition root.)
import { setTimeout as delay } from "node:timers/promises";
import type { Clock, Timer } from "../machinery/clock.ts";

export const wallClock: Clock = {
  now: () => Date.now(),
  setTimer(delayMs: number, fn: () => void): Timer {
    const t = setTimeout(fn, Math.max(0, delayMs));
    return { cancel: () => clearTimeout(t) };
  },
  sleep: (delayMs: number, signal?: AbortSignal) => delay(Math.max(0, delayMs), undefined, signal ? { signal } : {}),
};
