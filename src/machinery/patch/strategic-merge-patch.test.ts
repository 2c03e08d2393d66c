import { test } from "node:test";
import assert from "node:assert/strict";
import { StatusError } from "../status-error.ts";
import { patchSchemaFor } from "./kind-schemas.ts";
import { applyStrategicMergePatch } from "./strategic-merge-patch.ts";

const deployment = (): Record<string, unknown> => ({
  apiVersion: "apps/v1", kind: "Deployment",
  metadata: { name: "web", labels: { app: "web" }, finalizers: ["a", "b"], ownerReferences: [{ uid: "u1", name: "o1" }, { uid: "u2", name: "o2" }] },
  spec: {
    replicas: 2,
    strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: "25%", maxUnavailable: "25%" } },
    template: {
      metadata: { labels: { app: "web" } },
      spec: {
        containers: [
          { name: "nginx", image: "nginx:1.25", ports: [{ containerPort: 80, protocol: "TCP" }], args: ["-g", "x"] },
          { name: "sidecar", image: "busybox", env: [{ name: "A", value: "1" }, { name: "B", value: "2" }] },
        ],
        volumes: [{ name: "data", emptyDir: {} }],
        tolerations: [{ key: "k1", operator: "Exists" }],
      },
    },
  },
  status: { conditions: [{ type: "Available", status: "True" }, { type: "Progressing", status: "True" }] },
});

type Obj = Record<string, unknown>;
/** The value at a dotted path ("spec.template.spec.containers.0.env"). */
const at = (o: unknown, path: string): unknown => path.split(".").reduce<unknown>((v, k) => (v as Obj | undefined)?.[k], o);
const names = (l: unknown): unknown[] => (l as Obj[]).map((c) => c["name"]);

const cases: { name: string; patch: unknown; check: (out: unknown) => void }[] = [
  {
    name: "kubectl 1.32 apply of a changed image, port and new env (spec §4.4) merges by name and containerPort",
    patch: { spec: { template: { spec: {
      "$setElementOrder/containers": [{ name: "nginx" }, { name: "sidecar" }],
      containers: [{ name: "nginx", image: "nginx:1.26", env: [{ name: "A", value: "1" }],
        "$setElementOrder/ports": [{ containerPort: 8080 }],
        ports: [{ containerPort: 8080 }, { $patch: "delete", containerPort: 80 }] }],
    } } } },
    check: (o) => assert.deepEqual(at(o, "spec.template.spec.containers"), [
      { name: "nginx", image: "nginx:1.26", ports: [{ containerPort: 8080 }], args: ["-g", "x"], env: [{ name: "A", value: "1" }] },
      { name: "sidecar", image: "busybox", env: [{ name: "A", value: "1" }, { name: "B", value: "2" }] },
    ]),
  },
  {
    name: "kubectl apply removing a container sends $patch delete and the new order",
    patch: { spec: { template: { spec: { "$setElementOrder/containers": [{ name: "nginx" }], containers: [{ $patch: "delete", name: "sidecar" }] } } } },
    check: (o) => assert.deepEqual(names(at(o, "spec.template.spec.containers")), ["nginx"]),
  },
  {
    name: "$setElementOrder reorders and places a new container",
    patch: { spec: { template: { spec: {
      "$setElementOrder/containers": [{ name: "init" }, { name: "sidecar" }, { name: "nginx" }],
      containers: [{ name: "init", image: "alpine" }],
    } } } },
    check: (o) => assert.deepEqual(names(at(o, "spec.template.spec.containers")), ["init", "sidecar", "nginx"]),
  },
  {
    name: "without $setElementOrder a new item goes before the live ones (mergeSortedSlice)",
    patch: { spec: { template: { spec: { containers: [{ name: "extra", image: "alpine" }] } } } },
    check: (o) => assert.deepEqual(names(at(o, "spec.template.spec.containers")), ["extra", "nginx", "sidecar"]),
  },
  {
    name: "env merges by name inside a container",
    patch: { spec: { template: { spec: { containers: [{ name: "sidecar", env: [{ name: "B", value: "3" }] }] } } } },
    check: (o) => assert.deepEqual(at(o, "spec.template.spec.containers.1.env"), [{ name: "A", value: "1" }, { name: "B", value: "3" }]),
  },
  {
    name: "lists without a merge key are replaced (args, tolerations)",
    patch: { spec: { template: { spec: { tolerations: [{ key: "k2", operator: "Exists" }], containers: [{ name: "nginx", args: ["-v"] }] } } } },
    check: (o) => {
      assert.deepEqual(at(o, "spec.template.spec.tolerations"), [{ key: "k2", operator: "Exists" }]);
      assert.deepEqual(at(o, "spec.template.spec.containers.0.args"), ["-v"]);
    },
  },
  {
    name: "null deletes a field",
    patch: { spec: { replicas: null }, metadata: { labels: { app: null } } },
    check: (o) => { assert.equal(Object.hasOwn(at(o, "spec") as Obj, "replicas"), false); assert.deepEqual(at(o, "metadata.labels"), {}); },
  },
  {
    name: "$retainKeys drops the keys it does not list (strategy switched to Recreate)",
    patch: { spec: { strategy: { $retainKeys: ["type"], type: "Recreate", rollingUpdate: null } } },
    check: (o) => assert.deepEqual(at(o, "spec.strategy"), { type: "Recreate" }),
  },
  {
    name: "$retainKeys in a volume replaces its source",
    patch: { spec: { template: { spec: { volumes: [{ name: "data", $retainKeys: ["configMap", "name"], configMap: { name: "cm" } }] } } } },
    check: (o) => assert.deepEqual(at(o, "spec.template.spec.volumes"), [{ name: "data", configMap: { name: "cm" } }]),
  },
  {
    name: "$patch: replace on a map replaces it",
    patch: { spec: { template: { metadata: { labels: { $patch: "replace", tier: "fe" } } } } },
    check: (o) => assert.deepEqual(at(o, "spec.template.metadata.labels"), { tier: "fe" }),
  },
  {
    name: "$patch: replace in a list replaces the list",
    patch: { spec: { template: { spec: { containers: [{ name: "only", image: "x" }, { $patch: "replace" }] } } } },
    check: (o) => assert.deepEqual(at(o, "spec.template.spec.containers"), [{ name: "only", image: "x" }]),
  },
  {
    name: "$patch: delete on a map empties it",
    patch: { spec: { strategy: { $patch: "delete" } } },
    check: (o) => assert.deepEqual(at(o, "spec.strategy"), {}),
  },
  {
    name: "finalizers merge as a set and $deleteFromPrimitiveList removes",
    patch: { metadata: { finalizers: ["c"], "$deleteFromPrimitiveList/finalizers": ["a"] } },
    check: (o) => assert.deepEqual(at(o, "metadata.finalizers"), ["c", "b"]),
  },
  {
    name: "ownerReferences merge by uid",
    patch: { metadata: { ownerReferences: [{ uid: "u2", name: "renamed" }] } },
    check: (o) => assert.deepEqual(at(o, "metadata.ownerReferences"), [{ uid: "u1", name: "o1" }, { uid: "u2", name: "renamed" }]),
  },
  {
    name: "status conditions merge by type",
    patch: { status: { conditions: [{ type: "Progressing", status: "False", reason: "ProgressDeadlineExceeded" }] } },
    check: (o) => assert.deepEqual(at(o, "status.conditions"), [
      { type: "Available", status: "True" }, { type: "Progressing", status: "False", reason: "ProgressDeadlineExceeded" }]),
  },
  {
    name: "kubectl rollout restart adds an annotation to the template",
    patch: { spec: { template: { metadata: { annotations: { "kubectl.kubernetes.io/restartedAt": "2025-01-01T00:00:00Z" } } } } },
    check: (o) => assert.deepEqual(at(o, "spec.template.metadata.annotations"), { "kubectl.kubernetes.io/restartedAt": "2025-01-01T00:00:00Z" }),
  },
  {
    name: "directives and nulls inside new values are dropped",
    patch: { spec: { template: { spec: { initContainers: [{ name: "i", image: "x", "$setElementOrder/env": [], command: null }] } } } },
    check: (o) => assert.deepEqual(at(o, "spec.template.spec.initContainers"), [{ name: "i", image: "x" }]),
  },
];

for (const c of cases) {
  test(`strategic merge patch: ${c.name}`, () => {
    const original = deployment();
    const before = structuredClone(original);
    const patch = structuredClone(c.patch);
    c.check(applyStrategicMergePatch(original, patch, patchSchemaFor("apps", "Deployment")));
    assert.deepEqual(original, before, "the original is not mutated");
    assert.deepEqual(patch, c.patch, "the patch is not mutated");
  });
}

test("strategic merge patch: service ports merge by port", () => {
  const svc = { spec: { ports: [{ port: 80, targetPort: 8080 }, { port: 443, targetPort: 8443 }] } };
  const out = applyStrategicMergePatch(svc, { spec: { ports: [{ port: 443, targetPort: 9443 }] } }, patchSchemaFor("", "Service"));
  assert.deepEqual(at(out, "spec.ports"), [{ port: 80, targetPort: 8080 }, { port: 443, targetPort: 9443 }]);
});

test("strategic merge patch: unknown kinds merge maps and replace lists", () => {
  const out = applyStrategicMergePatch({ spec: { a: { b: 1 }, l: [{ name: "x" }] } }, { spec: { a: { c: 2 }, l: [{ name: "y" }] } }, patchSchemaFor("example.com", "Widget"));
  assert.deepEqual(at(out, "spec"), { a: { b: 1, c: 2 }, l: [{ name: "y" }] });
});

const failing: { name: string; patch: unknown; code: number; message: string }[] = [
  { name: "an item without its merge key is a 500 like the apiserver's", patch: { spec: { template: { spec: { containers: [{ image: "x" }] } } } },
    code: 500, message: "map: map[image:x] does not contain declared merge key: name" },
  { name: "$patch: merge in a list is refused", patch: { spec: { template: { spec: { containers: [{ $patch: "merge" }] } } } },
    code: 500, message: "merging lists cannot yet be specified in the patch" },
  { name: "an unknown $patch value on a map is refused", patch: { spec: { strategy: { $patch: "frob" } } },
    code: 500, message: "Unknown patch type: frob in map: map[$patch:frob]" },
  { name: "a key outside $retainKeys is 400", patch: { spec: { strategy: { $retainKeys: ["type"], rollingUpdate: {} } } },
    code: 400, message: "invalid patch format of retainKeys" },
  { name: "a body that is not an object is 400", patch: [1],
    code: 400, message: "json: cannot unmarshal array into Go value of type map[string]interface {}" },
  { name: "items of mixed types are a 500", patch: { spec: { template: { spec: { containers: [[1]] } } } },
    code: 500, message: "list element types are not identical: [[map[args:[-g x] image:nginx:1.25 name:nginx ports:[map[containerPort:80 protocol:TCP]]] map[env:[map[name:A value:1] map[name:B value:2]] image:busybox name:sidecar]] [[1]]]" },
];

for (const c of failing) {
  test(`strategic merge patch: ${c.name}`, () => {
    assert.throws(() => applyStrategicMergePatch(deployment(), c.patch, patchSchemaFor("apps", "Deployment")), (e: unknown) => {
      assert.ok(e instanceof StatusError);
      assert.equal(e.code, c.code);
      assert.equal(e.status.message, c.message);
      return true;
    });
  });
}

test("strategic merge patch: a list of lists is 422 with Kubernetes' fixed message", () => {
  assert.throws(() => applyStrategicMergePatch({ metadata: { finalizers: [] } }, { metadata: { finalizers: [["x"]] } }, patchSchemaFor("", "Pod")), (e: unknown) =>
    e instanceof StatusError && e.code === 422 && e.reason === "Invalid" && (e.cause as Error).message === "lists of lists are not supported");
});
