import { test } from "node:test";
import assert from "node:assert/strict";
import { pruneUnknownFields } from "./unknown-fields.ts";
import { shapeForKind } from "./shapes.ts";

const podShape = shapeForKind("", "Pod") ?? "any";

test("unknown fields: paths are reported as strict decoding names them, and pruned", () => {
  const pod = { apiVersion: "v1", kind: "Pod", metadata: { name: "x", bogus: 1 }, spec: { foo: "bar", containers: [{ name: "main", image: "busybox", extra: true }] } };
  assert.deepEqual(pruneUnknownFields(pod, podShape), ["metadata.bogus", "spec.foo", "spec.containers[0].extra"]);
  assert.deepEqual(pod, { apiVersion: "v1", kind: "Pod", metadata: { name: "x" }, spec: { containers: [{ name: "main", image: "busybox" }] } });
});

test("unknown fields: free-form parts (volume sources, affinity, status) accept anything", () => {
  const pod = {
    metadata: { name: "x", labels: { a: "b" } },
    spec: { affinity: { nodeAffinity: { anything: 1 } }, volumes: [{ name: "v", emptyDir: {}, csi: { driver: "d" } }], containers: [] },
    status: { whatever: true },
  };
  assert.deepEqual(pruneUnknownFields(pod, podShape), []);
});

test("unknown fields: the seeds' native sidecar Job has none", () => {
  const job = {
    apiVersion: "batch/v1", kind: "Job", metadata: { name: "j" },
    spec: { template: { spec: { restartPolicy: "Never", initContainers: [{ name: "s", image: "b", restartPolicy: "Always", startupProbe: { exec: { command: ["echo"] }, periodSeconds: 1 } }], containers: [{ name: "m", image: "b", command: ["sh"] }] } } },
  };
  assert.deepEqual(pruneUnknownFields(job, shapeForKind("batch", "Job") ?? "any"), []);
});
