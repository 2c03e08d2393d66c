// Server-side printing for `kubectl get` (spec §2.1), over src/apiserver/tables: each kind's
// printer (the default NAME / CREATED AT one for kinds without), rows carrying their object
// per includeObject. The tables module builds meta.k8s.io/v1 Tables; a client that asked for
// v1beta1 gets the same body under that apiVersion (the two are identical on the wire).
import type { KubeObject } from "../api/meta.ts";
import { buildTable as buildTableOf, buildWatchTableEvent } from "./tables/build-table.ts";
import { defaultTablePrinter } from "./tables/default-table-printer.ts";
import { printerFor } from "./tables/printer-for.ts";
import type { TablePrinter } from "./tables/table-printer.ts";
import type { IncludeObject } from "./negotiation.ts";

export interface TableOptions {
  group: string;
  kind: string;
  version: "v1" | "v1beta1";
  includeObject: IncludeObject;
  now: number;
  resourceVersion?: string;
}

const printerOf = (group: string, kind: string): TablePrinter => printerFor(group, kind) ?? defaultTablePrinter;

export function buildTable(objects: readonly KubeObject[], o: TableOptions): Record<string, unknown> {
  const table = buildTableOf(printerOf(o.group, o.kind), objects, { now: o.now, includeObject: o.includeObject, resourceVersion: o.resourceVersion ?? "" });
  if (o.resourceVersion === undefined) delete table.metadata.resourceVersion;
  return { ...table, apiVersion: `meta.k8s.io/${o.version}` };
}

/** One event of a table watch; only the first carries the column definitions. */
export function watchTableEvent(type: "ADDED" | "MODIFIED" | "DELETED", obj: KubeObject, o: TableOptions & { first: boolean }): Record<string, unknown> {
  const e = buildWatchTableEvent(printerOf(o.group, o.kind), type, obj, { now: o.now, includeObject: o.includeObject, first: o.first });
  return { type: e.type, object: { ...e.object, apiVersion: `meta.k8s.io/${o.version}` } };
}

export const tableContentType = (version: string): string => `application/json;as=Table;v=${version};g=meta.k8s.io`;
