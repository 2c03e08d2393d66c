// A byte stream over a WebSocket, for kubectl's `SPDY/3.1+portforward.k8s.io` tunnel (kubectl
// ≥ 1.31 tries it first; the API server's TunnelingHandler serves it): every binary message in
// either direction is an arbitrary slice of a plain SPDY/3.1 byte stream, no channel byte.
//
// Writes resolve when `ws` has taken the message (back-pressure toward the SPDY writer). Reads
// cannot push back: WebSocketConnection has no pause, so a client sending faster than the SPDY
// side consumes is buffered here (bounded per message by the listener's maxPayload only).
import { Duplex } from "node:stream";
import type { WebSocketConnection } from "../../api-types.ts";

export function webSocketByteStream(conn: WebSocketConnection): Duplex {
  const stream = new Duplex({
    read: () => {},
    write: (chunk: Buffer, _encoding, cb) => {
      conn.send(chunk).then(() => cb(), cb);
    },
    final: (cb) => {
      conn.close();
      cb();
    },
    destroy: (err, cb) => {
      conn.close();
      cb(err);
    },
  });
  conn.onMessage((data) => {
    if (!stream.destroyed && data.length > 0) stream.push(data);
  });
  conn.onClose(() => {
    if (stream.destroyed) return;
    stream.push(null);
    stream.destroy();
  });
  return stream;
}
