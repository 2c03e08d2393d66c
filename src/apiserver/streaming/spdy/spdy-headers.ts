// SPDY/3 header blocks (SPDY/3 §2.6.10): uncompressed, a u32 pair count, then per pair a u32
// length + lower-case name and a u32 length + value (several values joined by NUL). On the wire
// every block of a connection and direction is one zlib stream primed with the SPDY/3 dictionary
// and sync-flushed after each block, so one inflate context must live as long as the connection.
//
// Outbound we need no compressor (spec/kubectl-protocol.md §10): the zlib header `78 01` once,
// then each block as stored deflate blocks followed by an EMPTY stored block `00 00 00 ff ff`.
// Without that empty block Go's flate reader holds the bytes back until the next block arrives
// and kubectl gives up on the stream (observed by the probe).
import { constants, createInflate, type Inflate } from "node:zlib";
import { SPDY3_DICTIONARY } from "./spdy-dictionary.ts";
import { SpdyProtocolError } from "./spdy-frames.ts";

export type SpdyHeaders = Record<string, string>;

/** An uncompressed header block; names are lower-cased as SPDY/3 requires. */
export function encodeHeaderBlock(headers: Readonly<Record<string, string>>): Buffer {
  const entries = Object.entries(headers);
  const parts: Buffer[] = [u32(entries.length)];
  for (const [name, value] of entries) {
    const n = Buffer.from(name.toLowerCase(), "utf8");
    const v = Buffer.from(value, "utf8");
    parts.push(u32(n.length), n, u32(v.length), v);
  }
  return Buffer.concat(parts);
}

function u32(n: number): Buffer {
  const b = Buffer.allocUnsafe(4);
  b.writeUInt32BE(n >>> 0, 0);
  return b;
}

/**
 * Parses one uncompressed header block at the start of `bytes`: the headers and how many bytes
 * it took, or undefined when `bytes` does not hold a whole block yet. Mirrors spdystream's
 * parseHeaderValueBlock read through http.Header.Get: names lower-cased, the first value of a
 * NUL-joined list, the first of repeated names.
 */
export function parseHeaderBlock(bytes: Buffer): { headers: SpdyHeaders; consumed: number } | undefined {
  if (bytes.length < 4) return undefined;
  const count = bytes.readUInt32BE(0);
  let at = 4;
  const headers: SpdyHeaders = {};
  for (let i = 0; i < count; i++) {
    const name = readString(bytes, at);
    if (!name) return undefined;
    const value = readString(bytes, name.next);
    if (!value) return undefined;
    at = value.next;
    const key = name.text.toLowerCase();
    if (!(key in headers)) headers[key] = value.text.split("\0")[0] ?? "";
  }
  return { headers, consumed: at };
}

function readString(bytes: Buffer, at: number): { text: string; next: number } | undefined {
  if (bytes.length < at + 4) return undefined;
  const len = bytes.readUInt32BE(at);
  if (bytes.length < at + 4 + len) return undefined;
  return { text: bytes.toString("utf8", at + 4, at + 4 + len), next: at + 4 + len };
}

const ZLIB_HEADER = Buffer.from([0x78, 0x01]);
const EMPTY_STORED_BLOCK = Buffer.from([0x00, 0x00, 0x00, 0xff, 0xff]);
const MAX_STORED = 0xffff;

/** The outbound side of one connection: compressed header blocks as stored deflate blocks. */
export class SpdyHeaderEncoder {
  #started = false;

  encode(headers: Readonly<Record<string, string>>): Buffer {
    const raw = encodeHeaderBlock(headers);
    const parts: Buffer[] = [];
    if (!this.#started) {
      parts.push(ZLIB_HEADER);
      this.#started = true;
    }
    for (let at = 0; at < raw.length; at += MAX_STORED) {
      const chunk = raw.subarray(at, at + MAX_STORED);
      const head = Buffer.allocUnsafe(5);
      head[0] = 0x00; // BFINAL 0, BTYPE 00 (stored); we are always byte-aligned here
      head.writeUInt16LE(chunk.length, 1);
      head.writeUInt16LE(~chunk.length & 0xffff, 3);
      parts.push(head, chunk);
    }
    parts.push(EMPTY_STORED_BLOCK);
    return Buffer.concat(parts);
  }
}

/** A header block that decompresses to more than this is refused (a hostile or broken peer). */
const DEFAULT_MAX_HEADER_BYTES = 256 * 1024;

/**
 * The inbound side of one connection: ONE zlib inflate context with the SPDY/3 dictionary.
 * node:zlib has no synchronous API that keeps its context between calls, so decode() is async;
 * callers must await each decode before starting the next (spdy-frame-reader.ts does), which
 * also keeps frames in order. Output is matched to requests by parsing it (header blocks are
 * self-delimiting), so it does not matter how zlib slices its 'data' events.
 */
export class SpdyHeaderDecoder {
  readonly #inflate: Inflate;
  readonly #maxHeaderBytes: number;
  #out: Buffer = Buffer.alloc(0);
  #waiters: Array<{ resolve: (h: SpdyHeaders) => void; reject: (e: Error) => void }> = [];
  #failed: Error | undefined;

  constructor(options: { maxHeaderBytes?: number } = {}) {
    this.#maxHeaderBytes = options.maxHeaderBytes ?? DEFAULT_MAX_HEADER_BYTES;
    this.#inflate = createInflate({ dictionary: SPDY3_DICTIONARY });
    this.#inflate.on("data", (chunk: Buffer) => {
      this.#out = this.#out.length ? Buffer.concat([this.#out, chunk]) : chunk;
      this.#match();
    });
    this.#inflate.on("error", (e) => this.#fail(new SpdyProtocolError(`header block: ${e.message}`, { cause: e })));
  }

  decode(block: Uint8Array): Promise<SpdyHeaders> {
    if (this.#failed) return Promise.reject(this.#failed);
    // A frame with no header block at all (not even a pair count): no headers, nothing to inflate.
    if (block.length === 0 && this.#waiters.length === 0) return Promise.resolve({});
    return new Promise<SpdyHeaders>((resolve, reject) => {
      this.#waiters.push({ resolve, reject });
      this.#inflate.write(block);
      this.#inflate.flush(constants.Z_SYNC_FLUSH);
    });
  }

  /** Frees the zlib context; pending decodes never settle after this. */
  close(): void {
    this.#waiters = [];
    this.#inflate.removeAllListeners("data");
    this.#inflate.on("error", () => {});
    this.#inflate.destroy();
  }

  #match(): void {
    while (this.#waiters.length > 0) {
      const parsed = parseHeaderBlock(this.#out);
      if (!parsed) break;
      this.#out = this.#out.subarray(parsed.consumed);
      this.#waiters.shift()?.resolve(parsed.headers);
    }
    if (this.#waiters.length === 0 && this.#out.length > 0) {
      this.#fail(new SpdyProtocolError("header block: trailing bytes after the header pairs"));
    } else if (this.#out.length > this.#maxHeaderBytes) {
      this.#fail(new SpdyProtocolError(`header block larger than ${this.#maxHeaderBytes} bytes`));
    }
  }

  #fail(e: Error): void {
    if (this.#failed) return;
    this.#failed = e;
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const w of waiters) w.reject(e);
  }
}
