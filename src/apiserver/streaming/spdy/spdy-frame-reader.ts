// Reads SPDY frames off a byte stream in order, with their header blocks decoded: the one
// inflate context is async (spdy-headers.ts), so frames behind a SYN_STREAM wait until its
// headers are known, keeping "SYN_STREAM before its DATA" true for the listener. Shared by the
// server connection and the test client.
//
// Back-pressure: Go's spdystream has no flow control (it ignores WINDOW_UPDATE), so a slow
// consumer of one stream can only stop the whole connection; a stream calls block(id) when its
// buffer is full and unblock(id) when read again, and the socket is paused while any stream is
// blocked (or too many frames wait behind a header decode). Head-of-line blocking, exactly as
// spdystream's reader blocks on a full stream.
import type { Duplex } from "node:stream";
import { SpdyFrameParser, type SpdyFrame } from "./spdy-frames.ts";
import { SpdyHeaderDecoder, type SpdyHeaders } from "./spdy-headers.ts";

/** Frames parsed but waiting for a header decode before the socket is paused. */
const MAX_QUEUED_FRAMES = 256;

export interface SpdyFrameReaderOptions {
  socket: Duplex;
  /** Each frame in wire order; `headers` is set for SYN_STREAM, SYN_REPLY and HEADERS. */
  onFrame: (frame: SpdyFrame, headers: SpdyHeaders | undefined) => void;
  /** A framing or header-compression error: the connection cannot go on. Called once. */
  onError: (e: Error) => void;
}

function headerBlockOf(f: SpdyFrame): Uint8Array | undefined {
  return f.type === "SYN_STREAM" || f.type === "SYN_REPLY" || f.type === "HEADERS" ? f.headerBlock : undefined;
}

export class SpdyFrameReader {
  readonly #socket: Duplex;
  readonly #onFrame: SpdyFrameReaderOptions["onFrame"];
  readonly #onError: SpdyFrameReaderOptions["onError"];
  readonly #parser = new SpdyFrameParser();
  readonly #decoder = new SpdyHeaderDecoder();
  readonly #blocked = new Set<number>();
  #queue: SpdyFrame[] = [];
  #decoding = false;
  #paused = false;
  #stopped = false;

  constructor(options: SpdyFrameReaderOptions) {
    this.#socket = options.socket;
    this.#onFrame = options.onFrame;
    this.#onError = options.onError;
    this.#socket.on("data", (chunk: Buffer) => this.#onData(chunk));
  }

  /** Stream `id` cannot take more data: stop reading the socket until unblock(id). */
  block(id: number): void {
    this.#blocked.add(id);
    this.#flow();
  }

  unblock(id: number): void {
    if (this.#blocked.delete(id)) this.#flow();
  }

  /**
   * No more frames are delivered; frees the inflate context and lets the socket flow again (what
   * it still sends is dropped) so its end and close can arrive. Idempotent.
   */
  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#queue = [];
    this.#decoder.close();
    if (this.#paused) {
      this.#paused = false;
      this.#socket.resume();
    }
  }

  #onData(chunk: Buffer): void {
    if (this.#stopped) return;
    let frames: SpdyFrame[];
    try {
      frames = this.#parser.push(chunk);
    } catch (e) {
      this.#fail(e);
      return;
    }
    for (const f of frames) this.#queue.push(f);
    this.#pump();
  }

  #pump(): void {
    while (!this.#decoding && !this.#stopped && this.#queue.length > 0) {
      const frame = this.#queue.shift();
      if (!frame) break;
      const block = headerBlockOf(frame);
      if (block === undefined) {
        this.#deliver(frame, undefined);
        continue;
      }
      this.#decoding = true;
      this.#decoder.decode(block).then((headers) => {
        this.#decoding = false;
        this.#deliver(frame, headers);
        this.#pump();
      }, (e: unknown) => this.#fail(e));
    }
    this.#flow();
  }

  #deliver(frame: SpdyFrame, headers: SpdyHeaders | undefined): void {
    if (this.#stopped) return;
    try {
      this.#onFrame(frame, headers);
    } catch (e) {
      this.#fail(e);
    }
  }

  #flow(): void {
    if (this.#stopped) return;
    const pause = this.#blocked.size > 0 || (this.#decoding && this.#queue.length > MAX_QUEUED_FRAMES);
    if (pause && !this.#paused) {
      this.#paused = true;
      this.#socket.pause();
    } else if (!pause && this.#paused) {
      this.#paused = false;
      this.#socket.resume();
    }
  }

  #fail(e: unknown): void {
    if (this.#stopped) return;
    this.stop();
    this.#onError(e instanceof Error ? e : new Error(String(e)));
  }
}
