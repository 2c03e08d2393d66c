// The API server's core speaks in these plain values, not node:http objects: the HTTPS
// listener (server/https-listener.ts) turns a request into an ApiRequest and writes the
// ApiResponse back, so every handler is testable without a socket (and the lint fence holds).
import type { Duplex } from "node:stream";

export interface ApiRequest {
  method: string;
  /** The URL path, not decoded (segments are decoded by the router). */
  path: string;
  query: URLSearchParams;
  /** Lower-case header names. */
  headers: Readonly<Record<string, string | undefined>>;
  /** The whole body, already size-limited by the listener. */
  body: Uint8Array;
  /** Aborts when the client goes away: streams (watch, follow logs) end then. */
  signal: AbortSignal;
}

export interface ApiBodyResponse {
  status: number;
  headers: Record<string, string>;
  body: string | Uint8Array;
}

/** A streamed response (watch, followed logs): headers are flushed at once, then each chunk. */
export interface ApiStreamResponse {
  status: number;
  headers: Record<string, string>;
  stream: AsyncIterable<string | Uint8Array>;
}

/**
 * A WebSocket as the streaming protocols see it (the listener adapts `ws`): binary messages both
 * ways. The listener answers pings with pongs itself.
 */
export interface WebSocketConnection {
  /** Sends one binary message; resolves once it is handed to the socket (back-pressure). */
  send(data: Uint8Array): Promise<void>;
  onMessage(listener: (data: Uint8Array) => void): void;
  /** Called once, when the connection is closed by either side or fails. */
  onClose(listener: () => void): void;
  /** A normal close (1000) after the buffered messages are sent. Idempotent. */
  close(code?: number, reason?: string): void;
}

/**
 * A protocol switch (exec, attach, port-forward): the listener completes the handshake (101) and
 * hands the connection to serve(). "websocket": the listener accepts the WebSocket with
 * `protocol` as the chosen subprotocol (one the client offered). "spdy": the listener writes
 * `101 Switching Protocols`, `Upgrade: SPDY/3.1` and `X-Stream-Protocol-Version: protocol`,
 * then serve() gets the raw byte stream.
 */
export type ApiUpgradeResponse =
  | { status: 101; upgrade: "websocket"; protocol: string; serve: (conn: WebSocketConnection) => void }
  | { status: 101; upgrade: "spdy"; protocol: string; serve: (socket: Duplex) => void };

export type ApiResponse = ApiBodyResponse | ApiStreamResponse | ApiUpgradeResponse;

export type ApiHandler = (req: ApiRequest) => Promise<ApiResponse>;

export const JSON_TYPE = "application/json";

export function jsonResponse(status: number, obj: unknown, contentType = JSON_TYPE, headers: Record<string, string> = {}): ApiBodyResponse {
  return { status, headers: { "content-type": contentType, ...headers }, body: JSON.stringify(obj) };
}
