// The example programs' pure parts, without a runtime: the log adapter's line → JSON mapping
// and the batch job's success rate.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { toJson } from "../../examples/log-adapter/log-adapter.ts";
import { emptyProgress, successRate } from "../../examples/batch-adapter/progress.ts";

void describe("log adapter: toJson", () => {
  const now = (): string => "2025-01-01T00:00:00.000Z";
  const cases: [string, object][] = [
    ["2025-03-01T10:00:00.123Z INFO order 1001 accepted", { time: "2025-03-01T10:00:00.123Z", level: "info", message: "order 1001 accepted" }],
    ["2025-03-01T10:00:01Z WARNING  disk 81% full", { time: "2025-03-01T10:00:01Z", level: "warn", message: "disk 81% full" }],
    ["2025-03-01T10:00:02Z ERROR card declined: \"4000\"", { time: "2025-03-01T10:00:02Z", level: "error", message: "card declined: \"4000\"" }],
    ["a line in another format", { time: now(), level: "info", message: "a line in another format" }],
    ["2025-03-01T10:00:03Z NOTICE not a level we know", { time: now(), level: "info", message: "2025-03-01T10:00:03Z NOTICE not a level we know" }],
  ];
  for (const [line, want] of cases) {
    void it(`${JSON.stringify(line)} → ${JSON.stringify(want)}`, () => assert.deepEqual(JSON.parse(toJson(line, now)), want));
  }
});

void describe("batch job: successRate", () => {
  const cases: [number, number, number][] = [[0, 0, 0], [50, 45, 90], [3, 1, 100 / 3]];
  for (const [processed, successful, want] of cases) {
    void it(`${successful} of ${processed} → ${want.toFixed(1)}%`, () => assert.equal(successRate({ ...emptyProgress(50), processed, successful }), want));
  }
});
