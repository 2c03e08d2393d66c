import { test } from "node:test";
import assert from "node:assert/strict";
import { StatusError } from "../status-error.ts";
import { decodeFieldsV1, encodeFieldsV1, pathString, fromKey } from "./field-set.ts";
import { patchSchemaFor } from "./kind-schemas.ts";
import { serverSideApply, updateManagedFields } from "./server-side-apply.ts";

type Obj = Record<string, unknown>;
/** The value at a dotted path ("metadata.managedFields.0.time"). */
const at = (o: unknown, path: string): unknown => path.split(".").reduce<unknown>((v, k) => (v as Obj | undefined)?.[k], o);
const schema = patchSchemaFor("", "Pod");
const T0 = "2025-01-01T00:00:00Z";
const T1 = "2025-01-01T00:01:00Z";

const podConfig = (image: string, extra: Obj = {}): Obj => ({
  apiVersion: "v1", kind: "Pod",
  metadata: { name: "web", labels: { app: "web", ...(extra["labels"] as Record<string, string> | undefined) } },
  spec: { containers: [{ name: "main", image, ports: [{ containerPort: 80 }] }] },
});

test("server-side apply: creating records an Apply entry with Kubernetes' fieldsV1 encoding", () => {
  const out = serverSideApply(undefined, podConfig("nginx:1.25"), { manager: "kubectl", force: false, now: T0, schema });
  assert.deepEqual(at(out, "metadata.managedFields"), [{
    manager: "kubectl", operation: "Apply", apiVersion: "v1", time: T0, fieldsType: "FieldsV1",
    fieldsV1: {
      "f:metadata": { "f:labels": { "f:app": {} } },
      "f:spec": { "f:containers": { 'k:{"name":"main"}': {
        ".": {}, "f:image": {}, "f:name": {},
        "f:ports": { 'k:{"containerPort":80,"protocol":"TCP"}': { ".": {}, "f:containerPort": {} } },
      } } },
    },
  }]);
});

test("server-side apply: re-applying without a field this manager set removes it", () => {
  const first = serverSideApply(undefined, podConfig("nginx:1.25", { labels: { tier: "fe" } }), { manager: "kubectl", force: false, now: T0, schema });
  const second = serverSideApply(first, podConfig("nginx:1.26"), { manager: "kubectl", force: false, now: T1, schema });
  assert.deepEqual(at(second, "metadata.labels"), { app: "web" });
  assert.equal(at(second, "spec.containers.0.image"), "nginx:1.26");
  assert.equal(at(second, "metadata.managedFields.0.time"), T1);
});

test("server-side apply: a field another manager set and this one changes is a 409 with Kubernetes' message", () => {
  const created = updateManagedFields(undefined, podConfig("nginx:1.25"), "kubectl-client-side-apply", "Update", T0, schema);
  assert.throws(() => serverSideApply(created, podConfig("nginx:1.26"), { manager: "kubectl", force: false, now: T1, schema }), (e: unknown) => {
    assert.ok(e instanceof StatusError);
    assert.equal(e.code, 409);
    assert.equal(e.reason, "Conflict");
    assert.equal(e.status.message, 'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using v1: .spec.containers[name="main"].image');
    assert.deepEqual(e.status.details?.causes, [{ reason: "FieldManagerConflict", message: 'conflict with "kubectl-client-side-apply" using v1', field: '.spec.containers[name="main"].image' }]);
    return true;
  });
});

test("server-side apply: the same value owned by another manager is shared, not a conflict", () => {
  const created = updateManagedFields(undefined, podConfig("nginx:1.25"), "kubectl-client-side-apply", "Update", T0, schema);
  const out = serverSideApply(created, podConfig("nginx:1.25"), { manager: "kubectl", force: false, now: T1, schema });
  assert.deepEqual((at(out, "metadata.managedFields") as Obj[]).map((e) => `${String(e["manager"])}/${String(e["operation"])}`), ["kubectl/Apply", "kubectl-client-side-apply/Update"]);
});

test("server-side apply: force takes the field over", () => {
  const created = updateManagedFields(undefined, podConfig("nginx:1.25"), "kubectl-client-side-apply", "Update", T0, schema);
  const out = serverSideApply(created, podConfig("nginx:1.26"), { manager: "kubectl", force: true, now: T1, schema });
  assert.equal(at(out, "spec.containers.0.image"), "nginx:1.26");
  const csa = (at(out, "metadata.managedFields") as Obj[]).find((e) => e["manager"] === "kubectl-client-side-apply");
  assert.deepEqual(at(csa, 'fieldsV1.f:spec.f:containers.k:{"name":"main"}'), { ".": {}, "f:name": {}, "f:ports": { 'k:{"containerPort":80,"protocol":"TCP"}': { ".": {}, "f:containerPort": {} } } });
});

test("updateManagedFields: an update takes changed fields from other managers", () => {
  const created = updateManagedFields(undefined, podConfig("nginx:1.25"), "kubectl-create", "Update", T0, schema);
  const edited = structuredClone(created);
  ((at(edited, "spec.containers") as Obj[])[0] as Obj)["image"] = "nginx:1.26";
  const out = updateManagedFields(created, edited, "kubectl-edit", "Update", T1, schema);
  const entries = at(out, "metadata.managedFields") as Obj[];
  assert.deepEqual(entries.map((e) => [e["manager"], e["time"]]), [["kubectl-create", T0], ["kubectl-edit", T1]]);
  assert.deepEqual(entries[1]?.["fieldsV1"], { "f:spec": { "f:containers": { 'k:{"name":"main"}': { "f:image": {} } } } });
});

test("fieldsV1 round-trips and paths print like fieldpath.Path.String()", () => {
  const fields = { "f:metadata": { "f:finalizers": { "v:\"x\"": {} } }, "f:spec": { "f:ports": { 'k:{"port":80,"protocol":"TCP"}': { ".": {}, "f:port": {} } } } };
  const set = decodeFieldsV1(fields);
  assert.deepEqual(encodeFieldsV1(set), fields);
  assert.deepEqual([...set].map((k) => pathString(fromKey(k))).sort(), ['.metadata.finalizers[="x"]', '.spec.ports[port=80,protocol="TCP"]', '.spec.ports[port=80,protocol="TCP"].port']);
});
