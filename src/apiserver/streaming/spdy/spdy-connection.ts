// The server side of a SPDY/3.1 connection, as the kubelet runs it through
// k8s.io/apimachinery/pkg/util/httpstream/spdy (NewServerConnection) over moby/spdystream.
// Hand-written: no maintained Node library serves raw SPDY/3.1 streams (see spdy-frames.ts).
//
// What it does: accepts the client's streams (odd ids, increasing) and answers each SYN_STREAM
// with an empty SYN_REPLY before telling the listeners; echoes the client's PINGs (odd ids, as
// spdystream answers pings of the other parity); RST_STREAM destroys a stream; GOAWAY or the end
// of the socket tears everything down. SETTINGS and WINDOW_UPDATE are ignored: spdystream does no
// flow control, so neither do we. No timers: idle timeouts are not kept (the kubelet's
// streaming-connection-idle-timeout is a deliberate difference, see docs/streaming-portforward.md).
import type { Duplex } from "node:stream";
import {
  FLAG_FIN, GOAWAY_OK, GOAWAY_PROTOCOL_ERROR, RST_PROTOCOL_ERROR, RST_REFUSED_STREAM, RST_STREAM_IN_USE,
  type SpdyFrame,
} from "./spdy-frames.ts";
import { SpdyFrameReader } from "./spdy-frame-reader.ts";
import { SpdyFrameWriter } from "./spdy-frame-writer.ts";
import { SpdyHeaderEncoder, type SpdyHeaders } from "./spdy-headers.ts";
import { SpdyStreamChannel } from "./spdy-stream-channel.ts";
import type { SpdyServerConnection, SpdyStream } from "./spdy-types.ts";

export interface ServeSpdyOptions {
  log: (message: string) => void;
}

export function serveSpdy(socket: Duplex, options: ServeSpdyOptions): SpdyServerConnection {
  const { log } = options;
  const listeners: Array<(s: SpdyStream) => void> = [];
  const streams = new Map<number, SpdyStreamChannel>();
  const writer = new SpdyFrameWriter(socket);
  const encoder = new SpdyHeaderEncoder();
  let lastStreamId = 0;
  let closing = false;
  let resolveClosed!: () => void;
  const closed = new Promise<void>((resolve) => { resolveClosed = resolve; });

  const reader = new SpdyFrameReader({
    socket,
    onFrame: (frame, headers) => onFrame(frame, headers),
    onError: (e) => {
      log(`spdy: ${e.message}`);
      shutdown(GOAWAY_PROTOCOL_ERROR, true);
    },
  });

  /**
   * Tears the connection down once. `graceful`: GOAWAY is written and the socket ended (and
   * destroyed once flushed). Otherwise (the peer ended or broke the socket) it is destroyed at once.
   */
  function shutdown(status: number, graceful: boolean): void {
    if (!closing) {
      closing = true;
      reader.stop();
      for (const s of [...streams.values()]) s.destroySilently();
      streams.clear();
      if (graceful) writer.end({ type: "GOAWAY", lastGoodStreamId: lastStreamId, statusCode: status });
    }
    if (!graceful) socket.destroy();
  }

  socket.on("end", () => shutdown(GOAWAY_OK, false));
  socket.on("error", (e) => {
    log(`spdy: socket: ${e.message}`);
    shutdown(GOAWAY_OK, false);
  });
  socket.on("close", () => {
    shutdown(GOAWAY_OK, false);
    resolveClosed();
  });

  function onFrame(frame: SpdyFrame, headers: SpdyHeaders | undefined): void {
    switch (frame.type) {
      case "SYN_STREAM":
        acceptStream(frame.streamId, frame.flags, headers ?? {});
        return;
      case "DATA":
        // DATA for a stream we do not know (reset, or never opened) is dropped, as spdystream does.
        streams.get(frame.streamId)?.receiveData(frame.data, (frame.flags & FLAG_FIN) !== 0);
        return;
      case "RST_STREAM":
        streams.get(frame.streamId)?.destroySilently();
        return;
      case "PING":
        if (frame.id % 2 === 1) writer.write(frame);
        return;
      case "GOAWAY":
        shutdown(GOAWAY_OK, true);
        return;
      case "HEADERS":
        // Decoded (the inflate context must see every block) and otherwise ignored.
        if ((frame.flags & FLAG_FIN) !== 0) streams.get(frame.streamId)?.receiveFin();
        return;
      case "SYN_REPLY": // the server opens no streams, so there is nothing to reply to
      case "SETTINGS":
      case "WINDOW_UPDATE":
      case "UNKNOWN":
        return;
    }
  }

  function acceptStream(id: number, flags: number, headers: SpdyHeaders): void {
    if (closing) return;
    if (streams.has(id)) {
      writer.write({ type: "RST_STREAM", streamId: id, statusCode: RST_STREAM_IN_USE });
      return;
    }
    if (id % 2 === 0 || id <= lastStreamId) {
      log(`spdy: SYN_STREAM with invalid stream id ${id}`);
      writer.write({ type: "RST_STREAM", streamId: id, statusCode: RST_PROTOCOL_ERROR });
      return;
    }
    lastStreamId = id;
    if (listeners.length === 0) {
      writer.write({ type: "RST_STREAM", streamId: id, statusCode: RST_REFUSED_STREAM });
      return;
    }
    const channel = new SpdyStreamChannel({ id, writer, flow: reader, onClose: () => streams.delete(id) });
    streams.set(id, channel);
    writer.write({ type: "SYN_REPLY", streamId: id, flags: 0, headerBlock: encoder.encode({}) });
    if ((flags & FLAG_FIN) !== 0) channel.receiveFin();
    const stream: SpdyStream = { id, headers, stream: channel.duplex, reset: () => channel.reset() };
    for (const l of listeners) l(stream);
  }

  return {
    onStream: (listener) => { listeners.push(listener); },
    close: () => shutdown(GOAWAY_OK, true),
    closed,
  };
}
