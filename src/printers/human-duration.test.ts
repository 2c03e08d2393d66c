import assert from "node:assert/strict";
import { test } from "node:test";
import { humanDuration, shortHumanDuration, translateTimestampSince } from "./human-duration.ts";

const S = 1000, M = 60 * S, H = 60 * M, D = 24 * H, Y = 365 * D;

// Expected values from apimachinery's duration_test.go and the rules in its source.
const human: [number, string][] = [
  [-2 * S, "<invalid>"], [-1999, "0s"], [-1 * S, "0s"], [0, "0s"], [999, "0s"], [S, "1s"], [46 * S, "46s"], [119 * S, "119s"],
  [2 * M, "2m"], [6 * M + 48 * S, "6m48s"], [9 * M + 59 * S, "9m59s"], [10 * M, "10m"], [10 * M + 59 * S, "10m"], [179 * M, "179m"],
  [3 * H, "3h"], [3 * H + 10 * M, "3h10m"], [7 * H + 59 * M, "7h59m"], [8 * H, "8h"], [47 * H + 59 * M, "47h"], [48 * H, "2d"],
  [2 * D + 3 * H, "2d3h"], [7 * D + 23 * H, "7d23h"], [8 * D, "8d"], [729 * D, "729d"], [2 * Y, "2y"], [2 * Y + 30 * D, "2y30d"],
  [7 * Y + 364 * D, "7y364d"], [8 * Y, "8y"], [100 * Y, "100y"],
];
for (const [ms, want] of human) void test(`humanDuration(${ms} ms) = ${want}`, () => assert.equal(humanDuration(ms), want));

const short: [number, string][] = [
  [-2 * S, "<invalid>"], [-S, "0s"], [59 * S, "59s"], [M, "1m"], [59 * M + 59 * S, "59m"], [H, "1h"], [23 * H, "23h"], [D, "1d"], [364 * D, "364d"], [Y, "1y"],
];
for (const [ms, want] of short) void test(`shortHumanDuration(${ms} ms) = ${want}`, () => assert.equal(shortHumanDuration(ms), want));

void test("translateTimestampSince: <unknown> without a timestamp, else the age", () => {
  const now = Date.parse("2025-11-22T10:16:48Z");
  assert.equal(translateTimestampSince(undefined, now), "<unknown>");
  assert.equal(translateTimestampSince("2025-11-22T10:10:00Z", now), "6m48s");
});
