// The four patch types, over src/machinery/patch (applyPatch): JSON patch, JSON merge patch,
// strategic merge patch with the kind's merge keys, and server-side apply with field managers.
import { rfc3339 } from "../machinery/clock.ts";
import { applyPatch } from "../machinery/patch/apply-patch.ts";
import { patchSchemaFor } from "../machinery/patch/kind-schemas.ts";
import type { PatchType } from "../machinery/patch/patch-types.ts";

export interface ApplyOptions { manager: string; force: boolean; now: number }

/** The patched object; original undefined only for apply (which then creates). */
export function patchObject(type: PatchType, original: unknown, patch: unknown, group: string, kind: string, apply?: ApplyOptions): unknown {
  const opts = apply ? { manager: apply.manager, force: apply.force, now: rfc3339(apply.now) } : undefined;
  return applyPatch(type, original, patch, patchSchemaFor(group, kind), opts);
}
