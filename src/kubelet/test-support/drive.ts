// Steps a FakeClock until a promise settles (or maxMs of fake time passed); returns its value.
import type { FakeClock } from "../../machinery/fake-clock.ts";

export async function drive<T>(clock: FakeClock, promise: Promise<T>, maxMs = 600_000, stepMs = 100): Promise<T> {
  let settled = false;
  const watched = promise.finally(() => { settled = true; });
  for (let waited = 0; !settled && waited < maxMs; waited += stepMs) await clock.step(stepMs);
  if (!settled) throw new Error(`still pending after ${maxMs} ms of fake time`);
  return watched;
}
