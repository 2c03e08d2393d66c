import assert from "node:assert/strict";
import { test } from "node:test";
import { negotiateRemoteCommandProtocol, type Negotiation } from "./negotiate-protocol.ts";
import { SPDY_HEADERS, WEBSOCKET_HEADERS } from "./remote-command-fakes.ts";

const KUBECTL_SPDY = "v5.channel.k8s.io, v4.channel.k8s.io, v3.channel.k8s.io, v2.channel.k8s.io, channel.k8s.io";
const CLIENT_NODE = "v5.channel.k8s.io,v4.channel.k8s.io,v3.channel.k8s.io,v2.channel.k8s.io,channel.k8s.io";
const WS_SUPPORTED = "[v5.channel.k8s.io v4.channel.k8s.io v4.base64.channel.k8s.io channel.k8s.io base64.channel.k8s.io]";

type Want =
  | { transport: "websocket"; protocol: string; version: number; base64: boolean }
  | { transport: "spdy"; protocol: string; version: number }
  | { transport: "refused"; code: number; reason: string; message: string; headers?: Record<string, string> };

const cases: { name: string; headers: Record<string, string>; want: Want }[] = [
  { name: "kubectl's WebSocket attempt (v5 only) gets v5", headers: WEBSOCKET_HEADERS("v5.channel.k8s.io"),
    want: { transport: "websocket", protocol: "v5.channel.k8s.io", version: 5, base64: false } },
  { name: "client-node's list (v5..channel.k8s.io) gets v5", headers: WEBSOCKET_HEADERS(CLIENT_NODE),
    want: { transport: "websocket", protocol: "v5.channel.k8s.io", version: 5, base64: false } },
  { name: "v5 anywhere in the list wins, as the API server's translator takes it", headers: WEBSOCKET_HEADERS("v4.channel.k8s.io, v5.channel.k8s.io"),
    want: { transport: "websocket", protocol: "v5.channel.k8s.io", version: 5, base64: false } },
  { name: "v4 alone gets v4", headers: WEBSOCKET_HEADERS("v4.channel.k8s.io"),
    want: { transport: "websocket", protocol: "v4.channel.k8s.io", version: 4, base64: false } },
  { name: "v4.base64 gets v4 with base64 framing", headers: WEBSOCKET_HEADERS("v4.base64.channel.k8s.io"),
    want: { transport: "websocket", protocol: "v4.base64.channel.k8s.io", version: 4, base64: true } },
  { name: "base64.channel.k8s.io gets v1 with base64 framing", headers: WEBSOCKET_HEADERS("base64.channel.k8s.io"),
    want: { transport: "websocket", protocol: "base64.channel.k8s.io", version: 1, base64: true } },
  { name: "channel.k8s.io gets v1", headers: WEBSOCKET_HEADERS("channel.k8s.io"),
    want: { transport: "websocket", protocol: "channel.k8s.io", version: 1, base64: false } },
  { name: "no subprotocol offered: v1 framing, no subprotocol answered", headers: WEBSOCKET_HEADERS(),
    want: { transport: "websocket", protocol: "", version: 1, base64: false } },
  { name: "below v5 the client's order decides (wsstream's handshake)", headers: WEBSOCKET_HEADERS("channel.k8s.io, v4.channel.k8s.io"),
    want: { transport: "websocket", protocol: "channel.k8s.io", version: 1, base64: false } },
  { name: "v3/v2 do not exist over WebSocket: skipped for the next offered", headers: WEBSOCKET_HEADERS("v3.channel.k8s.io, v2.channel.k8s.io, v4.channel.k8s.io"),
    want: { transport: "websocket", protocol: "v4.channel.k8s.io", version: 4, base64: false } },
  { name: "only unknown WebSocket subprotocols: 403 with wsstream's text", headers: WEBSOCKET_HEADERS("v3.channel.k8s.io,v9.channel.k8s.io"),
    want: { transport: "refused", code: 403, reason: "Forbidden",
      message: `requested protocol(s) are not supported: [v3.channel.k8s.io v9.channel.k8s.io]; supports ${WS_SUPPORTED}` } },
  { name: "Upgrade is matched without case, Connection may list more tokens", headers: { connection: "keep-alive, Upgrade", upgrade: "WebSocket", "sec-websocket-protocol": "v5.channel.k8s.io" },
    want: { transport: "websocket", protocol: "v5.channel.k8s.io", version: 5, base64: false } },
  { name: "kubectl's SPDY retry after a failed WebSocket (v5..v1) gets v4", headers: SPDY_HEADERS(KUBECTL_SPDY),
    want: { transport: "spdy", protocol: "v4.channel.k8s.io", version: 4 } },
  { name: "SPDY v3 alone gets v3", headers: SPDY_HEADERS("v3.channel.k8s.io"), want: { transport: "spdy", protocol: "v3.channel.k8s.io", version: 3 } },
  { name: "SPDY v2 alone gets v2", headers: SPDY_HEADERS("v2.channel.k8s.io"), want: { transport: "spdy", protocol: "v2.channel.k8s.io", version: 2 } },
  { name: "SPDY channel.k8s.io gets v1", headers: SPDY_HEADERS("channel.k8s.io"), want: { transport: "spdy", protocol: "channel.k8s.io", version: 1 } },
  { name: "SPDY follows the client's order (httpstream.Handshake)", headers: SPDY_HEADERS("v2.channel.k8s.io, v4.channel.k8s.io"),
    want: { transport: "spdy", protocol: "v2.channel.k8s.io", version: 2 } },
  { name: "SPDY offering only v5: 403 listing what the server accepts", headers: SPDY_HEADERS("v5.channel.k8s.io"),
    want: { transport: "refused", code: 403, reason: "Forbidden",
      message: "unable to upgrade: unable to negotiate protocol: client supports [v5.channel.k8s.io], server accepts [v4.channel.k8s.io v3.channel.k8s.io v2.channel.k8s.io channel.k8s.io]",
      headers: { "x-accepted-stream-protocol-versions": "v4.channel.k8s.io, v3.channel.k8s.io, v2.channel.k8s.io, channel.k8s.io" } } },
  { name: "SPDY without X-Stream-Protocol-Version: 400", headers: { connection: "Upgrade", upgrade: "SPDY/3.1" },
    want: { transport: "refused", code: 400, reason: "BadRequest", message: "unable to upgrade: X-Stream-Protocol-Version is required" } },
  { name: "an upgrade to something other than SPDY/3.1 or websocket: 400 with the request's headers", headers: { connection: "Upgrade", upgrade: "h2c", "x-stream-protocol-version": "v4.channel.k8s.io", authorization: "Bearer secret" },
    want: { transport: "refused", code: 400, reason: "BadRequest",
      message: "unable to upgrade: missing upgrade headers in request: http.Header{\"Connection\":[]string{\"Upgrade\"}, \"Upgrade\":[]string{\"h2c\"}, \"X-Stream-Protocol-Version\":[]string{\"v4.channel.k8s.io\"}}" } },
  { name: "no upgrade at all: 400 Upgrade request required", headers: { "x-stream-protocol-version": "v4.channel.k8s.io" },
    want: { transport: "refused", code: 400, reason: "BadRequest", message: "Upgrade request required" } },
  { name: "Upgrade: websocket without Connection: upgrade is no upgrade", headers: { upgrade: "websocket", "sec-websocket-protocol": "v5.channel.k8s.io" },
    want: { transport: "refused", code: 400, reason: "BadRequest", message: "Upgrade request required" } },
];

function simplify(n: Negotiation): Want {
  if (n.transport !== "refused") return n;
  const st = n.error.status;
  const out: Want = { transport: "refused", code: st.code, reason: st.reason ?? "", message: st.message ?? "" };
  if (Object.keys(n.headers).length) out.headers = n.headers;
  return out;
}

for (const c of cases) {
  test(`protocol choice: ${c.name}`, () => {
    assert.deepEqual(simplify(negotiateRemoteCommandProtocol(c.headers)), c.want);
  });
}
