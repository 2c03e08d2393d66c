// The API server's core speaks in these plain values, not node:http objects: the HTTPS
// listener (server/https-listener.ts) turns a request into an ApiRequest and writes the
// ApiResponse back, so every handler is testable without a socket (and the lint fence holds).

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

export type ApiResponse = ApiBodyResponse | ApiStreamResponse;

export type ApiHandler = (req: ApiRequest) => Promise<ApiResponse>;

export const JSON_TYPE = "application/json";

export function jsonResponse(status: number, obj: unknown, contentType = JSON_TYPE, headers: Record<string, string> = {}): ApiBodyResponse {
  return { status, headers: { "content-type": contentType, ...headers }, body: JSON.stringify(obj) };
}
