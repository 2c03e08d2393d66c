// The benchmark's pure parts: percentiles, CRI stamps, flags.
import { test } from "node:test";
import assert from "node:assert/strict";
import { parseBenchArgs, BenchUsageError } from "./bench-args.ts";
import { criTimeMs, firstLineStamp } from "./cri-time.ts";
import { percentile, summarize } from "./summary.ts";

test("percentile is nearest-rank: always a measured value", () => {
  const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
  const cases: [number[], number, number][] = [
    [hundred, 50, 50], [hundred, 90, 90], [hundred, 99, 99], [hundred, 100, 100],
    [[7], 99, 7], [[1, 2], 50, 1], [[1, 2, 3, 4, 5], 50, 3], [[1, 2, 3, 4, 5], 99, 5],
  ];
  for (const [sorted, p, want] of cases) assert.equal(percentile(sorted, p), want, `p${p} of ${sorted.length}`);
});

test("summarize sorts its input and reports min, max and mean", () => {
  const s = summarize([30, 10, 20]);
  assert.deepEqual({ n: s.n, min: s.min, p50: s.p50, max: s.max, mean: s.mean }, { n: 3, min: 10, p50: 20, max: 30, mean: 20 });
});

test("criTimeMs keeps sub-millisecond precision and honours the offset", () => {
  const cases: [string, number][] = [
    ["2026-11-21T21:25:18.018243751+00:00", Date.UTC(2026, 10, 21, 21, 25, 18) + 18.243751],
    ["2026-11-21T21:25:18Z", Date.UTC(2026, 10, 21, 21, 25, 18)],
    ["2026-11-21T23:25:18.5+02:00", Date.UTC(2026, 10, 21, 21, 25, 18) + 500],
  ];
  for (const [stamp, want] of cases) assert.ok(Math.abs(criTimeMs(stamp) - want) < 1e-3, stamp);
  assert.throws(() => criTimeMs("yesterday"), /not a CRI log timestamp/);
});

test("firstLineStamp waits for a complete first line", () => {
  assert.equal(firstLineStamp(""), undefined);
  assert.equal(firstLineStamp("2026-11-21T21:25:18.018243751+00:00 stdout F sta"), undefined);
  assert.equal(firstLineStamp("2026-11-21T21:25:18.018243751+00:00 stdout F started\nmore"), "2026-11-21T21:25:18.018243751+00:00");
});

test("flags: defaults, values in both spellings, and errors", () => {
  assert.deepEqual(parseBenchArgs([]), { pods: 100, burst: 50, warmup: 3, json: false, profile: false, help: false });
  const a = parseBenchArgs(["--pods", "20", "--burst=0", "--json", "--profile", "--state-dir", "/tmp/x"]);
  assert.deepEqual([a.pods, a.burst, a.json, a.profile, a.stateDir], [20, 0, true, true, "/tmp/x"]);
  for (const bad of [["--pods", "0"], ["--pods", "ten"], ["--burst"], ["--frobnicate"]]) {
    assert.throws(() => parseBenchArgs(bad), BenchUsageError, bad.join(" "));
  }
});
