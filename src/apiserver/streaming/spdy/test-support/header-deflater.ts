// The compressing side of SPDY/3 header blocks as Go's spdystream writes them: one zlib deflate
// stream per connection primed with the SPDY/3 dictionary, sync-flushed after every block (real
// back-references across blocks, unlike the server's stored blocks). For tests and the test client.
import { constants, createDeflate, type Deflate } from "node:zlib";
import { SPDY3_DICTIONARY } from "../spdy-dictionary.ts";

const SYNC_FLUSH_MARKER = Buffer.from([0x00, 0x00, 0xff, 0xff]);

export class HeaderDeflater {
  readonly #deflate: Deflate = createDeflate({ dictionary: SPDY3_DICTIONARY, level: constants.Z_BEST_COMPRESSION });
  #out: Buffer[] = [];
  #onData: (() => void) | undefined;
  #queue: Promise<unknown> = Promise.resolve();

  constructor() {
    this.#deflate.on("data", (c: Buffer) => {
      this.#out.push(c);
      this.#onData?.();
    });
  }

  /** The compressed form of one uncompressed header block; calls are served in order. */
  compress(block: Uint8Array): Promise<Buffer> {
    const next = this.#queue.then(() => this.#compressOne(block));
    this.#queue = next.catch(() => undefined);
    return next;
  }

  close(): void {
    this.#deflate.destroy();
  }

  #compressOne(block: Uint8Array): Promise<Buffer> {
    return new Promise<Buffer>((resolve) => {
      // A sync flush ends with an empty stored block (00 00 ff ff); zlib may emit its output in
      // several 'data' events, before or after the flush callback, so wait for the marker.
      const check = (): void => {
        const all = Buffer.concat(this.#out);
        if (all.length >= 4 && all.subarray(all.length - 4).equals(SYNC_FLUSH_MARKER)) {
          this.#out = [];
          this.#onData = undefined;
          resolve(all);
        }
      };
      this.#onData = check;
      this.#deflate.write(block);
      this.#deflate.flush(constants.Z_SYNC_FLUSH, check);
    });
  }
}
