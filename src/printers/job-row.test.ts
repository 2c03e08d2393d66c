import assert from "node:assert/strict";
import { test } from "node:test";
import type { Job, JobCondition } from "../api/batch.ts";
import { formatLabelSelector, jobRow } from "./job-row.ts";

const NOW = Date.parse("2025-11-22T10:16:48Z");

function makeJob(mutate: (j: Job) => void = () => undefined): Job {
  const job: Job = {
    apiVersion: "batch/v1", kind: "Job",
    metadata: { name: "batch-job-native", namespace: "default", creationTimestamp: "2025-11-22T10:10:00Z" },
    spec: {
      completions: 1, parallelism: 1, selector: { matchLabels: { "batch.kubernetes.io/controller-uid": "u1" } },
      template: { spec: { restartPolicy: "Never", initContainers: [{ name: "sidecar", image: "busybox:1.36", restartPolicy: "Always" }], containers: [{ name: "main", image: "busybox:1.36" }, { name: "aux", image: "alpine" }] } },
    },
    status: { startTime: "2025-11-22T10:10:00Z", active: 1 },
  };
  mutate(job);
  return job;
}
const c = (type: JobCondition["type"], status: JobCondition["status"] = "True"): JobCondition => ({ type, status });

const statusCases: { name: string; mutate: (j: Job) => void; want: string }[] = [
  { name: "no condition: Running", mutate: () => undefined, want: "Running" },
  { name: "Complete condition: Complete", mutate: (j) => { j.status = { ...j.status, conditions: [c("SuccessCriteriaMet"), c("Complete")] }; }, want: "Complete" },
  { name: "Failed condition: Failed", mutate: (j) => { j.status = { ...j.status, conditions: [c("FailureTarget"), c("Failed")] }; }, want: "Failed" },
  { name: "deleted and not finished: Terminating", mutate: (j) => { j.metadata.deletionTimestamp = "2025-11-22T10:16:00Z"; j.status = { ...j.status, conditions: [c("Suspended")] }; }, want: "Terminating" },
  { name: "deleted but Complete: Complete", mutate: (j) => { j.metadata.deletionTimestamp = "2025-11-22T10:16:00Z"; j.status = { ...j.status, conditions: [c("Complete")] }; }, want: "Complete" },
  { name: "Suspended condition: Suspended", mutate: (j) => { j.status = { ...j.status, conditions: [c("Suspended")] }; }, want: "Suspended" },
  { name: "FailureTarget condition: FailureTarget", mutate: (j) => { j.status = { ...j.status, conditions: [c("FailureTarget")] }; }, want: "FailureTarget" },
  { name: "a condition that is False does not count: Running", mutate: (j) => { j.status = { ...j.status, conditions: [c("Suspended", "False")] }; }, want: "Running" },
];
for (const tc of statusCases) void test(`STATUS: ${tc.name}`, () => assert.equal(jobRow(makeJob(tc.mutate), NOW).status, tc.want));

const completionCases: { name: string; mutate: (j: Job) => void; want: string }[] = [
  { name: "succeeded/completions", mutate: (j) => { j.spec.completions = 3; j.status = { succeeded: 2 }; }, want: "2/3" },
  { name: "no completions: succeeded/1", mutate: (j) => { delete j.spec.completions; }, want: "0/1" },
  { name: "no completions with parallelism 4: succeeded/1 of 4", mutate: (j) => { delete j.spec.completions; j.spec.parallelism = 4; j.status = { succeeded: 1 }; }, want: "1/1 of 4" },
];
for (const tc of completionCases) void test(`COMPLETIONS: ${tc.name}`, () => assert.equal(jobRow(makeJob(tc.mutate), NOW).completions, tc.want));

void test("DURATION: since startTime while running, completion − start once done, empty before start", () => {
  assert.equal(jobRow(makeJob(), NOW).duration, "6m48s");
  assert.equal(jobRow(makeJob((j) => { j.status = { startTime: "2025-11-22T10:10:00Z", completionTime: "2025-11-22T10:10:46Z" }; }), NOW).duration, "46s");
  assert.equal(jobRow(makeJob((j) => { j.status = {}; }), NOW).duration, "");
});

void test("the seed's finished native Job: Complete 1/1 46s 6m48s, and the wide columns", () => {
  const job = makeJob((j) => { j.status = { startTime: "2025-11-22T10:10:00Z", completionTime: "2025-11-22T10:10:46Z", succeeded: 1, conditions: [c("Complete")] }; });
  assert.deepEqual(jobRow(job, NOW), {
    name: "batch-job-native", status: "Complete", completions: "1/1", duration: "46s", age: "6m48s",
    containers: "main,aux", images: "busybox:1.36,alpine", selector: "batch.kubernetes.io/controller-uid=u1",
  });
});

void test("label selectors print as sorted requirements, or <none>", () => {
  assert.equal(formatLabelSelector(undefined), "<none>");
  assert.equal(formatLabelSelector({}), "<none>");
  assert.equal(formatLabelSelector({
    matchLabels: { tier: "web", app: "batch" },
    matchExpressions: [
      { key: "zone", operator: "In", values: ["b", "a"] }, { key: "env", operator: "NotIn", values: ["dev"] },
      { key: "canary", operator: "DoesNotExist" }, { key: "gpu", operator: "Exists" },
    ],
  }), "app=batch,!canary,env notin (dev),gpu,tier=web,zone in (a,b)");
});
