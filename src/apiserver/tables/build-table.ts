// The meta.k8s.io/v1 Table kube-apiserver answers `kubectl get` with (handlers/response.go
// asTable): every column (wide ones included: the server always prints wide), one row per
// object, each row's object by `includeObject` — None: null, Metadata (default): a
// PartialObjectMetadata carrying the full metadata, Object: the object itself. Watches send one
// single-row Table per event; only the first carries columnDefinitions (later: null,
// TableOptions.NoHeaders), and each table's resourceVersion is the object's.
import type { TableColumnDefinition, TablePrinter } from "./table-printer.ts";

export type IncludeObject = "None" | "Metadata" | "Object";

export interface TableOptions {
  /** Wall-clock time in ms (ages are computed against it). */
  now: number;
  includeObject: IncludeObject;
}

export interface BuildTableOptions extends TableOptions {
  resourceVersion: string;
  continue?: string;
  remainingItemCount?: number;
}

export interface TableRowCondition { type: string; status: string; reason?: string; message?: string }

export interface TableRow {
  cells: unknown[];
  conditions?: TableRowCondition[];
  object: unknown;
}

export interface Table {
  kind: "Table";
  apiVersion: "meta.k8s.io/v1";
  metadata: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
  columnDefinitions: TableColumnDefinition[] | null;
  rows: TableRow[];
}

function rowObject(obj: unknown, includeObject: IncludeObject): unknown {
  switch (includeObject) {
    case "None": return null;
    case "Object": return obj;
    case "Metadata": {
      const metadata = (obj as { metadata?: unknown }).metadata ?? {};
      return { kind: "PartialObjectMetadata", apiVersion: "meta.k8s.io/v1", metadata };
    }
  }
}

function rowsOf(printer: TablePrinter, obj: unknown, opts: TableOptions): TableRow[] {
  return printer.rows(obj, opts.now).map((r) => {
    const row: TableRow = { cells: r.cells, object: rowObject(obj, opts.includeObject) };
    if (r.conditions) {
      // Field order of metav1.TableRow: cells, conditions, object.
      return { cells: r.cells, conditions: r.conditions, object: row.object };
    }
    return row;
  });
}

/** The Table of a list (or of one object: pass it alone, with its resourceVersion). */
export function buildTable(printer: TablePrinter, objects: readonly unknown[], opts: BuildTableOptions): Table {
  const metadata: Table["metadata"] = { resourceVersion: opts.resourceVersion };
  if (opts.continue) metadata.continue = opts.continue;
  if (opts.remainingItemCount !== undefined) metadata.remainingItemCount = opts.remainingItemCount;
  return {
    kind: "Table",
    apiVersion: "meta.k8s.io/v1",
    metadata,
    columnDefinitions: printer.columns,
    rows: objects.flatMap((o) => rowsOf(printer, o, opts)),
  };
}

export type WatchEventType = "ADDED" | "MODIFIED" | "DELETED";

/**
 * One watch event of a table watch (`kubectl get -w`): `{type, object: Table}` with the object's
 * single row. `first` is true for the first event sent on the stream (it carries the headers).
 */
export function buildWatchTableEvent(
  printer: TablePrinter, type: WatchEventType, obj: unknown, opts: TableOptions & { first: boolean },
): { type: WatchEventType; object: Table } {
  const rv = (obj as { metadata?: { resourceVersion?: string } }).metadata?.resourceVersion;
  const table = buildTable(printer, [obj], { ...opts, resourceVersion: rv ?? "" });
  if (rv === undefined) delete table.metadata.resourceVersion;
  if (!opts.first) table.columnDefinitions = null;
  return { type, object: table };
}
