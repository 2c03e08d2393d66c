import { test } from "node:test";
import assert from "node:assert/strict";
import { decodeManifests } from "./decode-manifests.ts";

void test("decodeManifests skips empty documents and expands a List", () => {
  const text = "---\n---\napiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: a}\n- apiVersion: batch/v1\n  kind: Job\n  metadata: {name: b}\n---\napiVersion: v1\nkind: Pod\n";
  const docs = decodeManifests("x.yaml", text);
  assert.deepEqual(docs.map((d) => `${d.obj.kind ?? ""}/${d.obj.metadata.name ?? ""}`), ["Pod/a", "Job/b", "Pod/"]);
  assert.deepEqual(docs[2]?.obj.metadata, {});
});

void test("only kind missing is reported alone", () => {
  assert.throws(() => decodeManifests("STDIN", "apiVersion: v1\n"), { message: 'error validating "STDIN": error validating data: kind not set' });
});
