import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Job } from "../../api/batch.ts";
import type { Pod } from "../../api/core.ts";
import {
  dropDisabledPodSpecFields, dropUnknownFields, strictDecodingError, unknownJobFieldsForVersion, unknownPodFieldsForVersion,
} from "./version-fields.ts";

const sidecarPod = (): Pod => ({
  metadata: { name: "p" },
  spec: {
    initContainers: [{ name: "proxy", image: "envoy", restartPolicy: "Always" }],
    containers: [{ name: "app", image: "app", lifecycle: { preStop: { sleep: { seconds: 5 } } } }],
  },
});

void describe("unknownPodFieldsForVersion", () => {
  const rows: [number, string[]][] = [
    [27, ["spec.initContainers[0].restartPolicy", "spec.containers[0].lifecycle.preStop.sleep"]],
    [28, ["spec.containers[0].lifecycle.preStop.sleep"]],
    [29, []],
    [33, []],
  ];
  for (const [minor, want] of rows) {
    void it(`1.${minor} does not know ${want.length ? want.join(", ") : "nothing"}`, () => {
      assert.deepEqual(unknownPodFieldsForVersion(sidecarPod(), minor), want);
    });
  }

  void it("prefixes template paths for Jobs", () => {
    const job: Job = { metadata: {}, spec: { template: { spec: sidecarPod().spec } } };
    assert.deepEqual(unknownJobFieldsForVersion(job, 28), ["spec.template.spec.containers[0].lifecycle.preStop.sleep"]);
  });
});

void describe("strict and non-strict decoding of unknown fields", () => {
  void it("strict decoding reports every unknown field", () => {
    assert.equal(strictDecodingError(unknownPodFieldsForVersion(sidecarPod(), 27)),
      'strict decoding error: unknown field "spec.initContainers[0].restartPolicy", unknown field "spec.containers[0].lifecycle.preStop.sleep"');
  });

  void it("non-strict decoding drops them: the sidecar becomes a plain init container", () => {
    const pod = sidecarPod();
    dropUnknownFields(pod, unknownPodFieldsForVersion(pod, 27));
    assert.deepEqual(pod.spec.initContainers?.[0], { name: "proxy", image: "envoy" });
    assert.deepEqual(pod.spec.containers[0]?.lifecycle, { preStop: {} });
  });
});

void describe("dropDisabledPodSpecFields", () => {
  void it("1.28 drops a new init container's restartPolicy", () => {
    const pod = sidecarPod();
    dropDisabledPodSpecFields(pod.spec, undefined, 28);
    assert.equal(pod.spec.initContainers?.[0]?.restartPolicy, undefined);
  });

  void it("1.28 keeps it on update when the stored pod already used it", () => {
    const pod = sidecarPod();
    dropDisabledPodSpecFields(pod.spec, sidecarPod().spec, 28);
    assert.equal(pod.spec.initContainers?.[0]?.restartPolicy, "Always");
  });

  void it("1.29 drops the sleep action (PodLifecycleSleepAction alpha) and keeps sidecars", () => {
    const pod = sidecarPod();
    dropDisabledPodSpecFields(pod.spec, undefined, 29);
    assert.equal(pod.spec.initContainers?.[0]?.restartPolicy, "Always");
    assert.deepEqual(pod.spec.containers[0]?.lifecycle, { preStop: {} });
  });
});
