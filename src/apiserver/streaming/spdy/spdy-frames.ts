// SPDY/3.1 framing (the SPDY/3.1 draft, draft-mbelshe-httpbis-spdy), as moby/spdystream reads
// and writes it for kubectl and the kubelet. Hand-written: no maintained Node library serves raw
// SPDY/3.1 streams (node-spdy targets HTTP-over-SPDY and is unmaintained), and the subset kubectl
// needs is small. Header blocks stay compressed bytes here; spdy-headers.ts owns the zlib side.
//
// Every frame starts with 8 bytes. Control: 1 bit set, 15-bit version (3), 16-bit type, 8-bit
// flags, 24-bit length. Data: 1 bit clear, 31-bit stream id, 8-bit flags (FIN = 0x01), length.

export const SPDY_VERSION = 3;
export const FLAG_FIN = 0x01;
/** SYN_STREAM only: the sender will not receive on this stream. */
export const FLAG_UNIDIRECTIONAL = 0x02;
/** Largest payload a frame can say it carries (24-bit length). */
export const MAX_FRAME_PAYLOAD = 0xffffff;

/** RST_STREAM status codes (SPDY/3 §2.4.2). */
export const RST_PROTOCOL_ERROR = 1;
export const RST_INVALID_STREAM = 2;
export const RST_REFUSED_STREAM = 3;
export const RST_CANCEL = 5;
export const RST_STREAM_IN_USE = 8;
/** GOAWAY status codes (SPDY/3 §2.6.6). */
export const GOAWAY_OK = 0;
export const GOAWAY_PROTOCOL_ERROR = 1;

export interface SettingsEntry { flags: number; id: number; value: number }

export type SpdyFrame =
  | { type: "DATA"; streamId: number; flags: number; data: Uint8Array }
  | { type: "SYN_STREAM"; streamId: number; associatedStreamId: number; priority: number; slot: number; flags: number; headerBlock: Uint8Array }
  | { type: "SYN_REPLY"; streamId: number; flags: number; headerBlock: Uint8Array }
  | { type: "RST_STREAM"; streamId: number; statusCode: number }
  | { type: "SETTINGS"; flags: number; entries: SettingsEntry[] }
  | { type: "PING"; id: number }
  | { type: "GOAWAY"; lastGoodStreamId: number; statusCode: number }
  | { type: "HEADERS"; streamId: number; flags: number; headerBlock: Uint8Array }
  | { type: "WINDOW_UPDATE"; streamId: number; deltaWindowSize: number }
  /** NOOP (SPDY/2), CREDENTIAL and anything newer: SPDY says to ignore unknown control frames. */
  | { type: "UNKNOWN"; controlType: number; flags: number; payload: Uint8Array };

const CONTROL_TYPES = {
  SYN_STREAM: 1, SYN_REPLY: 2, RST_STREAM: 3, SETTINGS: 4, PING: 6, GOAWAY: 7, HEADERS: 8, WINDOW_UPDATE: 9,
} as const;

export class SpdyProtocolError extends Error {
  override readonly name = "SpdyProtocolError";
}

const ID_MASK = 0x7fffffff;

function control(type: number, flags: number, payload: Uint8Array): Buffer {
  if (payload.length > MAX_FRAME_PAYLOAD) throw new RangeError(`SPDY frame payload too large: ${payload.length}`);
  const out = Buffer.allocUnsafe(8 + payload.length);
  out.writeUInt16BE(0x8000 | SPDY_VERSION, 0);
  out.writeUInt16BE(type, 2);
  out.writeUInt32BE(((flags & 0xff) << 24 | payload.length) >>> 0, 4);
  out.set(payload, 8);
  return out;
}

function words(...values: number[]): Buffer {
  const b = Buffer.allocUnsafe(4 * values.length);
  values.forEach((v, i) => b.writeUInt32BE(v >>> 0, 4 * i));
  return b;
}

/** The wire bytes of one frame. */
export function encodeFrame(f: SpdyFrame): Buffer {
  switch (f.type) {
    case "DATA": {
      if (f.data.length > MAX_FRAME_PAYLOAD) throw new RangeError(`SPDY frame payload too large: ${f.data.length}`);
      const out = Buffer.allocUnsafe(8 + f.data.length);
      out.writeUInt32BE(f.streamId & ID_MASK, 0);
      out.writeUInt32BE(((f.flags & 0xff) << 24 | f.data.length) >>> 0, 4);
      out.set(f.data, 8);
      return out;
    }
    case "SYN_STREAM": {
      const head = Buffer.allocUnsafe(10);
      head.writeUInt32BE(f.streamId & ID_MASK, 0);
      head.writeUInt32BE(f.associatedStreamId & ID_MASK, 4);
      head[8] = (f.priority & 0x7) << 5;
      head[9] = f.slot & 0xff;
      return control(CONTROL_TYPES.SYN_STREAM, f.flags, Buffer.concat([head, f.headerBlock]));
    }
    case "SYN_REPLY":
      return control(CONTROL_TYPES.SYN_REPLY, f.flags, Buffer.concat([words(f.streamId & ID_MASK), f.headerBlock]));
    case "HEADERS":
      return control(CONTROL_TYPES.HEADERS, f.flags, Buffer.concat([words(f.streamId & ID_MASK), f.headerBlock]));
    case "RST_STREAM":
      return control(CONTROL_TYPES.RST_STREAM, 0, words(f.streamId & ID_MASK, f.statusCode));
    case "SETTINGS": {
      const body = Buffer.allocUnsafe(4 + 8 * f.entries.length);
      body.writeUInt32BE(f.entries.length, 0);
      f.entries.forEach((e, i) => {
        body.writeUInt32BE(((e.flags & 0xff) << 24 | (e.id & 0xffffff)) >>> 0, 4 + 8 * i);
        body.writeUInt32BE(e.value >>> 0, 8 + 8 * i);
      });
      return control(CONTROL_TYPES.SETTINGS, f.flags, body);
    }
    case "PING":
      return control(CONTROL_TYPES.PING, 0, words(f.id));
    case "GOAWAY":
      return control(CONTROL_TYPES.GOAWAY, 0, words(f.lastGoodStreamId & ID_MASK, f.statusCode));
    case "WINDOW_UPDATE":
      return control(CONTROL_TYPES.WINDOW_UPDATE, 0, words(f.streamId & ID_MASK, f.deltaWindowSize & ID_MASK));
    case "UNKNOWN":
      return control(f.controlType, f.flags, f.payload);
  }
}

function need(payload: Buffer, n: number, type: string): void {
  if (payload.length < n) throw new SpdyProtocolError(`${type} frame too short: ${payload.length} bytes`);
}

/** Decodes one control frame's payload; `type` and `flags` come from its 8-byte header. */
function decodeControl(type: number, flags: number, p: Buffer): SpdyFrame {
  switch (type) {
    case CONTROL_TYPES.SYN_STREAM:
      need(p, 10, "SYN_STREAM");
      return {
        type: "SYN_STREAM", streamId: p.readUInt32BE(0) & ID_MASK, associatedStreamId: p.readUInt32BE(4) & ID_MASK,
        priority: (p[8] ?? 0) >> 5, slot: p[9] ?? 0, flags, headerBlock: p.subarray(10),
      };
    case CONTROL_TYPES.SYN_REPLY:
      need(p, 4, "SYN_REPLY");
      return { type: "SYN_REPLY", streamId: p.readUInt32BE(0) & ID_MASK, flags, headerBlock: p.subarray(4) };
    case CONTROL_TYPES.HEADERS:
      need(p, 4, "HEADERS");
      return { type: "HEADERS", streamId: p.readUInt32BE(0) & ID_MASK, flags, headerBlock: p.subarray(4) };
    case CONTROL_TYPES.RST_STREAM:
      need(p, 8, "RST_STREAM");
      return { type: "RST_STREAM", streamId: p.readUInt32BE(0) & ID_MASK, statusCode: p.readUInt32BE(4) };
    case CONTROL_TYPES.SETTINGS: {
      need(p, 4, "SETTINGS");
      const count = p.readUInt32BE(0);
      need(p, 4 + 8 * count, "SETTINGS");
      const entries: SettingsEntry[] = [];
      for (let i = 0; i < count; i++) {
        const w = p.readUInt32BE(4 + 8 * i);
        entries.push({ flags: w >>> 24, id: w & 0xffffff, value: p.readUInt32BE(8 + 8 * i) });
      }
      return { type: "SETTINGS", flags, entries };
    }
    case CONTROL_TYPES.PING:
      need(p, 4, "PING");
      return { type: "PING", id: p.readUInt32BE(0) };
    case CONTROL_TYPES.GOAWAY:
      need(p, 4, "GOAWAY");
      // SPDY/2 GOAWAY had no status code; SPDY/3 has one.
      return { type: "GOAWAY", lastGoodStreamId: p.readUInt32BE(0) & ID_MASK, statusCode: p.length >= 8 ? p.readUInt32BE(4) : 0 };
    case CONTROL_TYPES.WINDOW_UPDATE:
      need(p, 8, "WINDOW_UPDATE");
      return { type: "WINDOW_UPDATE", streamId: p.readUInt32BE(0) & ID_MASK, deltaWindowSize: p.readUInt32BE(4) & ID_MASK };
    default:
      return { type: "UNKNOWN", controlType: type, flags, payload: p };
  }
}

/**
 * Incremental frame parser: push() any slice of the byte stream, get back the frames it
 * completed. Partial frames are kept as a list of chunks (no quadratic re-concatenation for a
 * large DATA frame arriving in many reads). Throws SpdyProtocolError on a control frame of
 * another SPDY version (spdystream fails the connection the same way).
 */
export class SpdyFrameParser {
  #chunks: Buffer[] = [];
  #buffered = 0;

  get bufferedBytes(): number {
    return this.#buffered;
  }

  push(chunk: Uint8Array): SpdyFrame[] {
    if (chunk.length > 0) {
      this.#chunks.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length));
      this.#buffered += chunk.length;
    }
    const frames: SpdyFrame[] = [];
    while (this.#buffered >= 8) {
      const head = this.#peek(8);
      const length = head.readUInt32BE(4) & 0xffffff;
      if (this.#buffered < 8 + length) break;
      this.#take(8);
      const payload = this.#take(length);
      const flags = head[4] ?? 0;
      if ((head[0] ?? 0) & 0x80) {
        const version = head.readUInt16BE(0) & 0x7fff;
        if (version !== SPDY_VERSION) throw new SpdyProtocolError(`unsupported SPDY version ${version}`);
        frames.push(decodeControl(head.readUInt16BE(2), flags, payload));
      } else {
        frames.push({ type: "DATA", streamId: head.readUInt32BE(0) & ID_MASK, flags, data: payload });
      }
    }
    return frames;
  }

  #peek(n: number): Buffer {
    const first = this.#chunks[0];
    if (first && first.length >= n) return first.subarray(0, n);
    return Buffer.concat(this.#chunks, this.#buffered).subarray(0, n);
  }

  #take(n: number): Buffer {
    this.#buffered -= n;
    const first = this.#chunks[0];
    if (first && first.length >= n) {
      if (first.length === n) this.#chunks.shift();
      else this.#chunks[0] = first.subarray(n);
      return first.subarray(0, n);
    }
    const out = Buffer.allocUnsafe(n);
    let filled = 0;
    while (filled < n) {
      const c = this.#chunks[0];
      if (!c) throw new Error("SpdyFrameParser: buffer underrun");
      const used = Math.min(c.length, n - filled);
      c.copy(out, filled, 0, used);
      filled += used;
      if (used === c.length) this.#chunks.shift();
      else this.#chunks[0] = c.subarray(used);
    }
    return out;
  }
}
