import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Job } from "../../api/batch.ts";
import { generateJobSelector } from "../jobs/job-strategy.ts";
import { makeJob, messages } from "./testdata/make-pod.ts";
import { validateJob, validateJobStatusUpdate, validateJobUpdate } from "./job-validation.ts";

/** A defaulted Job with the generated selector, as JobStrategy.prepareForCreate leaves it. */
function created(mutate: (j: Job) => void = () => {}, after: (j: Job) => void = () => {}): Job {
  const job = makeJob(mutate);
  if (job.spec.manualSelector !== true) generateJobSelector(job);
  after(job);
  return job;
}

const rows: { name: string; mutate?: (j: Job) => void; after?: (j: Job) => void; want: string[] }[] = [
  { name: "a valid Job", want: [] },
  { name: "template restartPolicy unset (defaulted to Always)", mutate: (j) => { delete j.spec.template.spec.restartPolicy; },
    want: ['spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"'] },
  { name: "template restartPolicy Always", mutate: (j) => { j.spec.template.spec.restartPolicy = "Always"; },
    want: ['spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"'] },
  { name: "template restartPolicy OnFailure", mutate: (j) => { j.spec.template.spec.restartPolicy = "OnFailure"; }, want: [] },
  { name: "negative completions", mutate: (j) => { j.spec.completions = -1; },
    want: ["spec.completions: Invalid value: -1: must be greater than or equal to 0"] },
  { name: "negative parallelism", mutate: (j) => { j.spec.parallelism = -1; },
    want: ["spec.parallelism: Invalid value: -1: must be greater than or equal to 0"] },
  { name: "negative backoffLimit", mutate: (j) => { j.spec.backoffLimit = -1; },
    want: ["spec.backoffLimit: Invalid value: -1: must be greater than or equal to 0"] },
  { name: "negative activeDeadlineSeconds", mutate: (j) => { j.spec.activeDeadlineSeconds = -5; },
    want: ["spec.activeDeadlineSeconds: Invalid value: -5: must be greater than or equal to 0"] },
  { name: "manual selector that does not match the template labels",
    mutate: (j) => { j.spec.manualSelector = true; j.spec.selector = { matchLabels: { app: "x" } }; j.spec.template.metadata = { labels: { app: "y", tier: "batch" } }; },
    want: ['spec.template.metadata.labels: Invalid value: map[string]string{"app":"y", "tier":"batch"}: `selector` does not match template `labels`'] },
  { name: "manual selector without a selector", mutate: (j) => { j.spec.manualSelector = true; },
    want: ["spec.selector: Required value"] },
  { name: "user label job-name conflicting with the Job's name",
    mutate: (j) => { j.spec.template.metadata = { labels: { "job-name": "other" } }; },
    want: [
      "spec.template.metadata.labels[job-name]: Invalid value: map[string]string{\"batch.kubernetes.io/controller-uid\":\"uid-1\", \"batch.kubernetes.io/job-name\":\"pi\", \"controller-uid\":\"uid-1\", \"job-name\":\"other\"}: must be 'pi'",
    ] },
  { name: "generated selector edited by hand", after: (j) => { j.spec.selector = { matchLabels: { "batch.kubernetes.io/controller-uid": "other" } }; },
    want: [
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"batch.kubernetes.io/controller-uid":"other"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: `selector` not auto-generated',
      'spec.template.metadata.labels: Invalid value: map[string]string{"batch.kubernetes.io/controller-uid":"uid-1", "batch.kubernetes.io/job-name":"pi", "controller-uid":"uid-1", "job-name":"pi"}: `selector` does not match template `labels`',
    ] },
  { name: "template container problems carry the template path", mutate: (j) => { delete j.spec.template.spec.containers[0]!.image; },
    want: ["spec.template.spec.containers[0].image: Required value"] },
  { name: "sidecar in a Job template", mutate: (j) => { j.spec.template.spec.initContainers = [{ name: "proxy", image: "envoy:1", restartPolicy: "Always" }]; }, want: [] },
  { name: "podReplacementPolicy unsupported", mutate: (j) => { j.spec.podReplacementPolicy = "Sometimes" as "Failed"; },
    want: ['spec.podReplacementPolicy: Unsupported value: "Sometimes": supported values: "Failed", "TerminatingOrFailed"'] },
  { name: "Indexed without completions", mutate: (j) => { j.spec.completionMode = "Indexed"; j.spec.parallelism = 2; },
    want: ["spec.completions: Required value: when completion mode is Indexed"] },
  { name: "backoffLimitPerIndex on a NonIndexed Job", mutate: (j) => { j.spec.backoffLimitPerIndex = 1; },
    want: ["spec.backoffLimitPerIndex: Invalid value: 1: requires indexed completion mode"] },
];

void describe("validateJob: one Kubernetes rule per row, exact texts", () => {
  for (const row of rows) {
    void it(row.name, () => {
      assert.deepEqual(messages(validateJob(created(row.mutate, row.after), { kubernetesMinor: 33 })), row.want);
    });
  }
});

void describe("validateJobUpdate", () => {
  void it("allows changing parallelism and suspend", () => {
    const old = created();
    const next = structuredClone(old);
    next.spec.parallelism = 3;
    next.spec.suspend = true;
    assert.deepEqual(validateJobUpdate(next, old, { kubernetesMinor: 33 }), []);
  });

  void it("keeps completions, selector and template immutable", () => {
    const old = created();
    const next = structuredClone(old);
    next.spec.completions = 2;
    next.spec.template.spec.containers[0]!.image = "busybox:2";
    assert.deepEqual(messages(validateJobUpdate(next, old, { kubernetesMinor: 33 })), [
      "spec.completions: Invalid value: 2: field is immutable",
      "spec.template: Invalid value: core.PodTemplateSpec{...}: field is immutable",
    ]);
  });

  void it("does not require the prefixed labels of a Job created before they existed", () => {
    const old = created();
    for (const j of [old]) {
      delete j.spec.template.metadata!.labels!["batch.kubernetes.io/job-name"];
      delete j.spec.template.metadata!.labels!["batch.kubernetes.io/controller-uid"];
      j.spec.selector = { matchLabels: { "controller-uid": "uid-1" } };
    }
    const next = structuredClone(old);
    next.spec.parallelism = 2;
    assert.deepEqual(validateJobUpdate(next, old, { kubernetesMinor: 33 }), []);
  });
});

void describe("validateJobStatusUpdate", () => {
  void it("rejects negative counters and more ready than active", () => {
    const old = created();
    const next = structuredClone(old);
    next.status = { active: 1, failed: -1, ready: 2 };
    assert.deepEqual(messages(validateJobStatusUpdate(next, old)), [
      "status.failed: Invalid value: -1: must be greater than or equal to 0",
      "status.ready: Invalid value: 2: cannot set more ready pods than active",
    ]);
  });
});
