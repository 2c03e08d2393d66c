// The benchmark's clock: wall-clock epoch milliseconds with sub-millisecond resolution, so
// that it can be compared with conmon's CLOCK_REALTIME log stamps (Date.now() has 1 ms steps).
// performance.timeOrigin anchors the monotonic clock to the wall clock once; over a run of a
// few minutes the two do not drift measurably (the run reports the difference at its end).

export function epochMs(): number {
  return performance.timeOrigin + performance.now();
}

export function sleepMs(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
