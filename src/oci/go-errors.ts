// Transport errors as Go prints them. Kubernetes' probe messages are Go error strings
// (`dial tcp 127.0.0.1:80: connect: connection refused`, `Get "http://…": context deadline
// exceeded (Client.Timeout exceeded while awaiting headers)`), and users grep for them.

/** syscall.Errno.Error() texts for the errors a dial can meet. */
const ERRNO_TEXT: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  EHOSTUNREACH: "no route to host",
  ENETUNREACH: "network is unreachable",
  ETIMEDOUT: "connection timed out",
  ECONNRESET: "connection reset by peer",
  EADDRNOTAVAIL: "cannot assign requested address",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EINVAL: "invalid argument",
  EPIPE: "broken pipe",
};

/** net.JoinHostPort. */
export function joinHostPort(host: string, port: number): string {
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}

/**
 * The error net.Dial(network, host:port) returns, from a Node/proxy error code. network is "tcp"
 * for probes and "tcp4" for port-forward (CRI-O dials "tcp4").
 */
export function goDialError(host: string, port: number, code: string, message = "", network: "tcp" | "tcp4" = "tcp"): string {
  const addr = joinHostPort(host, port);
  if (code === "TIMEOUT") return `dial ${network} ${addr}: i/o timeout`;
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return `dial ${network}: lookup ${host}: no such host`;
  const text = ERRNO_TEXT[code] ?? (message || code.toLowerCase());
  return `dial ${network} ${addr}: connect: ${text}`;
}

/** time.Duration.String() for whole milliseconds: 500ms, 1s, 1.5s, 1m30s. */
export function goDuration(ms: number): string {
  if (ms === 0) return "0s";
  if (ms < 1000) return `${ms}ms`;
  const totalSeconds = ms / 1000;
  const h = Math.floor(totalSeconds / 3600);
  const m = Math.floor((totalSeconds % 3600) / 60);
  const s = Number((totalSeconds % 60).toFixed(3));
  if (h > 0) return `${h}h${m}m${s}s`;
  if (m > 0) return `${m}m${s}s`;
  return `${s}s`;
}

/** The URL Kubernetes' HTTP prober builds (probe/http formatURL). */
export function probeUrl(scheme: "HTTP" | "HTTPS", host: string, port: number, path: string): string {
  const p = path.startsWith("/") ? path : `/${path}`;
  return `${scheme.toLowerCase()}://${joinHostPort(host, port)}${p}`;
}

/** grpc codes.Code.String(). */
export const GRPC_CODE_NAMES = [
  "OK", "Canceled", "Unknown", "InvalidArgument", "DeadlineExceeded", "NotFound", "AlreadyExists",
  "PermissionDenied", "ResourceExhausted", "FailedPrecondition", "Aborted", "OutOfRange",
  "Unimplemented", "Internal", "Unavailable", "DataLoss", "Unauthenticated",
];
