// Completes a protocol switch the handler asked for (ApiUpgradeResponse): the WebSocket
// handshake through `ws` (the subprotocol is the handler's choice, pings are answered with pongs
// by `ws` itself), or the SPDY/3.1 101 written by hand. A handler that answered with a plain
// response instead (an error Status, usually) gets it written on the raw socket as HTTP/1.1, so
// the client reads the reason (kubectl then falls back from WebSocket to SPDY, or prints it).
import { STATUS_CODES, type IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type RawData, type WebSocket } from "ws";
import type { ApiResponse, WebSocketConnection } from "../api-types.ts";

/** Largest client message accepted (stdin chunks, SPDY slices): generous, but bounded. */
const MAX_WEBSOCKET_MESSAGE_BYTES = 16 * 1024 * 1024;

export interface Upgrader {
  readonly wss: WebSocketServer;
  /** The subprotocol the handler chose for each pending handshake. */
  readonly chosen: WeakMap<IncomingMessage, string>;
}

export function createUpgrader(log: (m: string) => void): Upgrader {
  const chosen = new WeakMap<IncomingMessage, string>();
  const wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    maxPayload: MAX_WEBSOCKET_MESSAGE_BYTES,
    handleProtocols: (_offered, req) => chosen.get(req) ?? false,
  });
  wss.on("error", (e) => log(`websocket: ${e.message}`));
  return { wss, chosen };
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data);
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return data;
}

export function webSocketConnection(ws: WebSocket): WebSocketConnection {
  return {
    send: (data) => new Promise<void>((resolve) => {
      if (ws.readyState !== ws.OPEN) { resolve(); return; }
      ws.send(data, { binary: true }, () => resolve());
    }),
    onMessage: (listener) => { ws.on("message", (data) => listener(toBytes(data))); },
    onClose: (listener) => {
      let called = false;
      const once = (): void => { if (!called) { called = true; listener(); } };
      ws.on("close", once);
      ws.on("error", once);
    },
    close: (code = 1000, reason = "") => {
      if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close(code, reason);
    },
  };
}

/** Writes a whole HTTP/1.1 response on a socket that was about to switch protocols, and ends it. */
function writeRaw(socket: Duplex, status: number, headers: Record<string, string>, body: string | Uint8Array): void {
  const bytes = typeof body === "string" ? Buffer.from(body) : Buffer.from(body);
  const lines = [`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ""}`];
  for (const [k, v] of Object.entries(headers)) lines.push(`${k}: ${v}`);
  lines.push(`Content-Length: ${bytes.length}`, "Connection: close", "", "");
  socket.end(Buffer.concat([Buffer.from(lines.join("\r\n")), bytes]));
}

export function completeUpgrade(u: Upgrader, req: IncomingMessage, socket: Duplex, head: Buffer, r: ApiResponse, log: (m: string) => void): void {
  if (!("upgrade" in r)) {
    if ("body" in r) writeRaw(socket, r.status, r.headers, r.body);
    else socket.destroy(); // no handler streams over an upgrade request
    return;
  }
  const wantsWebSocket = (req.headers.upgrade ?? "").toLowerCase() === "websocket";
  if (r.upgrade === "websocket") {
    if (!wantsWebSocket) { socket.destroy(); return; }
    u.chosen.set(req, r.protocol);
    u.wss.handleUpgrade(req, socket, head, (ws) => {
      ws.on("error", (e) => log(`websocket ${req.url ?? ""}: ${e.message}`));
      r.serve(webSocketConnection(ws));
    });
    return;
  }
  socket.write([
    "HTTP/1.1 101 Switching Protocols", "Connection: Upgrade", "Upgrade: SPDY/3.1",
    `X-Stream-Protocol-Version: ${r.protocol}`, "", "",
  ].join("\r\n"));
  if (head.length > 0) socket.unshift(head);
  r.serve(socket);
}
