// rest.defaultTableConvertor: the table of kinds without a printer — Name and "Created At"
// (type date, the creation timestamp in RFC 3339, UTC).
import { NAME_COLUMN, column, type MetaLike } from "./columns.ts";
import type { TablePrinter } from "./table-printer.ts";

export const defaultTablePrinter: TablePrinter = {
  columns: [NAME_COLUMN, column("Created At", "date", "CreationTimestamp is a timestamp representing the server time when this object was created.")],
  rows(obj) {
    const m = (obj as MetaLike).metadata ?? {};
    const t = m.creationTimestamp ? Date.parse(m.creationTimestamp) : Number.NaN;
    // metav1.Time's zero value formats as 0001-01-01T00:00:00Z.
    const created = Number.isNaN(t) ? "0001-01-01T00:00:00Z" : new Date(t).toISOString().replace(/\.\d{3}Z$/, "Z");
    return [{ cells: [m.name ?? "", created] }];
  },
};
