import { test } from "node:test";
import assert from "node:assert/strict";
import type { JournalEntry } from "../../kubelet/journal.ts";
import { formatOffset } from "../../printers/format-offset.ts";
import { renderTimeline } from "./render-timeline.ts";

const T0 = Date.UTC(2025, 10, 22, 10, 10, 1);

function e(atMs: number, container: string, kind: JournalEntry["kind"], extra: Partial<JournalEntry> = {}): JournalEntry {
  return { time: T0 + atMs, namespace: "default", pod: "batch-job-native-b4mw2", podUid: "u1", container, kind, ...extra };
}

void test("formatOffset: hundredths under 10 s, tenths under a minute, minutes after", () => {
  const cases: [number, string][] = [[0, "+0.00s"], [1050, "+1.05s"], [9994, "+9.99s"], [41_200, "+41.2s"], [123_456, "+2m03.5s"]];
  for (const [ms, want] of cases) assert.equal(formatOffset(ms), want, `${ms} ms`);
});

void test("the native sidecar Job of the seeds renders as one block, relative to its first entry", () => {
  const text = renderTimeline([
    e(0, "sidecar", "Created"), e(30, "sidecar", "Started"), e(1050, "sidecar", "StartupProbeSucceeded"),
    e(1100, "main", "Created"), e(1130, "main", "Started"), e(13_000, "main", "Exited", { exitCode: 0 }),
    e(13_010, "sidecar", "Signalled", { detail: "SIGTERM" }), e(43_010, "sidecar", "Signalled", { detail: "SIGKILL" }),
    e(43_020, "sidecar", "Exited", { exitCode: 137 }), e(43_030, "", "PodTerminated", { detail: "Succeeded" }),
  ]);
  assert.equal(text, [
    "pod/batch-job-native-b4mw2",
    "  +0.00s  sidecar  created",
    "  +0.03s  sidecar  started",
    "  +1.05s  sidecar  startup probe passed",
    "  +1.10s  main     created",
    "  +1.13s  main     started",
    "  +13.0s  main     exited 0",
    "  +13.0s  sidecar  signalled SIGTERM",
    "  +43.0s  sidecar  signalled SIGKILL",
    "  +43.0s  sidecar  exited 137 (SIGKILL after 30s grace)",
    "  +43.0s  (pod)    pod terminated (Succeeded)",
    "",
  ].join("\n"));
});

void test("pods get one block each, in order of their first entry, against a shared origin", () => {
  const text = renderTimeline([
    { ...e(2000, "main", "Started"), pod: "b", podUid: "ub" },
    { ...e(1000, "main", "Started"), pod: "a", podUid: "ua" },
    { ...e(3000, "main", "Exited", { exitCode: 143 }), pod: "a", podUid: "ua" },
    { ...e(2500, "main", "Signalled", { detail: "SIGTERM" }), pod: "a", podUid: "ua" },
  ], { originMs: T0 });
  assert.equal(text, "pod/a\n  +1.00s  main  started\n  +2.50s  main  signalled SIGTERM\n  +3.00s  main  exited 143 (SIGTERM)\n\npod/b\n  +2.00s  main  started\n");
  assert.equal(renderTimeline([]), "");
});
