// A WebSocketConnection for tests: the server's side as the listener would hand it over, with
// the client's side driven by the test. `bridgedWebSocket()` gives the client a plain byte
// stream instead (for the SPDY tunnel), cutting what it writes into messages of varying sizes
// as a real client might.
import { duplexPair, type Duplex } from "node:stream";
import type { WebSocketConnection } from "../../../api-types.ts";

export interface FakeWebSocket {
  readonly conn: WebSocketConnection;
  /** Every message the server sent, in order. */
  readonly sent: Uint8Array[];
  /** The client sends one binary message. */
  receive(data: Uint8Array): void;
  /** The client closes the WebSocket. */
  clientClose(): void;
  readonly closedByServer: boolean;
  /** Resolves once the server has sent `n` messages in all. */
  sentCount(n: number): Promise<void>;
}

export function makeFakeWebSocket(options: { onSend?: (data: Uint8Array) => void } = {}): FakeWebSocket {
  const sent: Uint8Array[] = [];
  const messageListeners: Array<(d: Uint8Array) => void> = [];
  const closeListeners: Array<() => void> = [];
  let closed = false;
  let closedByServer = false;
  const sentWaiters: Array<{ n: number; resolve: () => void }> = [];
  const closeOnce = (): void => {
    if (closed) return;
    closed = true;
    for (const l of closeListeners) l();
  };
  return {
    conn: {
      send: async (data) => {
        if (closed) return;
        sent.push(Uint8Array.from(data));
        options.onSend?.(data);
        for (const w of sentWaiters.filter((x) => sent.length >= x.n)) w.resolve();
      },
      onMessage: (l) => { messageListeners.push(l); },
      onClose: (l) => { closeListeners.push(l); },
      close: () => {
        if (!closed) closedByServer = true;
        closeOnce();
      },
    },
    sent,
    receive: (data) => { if (!closed) for (const l of messageListeners) l(data); },
    clientClose: closeOnce,
    get closedByServer() { return closedByServer; },
    sentCount: (n) => new Promise<void>((resolve) => {
      if (sent.length >= n) resolve();
      else sentWaiters.push({ n, resolve });
    }),
  };
}

/** A fake WebSocket whose client end is a byte stream: its writes become messages of 1, 2, 3, … 997 bytes. */
export function bridgedWebSocket(): { ws: FakeWebSocket; client: Duplex } {
  const [client, far] = duplexPair();
  const ws = makeFakeWebSocket({ onSend: (data) => { far.write(data); } });
  let size = 1;
  far.on("data", (chunk: Buffer) => {
    for (let at = 0; at < chunk.length;) {
      const piece = chunk.subarray(at, at + size);
      ws.receive(piece);
      at += piece.length;
      size = size >= 997 ? 1 : size + 1;
    }
  });
  far.on("end", () => ws.clientClose());
  far.on("close", () => ws.clientClose());
  ws.conn.onClose(() => far.end());
  return { ws, client };
}
