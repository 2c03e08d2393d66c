// The manifests users wrote in the seeds must be accepted exactly as a 1.33 cluster accepts them:
// defaulted, prepared for create and validated with no error. On 1.27 the native sidecars among
// them name the field a strict decoder rejects.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { parse } from "yaml";
import type { Job } from "../../api/batch.ts";
import type { Pod } from "../../api/core.ts";
import { fieldErrorMessage } from "../../machinery/field-errors.ts";
import { JobStrategy } from "../jobs/job-strategy.ts";
import { PodStrategy } from "../pods/pod-strategy.ts";
import type { StrategyContext } from "../strategy.ts";
import { seedManifests } from "./testdata/seed-manifests.ts";
import { unknownJobFieldsForVersion, unknownPodFieldsForVersion } from "./version-fields.ts";

type Manifest = (Pod | Job) & { kind: string };

function createAndValidate(obj: Manifest, ctx: StrategyContext): string[] {
  obj.metadata.namespace ??= "default";
  obj.metadata.uid = "00000000-0000-0000-0000-000000000001";
  if (obj.kind === "Job") {
    const s = new JobStrategy();
    const job = obj as Job;
    s.applyDefaults(job, ctx);
    s.prepareForCreate(job, ctx);
    return s.validate(job, ctx).map(fieldErrorMessage);
  }
  const s = new PodStrategy();
  const pod = obj as Pod;
  s.applyDefaults(pod, ctx);
  s.prepareForCreate(pod, ctx);
  return s.validate(pod, ctx).map(fieldErrorMessage);
}

void describe("the seeds' manifests", () => {
  for (const m of seedManifests) {
    void it(`${m.seed} is valid on 1.33 after defaults`, () => {
      assert.deepEqual(createAndValidate(parse(m.yaml) as Manifest, { now: 0, kubernetesMinor: 33 }), []);
    });
  }

  void it("on 1.27 only the native sidecars are unknown fields", () => {
    const unknown = seedManifests.flatMap((m) => {
      const obj = parse(m.yaml) as Manifest;
      const paths = obj.kind === "Job" ? unknownJobFieldsForVersion(obj, 27) : unknownPodFieldsForVersion(obj, 27);
      return paths.map((p) => `${obj.metadata.name ?? ""}: ${p}`);
    });
    assert.deepEqual(unknown, [
      "batch-job-native: spec.template.spec.initContainers[0].restartPolicy",
      "cloud-sql-native: spec.initContainers[0].restartPolicy",
      "istio-native: spec.initContainers[1].restartPolicy",
      "production-app: spec.initContainers[0].restartPolicy",
      "production-app: spec.initContainers[1].restartPolicy",
      "production-app: spec.initContainers[2].restartPolicy",
      "myapp: spec.initContainers[0].restartPolicy",
      "app-with-logging-sidecar: spec.initContainers[0].restartPolicy",
    ]);
  });

  void it("the traditional-sidecar Job is also valid on 1.27", () => {
    const m = seedManifests.find((s) => s.seed.includes("batch-job-traditional"));
    assert.ok(m);
    assert.deepEqual(createAndValidate(parse(m.yaml) as Manifest, { now: 0, kubernetesMinor: 27 }), []);
  });
});
