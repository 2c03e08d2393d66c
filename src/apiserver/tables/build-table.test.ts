import { test } from "node:test";
import assert from "node:assert/strict";
import { buildTable, buildWatchTableEvent } from "./build-table.ts";
import { namespacePrinter } from "./core-printers.ts";
import { podPrinter } from "./pod-printer.ts";

const NOW = Date.parse("2025-06-01T12:00:00Z");
const ns = (name: string, rv: string): Record<string, unknown> => ({
  kind: "Namespace", apiVersion: "v1",
  metadata: { name, uid: `u-${name}`, resourceVersion: rv, creationTimestamp: "2025-06-01T11:59:00Z", labels: { "kubernetes.io/metadata.name": name } },
  status: { phase: "Active" },
});

test("buildTable: rows carry PartialObjectMetadata by default (what -A and --show-labels read)", () => {
  const table = buildTable(namespacePrinter, [ns("default", "5")], { now: NOW, includeObject: "Metadata", resourceVersion: "113" });
  assert.deepEqual(JSON.parse(JSON.stringify(table)), {
    kind: "Table", apiVersion: "meta.k8s.io/v1", metadata: { resourceVersion: "113" },
    columnDefinitions: namespacePrinter.columns,
    rows: [{ cells: ["default", "Active", "60s"], object: {
      kind: "PartialObjectMetadata", apiVersion: "meta.k8s.io/v1",
      metadata: { name: "default", uid: "u-default", resourceVersion: "5", creationTimestamp: "2025-06-01T11:59:00Z", labels: { "kubernetes.io/metadata.name": "default" } },
    } }],
  });
});

test("buildTable: includeObject=Object embeds the object (--sort-by), None leaves null", () => {
  const obj = ns("a", "1");
  assert.equal(buildTable(namespacePrinter, [obj], { now: NOW, includeObject: "Object", resourceVersion: "9" }).rows[0]?.object, obj);
  assert.equal(buildTable(namespacePrinter, [obj], { now: NOW, includeObject: "None", resourceVersion: "9" }).rows[0]?.object, null);
});

test("buildTable: an empty list has no rows, and continue is carried", () => {
  const table = buildTable(namespacePrinter, [], { now: NOW, includeObject: "Metadata", resourceVersion: "7", continue: "tok" });
  assert.deepEqual(table.rows, []);
  assert.deepEqual(table.metadata, { resourceVersion: "7", continue: "tok" });
});

test("buildTable: row conditions sit between cells and object, as metav1.TableRow orders them", () => {
  const pod = { metadata: { name: "p", creationTimestamp: "2025-06-01T11:00:00Z" }, spec: { containers: [{ name: "c" }] }, status: { phase: "Failed" } };
  const row = buildTable(podPrinter, [pod], { now: NOW, includeObject: "None", resourceVersion: "1" }).rows[0];
  assert.deepEqual(Object.keys(row ?? {}), ["cells", "conditions", "object"]);
  assert.deepEqual(row?.conditions, [{ type: "Completed", status: "True", reason: "Failed", message: "The pod failed." }]);
});

test("watch tables: the first event carries the columns, later ones null; each with the object's resourceVersion", () => {
  const first = buildWatchTableEvent(namespacePrinter, "ADDED", ns("a", "10"), { now: NOW, includeObject: "Metadata", first: true });
  const later = buildWatchTableEvent(namespacePrinter, "MODIFIED", ns("a", "11"), { now: NOW, includeObject: "Metadata", first: false });
  assert.equal(first.type, "ADDED");
  assert.deepEqual(first.object.columnDefinitions, namespacePrinter.columns);
  assert.equal(first.object.rows.length, 1);
  assert.equal(later.object.columnDefinitions, null);
  assert.deepEqual(later.object.metadata, { resourceVersion: "11" });
  assert.deepEqual(later.object.rows[0]?.cells, ["a", "Active", "60s"]);
});
