import { test } from "node:test";
import assert from "node:assert/strict";
import { StatusError } from "../status-error.ts";
import { applyJsonPatch } from "./json-patch.ts";
import { applyMergePatch } from "./merge-patch.ts";

const pod = (): Record<string, unknown> => ({
  apiVersion: "v1", kind: "Pod",
  metadata: { name: "web", labels: { app: "web" }, annotations: { "example.com/a~b": "1" } },
  spec: { containers: [{ name: "main", image: "nginx:1.25", args: ["a", "b"] }] },
});

type Obj = Record<string, unknown>;
/** The value at a dotted path ("spec.containers.0.args"). */
const at = (o: unknown, path: string): unknown => path.split(".").reduce<unknown>((v, k) => (v as Obj | undefined)?.[k], o);

const ok: { name: string; patch: unknown[]; check: (out: unknown) => void }[] = [
  { name: "add creates a member", patch: [{ op: "add", path: "/metadata/labels/tier", value: "fe" }],
    check: (o) => assert.deepEqual(at(o, "metadata.labels"), { app: "web", tier: "fe" }) },
  { name: "add at an index inserts before it", patch: [{ op: "add", path: "/spec/containers/0/args/1", value: "x" }],
    check: (o) => assert.deepEqual(at(o, "spec.containers.0.args"), ["a", "x", "b"]) },
  { name: "add at - appends", patch: [{ op: "add", path: "/spec/containers/0/args/-", value: "c" }],
    check: (o) => assert.deepEqual(at(o, "spec.containers.0.args"), ["a", "b", "c"]) },
  { name: "add at the length appends", patch: [{ op: "add", path: "/spec/containers/0/args/2", value: "c" }],
    check: (o) => assert.deepEqual(at(o, "spec.containers.0.args"), ["a", "b", "c"]) },
  { name: "replace changes a value", patch: [{ op: "replace", path: "/spec/containers/0/image", value: "nginx:1.26" }],
    check: (o) => assert.equal(at(o, "spec.containers.0.image"), "nginx:1.26") },
  { name: "replace of a missing member adds it (evanphx v4 quirk)", patch: [{ op: "replace", path: "/spec/nodeName", value: "n1" }],
    check: (o) => assert.equal(at(o, "spec.nodeName"), "n1") },
  { name: "remove deletes a member", patch: [{ op: "remove", path: "/metadata/labels/app" }],
    check: (o) => assert.deepEqual(at(o, "metadata.labels"), {}) },
  { name: "remove with a negative index counts from the end", patch: [{ op: "remove", path: "/spec/containers/0/args/-1" }],
    check: (o) => assert.deepEqual(at(o, "spec.containers.0.args"), ["a"]) },
  { name: "~1 and ~0 unescape to / and ~", patch: [{ op: "replace", path: "/metadata/annotations/example.com~1a~0b", value: "2" }],
    check: (o) => assert.deepEqual(at(o, "metadata.annotations"), { "example.com/a~b": "2" }) },
  { name: "move takes the value away", patch: [{ op: "move", from: "/metadata/labels/app", path: "/metadata/labels/name" }],
    check: (o) => assert.deepEqual(at(o, "metadata.labels"), { name: "web" }) },
  { name: "copy duplicates a subtree", patch: [{ op: "copy", from: "/metadata/labels", path: "/spec/nodeSelector" }],
    check: (o) => { assert.deepEqual(at(o, "spec.nodeSelector"), { app: "web" }); assert.notEqual(at(o, "spec.nodeSelector"), at(o, "metadata.labels")); } },
  { name: "a passing test lets later ops run", patch: [{ op: "test", path: "/spec/containers/0/image", value: "nginx:1.25" }, { op: "add", path: "/metadata/labels/t", value: "1" }],
    check: (o) => assert.equal(at(o, "metadata.labels.t"), "1") },
  { name: "test of a missing member against null passes", patch: [{ op: "test", path: "/spec/nodeName", value: null }],
    check: (o) => assert.equal(at(o, "spec.nodeName"), undefined) },
];

for (const c of ok) {
  test(`json patch: ${c.name}`, () => {
    const original = pod();
    const before = structuredClone(original);
    c.check(applyJsonPatch(original, c.patch));
    assert.deepEqual(original, before, "the original is not mutated");
  });
}

const failing: { name: string; patch: unknown; code: number; message: string; cause?: string }[] = [
  { name: "a failed test is 422 with Kubernetes' fixed message", patch: [{ op: "test", path: "/spec/containers/0/image", value: "x" }],
    code: 422, message: "the server rejected our request due to an error in our request", cause: "testing value /spec/containers/0/image failed: test failed" },
  { name: "removing a missing member is 422", patch: [{ op: "remove", path: "/spec/affinity" }],
    code: 422, message: "the server rejected our request due to an error in our request", cause: "error in remove for path: '/spec/affinity': Unable to remove nonexistent key: affinity: missing value" },
  { name: "adding under a missing parent is 422", patch: [{ op: "add", path: "/spec/affinity/nodeAffinity", value: {} }],
    code: 422, message: "the server rejected our request due to an error in our request", cause: 'add operation does not apply: doc is missing path: "/spec/affinity/nodeAffinity": missing value' },
  { name: "an index past the end is 422", patch: [{ op: "add", path: "/spec/containers/0/args/5", value: "x" }],
    code: 422, message: "the server rejected our request due to an error in our request", cause: "error in add for path: '/spec/containers/0/args/5': Unable to access invalid index: 5: invalid index referenced" },
  { name: "an unknown op is 422", patch: [{ op: "frobnicate", path: "/a" }],
    code: 422, message: "the server rejected our request due to an error in our request", cause: "Unexpected kind: frobnicate" },
  { name: "a body that is not an array is 400", patch: { op: "add" },
    code: 400, message: "json: cannot unmarshal object into Go value of type jsonpatch.Patch" },
];

for (const c of failing) {
  test(`json patch: ${c.name}`, () => {
    assert.throws(() => applyJsonPatch(pod(), c.patch), (e: unknown) => {
      assert.ok(e instanceof StatusError);
      assert.equal(e.code, c.code);
      assert.equal(e.status.message, c.message);
      if (c.code === 422) assert.deepEqual(e.status.details, {});
      if (c.cause) assert.equal((e.cause as Error).message, c.cause);
      return true;
    });
  });
}

const merges: { name: string; patch: unknown; expect: Record<string, unknown> }[] = [
  { name: "adds and deletes labels (kubectl label)", patch: { metadata: { labels: { tier: "fe", app: null } } },
    expect: { metadata: { name: "x", labels: { tier: "fe" } }, spec: { replicas: 1, list: [1, 2] } } },
  { name: "replaces lists wholesale", patch: { spec: { list: [3] } },
    expect: { metadata: { name: "x", labels: { app: "web" } }, spec: { replicas: 1, list: [3] } } },
  { name: "prunes nulls inside new objects", patch: { spec: { template: { a: 1, b: null } } },
    expect: { metadata: { name: "x", labels: { app: "web" } }, spec: { replicas: 1, list: [1, 2], template: { a: 1 } } } },
  { name: "a scalar replaces an object (kubectl scale)", patch: { spec: { replicas: 3 } },
    expect: { metadata: { name: "x", labels: { app: "web" } }, spec: { replicas: 3, list: [1, 2] } } },
];

for (const c of merges) {
  test(`merge patch: ${c.name}`, () => {
    const original = { metadata: { name: "x", labels: { app: "web" } }, spec: { replicas: 1, list: [1, 2] } };
    const before = structuredClone(original);
    assert.deepEqual(applyMergePatch(original, c.patch), c.expect);
    assert.deepEqual(original, before);
  });
}

test("merge patch: a body that is not an object is 400 Invalid JSON Patch", () => {
  assert.throws(() => applyMergePatch({}, [1]), (e: unknown) => e instanceof StatusError && e.code === 400 && e.status.message === "Invalid JSON Patch");
});
