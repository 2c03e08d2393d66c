// The server side of a SPDY/3.1 connection as the streaming protocols (port-forward, the exec
// fallback) use it: the client opens streams, the server accepts them. Implemented by
// spdy-connection.ts; the wire format is in docs/streaming.md and spec/kubectl-protocol.md §10.
import type { Duplex } from "node:stream";

/** One stream the client opened with SYN_STREAM. */
export interface SpdyStream {
  readonly id: number;
  /** The SYN_STREAM's headers, names lower-case ("streamtype", "port", "requestid"). */
  readonly headers: Readonly<Record<string, string>>;
  /**
   * Readable: the client's DATA frames, ending at its FIN. Writable: DATA frames to the client;
   * end() sends an empty DATA frame with FIN. Back-pressure follows the socket's.
   */
  readonly stream: Duplex;
  /** Sends RST_STREAM (CANCEL) and destroys the stream. */
  reset(): void;
}

export interface SpdyServerConnection {
  /**
   * Called for each SYN_STREAM; the connection has already sent the SYN_REPLY (empty headers).
   * Listeners must be added before the first byte is read (serveSpdy's caller does it at once).
   */
  onStream(listener: (stream: SpdyStream) => void): void;
  /** Sends GOAWAY and closes the socket; every open stream is destroyed. Idempotent. */
  close(): void;
  /** Resolves when the connection is gone (either side closed it, or the socket failed). */
  readonly closed: Promise<void>;
}
