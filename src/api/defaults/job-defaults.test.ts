import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Job } from "../batch.ts";
import { applyJobDefaults } from "./job-defaults.ts";

const job = (spec: Partial<Job["spec"]> = {}): Job => ({
  metadata: { name: "j" },
  spec: { template: { spec: { restartPolicy: "Never", containers: [{ name: "c", image: "x" }] } }, ...spec },
});

void describe("applyJobDefaults (SetDefaults_Job)", () => {
  void it("defaults a minimal 1.33 Job like a real server", () => {
    const j = job();
    applyJobDefaults(j, { kubernetesMinor: 33 });
    const { template: _t, ...rest } = j.spec;
    assert.deepEqual(rest, {
      completions: 1, parallelism: 1, backoffLimit: 6, completionMode: "NonIndexed", suspend: false,
      podReplacementPolicy: "TerminatingOrFailed", manualSelector: false,
    });
    assert.equal(j.spec.template.spec.terminationGracePeriodSeconds, 30);
    assert.equal(j.spec.template.spec.containers[0]?.terminationMessagePolicy, "File");
  });

  void it("leaves podReplacementPolicy and manualSelector unset before 1.29", () => {
    const j = job();
    applyJobDefaults(j, { kubernetesMinor: 28 });
    assert.equal(j.spec.podReplacementPolicy, undefined);
    assert.equal(j.spec.manualSelector, undefined);
  });

  const rows: { name: string; spec: Partial<Job["spec"]>; want: Record<string, unknown> }[] = [
    { name: "parallelism alone: completions stays unset", spec: { parallelism: 3 }, want: { parallelism: 3, completions: undefined } },
    { name: "completions alone: parallelism 1", spec: { completions: 5 }, want: { completions: 5, parallelism: 1 } },
    { name: "backoffLimitPerIndex: backoffLimit MaxInt32", spec: { backoffLimitPerIndex: 1 }, want: { backoffLimit: 2147483647 } },
    { name: "podFailurePolicy: podReplacementPolicy Failed", spec: { podFailurePolicy: { rules: [] } }, want: { podReplacementPolicy: "Failed" } },
    { name: "explicit values are kept", spec: { backoffLimit: 0, suspend: true, manualSelector: true }, want: { backoffLimit: 0, suspend: true, manualSelector: true } },
  ];
  for (const row of rows) {
    void it(row.name, () => {
      const j = job(row.spec);
      applyJobDefaults(j, { kubernetesMinor: 33 });
      for (const [k, v] of Object.entries(row.want)) assert.deepEqual(j.spec[k as keyof Job["spec"]], v, k);
    });
  }

  void it("copies the template's labels to a Job without labels", () => {
    const j = job();
    j.spec.template.metadata = { labels: { app: "batch" } };
    applyJobDefaults(j, { kubernetesMinor: 33 });
    assert.deepEqual(j.metadata.labels, { app: "batch" });
  });

  void it("defaults the template's restartPolicy to Always like any PodSpec (validation then rejects it)", () => {
    const j = job();
    delete j.spec.template.spec.restartPolicy;
    applyJobDefaults(j, { kubernetesMinor: 33 });
    assert.equal(j.spec.template.spec.restartPolicy, "Always");
  });
});
