import { test } from "node:test";
import assert from "node:assert/strict";
import type { Pod } from "../../api/core.ts";
import { newBackoffRecord, remainingBackoffMs } from "./backoff-record.ts";

const T0 = Date.UTC(2025, 10, 22, 10, 10, 0);

void test("remainingBackoffMs: 10 s doubling per failure, capped at 10 min, minus the time since the last failure", () => {
  const cases: { name: string; failures: number; elapsedMs: number; want: number }[] = [
    { name: "no failure: create now", failures: 0, elapsedMs: 0, want: 0 },
    { name: "one failure just now: 10 s", failures: 1, elapsedMs: 0, want: 10_000 },
    { name: "one failure 4 s ago: 6 s", failures: 1, elapsedMs: 4_000, want: 6_000 },
    { name: "two failures: 20 s", failures: 2, elapsedMs: 0, want: 20_000 },
    { name: "three failures: 40 s", failures: 3, elapsedMs: 0, want: 40_000 },
    { name: "seven failures: 640 s capped to 600 s", failures: 7, elapsedMs: 0, want: 600_000 },
    { name: "back-off already over: 0", failures: 2, elapsedMs: 25_000, want: 0 },
  ];
  for (const c of cases) {
    const got = remainingBackoffMs({ failuresAfterLastSuccess: c.failures, lastFailureTime: T0 }, T0 + c.elapsedMs);
    assert.equal(got, c.want, c.name);
  }
});

function finished(phase: "Succeeded" | "Failed", atMs: number): Pod {
  return {
    metadata: { creationTimestamp: new Date(T0).toISOString() },
    spec: { containers: [{ name: "main" }] },
    status: { phase, containerStatuses: [{ name: "main", ready: false, restartCount: 0, image: "", imageID: "", lastState: {}, state: { terminated: { exitCode: phase === "Failed" ? 1 : 0, finishedAt: new Date(atMs).toISOString() } } }] },
  };
}

void test("newBackoffRecord: failures add up, a success resets them, failures after the success still count", () => {
  const one = newBackoffRecord(undefined, [], [finished("Failed", T0)]);
  assert.deepEqual(one, { failuresAfterLastSuccess: 1, lastFailureTime: T0 });
  const two = newBackoffRecord(one, [], [finished("Failed", T0 + 5_000)]);
  assert.deepEqual(two, { failuresAfterLastSuccess: 2, lastFailureTime: T0 + 5_000 });
  assert.deepEqual(newBackoffRecord(two, [finished("Succeeded", T0 + 9_000)], []), { failuresAfterLastSuccess: 0 });
  assert.deepEqual(
    newBackoffRecord(two, [finished("Succeeded", T0 + 9_000)], [finished("Failed", T0 + 8_000), finished("Failed", T0 + 10_000)]),
    { failuresAfterLastSuccess: 1, lastFailureTime: T0 + 10_000 },
  );
  assert.deepEqual(newBackoffRecord(two, [], []), two, "nothing new: unchanged");
});
