// RFC 6902 JSON patch as kube-apiserver applies it: mirrors gopkg.in/evanphx/json-patch.v4
// (patch.go), including its quirks — `replace` of a missing object member adds it, negative
// array indices count from the end, `test` treats a missing member and null alike — and its
// error texts, which travel as the `cause` of a 422 whose wire message is fixed.
import { StatusError } from "../status-error.ts";
import { patchBadRequest, patchNotApplicable } from "./patch-errors.ts";
import { clone, deepEqual, isObject, jsonTypeName, type JsonObject } from "./json-value.ts";

/** handlers/patch.go maxJSONPatchOperations. */
const MAX_OPERATIONS = 10_000;

type Container = JsonObject | unknown[];

class OpError extends Error {}

const decodeKey = (k: string): string => k.replaceAll("~1", "/").replaceAll("~0", "~");

/** strconv.Atoi, with Go's error text. */
function atoi(key: string): number {
  if (!/^[+-]?\d+$/.test(key)) throw new OpError(`strconv.Atoi: parsing ${JSON.stringify(key)}: invalid syntax`);
  return Number(key);
}

const invalidIndex = (idx: number): OpError => new OpError(`Unable to access invalid index: ${idx}: invalid index referenced`);

function get(con: Container, key: string): unknown {
  if (!Array.isArray(con)) return Object.hasOwn(con, key) ? con[key] : undefined;
  let idx = atoi(key);
  if (idx < 0) {
    if (idx < -con.length) throw invalidIndex(idx);
    idx += con.length;
  }
  if (idx >= con.length) throw invalidIndex(idx);
  return con[idx];
}

function add(con: Container, key: string, val: unknown): void {
  if (!Array.isArray(con)) {
    con[key] = val;
    return;
  }
  if (key === "-") {
    con.push(val);
    return;
  }
  let idx: number;
  try {
    idx = atoi(key);
  } catch (e) {
    throw new OpError(`value was not a proper array index: '${key}': ${(e as Error).message}`);
  }
  const size = con.length + 1;
  if (idx >= size || idx < -size) throw invalidIndex(idx);
  if (idx < 0) idx += size;
  con.splice(idx, 0, val);
}

function remove(con: Container, key: string): void {
  if (!Array.isArray(con)) {
    if (!Object.hasOwn(con, key)) throw new OpError(`Unable to remove nonexistent key: ${key}: missing value`);
    delete con[key];
    return;
  }
  let idx = atoi(key);
  if (idx >= con.length || idx < -con.length) throw invalidIndex(idx);
  if (idx < 0) idx += con.length;
  con.splice(idx, 1);
}

/** findObject: the container holding the last token, or undefined when a step is missing. */
function findObject(doc: JsonObject, path: string): { con: Container; key: string } | undefined {
  const split = path.split("/");
  if (split.length < 2) return undefined;
  let con: Container = doc;
  for (const part of split.slice(1, -1)) {
    let next: unknown;
    try {
      next = get(con, decodeKey(part));
    } catch {
      return undefined;
    }
    if (!isObject(next) && !Array.isArray(next)) return undefined;
    con = next;
  }
  return { con, key: decodeKey(split[split.length - 1] ?? "") };
}

function field(op: JsonObject, name: "path" | "from", verb: string): string {
  const v = op[name];
  if (v === undefined || v === null) {
    throw new OpError(name === "path" ? `${verb} operation failed to decode path: missing value` : `operation, missing from field: missing value`);
  }
  if (typeof v !== "string") throw new OpError(`json: cannot unmarshal ${jsonTypeName(v)} into Go value of type string`);
  return v;
}

const wrap = (e: unknown, prefix: string): OpError => new OpError(`${prefix}: ${(e as Error).message}`);

function applyOne(doc: JsonObject, op: JsonObject): void {
  const kind = typeof op["op"] === "string" ? op["op"] : "unknown";
  const value = op["value"] === undefined ? null : clone(op["value"]);
  switch (kind) {
    case "add": {
      const path = field(op, "path", "add");
      const t = findObject(doc, path);
      if (!t) throw new OpError(`add operation does not apply: doc is missing path: "${path}": missing value`);
      try { add(t.con, t.key, value); } catch (e) { throw wrap(e, `error in add for path: '${path}'`); }
      return;
    }
    case "remove": {
      const path = field(op, "path", "remove");
      const t = findObject(doc, path);
      if (!t) throw new OpError(`remove operation does not apply: doc is missing path: "${path}": missing value`);
      try { remove(t.con, t.key); } catch (e) { throw wrap(e, `error in remove for path: '${path}'`); }
      return;
    }
    case "replace": {
      const path = field(op, "path", "replace");
      const t = findObject(doc, path);
      if (!t) throw new OpError(`replace operation does not apply: doc is missing path: ${path}: missing value`);
      try { get(t.con, t.key); } catch { throw new OpError(`replace operation does not apply: doc is missing key: ${path}: missing value`); }
      if (Array.isArray(t.con)) {
        const idx = atoi(t.key);
        t.con[idx < 0 ? idx + t.con.length : idx] = value;
      } else {
        t.con[t.key] = value; // v4 quirk: a missing object member is added, not refused.
      }
      return;
    }
    case "move": {
      const from = field(op, "from", "move");
      const src = findObject(doc, from);
      if (!src) throw new OpError(`move operation does not apply: doc is missing from path: ${from}: missing value`);
      let val: unknown;
      try {
        val = get(src.con, src.key);
        remove(src.con, src.key);
      } catch (e) { throw wrap(e, `error in move for path: '${src.key}'`); }
      const path = field(op, "path", "move");
      const dst = findObject(doc, path);
      if (!dst) throw new OpError(`move operation does not apply: doc is missing destination path: ${path}: missing value`);
      try { add(dst.con, dst.key, val); } catch (e) { throw wrap(e, `error in move for path: '${path}'`); }
      return;
    }
    case "copy": {
      const from = field(op, "from", "copy");
      const src = findObject(doc, from);
      if (!src) throw new OpError(`copy operation does not apply: doc is missing from path: ${from}: missing value`);
      let val: unknown;
      try { val = get(src.con, src.key); } catch (e) { throw wrap(e, `error in copy for from: '${from}'`); }
      const path = field(op, "path", "copy");
      const dst = findObject(doc, path);
      if (!dst) throw new OpError(`copy operation does not apply: doc is missing destination path: ${path}: missing value`);
      try { add(dst.con, dst.key, clone(val ?? null)); } catch (e) { throw wrap(e, "error while adding value during copy"); }
      return;
    }
    case "test": {
      const path = field(op, "path", "test");
      const t = findObject(doc, path);
      if (!t) throw new OpError(`test operation does not apply: is missing path: ${path}: missing value`);
      let val: unknown;
      try { val = get(t.con, t.key); } catch (e) { throw wrap(e, `error in test for path: '${path}'`); }
      if ((val ?? null) === null ? value === null : deepEqual(val, value)) return;
      throw new OpError(`testing value ${path} failed: test failed`);
    }
    default:
      throw new OpError(`Unexpected kind: ${kind}`);
  }
}

/** Applies an RFC 6902 patch (already JSON-decoded) to a copy of `original`. */
export function applyJsonPatch(original: unknown, patch: unknown): unknown {
  if (!Array.isArray(patch)) {
    throw patchBadRequest(`json: cannot unmarshal ${jsonTypeName(patch)} into Go value of type jsonpatch.Patch`);
  }
  for (const op of patch) {
    if (!isObject(op)) throw patchBadRequest(`json: cannot unmarshal ${jsonTypeName(op)} into Go value of type jsonpatch.Operation`);
  }
  if (patch.length > MAX_OPERATIONS) {
    throw new StatusError({
      kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", reason: "RequestEntityTooLarge", code: 413,
      message: `Request entity too large: The allowed maximum operations in a JSON patch is ${MAX_OPERATIONS}, got ${patch.length}`,
    });
  }
  const doc = clone(original);
  if (!isObject(doc)) throw patchBadRequest("invalid JSON document");
  for (const op of patch as JsonObject[]) {
    try {
      applyOne(doc, op);
    } catch (e) {
      if (e instanceof OpError) throw patchNotApplicable(e.message);
      throw e;
    }
  }
  return doc;
}
