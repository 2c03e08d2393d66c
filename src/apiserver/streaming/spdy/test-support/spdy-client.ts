// A minimal SPDY/3.1 client for tests, behaving like kubectl's side (client-go over
// moby/spdystream): opens streams with real zlib-compressed headers (node:zlib deflate with the
// SPDY/3 dictionary, sync flush per block), waits for SYN_REPLY, reads/writes/FINs, pings.
// Reusable for any SPDY server test (port-forward, the exec SPDY fallback):
//
//   const client = new SpdyClient({ socket });                // one end of stream.duplexPair()
//   const s = await client.openStream({ streamtype: "error", port: "80", requestid: "0" });
//   s.stream.end();                                           // empty DATA + FIN
//   const text = await readAll(s.stream);                     // the server's DATA until its FIN
import type { Duplex, Readable } from "node:stream";
import { FLAG_FIN, GOAWAY_OK, type SpdyFrame } from "../spdy-frames.ts";
import { SpdyFrameReader } from "../spdy-frame-reader.ts";
import { SpdyFrameWriter } from "../spdy-frame-writer.ts";
import { encodeHeaderBlock, type SpdyHeaders } from "../spdy-headers.ts";
import { SpdyStreamChannel } from "../spdy-stream-channel.ts";
import { HeaderDeflater } from "./header-deflater.ts";

export interface SpdyClientStream {
  readonly id: number;
  /** The SYN_REPLY's headers. */
  readonly replyHeaders: SpdyHeaders;
  /** Readable: the server's DATA until its FIN. Writable: our DATA; end() sends FIN. */
  readonly stream: Duplex;
  /** Resolves with the status code when the server resets the stream. */
  readonly resetByServer: Promise<number>;
  /** Sends RST_STREAM (CANCEL), as client-go's stream.Reset() does. */
  reset(): void;
}

interface Pending {
  channel: SpdyStreamChannel;
  resolveReply: (h: SpdyHeaders) => void;
  rejectReply: (e: Error) => void;
  resolveReset: (status: number) => void;
}

export class SpdyClient {
  /** Every frame received, in order (header blocks already decoded), for protocol assertions. */
  readonly received: Array<{ frame: SpdyFrame; headers: SpdyHeaders | undefined }> = [];
  /** Resolves when the server sends GOAWAY. */
  readonly goAwayReceived: Promise<{ lastGoodStreamId: number; statusCode: number }>;
  /** Resolves when the socket is closed. */
  readonly closed: Promise<void>;
  readonly #socket: Duplex;
  readonly #writer: SpdyFrameWriter;
  readonly #reader: SpdyFrameReader;
  readonly #deflater = new HeaderDeflater();
  readonly #streams = new Map<number, Pending>();
  readonly #pings = new Map<number, () => void>();
  #sendQueue: Promise<unknown> = Promise.resolve();
  #nextStreamId = 1;
  #nextPingId = 1;
  #resolveGoAway!: (g: { lastGoodStreamId: number; statusCode: number }) => void;

  constructor(options: { socket: Duplex }) {
    this.#socket = options.socket;
    this.#writer = new SpdyFrameWriter(this.#socket);
    this.goAwayReceived = new Promise((resolve) => { this.#resolveGoAway = resolve; });
    this.#reader = new SpdyFrameReader({
      socket: this.#socket,
      onFrame: (frame, headers) => this.#onFrame(frame, headers),
      onError: () => this.#socket.destroy(),
    });
    this.closed = new Promise((resolve) => this.#socket.on("close", () => {
      this.#teardown();
      resolve();
    }));
    this.#socket.on("error", () => this.#socket.destroy());
    this.#socket.on("end", () => this.#socket.end());
  }

  /** Opens a stream (SYN_STREAM, ids 1, 3, 5, …) and resolves once the SYN_REPLY arrives. */
  async openStream(headers: Readonly<Record<string, string>>): Promise<SpdyClientStream> {
    const id = this.#nextStreamId;
    this.#nextStreamId += 2;
    const channel = new SpdyStreamChannel({ id, writer: this.#writer, flow: this.#reader, onClose: () => this.#streams.delete(id) });
    channel.duplex.on("error", () => {});
    let resolveReset!: (status: number) => void;
    const resetByServer = new Promise<number>((resolve) => { resolveReset = resolve; });
    const reply = new Promise<SpdyHeaders>((resolveReply, rejectReply) => {
      this.#streams.set(id, { channel, resolveReply, rejectReply, resolveReset });
    });
    this.#enqueue(async () => {
      const headerBlock = await this.#deflater.compress(encodeHeaderBlock(headers));
      this.#writer.write({ type: "SYN_STREAM", streamId: id, associatedStreamId: 0, priority: 0, slot: 0, flags: 0, headerBlock });
    });
    const replyHeaders = await reply;
    return { id, replyHeaders, stream: channel.duplex, resetByServer, reset: () => channel.reset() };
  }

  /**
   * Sends PING (odd id) after everything sent before it and resolves when the server echoes it:
   * the server handles frames in order, so by then it has handled all earlier frames.
   */
  ping(): Promise<void> {
    const id = this.#nextPingId;
    this.#nextPingId += 2;
    return new Promise<void>((resolve) => {
      this.#pings.set(id, resolve);
      this.#enqueue(async () => this.#writer.write({ type: "PING", id }));
    });
  }

  /** Sends GOAWAY, as client-go does when kubectl exits. */
  goAway(statusCode = GOAWAY_OK): void {
    this.#enqueue(async () => {
      this.#writer.write({ type: "GOAWAY", lastGoodStreamId: 0, statusCode });
    });
  }

  /** Sends any frame as is (a raw escape hatch for protocol tests). Header blocks are not compressed. */
  sendRaw(frame: SpdyFrame): void {
    this.#enqueue(async () => this.#writer.write(frame));
  }

  /** Closes the socket at once. */
  destroy(): void {
    this.#socket.destroy();
  }

  #enqueue(step: () => Promise<void>): void {
    this.#sendQueue = this.#sendQueue.then(step).catch(() => undefined);
  }

  #onFrame(frame: SpdyFrame, headers: SpdyHeaders | undefined): void {
    this.received.push({ frame, headers });
    switch (frame.type) {
      case "SYN_REPLY":
        this.#streams.get(frame.streamId)?.resolveReply(headers ?? {});
        return;
      case "DATA":
        this.#streams.get(frame.streamId)?.channel.receiveData(frame.data, (frame.flags & FLAG_FIN) !== 0);
        return;
      case "RST_STREAM": {
        const p = this.#streams.get(frame.streamId);
        if (!p) return;
        p.rejectReply(new Error(`stream ${frame.streamId} reset by the server (status ${frame.statusCode})`));
        p.resolveReset(frame.statusCode);
        p.channel.destroySilently();
        return;
      }
      case "PING":
        if (frame.id % 2 === 0) this.#writer.write(frame);
        else this.#pings.get(frame.id)?.();
        this.#pings.delete(frame.id);
        return;
      case "GOAWAY":
        this.#resolveGoAway({ lastGoodStreamId: frame.lastGoodStreamId, statusCode: frame.statusCode });
        return;
      case "SYN_STREAM":
      case "HEADERS":
      case "SETTINGS":
      case "WINDOW_UPDATE":
      case "UNKNOWN":
        return;
    }
  }

  #teardown(): void {
    this.#reader.stop();
    this.#deflater.close();
    for (const p of [...this.#streams.values()]) {
      p.rejectReply(new Error("connection closed"));
      p.channel.destroySilently();
    }
    this.#streams.clear();
  }
}

/** Everything a stream yields until its end (rejects if it is destroyed first). */
export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}
