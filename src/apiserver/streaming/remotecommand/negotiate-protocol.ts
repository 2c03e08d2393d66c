// Which remote-command protocol a request gets: pure, from the request headers alone.
//
// Mirrors the chain a real cluster runs for exec/attach:
// - kube-apiserver's UpgradeAwareHandler: a request that is no upgrade gets 400 "Upgrade request
//   required" (k8s.io/apiserver/pkg/util/proxy/upgradeaware.go);
// - its translating handler: a WebSocket offering v5.channel.k8s.io anywhere in its list is served
//   as v5 (wsstream.IsWebSocketRequestWithStreamCloseProtocol);
// - otherwise the kubelet's streaming server: WebSocket subprotocols through wsstream.NewConn's
//   handshake (the first the client offers that the server knows, in the client's order), SPDY through
//   httpstream.Handshake (the same rule over the kubelet's [v4, v3, v2, v1]) and then the SPDY
//   upgrader's header check.
// So kubectl's WebSocket attempt (only v5 offered) gets v5, its SPDY retry (v5, v4, v3, v2, v1) gets
// v4, and client-node (v5, v4, ...) gets v5.
//
// Deliberate differences: the refusals are Status objects (the kubelet writes plain text, and the
// x/net/websocket handshake failure is a bare 403), so kubectl prints them as
// `Error from server (...)`; the SPDY header dump leaves out Authorization and Cookie.
import { StatusError, type StatusReason } from "../../../machinery/status-error.ts";

export type WebSocketVersion = 1 | 4 | 5;
export type SpdyVersion = 1 | 2 | 3 | 4;

export type RemoteCommandProtocol =
  /** protocol "" when the client offered none (wsstream serves that as channel.k8s.io). */
  | { transport: "websocket"; protocol: string; version: WebSocketVersion; base64: boolean }
  | { transport: "spdy"; protocol: string; version: SpdyVersion };

export type Negotiation =
  | RemoteCommandProtocol
  | { transport: "refused"; error: StatusError; headers: Record<string, string> };

export const STREAM_PROTOCOL_V5 = "v5.channel.k8s.io";

/** What the server speaks over WebSocket, in the order the refusal message lists them. */
const WEBSOCKET_PROTOCOLS: ReadonlyMap<string, { version: WebSocketVersion; base64: boolean }> = new Map([
  [STREAM_PROTOCOL_V5, { version: 5, base64: false }],
  ["v4.channel.k8s.io", { version: 4, base64: false }],
  ["v4.base64.channel.k8s.io", { version: 4, base64: true }],
  ["channel.k8s.io", { version: 1, base64: false }],
  ["base64.channel.k8s.io", { version: 1, base64: true }],
]);

/** The kubelet's SPDY protocols, most preferred first (remotecommandconsts without v5). */
const SPDY_PROTOCOLS: readonly [string, SpdyVersion][] = [
  ["v4.channel.k8s.io", 4], ["v3.channel.k8s.io", 3], ["v2.channel.k8s.io", 2], ["channel.k8s.io", 1],
];

type Headers = Readonly<Record<string, string | undefined>>;

function refused(code: number, reason: StatusReason, message: string, headers: Record<string, string> = {}): Negotiation {
  const error = new StatusError({ kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message, reason, code });
  return { transport: "refused", error, headers };
}

/** httpstream's commaSeparatedHeaderValues: split on commas, trim, drop empties. */
function commaSeparated(value: string | undefined): string[] {
  return (value ?? "").split(",").map((p) => p.trim()).filter((p) => p.length > 0);
}

/** Go's fmt %v of a []string: `[a b c]`. */
const goList = (items: readonly string[]): string => `[${items.join(" ")}]`;

/** httpstream.IsUpgradeRequest: some Connection value mentions "upgrade". */
export function isUpgradeRequest(headers: Headers): boolean {
  return (headers["connection"] ?? "").toLowerCase().includes("upgrade");
}

/** wsstream.IsWebSocketRequest. */
export function isWebSocketRequest(headers: Headers): boolean {
  if ((headers["upgrade"] ?? "").toLowerCase() !== "websocket") return false;
  return /(^|.*,\s*)upgrade($|\s*,)/.test((headers["connection"] ?? "").toLowerCase());
}

function negotiateWebSocket(headers: Headers): Negotiation {
  const offered = commaSeparated(headers["sec-websocket-protocol"]);
  if (offered.length === 0) return { transport: "websocket", protocol: "", version: 1, base64: false };
  if (offered.includes(STREAM_PROTOCOL_V5)) return { transport: "websocket", protocol: STREAM_PROTOCOL_V5, version: 5, base64: false };
  for (const p of offered) {
    const known = WEBSOCKET_PROTOCOLS.get(p);
    if (known) return { transport: "websocket", protocol: p, ...known };
  }
  return refused(403, "Forbidden",
    `requested protocol(s) are not supported: ${goList(offered)}; supports ${goList([...WEBSOCKET_PROTOCOLS.keys()])}`);
}

/** textproto.CanonicalMIMEHeaderKey for the ASCII names a request carries. */
function canonicalHeaderName(name: string): string {
  return name.toLowerCase().replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase());
}

/** Go's %#v of an http.Header (keys sorted), as the SPDY upgrader's error prints it. */
function goHeaderDump(headers: Headers): string {
  const entries = Object.entries(headers)
    .filter((e): e is [string, string] => e[1] !== undefined && e[0] !== "authorization" && e[0] !== "cookie")
    .map(([k, v]) => [canonicalHeaderName(k), v] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `http.Header{${entries.map(([k, v]) => `${JSON.stringify(k)}:[]string{${JSON.stringify(v)}}`).join(", ")}}`;
}

function negotiateSpdy(headers: Headers): Negotiation {
  const offered = commaSeparated(headers["x-stream-protocol-version"]);
  if (offered.length === 0) return refused(400, "BadRequest", "unable to upgrade: X-Stream-Protocol-Version is required");
  const chosen = offered.map((p) => SPDY_PROTOCOLS.find(([name]) => name === p)).find((p) => p !== undefined);
  if (!chosen) {
    const accepted = SPDY_PROTOCOLS.map(([name]) => name);
    return refused(403, "Forbidden",
      `unable to upgrade: unable to negotiate protocol: client supports ${goList(offered)}, server accepts ${goList(accepted)}`,
      { "x-accepted-stream-protocol-versions": accepted.join(", ") });
  }
  if (!(headers["upgrade"] ?? "").toLowerCase().includes("spdy/3.1")) {
    return refused(400, "BadRequest", `unable to upgrade: missing upgrade headers in request: ${goHeaderDump(headers)}`);
  }
  return { transport: "spdy", protocol: chosen[0], version: chosen[1] };
}

/** The protocol for an exec/attach request whose stream options were already accepted. */
export function negotiateRemoteCommandProtocol(headers: Headers): Negotiation {
  if (!isUpgradeRequest(headers)) return refused(400, "BadRequest", "Upgrade request required");
  return isWebSocketRequest(headers) ? negotiateWebSocket(headers) : negotiateSpdy(headers);
}
