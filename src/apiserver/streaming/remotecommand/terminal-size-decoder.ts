// The resize channel/stream: a sequence of JSON objects `{"Width":80,"Height":24}`, cut into
// messages or frames anywhere. Mirrors handleResizeEvents (kubelet remotecommand/httpstream.go):
// a json.Decoder into remotecommand.TerminalSize{Width, Height uint16}, which matches field names
// case-insensitively, ignores unknown fields, and stops for good at the first value it cannot decode.
// Deliberate difference: a top-level value that is not an object (Go would decode `null` as 0×0)
// also stops the decoder.
import type { TerminalSize } from "../../../runtime/runtime.ts";

/** A client that never closes its object cannot make the server buffer without bound. */
const MAX_PENDING_CHARS = 64 * 1024;

function uint16(v: unknown): number | undefined {
  if (v === undefined || v === null) return 0;
  return typeof v === "number" && Number.isInteger(v) && v >= 0 && v <= 0xffff ? v : undefined;
}

function toSize(value: unknown): TerminalSize | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  let width: unknown;
  let height: unknown;
  for (const [k, v] of Object.entries(value)) {
    if (k.toLowerCase() === "width") width = v;
    else if (k.toLowerCase() === "height") height = v;
  }
  const w = uint16(width);
  const h = uint16(height);
  return w === undefined || h === undefined ? undefined : { width: w, height: h };
}

/** The end (exclusive) of the object starting at `start`, or -1 while it is incomplete. */
function objectEnd(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  let escaped = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (escaped) escaped = false;
      else if (c === "\\") escaped = true;
      else if (c === "\"") inString = false;
    } else if (c === "\"") inString = true;
    else if (c === "{" || c === "[") depth++;
    else if (c === "}" || c === "]") {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

export class TerminalSizeDecoder {
  readonly #utf8 = new TextDecoder("utf-8", { fatal: false });
  #pending = "";
  #stopped = false;

  /** True once a value failed to decode: later input is ignored, as the kubelet's loop ends. */
  get stopped(): boolean {
    return this.#stopped;
  }

  /** Feeds bytes; returns the sizes completed by them, in order. */
  push(chunk: Uint8Array): TerminalSize[] {
    if (this.#stopped) return [];
    this.#pending += this.#utf8.decode(chunk, { stream: true });
    const sizes: TerminalSize[] = [];
    for (;;) {
      const start = this.#pending.search(/\S/);
      if (start < 0) { this.#pending = ""; break; }
      if (this.#pending[start] !== "{") { this.#stop(); break; }
      const end = objectEnd(this.#pending, start);
      if (end < 0) {
        if (this.#pending.length - start > MAX_PENDING_CHARS) this.#stop();
        break;
      }
      let size: TerminalSize | undefined;
      try {
        size = toSize(JSON.parse(this.#pending.slice(start, end)));
      } catch {
        size = undefined;
      }
      if (!size) { this.#stop(); break; }
      sizes.push(size);
      this.#pending = this.#pending.slice(end);
    }
    return sizes;
  }

  #stop(): void {
    this.#stopped = true;
    this.#pending = "";
  }
}
