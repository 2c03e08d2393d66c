// Strategic merge patch, apply half: mirrors apimachinery pkg/util/strategicpatch/patch.go
// (StrategicMergeMapPatch with MergeParallelList and IgnoreUnmatchedNulls, v0.32–0.36): mergeMap,
// mergeSlice, mergePatchIntoOriginal ($setElementOrder), applyRetainKeysDirective,
// $deleteFromPrimitiveList, $patch replace/delete, removeDirectives — and the HTTP class
// handlers/patch.go gives each error. Merge keys and strategies come from a PatchSchema.
import type { StatusError } from "../status-error.ts";
import { patchBadRequest, patchInternal, patchNotApplicable } from "./patch-errors.ts";
import { fieldSchema, type PatchSchema } from "./patch-schema.ts";
import { clone, goEqual, goFormat, isObject, jsonTypeName, type JsonObject } from "./json-value.ts";
import {
  errBadArgType, errBadPatchFormatForPrimitiveList, errBadPatchFormatForRetainKeys, errBadPatchFormatForSetElementOrderList,
  errBadPatchType, errNoMergeKey, SmpError,
} from "./smp-errors.ts";
import {
  DIRECTIVE, deduplicateScalars, findByKey, normalizeElementOrder, partition, sliceElementKind, splitDeleteItems,
} from "./smp-order.ts";

const RETAIN_KEYS = "$retainKeys";
const SET_ELEMENT_ORDER = "$setElementOrder";
const DELETE_FROM_PRIMITIVE_LIST = "$deleteFromPrimitiveList";

/** extractKey: `$setElementOrder/containers` → `containers`. */
function extractKey(s: string, prefix: string): string {
  const slash = s.indexOf("/");
  if (slash < 0 || s.slice(0, slash) !== prefix) {
    throw prefix === SET_ELEMENT_ORDER ? errBadPatchFormatForSetElementOrderList() : errBadPatchFormatForPrimitiveList();
  }
  return s.slice(slash + 1);
}

function discardNulls(v: unknown): void {
  if (Array.isArray(v)) for (const x of v) discardNulls(x);
  else if (isObject(v)) {
    for (const [k, x] of Object.entries(v)) {
      if (x === null) delete v[k];
      else discardNulls(x);
    }
  }
}

/** removeDirectives: drops maps carrying `$patch` (and list items that are such maps). */
function removeDirectives(v: unknown): { value: unknown; keep: boolean } {
  if (Array.isArray(v)) {
    return { value: v.map(removeDirectives).filter((r) => r.keep).map((r) => r.value), keep: true };
  }
  if (!isObject(v)) return { value: v, keep: true };
  if (Object.hasOwn(v, DIRECTIVE)) return { value: null, keep: false };
  for (const [k, x] of Object.entries(v)) {
    const r = removeDirectives(x);
    if (r.keep) v[k] = r.value;
    else delete v[k];
  }
  return { value: v, keep: true };
}

function handleDirectiveInMergeMap(directive: unknown, patch: JsonObject): JsonObject {
  if (directive === "replace") {
    delete patch[DIRECTIVE];
    return patch;
  }
  if (directive === "delete") return {};
  throw errBadPatchType(directive, patch);
}

function applyRetainKeysDirective(original: JsonObject, patch: JsonObject): void {
  if (!Object.hasOwn(patch, RETAIN_KEYS)) return;
  const list = patch[RETAIN_KEYS];
  delete patch[RETAIN_KEYS];
  if (!Array.isArray(list)) throw errBadPatchFormatForRetainKeys();
  const retained = new Set(list);
  for (const [k, v] of Object.entries(patch)) {
    if (v === null || k.startsWith(DELETE_FROM_PRIMITIVE_LIST) || k.startsWith(SET_ELEMENT_ORDER)) continue;
    if (!retained.has(k)) throw errBadPatchFormatForRetainKeys();
  }
  for (const k of Object.keys(original)) if (!retained.has(k)) delete original[k];
}

function mergeKeyEqual(left: unknown, right: unknown, mergeKey: string): boolean {
  if (!mergeKey) return goEqual(left, right);
  if (!isObject(left)) throw errBadArgType("map[string]interface {}", left);
  if (!isObject(right)) throw errBadArgType("map[string]interface {}", right);
  if (!Object.hasOwn(left, mergeKey)) throw errNoMergeKey(left, mergeKey);
  if (!Object.hasOwn(right, mergeKey)) throw errNoMergeKey(right, mergeKey);
  return goEqual(left[mergeKey], right[mergeKey]);
}

/** validatePatchWithSetOrderList: patch items must appear in the order list, in its order. */
function validateSetOrder(patchList: readonly unknown[], order: readonly unknown[], mergeKey: string): void {
  if (order.length === 0 || patchList.length === 0) return;
  const items = mergeKey ? splitDeleteItems(patchList)[0] : [...patchList];
  let p = 0;
  let s = 0;
  while (p < items.length && s < order.length) {
    const item = items[p];
    if (isObject(item) && Object.hasOwn(item, DIRECTIVE)) {
      p++;
      continue;
    }
    if (mergeKeyEqual(item, order[s], mergeKey)) p++;
    s++;
  }
  if (p < items.length && s >= order.length) {
    throw new SmpError("internal", `the order in patch list:\n${goFormat(patchList)}\n doesn't match ${SET_ELEMENT_ORDER} list:\n${goFormat(order)}`);
  }
}


function asList(v: unknown): unknown[] {
  if (!Array.isArray(v)) throw errBadArgType("[]interface {}", v);
  return v;
}

/** mergePatchIntoOriginal: every `$setElementOrder/<list>` merges <list> and orders it. */
function mergePatchIntoOriginal(original: JsonObject, patch: JsonObject, schema: PatchSchema): void {
  for (const key of Object.keys(patch)) {
    if (!key.startsWith(SET_ELEMENT_ORDER)) continue;
    const order = patch[key];
    delete patch[key];
    const orderList = asList(order);
    const listKey = extractKey(key, SET_ELEMENT_ORDER);
    const foundOriginal = Object.hasOwn(original, listKey);
    const foundPatch = Object.hasOwn(patch, listKey);
    const originalList = foundOriginal ? asList(original[listKey]) : [];
    const patchList = foundPatch ? asList(patch[listKey]) : [];
    const sub = fieldSchema(schema, listKey);
    const mergeKey = sub.list?.mergeKey ?? "";
    validateSetOrder(patchList, orderList, mergeKey);
    let merged: unknown[];
    if (foundOriginal && !foundPatch) merged = originalList;
    else if (!foundOriginal && foundPatch) merged = removeDirectives(patchList).value as unknown[];
    else if (foundOriginal && foundPatch) merged = mergeSliceHandler(originalList, patchList, sub, false);
    else continue;
    const { inPatch, serverOnly } = partition(merged, orderList, mergeKey);
    const kind = sliceElementKind(originalList, patchList);
    original[listKey] = normalizeElementOrder(inPatch, serverOnly, orderList, originalList, mergeKey, kind);
    delete patch[listKey];
  }
}

function mergeMap(original: JsonObject, patch: JsonObject, schema: PatchSchema): JsonObject {
  if (Object.hasOwn(patch, DIRECTIVE)) return handleDirectiveInMergeMap(patch[DIRECTIVE], patch);
  applyRetainKeysDirective(original, patch);
  mergePatchIntoOriginal(original, patch, schema);
  for (const rawKey of Object.keys(patch)) {
    const patchV = patch[rawKey];
    let k = rawKey;
    let isDeleteList = false;
    if (rawKey.startsWith(DELETE_FROM_PRIMITIVE_LIST)) {
      k = extractKey(rawKey, DELETE_FROM_PRIMITIVE_LIST);
      isDeleteList = true;
    }
    if (patchV === null) {
      delete original[k];
      continue;
    }
    const cur = original[k];
    const bothMaps = isObject(cur) && isObject(patchV);
    const bothLists = Array.isArray(cur) && Array.isArray(patchV);
    if (!Object.hasOwn(original, k) || (!bothMaps && !bothLists)) {
      // Not in the original, a different type, or a scalar: the patch value wins.
      if (isDeleteList) continue;
      discardNulls(patchV);
      const r = removeDirectives(patchV);
      if (r.keep) original[k] = r.value;
      else delete original[k];
      continue;
    }
    const sub = fieldSchema(schema, k);
    if (isObject(cur) && isObject(patchV)) original[k] = mergeMap(cur, patchV, sub);
    else original[k] = mergeSliceHandler(cur as unknown[], patchV as unknown[], sub, isDeleteList);
  }
  return original;
}

/** mergeSliceHandler: lists with patchStrategy merge merge; all others are replaced. */
function mergeSliceHandler(original: unknown[], patch: unknown[], schema: PatchSchema, isDeleteList: boolean): unknown[] {
  if (!schema.list) return patch;
  return mergeSlice(original, patch, schema, schema.list.mergeKey ?? "", isDeleteList);
}

function mergeSlice(originalIn: unknown[], patchIn: unknown[], schema: PatchSchema, mergeKey: string, isDeleteList: boolean): unknown[] {
  let original = originalIn;
  let patch = patchIn;
  if (original.length === 0 && patch.length === 0) return original;
  const kind = sliceElementKind(original, patch);
  let merged: unknown[];
  if (kind !== "map") {
    if (isDeleteList) return original.filter((v) => !patch.some((d) => goEqual(d, v)));
    merged = deduplicateScalars([...original, ...patch]);
  } else {
    if (!mergeKey) throw new SmpError("internal", "cannot merge lists without merge key for type struct");
    [original, patch] = mergeSliceWithSpecialElements(original, patch, mergeKey);
    merged = mergeSliceWithoutSpecialElements(original, patch, mergeKey, schema);
  }
  const { inPatch, serverOnly } = partition(merged, patch, mergeKey);
  return normalizeElementOrder(inPatch, serverOnly, patch, original, mergeKey, kind);
}

/** `$patch: delete` removes matching items; `$patch: replace` makes the rest of the list the result. */
function mergeSliceWithSpecialElements(original: unknown[], patch: unknown[], mergeKey: string): [unknown[], unknown[]] {
  const plain: unknown[] = [];
  let replace = false;
  let result = original;
  for (const v of patch) {
    const m = v as JsonObject;
    if (!Object.hasOwn(m, DIRECTIVE)) {
      plain.push(v);
      continue;
    }
    const directive = m[DIRECTIVE];
    if (directive === "delete") {
      if (!Object.hasOwn(m, mergeKey)) throw errNoMergeKey(m, mergeKey);
      result = result.filter((o) => !(isObject(o) && Object.hasOwn(o, mergeKey) && goEqual(o[mergeKey], m[mergeKey])));
    } else if (directive === "replace") {
      replace = true;
    } else if (directive === "merge") {
      throw new SmpError("internal", "merging lists cannot yet be specified in the patch");
    } else {
      throw errBadPatchType(directive, m);
    }
  }
  return replace ? [plain, []] : [result, plain];
}

function mergeSliceWithoutSpecialElements(original: unknown[], patch: unknown[], mergeKey: string, schema: PatchSchema): unknown[] {
  const out = [...original];
  for (const v of patch) {
    const m = v as JsonObject;
    if (!Object.hasOwn(m, mergeKey)) throw errNoMergeKey(m, mergeKey);
    const found = findByKey(out, mergeKey, m[mergeKey]);
    if (found) out[found.at] = mergeMap(found.item, m, schema);
    else out.push(v);
  }
  return out;
}

function isDirectiveKey(k: string): boolean {
  return k === DIRECTIVE || k === RETAIN_KEYS || k.startsWith(`${SET_ELEMENT_ORDER}/`) || k.startsWith(`${DELETE_FROM_PRIMITIVE_LIST}/`);
}

/**
 * What decoding into the typed object does after the merge: unknown `$…` directive keys left in
 * items taken verbatim from the patch are dropped, and null members mean "unset". Deliberate
 * stand-in for FromUnstructured, since pillion stores the merged JSON as is.
 */
function cleanup(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(cleanup);
  if (!isObject(v)) return v;
  const out: JsonObject = {};
  for (const [k, x] of Object.entries(v)) if (x !== null && !isDirectiveKey(k)) out[k] = cleanup(x);
  return out;
}

function toStatusError(e: SmpError): StatusError {
  switch (e.errorClass) {
    case "bad": return patchBadRequest(e.message);
    case "unprocessable": return patchNotApplicable(e.message);
    case "internal": return patchInternal(e.message);
  }
}

/** Applies a strategic merge patch (already JSON-decoded) to a copy of `original`. */
export function applyStrategicMergePatch(original: unknown, patch: unknown, schema: PatchSchema): unknown {
  if (patch !== null && !isObject(patch)) {
    throw patchBadRequest(`json: cannot unmarshal ${jsonTypeName(patch)} into Go value of type map[string]interface {}`);
  }
  const doc = clone(original);
  if (!isObject(doc)) throw patchBadRequest("invalid JSON document");
  try {
    return cleanup(mergeMap(doc, clone(patch ?? {}), schema));
  } catch (e) {
    if (e instanceof SmpError) throw toStatusError(e);
    throw e;
  }
}
