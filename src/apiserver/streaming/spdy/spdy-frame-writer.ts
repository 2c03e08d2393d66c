// Writes SPDY frames to the connection's byte stream. Control frames are small and written as
// they come; DATA frames respect the socket's back-pressure: their callback waits for 'drain',
// so a slow client stops each stream's Writable (and, through pipe(), whatever feeds it) instead
// of growing memory. One 'drain' listener serves every waiting stream.
import type { Duplex } from "node:stream";
import { encodeFrame, type SpdyFrame } from "./spdy-frames.ts";

export class SpdyFrameWriter {
  readonly #socket: Duplex;
  #waiters: Array<() => void> = [];

  constructor(socket: Duplex) {
    this.#socket = socket;
    socket.on("drain", () => this.#release());
    socket.on("close", () => this.#release());
  }

  /** False once the socket is ended or destroyed: frames are dropped then. */
  get open(): boolean {
    return !this.#socket.destroyed && !this.#socket.writableEnded;
  }

  write(frame: SpdyFrame): void {
    if (this.open) this.#socket.write(encodeFrame(frame));
  }

  /** Writes the frame; `done` runs once the socket will take more (at once if it will now). */
  writeThen(frame: SpdyFrame, done: () => void): void {
    if (!this.open) {
      done();
      return;
    }
    if (this.#socket.write(encodeFrame(frame))) done();
    else this.#waiters.push(done);
  }

  /** Writes the last frame (GOAWAY) and ends the socket; destroys it once flushed. */
  end(frame: SpdyFrame): void {
    if (!this.open) return;
    this.#socket.once("finish", () => this.#socket.destroy());
    this.#socket.end(encodeFrame(frame));
  }

  #release(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const w of waiters) w();
  }
}
