// metadata.managedFields for plain writes (create, update, non-apply patches): the manager
// gains the fields it changed, as apiserver's fieldmanager does (Updater.Update, in
// src/machinery/patch/server-side-apply.ts). Apply patches record theirs inside serverSideApply.
import type { KubeObject } from "../api/meta.ts";
import { rfc3339 } from "../machinery/clock.ts";
import { patchSchemaFor } from "../machinery/patch/kind-schemas.ts";
import { updateManagedFields } from "../machinery/patch/server-side-apply.ts";

/** The manager name kube-apiserver uses when fieldManager is absent: the User-Agent up to "/". */
export function managerName(query: URLSearchParams, userAgent: string | undefined): string {
  return query.get("fieldManager") || (userAgent ?? "unknown").split("/")[0] || "unknown";
}

/** obj with its managedFields updated for a write by manager; old undefined: a create. */
export function recordUpdate(o: { old: KubeObject | undefined; obj: KubeObject; manager: string; now: number; group: string; kind: string }): KubeObject {
  return updateManagedFields(o.old, o.obj, o.manager, "Update", rfc3339(o.now), patchSchemaFor(o.group, o.kind)) as KubeObject;
}
