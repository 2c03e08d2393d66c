import { test } from "node:test";
import assert from "node:assert/strict";
import { StatusError } from "../status-error.ts";
import { applyPatch } from "./apply-patch.ts";
import { patchSchemaFor } from "./kind-schemas.ts";

const schema = patchSchemaFor("", "ConfigMap");
const cm = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" }, data: { a: "1" } };

const cases: { type: string; patch: unknown; data: unknown }[] = [
  { type: "application/json-patch+json", patch: [{ op: "add", path: "/data/b", value: "2" }], data: { a: "1", b: "2" } },
  { type: "application/merge-patch+json", patch: { data: { a: null, b: "2" } }, data: { b: "2" } },
  { type: "application/strategic-merge-patch+json", patch: { data: { b: "2" } }, data: { a: "1", b: "2" } },
];

for (const c of cases) {
  test(`applyPatch dispatches ${c.type}`, () => {
    assert.deepEqual((applyPatch(c.type, cm, c.patch, schema) as { data: unknown }).data, c.data);
  });
}

test("applyPatch dispatches apply patches to server-side apply", () => {
  const out = applyPatch("application/apply-patch+yaml", undefined, { ...cm, data: { x: "y" } }, schema, { manager: "kubectl", force: false, now: "2025-01-01T00:00:00Z" });
  assert.deepEqual((out as { data: unknown }).data, { x: "y" });
});

test("applyPatch answers an unknown patch type with 415 and the accepted list", () => {
  assert.throws(() => applyPatch("application/xml", cm, {}, schema), (e: unknown) =>
    e instanceof StatusError && e.code === 415 && e.reason === "UnsupportedMediaType" &&
    e.status.message === "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json, application/apply-patch+yaml");
});
