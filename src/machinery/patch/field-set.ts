// Field sets of server-side apply, in the shape sigs.k8s.io/structured-merge-diff gives them: a
// path is a list of elements `f:<field>`, `k:<json of key fields>` (items of keyed lists),
// `v:<json>` (items of scalar sets); a set is encoded as fieldsV1 (`{"f:spec":{"f:containers":
// {"k:{\"name\":\"main\"}":{".":{},"f:image":{}}}}}`). Members are leaves (scalars, atomic lists,
// empty maps) and list items; intermediate structs are not members.
import { patchInternal } from "./patch-errors.ts";
import { fieldSchema, type PatchSchema } from "./patch-schema.ts";
import { isObject, type JsonObject } from "./json-value.ts";

/** A path joined with NUL, so it can key a Set. */
export type PathKey = string;
const SEP = "\u0000";

export const toKey = (path: readonly string[]): PathKey => path.join(SEP);
export const fromKey = (key: PathKey): string[] => (key === "" ? [] : key.split(SEP));

/** stripMetaManager's set, plus status (reset on the main resource by every strategy here). */
const STRIPPED_META = new Set(["name", "namespace", "creationTimestamp", "selfLink", "uid", "clusterName", "generation", "managedFields", "resourceVersion"]);
const STRIPPED_TOP = new Set(["apiVersion", "kind", "status"]);

function sortedJson(obj: Record<string, unknown>): string {
  return `{${Object.keys(obj).sort().map((k) => `${JSON.stringify(k)}:${JSON.stringify(obj[k])}`).join(",")}}`;
}

/** The key fields of a keyed-list item (list-map-keys, defaults filled in). */
export function itemKey(item: JsonObject, schema: PatchSchema, where: string, i: number): Record<string, unknown> {
  const list = schema.list ?? {};
  const names = list.applyKeys ?? (list.mergeKey ? [list.mergeKey] : []);
  const key: Record<string, unknown> = {};
  for (const n of names) {
    const v = item[n] ?? list.applyKeyDefaults?.[n];
    if (v === undefined || v === null) {
      throw patchInternal(`${where}: element ${i}: associative list with keys has an element that omits key field ${JSON.stringify(n)} (and doesn't have default value)`);
    }
    key[n] = v;
  }
  return key;
}

export const keyElement = (key: Record<string, unknown>): string => `k:${sortedJson(key)}`;

const isKeyedList = (schema: PatchSchema): boolean => schema.list?.mergeKey !== undefined;
const isSetList = (schema: PatchSchema): boolean => schema.list !== undefined && schema.list.mergeKey === undefined;

/**
 * Every member path of `value` with its value (undefined for list items, which are compared
 * through their fields). Stripped fields are left out at the top level and in metadata.
 */
export function flatten(obj: unknown, schema: PatchSchema): Map<PathKey, unknown> {
  const out = new Map<PathKey, unknown>();
  const walk = (v: unknown, s: PatchSchema, path: string[], where: string): void => {
    if (isObject(v) && Object.keys(v).length > 0) {
      for (const [k, x] of Object.entries(v)) {
        if (path.length === 0 && STRIPPED_TOP.has(k)) continue;
        if (path.length === 1 && path[0] === "f:metadata" && STRIPPED_META.has(k)) continue;
        walk(x, fieldSchema(s, k), [...path, `f:${k}`], `${where}.${k}`);
      }
      return;
    }
    if (Array.isArray(v) && v.length > 0 && isKeyedList(s) && v.every(isObject)) {
      v.forEach((item, i) => {
        const el = [...path, keyElement(itemKey(item, s, where, i))];
        out.set(toKey(el), undefined);
        walk(item, s, el, `${where}[${i}]`);
      });
      return;
    }
    if (Array.isArray(v) && v.length > 0 && isSetList(s)) {
      for (const item of v) out.set(toKey([...path, `v:${JSON.stringify(item)}`]), undefined);
      return;
    }
    if (path.length > 0) out.set(toKey(path), v);
  };
  walk(obj, schema, [], "");
  // The metadata node itself is stripped; an emptied struct would otherwise appear as a leaf.
  out.delete(toKey(["f:metadata"]));
  return out;
}

/** fieldpath.Path.String(): `.spec.containers[name="main"].image`, `.metadata.finalizers[="x"]`. */
export function pathString(path: readonly string[]): string {
  const str = (v: unknown): string => (typeof v === "string" ? JSON.stringify(v) : String(v));
  return path.map((el) => {
    if (el.startsWith("f:")) return `.${el.slice(2)}`;
    if (el.startsWith("k:")) {
      const key = JSON.parse(el.slice(2)) as Record<string, unknown>;
      return `[${Object.keys(key).map((k) => `${k}=${str(key[k])}`).join(",")}]`;
    }
    return `[=${str(JSON.parse(el.slice(2)))}]`;
  }).join("");
}

/** PathElement ordering: f < k < v, then by name / key values / value. */
function compareElements(a: string, b: string): number {
  const rank = (e: string): number => "fkvi".indexOf(e[0] ?? "i");
  if (rank(a) !== rank(b)) return rank(a) - rank(b);
  if (a.startsWith("f:")) return a < b ? -1 : a > b ? 1 : 0;
  const va = JSON.parse(a.slice(2)) as unknown;
  const vb = JSON.parse(b.slice(2)) as unknown;
  const cmp = (x: unknown, y: unknown): number =>
    typeof x === "number" && typeof y === "number" ? x - y : String(x) < String(y) ? -1 : String(x) > String(y) ? 1 : 0;
  if (isObject(va) && isObject(vb)) {
    for (const k of Object.keys(va)) {
      const c = cmp(va[k], vb[k]);
      if (c !== 0) return c;
    }
    return 0;
  }
  return cmp(va, vb);
}

interface Node { member: boolean; children: Map<string, Node> }

/** Encodes a set of member paths as fieldsV1 ("." first, children in PathElement order). */
export function encodeFieldsV1(paths: Iterable<PathKey>): JsonObject {
  const root: Node = { member: false, children: new Map() };
  for (const key of paths) {
    let node = root;
    for (const el of fromKey(key)) {
      let next = node.children.get(el);
      if (!next) {
        next = { member: false, children: new Map() };
        node.children.set(el, next);
      }
      node = next;
    }
    node.member = true;
  }
  const emit = (node: Node): JsonObject => {
    const out: JsonObject = {};
    if (node.member && node.children.size > 0) out["."] = {};
    for (const el of [...node.children.keys()].sort(compareElements)) out[el] = emit(node.children.get(el) as Node);
    return out;
  };
  return emit(root);
}

/** Decodes fieldsV1 into member paths. */
export function decodeFieldsV1(fields: unknown): Set<PathKey> {
  const out = new Set<PathKey>();
  const walk = (node: unknown, path: string[]): void => {
    if (!isObject(node)) return;
    const keys = Object.keys(node);
    if (keys.length === 0 && path.length > 0) out.add(toKey(path));
    for (const k of keys) {
      if (k === ".") out.add(toKey(path));
      else walk(node[k], [...path, k]);
    }
  };
  walk(fields, []);
  return out;
}
