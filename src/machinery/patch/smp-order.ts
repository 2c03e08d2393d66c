// List ordering of strategic merge patch: mirrors normalizeElementOrder, normalizeSliceOrder,
// mergeSortedSlice, partition*ByPresentInList, index and sliceElementType of apimachinery
// pkg/util/strategicpatch/patch.go. Precedence: $setElementOrder > patch order > live order;
// when a patch item is not in the live list it goes before the remaining live items.
import { goEqual, goFormat, goKind, isObject, type JsonObject } from "./json-value.ts";
import { errBadArgType, errNoListOfLists, errNoMergeKey, SmpError } from "./smp-errors.ts";

export const DIRECTIVE = "$patch";

/** The element kind shared by the slices: "map" or a scalar kind; errors like sliceElementType. */
export function sliceElementKind(...slices: readonly (readonly unknown[])[]): string {
  let prev: string | undefined;
  for (const s of slices) {
    for (const v of s) {
      const k = goKind(v);
      if (prev === undefined) {
        prev = k;
        if (k === "slice") throw errNoListOfLists();
      } else if (prev !== k) {
        throw new SmpError("internal", `list element types are not identical: ${goFormat(slices)}`);
      }
    }
  }
  if (prev === undefined) throw new SmpError("internal", "no elements in any of the given slices");
  return prev;
}

/** The value index() compares: the merge key's value for maps, the item itself otherwise. */
function lookupValue(item: unknown, mergeKey: string, kind: string): unknown {
  if (kind !== "map") return item;
  return isObject(item) ? item[mergeKey] : undefined;
}

function index(list: readonly unknown[], item: unknown, mergeKey: string, kind: string): number {
  const want = lookupValue(item, mergeKey, kind);
  return list.findIndex((v) => {
    const got = lookupValue(v, mergeKey, kind);
    return got === undefined ? want === undefined : goEqual(got, want);
  });
}

export function findByKey(list: readonly unknown[], key: string, value: unknown): { item: JsonObject; at: number } | undefined {
  for (let i = 0; i < list.length; i++) {
    const v = list[i];
    if (!isObject(v)) throw new SmpError("internal", `value for key ${i} is not a map.`);
    if (Object.hasOwn(v, key) && goEqual(v[key], value)) return { item: v, at: i };
  }
  return undefined;
}

/** Splits `merged` into items present in `by` and the others (server-only), order kept. */
export function partition(merged: readonly unknown[], by: readonly unknown[], mergeKey: string): { inPatch: unknown[]; serverOnly: unknown[] } {
  const inPatch: unknown[] = [];
  const serverOnly: unknown[] = [];
  for (const v of merged) {
    let found: boolean;
    if (!mergeKey) {
      found = by.some((b) => goEqual(b, v));
    } else {
      if (!isObject(v)) throw errBadArgType("map[string]interface {}", v);
      if (!Object.hasOwn(v, mergeKey)) throw errNoMergeKey(v, mergeKey);
      found = findByKey(by, mergeKey, v[mergeKey]) !== undefined;
    }
    (found ? inPatch : serverOnly).push(v);
  }
  return { inPatch, serverOnly };
}

export function isDeleteItem(v: unknown): boolean {
  return isObject(v) && v[DIRECTIVE] === "delete";
}

/** extractToDeleteItems: [kept, toDelete]; every item must be a map. */
export function splitDeleteItems(list: readonly unknown[]): [unknown[], unknown[]] {
  const keep: unknown[] = [];
  const del: unknown[] = [];
  for (const v of list) {
    if (!isObject(v)) throw errBadArgType("map[string]interface {}", v);
    (isDeleteItem(v) ? del : keep).push(v);
  }
  return [keep, del];
}

/** normalizeSliceOrder: sort.SliceStable by position in `order` (Go's insertion sort, same odd less). */
function normalizeSliceOrder(toSort: readonly unknown[], order: readonly unknown[], mergeKey: string, kind: string): unknown[] {
  let items = [...toSort];
  let toDelete: unknown[] = [];
  if (kind === "map") {
    for (const item of [...items, ...order]) {
      if (!isObject(item)) throw errBadArgType("map[string]interface {}", item);
      if (!Object.hasOwn(item, mergeKey)) throw errNoMergeKey(item, mergeKey);
    }
    [items, toDelete] = splitDeleteItems(items);
  }
  const less = (a: unknown, b: unknown): boolean => {
    const ia = index(order, a, mergeKey, kind);
    const ib = ia >= 0 ? index(order, b, mergeKey, kind) : -1;
    return ia >= 0 && ib >= 0 ? ia < ib : true;
  };
  for (let i = 1; i < items.length; i++) {
    for (let j = i; j > 0 && less(items[j], items[j - 1]); j--) {
      [items[j], items[j - 1]] = [items[j - 1], items[j]];
    }
  }
  return [...items, ...toDelete];
}

/** mergeSortedSlice(left = server-only, right = patch items) using the live order. */
function mergeSorted(left: readonly unknown[], right: readonly unknown[], serverOrder: readonly unknown[], mergeKey: string, kind: string): unknown[] {
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (i >= left.length) out.push(right[j++]);
    else if (j >= right.length) out.push(left[i++]);
    else {
      const li = index(serverOrder, left[i], mergeKey, kind);
      const ri = index(serverOrder, right[j], mergeKey, kind);
      if (li >= 0 && ri >= 0 && li < ri) out.push(left[i++]);
      else out.push(right[j++]);
    }
  }
  return out;
}

export function normalizeElementOrder(
  patch: readonly unknown[], serverOnly: readonly unknown[], patchOrder: readonly unknown[], serverOrder: readonly unknown[],
  mergeKey: string, kind: string,
): unknown[] {
  const p = normalizeSliceOrder(patch, patchOrder, mergeKey, kind);
  const s = normalizeSliceOrder(serverOnly, serverOrder, mergeKey, kind);
  return mergeSorted(s, p, serverOrder, mergeKey, kind);
}

/** deduplicateScalars, with Go's swap-with-last algorithm (order matters for what follows). */
export function deduplicateScalars(input: readonly unknown[]): unknown[] {
  const s = [...input];
  let length = s.length - 1;
  for (let i = 0; i < length; i++) {
    for (let j = i + 1; j <= length; j++) {
      if (goEqual(s[i], s[j])) {
        s[j] = s[length];
        s.length = length;
        length--;
        j--;
      }
    }
  }
  return s;
}
