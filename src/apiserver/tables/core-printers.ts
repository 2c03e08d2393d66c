// `kubectl get namespaces | configmaps | secrets`: printNamespace, printConfigMap, printSecret of
// printers.go. The Data columns are declared "string" and hold integers, as in Kubernetes.
import { translateTimestampSince } from "../../printers/human-duration.ts";
import { AGE_COLUMN, NAME_COLUMN, column, type MetaLike } from "./columns.ts";
import type { TablePrinter } from "./table-printer.ts";

interface NamespaceLike extends MetaLike { status?: { phase?: string } }
interface ConfigMapLike extends MetaLike { data?: Record<string, string>; binaryData?: Record<string, string> }
interface SecretLike extends MetaLike { type?: string; data?: Record<string, string> }

const count = (m: Record<string, string> | undefined): number => Object.keys(m ?? {}).length;

export const namespacePrinter: TablePrinter = {
  columns: [NAME_COLUMN, column("Status", "string", "The status of the namespace"), AGE_COLUMN],
  rows(obj, now) {
    const ns = obj as NamespaceLike;
    return [{ cells: [ns.metadata?.name ?? "", ns.status?.phase ?? "", translateTimestampSince(ns.metadata?.creationTimestamp, now)] }];
  },
};

export const configMapPrinter: TablePrinter = {
  columns: [NAME_COLUMN, column("Data", "string", "Data contains the configuration data."), AGE_COLUMN],
  rows(obj, now) {
    const cm = obj as ConfigMapLike;
    return [{ cells: [cm.metadata?.name ?? "", count(cm.data) + count(cm.binaryData), translateTimestampSince(cm.metadata?.creationTimestamp, now)] }];
  },
};

export const secretPrinter: TablePrinter = {
  columns: [
    NAME_COLUMN,
    column("Type", "string", "Used to facilitate programmatic handling of secret data."),
    column("Data", "string", "Data contains the secret data."),
    AGE_COLUMN,
  ],
  rows(obj, now) {
    const s = obj as SecretLike;
    return [{ cells: [s.metadata?.name ?? "", s.type ?? "", count(s.data), translateTimestampSince(s.metadata?.creationTimestamp, now)] }];
  },
};
