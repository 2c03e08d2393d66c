// apimachinery's StatusError: API errors that know their wire form. Built only through the
// constructors below, which fix the HTTP code, reason and message shape ("pods \"web\" not found").
import type { Status, StatusCause } from "../api/meta.ts";
import { aggregateMessage, fieldErrorMessage, type FieldError } from "./field-errors.ts";

export type StatusReason =
  | "NotFound" | "AlreadyExists" | "Conflict" | "Invalid" | "BadRequest" | "Gone" | "Unauthorized"
  | "Forbidden" | "RequestEntityTooLarge" | "UnsupportedMediaType" | "MethodNotAllowed"
  | "NotAcceptable" | "InternalError" | "Timeout" | "ServiceUnavailable" | "Expired";

export class StatusError extends Error {
  readonly status: Status;
  constructor(status: Status, options?: { cause?: unknown }) {
    super(status.message ?? status.reason ?? "unknown error", options);
    this.name = "StatusError";
    this.status = status;
  }
  get code(): number { return this.status.code; }
  get reason(): string { return this.status.reason ?? ""; }
}

function failure(code: number, reason: StatusReason, message: string, details?: Status["details"]): StatusError {
  const status: Status = { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message, reason, code };
  if (details) status.details = details;
  return new StatusError(status);
}

/** A group-qualified resource, e.g. { group: "batch", resource: "jobs" }. */
export interface GroupResource { group: string; resource: string }

const qualified = (gr: GroupResource): string => (gr.group ? `${gr.resource}.${gr.group}` : gr.resource);

export const newNotFound = (gr: GroupResource, name: string): StatusError =>
  failure(404, "NotFound", `${qualified(gr)} "${name}" not found`, { name, group: gr.group, kind: gr.resource });

export const newAlreadyExists = (gr: GroupResource, name: string): StatusError =>
  failure(409, "AlreadyExists", `${qualified(gr)} "${name}" already exists`, { name, group: gr.group, kind: gr.resource });

export const newConflict = (gr: GroupResource, name: string, why: string): StatusError =>
  failure(409, "Conflict", `Operation cannot be fulfilled on ${qualified(gr)} "${name}": ${why}`, { name, group: gr.group, kind: gr.resource });

/** kind is the Kind ("Pod"); message: `Pod "x" is invalid: <errs>`. */
export function newInvalid(groupKind: { group: string; kind: string }, name: string, errors: readonly FieldError[]): StatusError {
  const causes: StatusCause[] = errors.map((e) => ({
    reason: e.type, message: fieldErrorMessage(e).slice(e.field.length + 2), field: e.field,
  }));
  const gk = groupKind.group ? `${groupKind.kind}.${groupKind.group}` : groupKind.kind;
  return failure(422, "Invalid", `${gk} "${name}" is invalid: ${aggregateMessage(errors)}`, {
    name, group: groupKind.group, kind: groupKind.kind, causes,
  });
}

export const newBadRequest = (message: string): StatusError => failure(400, "BadRequest", message);
export const newGone = (message: string): StatusError => failure(410, "Expired", message);
export const newInternalError = (message: string): StatusError => failure(500, "InternalError", `Internal error occurred: ${message}`);

export function isStatusError(e: unknown, reason?: StatusReason): e is StatusError {
  return e instanceof StatusError && (reason === undefined || e.reason === reason);
}

/** NewForbidden: `pods "x" is forbidden: <why>` (403). */
export function newForbidden(gr: GroupResource, name: string, why: string, causes?: StatusCause[]): StatusError {
  const message = name ? `${qualified(gr)} "${name}" is forbidden: ${why}` : `${qualified(gr)} is forbidden: ${why}`;
  const details: NonNullable<Status["details"]> = { name, group: gr.group, kind: gr.resource };
  if (causes?.length) details.causes = causes;
  return failure(403, "Forbidden", message, details);
}
