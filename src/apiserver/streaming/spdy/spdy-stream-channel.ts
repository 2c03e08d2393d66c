// One SPDY stream as a Node Duplex, for either end of a connection. Readable: the peer's DATA,
// ending at its FIN. Writable: our DATA frames (back-pressure from SpdyFrameWriter); end()
// sends an empty DATA frame with FIN. destroy() before both FINs sends RST_STREAM (CANCEL),
// unless the peer reset the stream or the connection is going away.
//
// State per stream (each side half-closes independently, SPDY/3 §2.3.7):
//   open ──our FIN──▶ half-closed(local) ──peer FIN──▶ closed
//   open ──peer FIN─▶ half-closed(remote) ──our FIN──▶ closed
//   any ──RST either way / connection gone──▶ closed
import { Duplex } from "node:stream";
import { FLAG_FIN, MAX_FRAME_PAYLOAD, RST_CANCEL } from "./spdy-frames.ts";
import type { SpdyFrameWriter } from "./spdy-frame-writer.ts";

export interface SpdyStreamChannelOptions {
  id: number;
  writer: SpdyFrameWriter;
  /** The connection's reader: blocked while this stream's read buffer is full. */
  flow: { block(id: number): void; unblock(id: number): void };
  /** Runs once, when the Duplex is destroyed (fully closed, reset, or torn down). */
  onClose: () => void;
}

export class SpdyStreamChannel {
  readonly id: number;
  readonly duplex: Duplex;
  readonly #writer: SpdyFrameWriter;
  readonly #flow: SpdyStreamChannelOptions["flow"];
  #finSent = false;
  #finReceived = false;
  /** No RST_STREAM on destroy: the peer reset it, or the connection is gone. */
  #silent = false;

  constructor(options: SpdyStreamChannelOptions) {
    this.id = options.id;
    this.#writer = options.writer;
    this.#flow = options.flow;
    const { id, flow } = options;
    this.duplex = new Duplex({
      read: () => flow.unblock(id),
      write: (chunk: Buffer, _enc, cb) => this.#writeData(chunk, cb),
      final: (cb) => {
        this.#finSent = true;
        this.#writer.writeThen({ type: "DATA", streamId: id, flags: FLAG_FIN, data: new Uint8Array(0) }, () => cb());
      },
      destroy: (err, cb) => {
        flow.unblock(id);
        if (!this.#silent && !(this.#finSent && this.#finReceived)) {
          this.#writer.write({ type: "RST_STREAM", streamId: id, statusCode: RST_CANCEL });
        }
        options.onClose();
        cb(err);
      },
    });
  }

  get finReceived(): boolean {
    return this.#finReceived;
  }

  /** A DATA frame from the peer; a full read buffer blocks the connection's reader. */
  receiveData(data: Uint8Array, fin: boolean): void {
    if (this.duplex.destroyed || this.#finReceived) return;
    if (data.length > 0 && !this.duplex.push(data)) this.#flow.block(this.id);
    if (fin) this.receiveFin();
  }

  receiveFin(): void {
    if (this.#finReceived || this.duplex.destroyed) return;
    this.#finReceived = true;
    this.duplex.push(null);
  }

  /** The peer sent RST_STREAM, or the connection is gone: destroy without answering. */
  destroySilently(): void {
    this.#silent = true;
    this.duplex.destroy();
  }

  /** Sends RST_STREAM (CANCEL) unless both sides had already sent FIN, and destroys the stream. */
  reset(): void {
    this.duplex.destroy();
  }

  #writeData(chunk: Buffer, cb: (e?: Error | null) => void): void {
    if (chunk.length === 0) {
      cb();
      return;
    }
    let at = 0;
    const next = (): void => {
      const data = chunk.subarray(at, at + MAX_FRAME_PAYLOAD);
      at += data.length;
      this.#writer.writeThen({ type: "DATA", streamId: this.id, flags: 0, data }, at < chunk.length ? next : () => cb());
    };
    next();
  }
}
