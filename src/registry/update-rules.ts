// What every kind's strategy does on update, as apiserver's rest.BeforeUpdate and the status
// strategies do it: a spec update keeps the stored status and generation; a status update keeps
// the stored spec and all metadata but labels and annotations.
import type { KubeObject } from "../api/meta.ts";

type WithStatus = KubeObject & { status?: unknown; spec?: unknown };

/** Spec update: the request cannot change the status or set the generation itself. */
export function keepStoredStatusAndGeneration<T extends WithStatus>(obj: T, old: T): void {
  if (old.status === undefined) delete obj.status;
  else obj.status = old.status;
  if (old.metadata.generation === undefined) delete obj.metadata.generation;
  else obj.metadata.generation = old.metadata.generation;
}

/** Status update: the spec and all metadata but labels and annotations stay as stored. */
export function keepStoredSpecAndMetadata<T extends WithStatus>(obj: T, old: T): void {
  obj.spec = old.spec;
  const { labels, annotations } = obj.metadata;
  obj.metadata = { ...old.metadata };
  if (labels === undefined) delete obj.metadata.labels; else obj.metadata.labels = labels;
  if (annotations === undefined) delete obj.metadata.annotations; else obj.metadata.annotations = annotations;
}
