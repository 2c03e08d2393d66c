// The errors a patch can end in, with the wire form kube-apiserver gives them
// (staging/src/k8s.io/apiserver/pkg/endpoints/handlers/patch.go). Each carries the library's own
// message (evanphx/json-patch, strategicpatch) as `cause`, for logs: Kubernetes drops it from
// the 422 answer (NewGenericServerResponse keeps no causes), so the wire never shows it.
import type { Status, StatusCause } from "../../api/meta.ts";
import { StatusError } from "../status-error.ts";
import type { PatchType } from "./patch-types.ts";

function statusError(status: Omit<Status, "kind" | "apiVersion" | "metadata" | "status">, cause?: string): StatusError {
  const full: Status = { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", ...status };
  return new StatusError(full, cause === undefined ? undefined : { cause: new Error(cause) });
}

/** 400 BadRequest with the message as given (errors.NewBadRequest). */
export const patchBadRequest = (message: string): StatusError =>
  statusError({ message, reason: "BadRequest", code: 400 });

/**
 * 422 for a patch that does not apply (JSON patch op failure, SMP "lists of lists", retainKeys
 * mismatch): errors.NewGenericServerResponse(422, "", GroupResource{}, "", msg, 0, false), whose
 * message is fixed and whose details are empty.
 */
export const patchNotApplicable = (libraryMessage: string): StatusError =>
  statusError({ message: "the server rejected our request due to an error in our request", reason: "Invalid", details: {}, code: 422 }, libraryMessage);

/**
 * 500 for strategicpatch errors the apiserver does not classify (missing merge key, unknown
 * `$patch` value…): ErrorToAPIStatus turns a plain error into code 500 with reason Unknown ("")
 * and the error text as message. Mirrored, odd as it is.
 */
export const patchInternal = (message: string): StatusError =>
  statusError({ message, reason: "", code: 500 }, message);

/** The patch types kube-apiserver accepts for built-in kinds, in installer.go's order. */
export const ACCEPTED_PATCH_TYPES: readonly PatchType[] = [
  "application/json-patch+json",
  "application/merge-patch+json",
  "application/strategic-merge-patch+json",
  "application/apply-patch+yaml",
];

/** 415 (negotiation.NewUnsupportedMediaTypeError). */
export const unsupportedPatchType = (accepted: readonly string[] = ACCEPTED_PATCH_TYPES): StatusError =>
  statusError({
    message: `the body of the request was in an unknown format - accepted media types include: ${accepted.join(", ")}`,
    reason: "UnsupportedMediaType",
    code: 415,
  });

export interface ApplyConflict {
  /** Rendered like printManager: `"kubectl-client-side-apply" using v1` for Update, `"kubectl"` for Apply. */
  manager: string;
  /** fieldpath.Path.String(): `.spec.containers[name="main"].image`. */
  path: string;
}

/** 409 from a server-side apply (managedfields/internal/conflict.go NewConflictError). */
export function applyConflictError(conflicts: readonly ApplyConflict[]): StatusError {
  const causes: StatusCause[] = conflicts.map((c) => ({ reason: "FieldManagerConflict", message: `conflict with ${c.manager}`, field: c.path }));
  let message: string;
  const [only] = conflicts;
  if (conflicts.length === 1 && only) {
    message = `Apply failed with 1 conflict: conflict with ${only.manager}: ${only.path}`;
  } else {
    const byManager = new Map<string, string[]>();
    for (const c of conflicts) byManager.set(c.manager, [...(byManager.get(c.manager) ?? []), c.path]);
    const lines: string[] = [];
    for (const manager of [...byManager.keys()].sort()) {
      lines.push(`conflicts with ${manager}:`);
      for (const p of byManager.get(manager) ?? []) lines.push(`- ${p}`);
    }
    message = `Apply failed with ${conflicts.length} conflicts: ${lines.join("\n")}`;
  }
  return statusError({ message, reason: "Conflict", details: { causes }, code: 409 });
}
