// The JSON decoding of a []byte field (Secret.data, ConfigMap.binaryData): standard base64 with
// padding; anything else fails the whole request with BadRequest, as the apiserver's decoder
// does: `Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 4`.
import { newBadRequest } from "../../machinery/status-error.ts";

const ALPHABET = /[A-Za-z0-9+/]/;

/** The offset Go's base64 decoder reports as CorruptInputError, or undefined when valid. */
export function base64ErrorOffset(input: string): number | undefined {
  const s = input.replace(/[\r\n]/g, ""); // encoding/base64 skips newlines
  for (let i = 0; i < s.length; i++) {
    const ch = s[i] ?? "";
    if (ALPHABET.test(ch)) continue;
    if (ch !== "=") return i;
    // Padding: only in the last two places of the final quantum.
    const quantumPos = i % 4;
    const padded = quantumPos === 2 ? s.slice(i) === "==" : quantumPos === 3 ? s.slice(i) === "=" : false;
    return padded && s.length % 4 === 0 ? undefined : i;
  }
  return s.length % 4 === 0 ? undefined : s.length - (s.length % 4);
}

/** Throws BadRequest when a value of the map is not valid standard base64. */
export function checkBase64Map(kind: string, map: Record<string, string> | undefined): void {
  for (const value of Object.values(map ?? {})) {
    const offset = typeof value === "string" ? base64ErrorOffset(value) : 0;
    if (offset !== undefined) {
      throw newBadRequest(`${kind} in version "v1" cannot be handled as a ${kind}: illegal base64 data at input byte ${offset}`);
    }
  }
}
