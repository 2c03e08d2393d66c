// The readers of `pillion run`'s output that the end-to-end tests rely on: if these misread,
// the seeds' tests would check nothing.
import assert from "node:assert/strict";
import { test } from "node:test";
import { containerOutput, JOB_TABLE, parseOffsetMs, parseTimeline, POD_TABLE, PodTimeline, tableRow } from "./run-output.ts";

const SAMPLE = `job.batch/batch-job-native created
batch-job-native-s8bqk/sidecar | Native Sidecar started
batch-job-native-s8bqk/main    | Main container started
batch-job-native-s8bqk/main    | a | pipe
other/main                     | not this pod

NAME                     READY   STATUS      RESTARTS   AGE
batch-job-native-s8bqk   0/2     Completed   0          42s

NAME               STATUS     COMPLETIONS   DURATION   AGE
batch-job-native   Complete   1/1           42s        42s

Timeline
pod/batch-job-native-s8bqk
  +0.00s  (pod)    scheduled
  +0.78s  sidecar  started
  +12.1s  main     exited 0 (Completed)
  +42.1s  sidecar  exited 137 (SIGKILL after 30s grace)
pod/other
  +2m03.5s  main   started
`;

test("timeline offsets in each of the three forms become milliseconds", () => {
  for (const [text, ms] of [["+0.00s", 0], ["+0.78s", 780], ["+41.2s", 41_200], ["+2m03.5s", 123_500]] as const) {
    assert.equal(parseOffsetMs(text), ms, text);
  }
  assert.throws(() => parseOffsetMs("0.5s"), /not a timeline offset/);
});

test("the timeline is read per pod, in printed order", () => {
  assert.deepEqual(parseTimeline(SAMPLE).map((e) => [e.pod, e.atMs, e.subject, e.what]), [
    ["batch-job-native-s8bqk", 0, "(pod)", "scheduled"],
    ["batch-job-native-s8bqk", 780, "sidecar", "started"],
    ["batch-job-native-s8bqk", 12_100, "main", "exited 0 (Completed)"],
    ["batch-job-native-s8bqk", 42_100, "sidecar", "exited 137 (SIGKILL after 30s grace)"],
    ["other", 123_500, "main", "started"],
  ]);
  const t = new PodTimeline({ stdout: SAMPLE, podPrefix: "batch-job-native-" });
  assert.equal(t.get("main", "exited").index, 2);
  assert.equal(t.indexOf("main", "started"), -1, "another pod's event is not this pod's");
  assert.throws(() => t.get("main", "started"), /no timeline event "main started"/);
});

test("streamed lines are picked by pod prefix and container, text kept whole", () => {
  assert.deepEqual(containerOutput(SAMPLE, "batch-job-native-", "main"), ["Main container started", "a | pipe"]);
  assert.deepEqual(containerOutput(SAMPLE, "batch-job-native-", "sidecar"), ["Native Sidecar started"]);
});

test("table rows are found under their own header only", () => {
  assert.deepEqual(tableRow(SAMPLE, "batch-job-native-", POD_TABLE), ["batch-job-native-s8bqk", "0/2", "Completed", "0", "42s"]);
  assert.deepEqual(tableRow(SAMPLE, "batch-job-native", JOB_TABLE), ["batch-job-native", "Complete", "1/1", "42s", "42s"]);
  assert.equal(tableRow(SAMPLE, "nope", POD_TABLE), undefined);
});
