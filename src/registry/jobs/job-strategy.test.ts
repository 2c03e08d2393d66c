import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Job } from "../../api/batch.ts";
import { fieldErrorMessage } from "../../machinery/field-errors.ts";
import type { StrategyContext } from "../strategy.ts";
import { JobStrategy } from "./job-strategy.ts";

const ctx = (kubernetesMinor = 33): StrategyContext => ({ now: 0, kubernetesMinor });

function input(mutate: (j: Job) => void = () => {}): Job {
  const job: Job = {
    metadata: { name: "pi", namespace: "default", uid: "3d4a" },
    spec: { template: { spec: { restartPolicy: "Never", containers: [{ name: "pi", image: "perl:5.34" }] } } },
  };
  mutate(job);
  return job;
}

function create(job: Job, c = ctx()): Job {
  const s = new JobStrategy();
  s.applyDefaults(job, c);
  s.prepareForCreate(job, c);
  return job;
}

const generated = {
  "batch.kubernetes.io/controller-uid": "3d4a",
  "batch.kubernetes.io/job-name": "pi",
  "controller-uid": "3d4a",
  "job-name": "pi",
};

void describe("JobStrategy.prepareForCreate", () => {
  void it("generates the selector and template labels, resets status, sets generation 1", () => {
    const job = create(input((j) => { j.status = { active: 3 }; }));
    assert.deepEqual(job.spec.selector, { matchLabels: { "batch.kubernetes.io/controller-uid": "3d4a" } });
    assert.deepEqual(job.spec.template.metadata?.labels, generated);
    assert.deepEqual(job.metadata.labels, generated);
    assert.deepEqual(job.status, {});
    assert.equal(job.metadata.generation, 1);
    assert.deepEqual(new JobStrategy().validate(job, ctx()), []);
  });

  void it("keeps the user's template labels and Job labels", () => {
    const job = create(input((j) => { j.metadata.labels = { team: "a" }; j.spec.template.metadata = { labels: { app: "pi" } }; }));
    assert.deepEqual(job.spec.template.metadata?.labels, { app: "pi", ...generated });
    assert.deepEqual(job.metadata.labels, { team: "a" });
  });

  void it("with manualSelector true generates nothing", () => {
    const job = create(input((j) => {
      j.spec.manualSelector = true;
      j.spec.selector = { matchLabels: { app: "pi" } };
      j.spec.template.metadata = { labels: { app: "pi" } };
    }));
    assert.deepEqual(job.spec.selector, { matchLabels: { app: "pi" } });
    assert.deepEqual(job.spec.template.metadata?.labels, { app: "pi" });
    assert.deepEqual(new JobStrategy().validate(job, ctx()), []);
  });

  void it("treats an unset manualSelector as false before 1.29", () => {
    const job = create(input(), ctx(28));
    assert.equal(job.spec.manualSelector, undefined);
    assert.deepEqual(job.spec.template.metadata?.labels, generated);
  });

  void it("drops podReplacementPolicy on 1.28 (JobPodReplacementPolicy off)", () => {
    assert.equal(create(input((j) => { j.spec.podReplacementPolicy = "Failed"; }), ctx(28)).spec.podReplacementPolicy, undefined);
    assert.equal(create(input((j) => { j.spec.podReplacementPolicy = "Failed"; }), ctx(29)).spec.podReplacementPolicy, "Failed");
  });

  void it("rejects a template without restartPolicy with Kubernetes' text", () => {
    const job = create(input((j) => { delete j.spec.template.spec.restartPolicy; }));
    assert.deepEqual(new JobStrategy().validate(job, ctx()).map(fieldErrorMessage),
      ['spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"']);
  });
});

void describe("JobStrategy updates", () => {
  const stored = (): Job => {
    const job = create(input());
    job.metadata.resourceVersion = "4";
    job.status = { active: 1, startTime: "2025-01-01T00:00:00Z" };
    return job;
  };

  void it("keeps the status on a spec update and bumps the generation only when the spec changes", () => {
    const s = new JobStrategy();
    const old = stored();
    const labelsOnly = structuredClone(old);
    labelsOnly.metadata.labels = { x: "y" };
    labelsOnly.status = {};
    s.prepareForUpdate(labelsOnly, old, ctx());
    assert.deepEqual(labelsOnly.status, old.status);
    assert.equal(labelsOnly.metadata.generation, 1);
    const suspended = structuredClone(old);
    suspended.spec.suspend = true;
    s.prepareForUpdate(suspended, old, ctx());
    assert.equal(suspended.metadata.generation, 2);
    assert.deepEqual(s.validateUpdate(suspended, old, ctx()), []);
  });

  void it("keeps the spec on a status update", () => {
    const s = new JobStrategy();
    const old = stored();
    const next = structuredClone(old);
    next.spec.parallelism = 9;
    next.status = { succeeded: 1, completionTime: "2025-01-01T00:01:00Z" };
    s.prepareForStatusUpdate(next, old, ctx());
    assert.equal(next.spec.parallelism, 1);
    assert.deepEqual(next.status, { succeeded: 1, completionTime: "2025-01-01T00:01:00Z" });
    assert.deepEqual(s.validateStatusUpdate(next, old, ctx()), []);
  });
});
