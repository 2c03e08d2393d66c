// One place maps whatever a handler threw to the wire (STYLE.md §4): a StatusError keeps its
// code and Status; anything else is a 500 InternalError and is logged, never a crash.
import type { Status } from "../api/meta.ts";
import { isStatusError, StatusError } from "../machinery/status-error.ts";
import { jsonResponse, type ApiBodyResponse } from "./api-types.ts";

function failure(code: number, reason: string, message: string): StatusError {
  const status: Status = { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message, reason, code };
  return new StatusError(status);
}

/** The body of a 401, as kube-apiserver's authentication filter writes it. */
export const newUnauthorized = (): StatusError => failure(401, "Unauthorized", "Unauthorized");

/** apierrors.NewRequestEntityTooLargeError("limit is N"). */
export const newRequestEntityTooLarge = (limitBytes: number): StatusError =>
  failure(413, "RequestEntityTooLarge", `Request entity too large: limit is ${limitBytes}`);

/** negotiation.NewUnsupportedMediaTypeError: the body's content type has no decoder here. */
export const newUnsupportedMediaType = (contentType: string, accepted: readonly string[]): StatusError =>
  failure(415, "UnsupportedMediaType",
    `the body of the request was in an unknown format - accepted media types include: ${accepted.join(", ")}` +
    (contentType.startsWith("application/vnd.kubernetes.protobuf") ? " (pillion does not decode protobuf bodies; send JSON or YAML)" : ""));

/** apierrors.NewMethodNotSupported. */
export const newMethodNotSupported = (resource: string, action: string): StatusError =>
  failure(405, "MethodNotAllowed", `${action} is not supported on resources of kind "${resource}"`);

/** The 404 for a path that names no resource (kube-apiserver's NotFound handler). */
export const newPathNotFound = (): StatusError => {
  const e = failure(404, "NotFound", "the server could not find the requested resource");
  e.status.details = {};
  return e;
};

export function statusOf(e: unknown, log: (message: string) => void): Status {
  if (isStatusError(e)) return e.status;
  log(`internal error: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
  return failure(500, "InternalError", `Internal error occurred: ${e instanceof Error ? e.message : String(e)}`).status;
}

export function errorResponse(e: unknown, log: (message: string) => void): ApiBodyResponse {
  const status = statusOf(e, log);
  return jsonResponse(status.code, status);
}
