// pods/portforward after the pod is resolved: picks the protocol from the request headers, in
// the order the real request path checks them:
//   1. the API server decodes the `ports` query (PodPortForwardOptions) for any request;
//   2. its UpgradeAwareHandler wants an upgrade request ("Upgrade request required");
//   3. WebSocket offering `SPDY/3.1+portforward.k8s.io` → the API server's tunnel (kubectl ≥ 1.31):
//      SPDY over the WebSocket's binary messages;
//   4. other WebSocket → the kubelet's channel protocol (client-node), which needs `ports`;
//   5. `Upgrade: SPDY/3.1` → the kubelet's httpstream.Handshake on X-Stream-Protocol-Version,
//      then SPDY on the raw socket (kubectl's fallback).
// Failures are Statuses (kubectl decodes a Status from a failed upgrade and prints its message);
// where the kubelet answers in plain text we keep its text and code in a Status.
import type { Status } from "../../../api/meta.ts";
import { newBadRequest, StatusError } from "../../../machinery/status-error.ts";
import type { ApiRequest, ApiResponse } from "../../api-types.ts";
import { errorResponse } from "../../errors.ts";
import { serveSpdy } from "../spdy/spdy-connection.ts";
import type { PortForwardTarget } from "./forward-port.ts";
import { checkWebSocketPorts, goQuote } from "./port-forward-options.ts";
import { servePortForward } from "./spdy-port-forward.ts";
import { webSocketByteStream } from "./websocket-byte-stream.ts";
import { CHANNEL_PROTOCOL_V4, serveWebSocketPortForward } from "./websocket-port-forward.ts";

export const PORT_FORWARD_PROTOCOL_V1 = "portforward.k8s.io";
export const SPDY_TUNNEL_PROTOCOL = "SPDY/3.1+portforward.k8s.io";

const list = (v: string | undefined): string[] => (v ?? "").split(",").map((s) => s.trim()).filter((s) => s.length > 0);

/** httpstream.Handshake's refusal: a 403 in plain text from the kubelet, here as a Status. */
function forbidden(message: string): StatusError {
  const status: Status = { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message, reason: "Forbidden", code: 403 };
  return new StatusError(status);
}

/** Go's %v of a []string: `[a b]`. */
const goList = (items: readonly string[]): string => `[${items.join(" ")}]`;

/** Go's %#v of the request's http.Header, as the SPDY upgrader prints it (keys canonical, sorted). */
function goHeaderDump(headers: ApiRequest["headers"]): string {
  const canonical = (k: string): string => k.split("-").map((w) => (w ? w[0]!.toUpperCase() + w.slice(1) : w)).join("-");
  const entries = Object.entries(headers)
    .filter((e): e is [string, string] => e[1] !== undefined)
    .map(([k, v]) => [canonical(k), v] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `http.Header{${entries.map(([k, v]) => `${goQuote(k)}:[]string{${goQuote(v)}}`).join(", ")}}`;
}

export function portForwardUpgrade(
  req: ApiRequest,
  target: PortForwardTarget,
  options: { log: (m: string) => void },
): ApiResponse {
  const { log } = options;
  try {
    const ports = checkWebSocketPorts(req.query);
    if ("error" in ports && ports.error.startsWith("cannot convert")) throw newBadRequest(ports.error);
    // httpstream.IsUpgradeRequest: a Connection header naming upgrade.
    if (!(req.headers.connection ?? "").toLowerCase().includes("upgrade")) throw newBadRequest("Upgrade request required");
    const upgrade = (req.headers.upgrade ?? "").toLowerCase();
    if (upgrade === "websocket") {
      const offered = list(req.headers["sec-websocket-protocol"]);
      if (offered.includes(SPDY_TUNNEL_PROTOCOL)) {
        return {
          status: 101, upgrade: "websocket", protocol: SPDY_TUNNEL_PROTOCOL,
          serve: (ws) => servePortForward(serveSpdy(webSocketByteStream(ws), { log }), target, { log }),
        };
      }
      if ("error" in ports) throw newBadRequest(ports.error);
      // wsstream handshake: the first offered protocol the kubelet serves; none offered is fine.
      const protocol = offered.length === 0 ? "" : offered.find((p) => p === CHANNEL_PROTOCOL_V4);
      if (protocol === undefined) {
        throw forbidden(`requested protocol(s) are not supported: ${goList(offered)}; supports ${goList(["", CHANNEL_PROTOCOL_V4])}`);
      }
      return {
        status: 101, upgrade: "websocket", protocol,
        serve: (ws) => serveWebSocketPortForward(ws, ports.ports, target, { log }),
      };
    }
    const versions = list(req.headers["x-stream-protocol-version"]);
    if (versions.length === 0) throw newBadRequest("unable to upgrade: X-Stream-Protocol-Version is required");
    if (!versions.includes(PORT_FORWARD_PROTOCOL_V1)) {
      throw forbidden(`unable to upgrade: unable to negotiate protocol: client supports ${goList(versions)}, server accepts ${goList([PORT_FORWARD_PROTOCOL_V1])}`);
    }
    if (upgrade !== "spdy/3.1") throw newBadRequest(`unable to upgrade: missing upgrade headers in request: ${goHeaderDump(req.headers)}`);
    return {
      status: 101, upgrade: "spdy", protocol: PORT_FORWARD_PROTOCOL_V1,
      serve: (socket) => servePortForward(serveSpdy(socket, { log }), target, { log }),
    };
  } catch (e) {
    return errorResponse(e, log);
  }
}
