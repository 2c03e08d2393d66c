// The kubelet's WebSocket port-forward protocol, the one @kubernetes/client-node speaks
// (handleWebSocketStreams in pkg/kubelet/cri/streaming/portforward/websocket.go over
// k8s.io/apiserver/pkg/util/wsstream). The ports come from the query; for port i, channel 2i is
// data (both ways) and 2i+1 is error (server → client). Every message is [channel byte, bytes…];
// the server's first message on each channel is the port as u16 little-endian. What the client
// sends on an error channel, on an unknown channel, or as an empty message is ignored. Each
// port is forwarded once; when all are done the WebSocket is closed.
//
// Subprotocols: v4.channel.k8s.io, or none (binary, as the kubelet allows). The kubelet's
// v4.base64.channel.k8s.io needs text frames, which WebSocketConnection cannot send: not offered.
import { Duplex, Writable } from "node:stream";
import type { WebSocketConnection } from "../../api-types.ts";
import { forwardPort, type PortForwardTarget } from "./forward-port.ts";

export const CHANNEL_PROTOCOL_V4 = "v4.channel.k8s.io";

function framed(channel: number, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(data.length + 1);
  out[0] = channel;
  out.set(data, 1);
  return out;
}

/** Writes on one channel. Ending it sends nothing: v4 has no per-channel close. */
function channelWriter(conn: WebSocketConnection, channel: number): Writable {
  return new Writable({
    write: (chunk: Buffer, _encoding, cb) => {
      conn.send(framed(channel, chunk)).then(() => cb(), cb);
    },
  });
}

/** A data channel: the client's messages on it come out of the readable side. */
function dataChannel(conn: WebSocketConnection, channel: number): Duplex {
  return new Duplex({
    read: () => {},
    write: (chunk: Buffer, _encoding, cb) => {
      conn.send(framed(channel, chunk)).then(() => cb(), cb);
    },
  });
}

export function serveWebSocketPortForward(
  conn: WebSocketConnection,
  ports: readonly number[],
  target: PortForwardTarget,
  options: { log: (m: string) => void },
): void {
  const { log } = options;
  const pairs = ports.map((port, i) => ({ port, data: dataChannel(conn, 2 * i), error: channelWriter(conn, 2 * i + 1) }));
  for (const [i, p] of pairs.entries()) {
    const portBytes = new Uint8Array([p.port & 0xff, p.port >> 8]);
    void conn.send(framed(2 * i, portBytes));
    void conn.send(framed(2 * i + 1, portBytes));
    p.data.on("error", (e) => log(`port-forward: port ${p.port}: ${e.message}`));
    p.error.on("error", (e) => log(`port-forward: port ${p.port}: ${e.message}`));
  }
  conn.onMessage((message) => {
    const channel = message[0];
    if (channel === undefined || channel % 2 === 1) return;
    const pair = pairs[channel / 2];
    if (pair && !pair.data.destroyed) pair.data.push(message.subarray(1));
  });
  conn.onClose(() => {
    for (const p of pairs) {
      p.data.destroy();
      p.error.destroy();
    }
  });
  void Promise.all(pairs.map((p) => forwardPort({ port: p.port, data: p.data, error: p.error, target, log })))
    .then(() => conn.close());
}
