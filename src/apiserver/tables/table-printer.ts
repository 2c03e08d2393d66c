// Server-side printing (pkg/printers): what `kubectl get` shows comes from the server as a
// meta.k8s.io/v1 Table. One TablePrinter per kind, with Kubernetes' columns (printers.go).

export interface TableColumnDefinition {
  name: string;
  type: "string" | "integer" | "number" | "boolean" | "date";
  format: string; // "name" for the first column, else ""
  description: string;
  priority: number; // 0: always; 1: only with -o wide
}

export interface TableRowCells {
  cells: unknown[];
  /** e.g. [{ type: "Completed", status: "True", reason: "Succeeded" }] for finished pods. */
  conditions?: { type: string; status: string; reason?: string; message?: string }[];
}

export interface TablePrinter {
  columns: TableColumnDefinition[];
  /** The row(s) of one object (cells aligned with columns, wide ones included). */
  rows(obj: unknown, now: number): TableRowCells[];
}
