// One entry point for PATCH bodies: picks the algorithm by Content-Type, like handlers/patch.go
// patchResource. Pure: inputs are never mutated; errors are StatusErrors with Kubernetes' wire form.
import { applyJsonPatch } from "./json-patch.ts";
import { applyMergePatch } from "./merge-patch.ts";
import { unsupportedPatchType } from "./patch-errors.ts";
import type { PatchSchema } from "./patch-schema.ts";
import type { PatchType } from "./patch-types.ts";
import { serverSideApply, type ServerSideApplyOptions } from "./server-side-apply.ts";
import { applyStrategicMergePatch } from "./strategic-merge-patch.ts";

/**
 * `original` is the live object, `patch` the decoded body. For apply patches pass
 * `apply` (manager, force, now); `original` may then be undefined (apply creates).
 * An unknown type answers 415 with the accepted list.
 */
export function applyPatch(
  type: PatchType | (string & {}),
  original: unknown,
  patch: unknown,
  schema: PatchSchema,
  apply?: Omit<ServerSideApplyOptions, "schema">,
): unknown {
  switch (type) {
    case "application/json-patch+json": return applyJsonPatch(original, patch);
    case "application/merge-patch+json": return applyMergePatch(original, patch);
    case "application/strategic-merge-patch+json": return applyStrategicMergePatch(original, patch, schema);
    case "application/apply-patch+yaml":
      if (!apply) throw new TypeError("applyPatch: an apply patch needs the manager, force and now options");
      return serverSideApply(original, patch, { ...apply, schema });
    default:
      throw unsupportedPatchType();
  }
}
