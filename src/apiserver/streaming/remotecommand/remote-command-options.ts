// Which standard streams an exec/attach wants. Mirrors the kubelet's remotecommand.NewOptions
// (pkg/kubelet/cri/streaming/remotecommand/httpstream.go) applied to the API server's query
// (PodExecOptions / PodAttachOptions), whose booleans are decoded by apimachinery's
// Convert_Slice_string_To_bool.
import { StatusError } from "../../../machinery/status-error.ts";

export interface RemoteCommandOptions {
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  tty: boolean;
}

/**
 * Convert_Slice_string_To_bool: an absent parameter, "0" or "false" (any case) is false; any other
 * value, the empty string included, is true. Only the first value counts.
 */
export function queryBool(query: URLSearchParams, name: string): boolean {
  const v = query.get(name);
  if (v === null) return false;
  return !(v === "0" || v.toLowerCase() === "false");
}

function badRequest(message: string): StatusError {
  return new StatusError({ kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message, reason: "BadRequest", code: 400 });
}

/**
 * NewOptions: a tty has no separate stderr (stderr is dropped, not refused), and at least one of
 * stdin/stdout/stderr is required. Throws a 400 StatusError with the kubelet's text.
 */
export function remoteCommandOptions(query: URLSearchParams): RemoteCommandOptions {
  const tty = queryBool(query, "tty");
  const stdin = queryBool(query, "stdin");
  const stdout = queryBool(query, "stdout");
  let stderr = queryBool(query, "stderr");
  if (tty && stderr) stderr = false;
  if (!stdin && !stdout && !stderr) throw badRequest("you must specify at least 1 of stdin, stdout, stderr");
  return { stdin, stdout, stderr, tty };
}
