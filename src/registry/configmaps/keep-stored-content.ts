// The status "update" of kinds without a status (ConfigMap, Secret): nothing but labels and
// annotations may change, so everything else is taken from the stored object.
import type { KubeObject } from "../../api/meta.ts";

export function keepStoredContent<T extends KubeObject>(obj: T, old: T): void {
  const { labels, annotations } = obj.metadata;
  const record = obj as unknown as Record<string, unknown>;
  for (const k of Object.keys(record)) if (k !== "apiVersion" && k !== "kind") delete record[k];
  Object.assign(record, structuredClone(old));
  obj.metadata = { ...old.metadata };
  if (labels === undefined) delete obj.metadata.labels; else obj.metadata.labels = labels;
  if (annotations === undefined) delete obj.metadata.annotations; else obj.metadata.annotations = annotations;
}
