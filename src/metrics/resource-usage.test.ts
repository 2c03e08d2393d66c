import { test } from "node:test";
import assert from "node:assert/strict";
import { resourceUsage, storePoint, type MetricsPoint, type PointPair } from "./resource-usage.ts";

const p = (timestampMs: number, cpuUsageNanoSeconds: number, memoryWorkingSetBytes = 1024): MetricsPoint =>
  ({ timestampMs, cpuUsageNanoSeconds, memoryWorkingSetBytes });

test("storePoint: metrics-server's rules for moving last to prev", () => {
  const cases: { name: string; old: PointPair | undefined; point: MetricsPoint; want: PointPair }[] = [
    { name: "the first point of a series has no prev", old: undefined, point: p(10, 5), want: { last: p(10, 5) } },
    { name: "a newer point moves last to prev", old: { last: p(10, 5) }, point: p(20, 9), want: { last: p(20, 9), prev: p(10, 5) } },
    { name: "a newer point drops the older prev", old: { last: p(10, 5), prev: p(0, 1) }, point: p(20, 9), want: { last: p(20, 9), prev: p(10, 5) } },
    { name: "a point no newer than last keeps an older prev", old: { last: p(10, 5), prev: p(0, 1) }, point: p(10, 6), want: { last: p(10, 6), prev: p(0, 1) } },
    { name: "a point older than prev drops prev", old: { last: p(10, 5), prev: p(8, 1) }, point: p(5, 6), want: { last: p(5, 6) } },
    { name: "a repeated point without prev stays alone", old: { last: p(10, 5) }, point: p(10, 5), want: { last: p(10, 5) } },
  ];
  for (const c of cases) assert.deepEqual(storePoint(c.old, c.point), c.want, c.name);
});

test("resourceUsage: Δcpu/Δt in nano-cores, truncated; memory is the last working set", () => {
  const cases: { name: string; pair: PointPair; want: ReturnType<typeof resourceUsage> }[] = [
    {
      name: "2.5 s of cpu over 10 s is 250m",
      pair: { prev: p(0, 1e9, 100), last: p(10_000, 3.5e9, 4096) },
      want: { cpuNanoCores: 250_000_000, memoryWorkingSetBytes: 4096, timestampMs: 10_000, windowMs: 10_000 },
    },
    {
      name: "a fraction of a nano-core is truncated",
      pair: { prev: p(0, 0), last: p(3_000, 10) },
      want: { cpuNanoCores: 3, memoryWorkingSetBytes: 1024, timestampMs: 3_000, windowMs: 3_000 },
    },
    { name: "an idle container uses 0", pair: { prev: p(0, 7), last: p(1_000, 7) }, want: { cpuNanoCores: 0, memoryWorkingSetBytes: 1024, timestampMs: 1_000, windowMs: 1_000 } },
    { name: "no prev: no rate", pair: { last: p(10, 5) }, want: undefined },
    { name: "a counter that went backwards is skipped", pair: { prev: p(0, 10), last: p(1_000, 5) }, want: undefined },
    { name: "an empty window is skipped", pair: { prev: p(1_000, 1), last: p(1_000, 5) }, want: undefined },
  ];
  for (const c of cases) assert.deepEqual(resourceUsage(c.pair), c.want, c.name);
});
