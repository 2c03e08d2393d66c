// The WebSocket channel protocols (channel.k8s.io, base64.channel.k8s.io, v4.*, v5.channel.k8s.io)
// over one WebSocketConnection. Mirrors wsstream.Conn (k8s.io/apimachinery httpstream/wsstream
// conn.go) as the kubelet (remotecommand/websocket.go) and the API server's v5 translator
// (k8s.io/apiserver/pkg/util/proxy/websocket.go) configure it:
// - every message starts with its channel: 0 stdin (in), 1 stdout, 2 stderr, 3 error (out),
//   4 resize (in, JSON); base64 variants write the channel as an ASCII digit and the payload in
//   base64, both ways;
// - v5 only: [255, n] from the client closes channel n (0: stdin EOF; 4: no more resizes); a close
//   signal of another length or for a channel past 4 is a protocol error that ends the connection;
// - on open, an empty message on the lowest writable channel (stdout, else stderr, else error)
//   tells the client the session is up;
// - messages for channels the client did not ask for, or past 4, are dropped.
// At the end the Status goes on channel 3 (remote-command-status.ts), then a normal close.
import type { WebSocketConnection } from "../../api-types.ts";
import type { RemoteCommandOptions } from "./remote-command-options.ts";
import { RemoteCommandSession, type StartSession } from "./remote-command-session.ts";
import { encodeStatus, type RemoteCommandOperation } from "./remote-command-status.ts";
import { TerminalSizeDecoder } from "./terminal-size-decoder.ts";
import type { WebSocketVersion } from "./negotiate-protocol.ts";

const STDIN = 0;
const STDOUT = 1;
const STDERR = 2;
const ERROR = 3;
const RESIZE = 4;
const STREAM_CLOSE = 255;

/**
 * A connection that can also send text messages. wsstream sends the base64 protocols as text; the
 * listener's WebSocketConnection only sends binary, so without sendText the base64 text goes in
 * binary messages (a deliberate difference that clients reading bytes do not notice).
 */
export interface TextCapableConnection extends WebSocketConnection {
  sendText?(data: string): Promise<void>;
}

export interface WebSocketRemoteCommandOptions {
  version: WebSocketVersion;
  base64: boolean;
  streams: RemoteCommandOptions;
  operation: RemoteCommandOperation;
  start: StartSession;
  log: (m: string) => void;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Serves one session; resolves once the connection is closed by us or the client is gone. */
export async function serveWebSocketRemoteCommand(conn: TextCapableConnection, o: WebSocketRemoteCommandOptions): Promise<void> {
  const send = (channel: number, data: Uint8Array): Promise<void> => {
    if (!o.base64) {
      const frame = new Uint8Array(data.length + 1);
      frame[0] = channel;
      frame.set(data, 1);
      return conn.send(frame);
    }
    const text = String.fromCharCode(48 + channel) + Buffer.from(data).toString("base64");
    return conn.sendText ? conn.sendText(text) : conn.send(new TextEncoder().encode(text));
  };

  const session = new RemoteCommandSession({
    streams: o.streams,
    operation: o.operation,
    start: o.start,
    stdout: o.streams.stdout ? (c) => send(STDOUT, c) : null,
    stderr: o.streams.stderr ? (c) => send(STDERR, c) : null,
    log: o.log,
  });
  const resize = new TerminalSizeDecoder();
  let resizeClosed = false;

  const protocolError = (message: string): void => {
    o.log(`websocket: ${message}`);
    session.clientGone();
    conn.close();
  };

  const onMessage = (data: Uint8Array): void => {
    if (data.length === 0) return;
    if (o.version === 5 && data[0] === STREAM_CLOSE) {
      if (data.length !== 2) { protocolError(`Single channel byte should follow stream close signal. Got ${data.length - 1} bytes`); return; }
      const channel = data[1] ?? 0;
      if (channel > RESIZE) { protocolError(`Close is targeted for a channel ${channel} that is not valid, possible protocol error`); return; }
      if (channel === STDIN && o.streams.stdin) session.stdin.end();
      if (channel === RESIZE) resizeClosed = true;
      return;
    }
    const channel = o.base64 ? (data[0] ?? 0) - 48 : data[0] ?? 0;
    let payload = data.subarray(1);
    if (o.base64) {
      const text = new TextDecoder().decode(payload);
      if (text.length % 4 !== 0 || !BASE64.test(text)) { o.log(`websocket: channel ${channel}: illegal base64 data`); return; }
      payload = Buffer.from(text, "base64");
    }
    if (channel === STDIN && o.streams.stdin) void session.stdin.write(payload);
    else if (channel === RESIZE && !resizeClosed) for (const size of resize.push(payload)) session.resize(size);
    // stdout, stderr and error are server-to-client only; other channels do not exist.
  };

  let closed = false;
  conn.onMessage(onMessage);
  conn.onClose(() => { closed = true; session.clientGone(); });

  await send(o.streams.stdout ? STDOUT : o.streams.stderr ? STDERR : ERROR, new Uint8Array(0));
  const status = await session.run();
  if (status && !closed) {
    const bytes = encodeStatus(status, o.version);
    if (bytes) await send(ERROR, bytes);
  }
  conn.close();
}
