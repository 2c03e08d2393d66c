// Column definitions shared by the printers, and the small formatting helpers of
// pkg/printers/internalversion/printers.go (layoutContainerCells, labels.FormatLabels,
// printBoolPtr). Descriptions are free text (kubectl ignores them); Kubernetes takes them from
// the types' swagger docs, shortened here.
import type { TableColumnDefinition } from "./table-printer.ts";

export function column(name: string, type: TableColumnDefinition["type"], description: string, priority = 0): TableColumnDefinition {
  return { name, type, format: "", description, priority };
}

export const NAME_COLUMN: TableColumnDefinition = {
  name: "Name", type: "string", format: "name", priority: 0,
  description: "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names",
};

export const AGE_COLUMN = column("Age", "string", "CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.");

/** The three -o wide columns of the workload kinds. */
export const templateColumns = (selectorDescription: string): TableColumnDefinition[] => [
  column("Containers", "string", "Names of each container in the template.", 1),
  column("Images", "string", "Images referenced by each container in the template.", 1),
  column("Selector", "string", selectorDescription, 1),
];

export interface ContainerLike { name?: string; image?: string }

/** layoutContainerCells: names and images joined by ",". */
export function layoutContainerCells(containers: readonly ContainerLike[] | undefined): [string, string] {
  const list = containers ?? [];
  return [list.map((c) => c.name ?? "").join(","), list.map((c) => c.image ?? "").join(",")];
}

/** labels.FormatLabels: sorted `k=v` joined by ","; "<none>" when empty. */
export function formatLabels(labels: Readonly<Record<string, string>> | undefined): string {
  const keys = Object.keys(labels ?? {}).sort();
  return keys.length ? keys.map((k) => `${k}=${labels?.[k] ?? ""}`).join(",") : "<none>";
}

/** printBoolPtr. */
export const printBoolPtr = (v: boolean | undefined): string => (v === undefined ? "<unset>" : v ? "True" : "False");

/** The object's metadata, for printers that read only name and creationTimestamp. */
export interface MetaLike { metadata?: { name?: string; creationTimestamp?: string; labels?: Record<string, string>; deletionTimestamp?: string } }
