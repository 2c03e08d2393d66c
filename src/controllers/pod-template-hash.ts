// The pod-template-hash label a Deployment puts on its ReplicaSets and their pods, and that
// names them (`<deployment>-<hash>`). Mirrors controller.ComputeHash
// (pkg/controller/controller_utils.go, Kubernetes 1.33): FNV-32a over the template, then the
// collisionCount as 8 bytes (its uint32 little-endian, then four zero bytes, as
// binary.LittleEndian.PutUint32 leaves an 8-byte slice), the sum printed in decimal and passed
// through rand.SafeEncodeString (k8s.io/apimachinery/pkg/util/rand).
//
// Deliberate difference: Kubernetes hashes hashutil.DeepHashObject's spew dump of the Go struct
// v1.PodTemplateSpec (every field of every Go type, nil ones included, so the number changes
// with each release's API types). pillion hashes the template's JSON with sorted keys instead.
// The shape is Kubernetes' (the same alphabet and lengths, collisionCount resolving clashes),
// the contract is the same (an equal template gives the same hash, a changed template another
// one), but a given template's hash differs from a real cluster's.
import type { PodTemplateSpec } from "../api/core.ts";

const FNV32_OFFSET = 0x811c9dc5;
const FNV32_PRIME = 0x01000193;

/** FNV-1a, 32 bits (hash/fnv New32a), continuing from h. */
export function fnv32a(bytes: Uint8Array, h: number = FNV32_OFFSET): number {
  let sum = h;
  for (const byte of bytes) {
    sum ^= byte;
    sum = Math.imul(sum, FNV32_PRIME) >>> 0;
  }
  return sum;
}

/** rand.SafeEncodeString's alphabet: no vowels (no bad words), no 0/1/3 (no confusion). */
const ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789";

/** rand.SafeEncodeString: each character mapped into ALPHANUMS by its code point. */
export function safeEncodeString(s: string): string {
  let out = "";
  for (const ch of s) out += ALPHANUMS[(ch.codePointAt(0) ?? 0) % ALPHANUMS.length] ?? "";
  return out;
}

/** JSON with object keys sorted at every level (Go's encoding of maps is sorted too). */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== "object" || Array.isArray(v)) return v;
    const sorted: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) sorted[k] = (v as Record<string, unknown>)[k];
    return sorted;
  });
}

/** controller.ComputeHash: the pod-template-hash of a template and the Deployment's collisionCount. */
export function computeHash(template: PodTemplateSpec, collisionCount?: number): string {
  let h = fnv32a(new TextEncoder().encode(canonicalJson(template)));
  if (collisionCount !== undefined) {
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setUint32(0, collisionCount >>> 0, true);
    h = fnv32a(bytes, h);
  }
  return safeEncodeString(String(h));
}
