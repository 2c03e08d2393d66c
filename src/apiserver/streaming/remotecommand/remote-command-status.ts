// The Status that ends an exec/attach session, and its bytes on the error channel/stream.
// Mirrors ServeExec/ServeAttach (pkg/kubelet/cri/streaming/remotecommand/{exec,attach}.go) and the
// writeStatus functions of httpstream.go: v4 and later send the Status as Go's json.Marshal writes
// it (field order kind, apiVersion, metadata, status, message, reason, details, code; empty fields
// left out); v1–v3 send only the message of a failure and nothing for success.
import type { Status, StatusDetails } from "../../../api/meta.ts";
import { isStatusError } from "../../../machinery/status-error.ts";

export type RemoteCommandOperation = "exec" | "attach";

/** The Status as the wire carries it (metav1.Status; a cause's type is the JSON field "reason"). */
export interface WireStatus {
  kind?: string;
  apiVersion?: string;
  metadata: Record<string, unknown>;
  status: "Success" | "Failure";
  message?: string;
  reason?: string;
  details?: WireStatusDetails;
  code?: number;
}

interface WireStatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: { reason?: string; message?: string; field?: string }[];
  retryAfterSeconds?: number;
}

export const SUCCESS_STATUS: WireStatus = { metadata: {}, status: "Success" };

/**
 * The CRI's ExitError text for an exit code, as client-go's v4 error decoder words it and as the
 * API server's v5 translator (codeExitToStatusError) therefore passes it on to kubectl.
 */
export const exitErrorText = (code: number): string => `command terminated with exit code ${code}`;

/** ServeExec's Status for a process that exited with a non-zero code. */
export function nonZeroExitStatus(code: number): WireStatus {
  return {
    metadata: {},
    status: "Failure",
    message: `command terminated with non-zero exit code: ${exitErrorText(code)}`,
    reason: "NonZeroExitCode",
    details: { causes: [{ reason: "ExitCode", message: String(code) }] },
  };
}

/** apierrors.NewInternalError(err), without TypeMeta, as the kubelet writes it. */
export function internalErrorStatus(message: string): WireStatus {
  return {
    metadata: {},
    status: "Failure",
    message: `Internal error occurred: ${message}`,
    reason: "InternalError",
    details: { causes: [{ message }] },
    code: 500,
  };
}

/**
 * How the session ended → its Status. exec: 0 → Success, else NonZeroExitCode. attach: always
 * Success (AttachContainer reports no exit code; a detach, null, is a success too).
 */
export function exitStatus(exitCode: number | null, operation: RemoteCommandOperation): WireStatus {
  if (operation === "attach" || exitCode === null || exitCode === 0) return SUCCESS_STATUS;
  return nonZeroExitStatus(exitCode);
}

function toWireDetails(d: StatusDetails): WireStatusDetails {
  const out: WireStatusDetails = {};
  if (d.name) out.name = d.name;
  if (d.group) out.group = d.group;
  if (d.kind) out.kind = d.kind;
  if (d.uid) out.uid = d.uid;
  if (d.causes?.length) {
    out.causes = d.causes.map((c) => {
      const cause: { reason?: string; message?: string; field?: string } = {};
      if (c.reason) cause.reason = c.reason;
      if (c.message) cause.message = c.message;
      if (c.field) cause.field = c.field;
      return cause;
    });
  }
  if (d.retryAfterSeconds) out.retryAfterSeconds = d.retryAfterSeconds;
  return out;
}

/** A machinery Status in Go's field order. */
export function toWireStatus(s: Status): WireStatus {
  const out: WireStatus = { metadata: {}, status: s.status };
  if (s.kind) out.kind = s.kind;
  if (s.apiVersion) out.apiVersion = s.apiVersion;
  if (s.message) out.message = s.message;
  if (s.reason) out.reason = s.reason;
  if (s.details) out.details = toWireDetails(s.details);
  if (s.code) out.code = s.code;
  return orderStatus(out);
}

function orderStatus(s: WireStatus): WireStatus {
  const { kind, apiVersion, metadata, status, message, reason, details, code } = s;
  return JSON.parse(JSON.stringify({ kind, apiVersion, metadata, status, message, reason, details, code })) as WireStatus;
}

/**
 * The Status for a start() that rejected: a StatusError keeps its own Status; anything else is
 * the kubelet's NewInternalError("error executing command in container: …" for exec,
 * "error attaching to container: …" for attach).
 */
export function startFailureStatus(e: unknown, operation: RemoteCommandOperation): WireStatus {
  if (isStatusError(e)) return toWireStatus(e.status);
  const message = e instanceof Error ? e.message : String(e);
  const prefix = operation === "exec" ? "error executing command in container" : "error attaching to container";
  return internalErrorStatus(`${prefix}: ${message}`);
}

/**
 * The error channel's payload for a protocol version: v4+ the Status JSON; v1–v3 the failure's
 * message (status.Error()), and nothing (null) for a success.
 */
export function encodeStatus(status: WireStatus, version: number): Uint8Array | null {
  if (version >= 4) return new TextEncoder().encode(JSON.stringify(orderStatus(status)));
  if (status.status === "Success") return null;
  return new TextEncoder().encode(status.message ?? "");
}
