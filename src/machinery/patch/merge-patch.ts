// RFC 7386 JSON merge patch as kube-apiserver applies it: mirrors evanphx/json-patch.v4
// MergePatch (merge.go): objects merge recursively, null deletes, anything else replaces;
// null members of objects taken from the patch are pruned (also inside arrays' objects).
import { patchBadRequest } from "./patch-errors.ts";
import { clone, isObject, type JsonObject } from "./json-value.ts";

/** pruneNulls: drop null members of objects, recursively (array elements stay, even null). */
function pruneNulls(v: unknown): unknown {
  if (Array.isArray(v)) return (v as unknown[]).map((x) => (x === null ? x : pruneNulls(x)));
  if (!isObject(v)) return v;
  const out: JsonObject = {};
  for (const [k, x] of Object.entries(v)) if (x !== null) out[k] = pruneNulls(x);
  return out;
}

function mergeDocs(doc: JsonObject, patch: JsonObject): void {
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) {
      delete doc[k];
      continue;
    }
    const cur = doc[k];
    if (isObject(cur) && isObject(v)) mergeDocs(cur, v);
    else doc[k] = pruneNulls(clone(v));
  }
}

/**
 * Applies a JSON merge patch (already JSON-decoded) to a copy of `original`. A patch that is
 * not an object is refused with evanphx's ErrBadJSONPatch text (400 "Invalid JSON Patch");
 * Kubernetes accepts an array there and fails later when decoding the result — a case no
 * client sends, so it gets the same 400 here.
 */
export function applyMergePatch(original: unknown, patch: unknown): unknown {
  if (!isObject(patch)) throw patchBadRequest("Invalid JSON Patch");
  const doc = clone(original);
  if (!isObject(doc)) throw patchBadRequest("Invalid JSON Document");
  mergeDocs(doc, patch);
  return doc;
}
