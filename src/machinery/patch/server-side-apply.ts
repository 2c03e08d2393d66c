// Server-side apply, simplified (see docs/patches.md "Server-side apply: what is missing").
// Follows structured-merge-diff's Updater.Apply / Updater.Update (merge/update.go) over the
// field sets of field-set.ts: the applied config merges into the live object with the kind's
// list keys; fields this manager applied before and now omits are removed unless another
// manager owns them; changing a field another manager owns is a 409 conflict unless forced,
// and forcing moves the ownership. Plain writes record their manager through updateManagedFields.
import type { ManagedFieldsEntry } from "../../api/meta.ts";
import { applyConflictError, patchBadRequest, type ApplyConflict } from "./patch-errors.ts";
import { fieldSchema, type PatchSchema } from "./patch-schema.ts";
import { decodeFieldsV1, encodeFieldsV1, flatten, fromKey, itemKey, keyElement, pathString, type PathKey } from "./field-set.ts";
import { clone, deepEqual, isObject, type JsonObject } from "./json-value.ts";

export interface ServerSideApplyOptions {
  manager: string;
  force: boolean;
  /** RFC 3339 time written into the manager's entry. */
  now: string;
  schema: PatchSchema;
}

interface ManagerSet { entry: ManagedFieldsEntry; set: Set<PathKey> }

const identity = (e: ManagedFieldsEntry): string => `${e.manager ?? ""}\u0000${e.operation ?? ""}\u0000${e.subresource ?? ""}`;

function readManagers(obj: unknown): ManagerSet[] {
  const meta = isObject(obj) && isObject(obj["metadata"]) ? obj["metadata"] : {};
  const entries = Array.isArray(meta["managedFields"]) ? (meta["managedFields"] as ManagedFieldsEntry[]) : [];
  return entries.map((entry) => ({ entry, set: decodeFieldsV1(entry.fieldsV1) }));
}

/** printManager: `"x" using v1` for Update entries, `"x"` for Apply ones. */
function printManager(e: ManagedFieldsEntry): string {
  const name = JSON.stringify(e.manager ?? "");
  const sub = e.subresource ? `${name} with subresource ${JSON.stringify(e.subresource)}` : name;
  return e.operation === "Update" ? `${sub} using ${e.apiVersion ?? ""}` : sub;
}

/** sortEncodedManagedFields: operation (Apply < Update), time, manager, apiVersion. */
function writeManagers(obj: JsonObject, managers: readonly ManagerSet[]): JsonObject {
  const entries = managers.filter((m) => m.set.size > 0).map((m) => {
    const e: ManagedFieldsEntry = { manager: m.entry.manager ?? "" };
    if (m.entry.operation) e.operation = m.entry.operation;
    if (m.entry.apiVersion) e.apiVersion = m.entry.apiVersion;
    if (m.entry.time) e.time = m.entry.time;
    e.fieldsType = "FieldsV1";
    e.fieldsV1 = encodeFieldsV1(m.set);
    if (m.entry.subresource) e.subresource = m.entry.subresource;
    return e;
  });
  const cmp = (a = "", b = ""): number => (a < b ? -1 : a > b ? 1 : 0);
  entries.sort((a, b) => cmp(a.operation, b.operation) || cmp(a.time, b.time) || cmp(a.manager, b.manager) || cmp(a.apiVersion, b.apiVersion));
  const meta: JsonObject = isObject(obj["metadata"]) ? { ...obj["metadata"] } : {};
  if (entries.length) meta["managedFields"] = entries;
  else delete meta["managedFields"];
  return { ...obj, metadata: meta };
}

/** Paths whose value differs between two objects: [added or modified, removed]. */
function compare(before: unknown, after: unknown, schema: PatchSchema): [Set<PathKey>, Set<PathKey>] {
  const a = flatten(before ?? {}, schema);
  const b = flatten(after, schema);
  const changed = new Set<PathKey>();
  for (const [k, v] of b) if (!a.has(k) || !deepEqual(a.get(k), v)) changed.add(k);
  const removed = new Set([...a.keys()].filter((k) => !b.has(k)));
  return [changed, removed];
}

/** The applied config merged into the live object: keyed lists by key, scalar sets as union. */
function mergeApplied(live: unknown, applied: unknown, schema: PatchSchema, where: string): unknown {
  if (isObject(live) && isObject(applied)) {
    const out: JsonObject = { ...live };
    for (const [k, v] of Object.entries(applied)) {
      if (v === null) delete out[k];
      else out[k] = Object.hasOwn(live, k) ? mergeApplied(live[k], v, fieldSchema(schema, k), `${where}.${k}`) : clone(v);
    }
    return out;
  }
  if (Array.isArray(live) && Array.isArray(applied) && schema.list) {
    const liveList = live as unknown[];
    const appliedList = applied as unknown[];
    if (schema.list.mergeKey === undefined) return [...liveList, ...appliedList.filter((v) => !liveList.some((l) => deepEqual(l, v)))];
    if (!liveList.every(isObject) || !appliedList.every(isObject)) return clone(applied);
    const out = [...liveList];
    const keyOf = (item: JsonObject, i: number): string => keyElement(itemKey(item, schema, where, i));
    appliedList.forEach((item, i) => {
      const k = keyOf(item, i);
      const at = out.findIndex((l, j) => keyOf(l, j) === k);
      if (at >= 0) out[at] = mergeApplied(out[at], item, schema, `${where}[${i}]`) as JsonObject;
      else out.push(clone(item));
    });
    return out;
  }
  return clone(applied);
}

/** Removes one member path from an object (a field, a keyed item, a set value). */
function removePath(obj: unknown, path: readonly string[], schema: PatchSchema): void {
  const [el, ...rest] = path;
  if (el === undefined || !isObject(obj)) return;
  if (!el.startsWith("f:")) return;
  const field = el.slice(2);
  const sub = fieldSchema(schema, field);
  const next = rest[0];
  if (next === undefined) {
    delete obj[field];
    return;
  }
  const value = obj[field];
  if (Array.isArray(value) && (next.startsWith("k:") || next.startsWith("v:"))) {
    const at = value.findIndex((item, i) =>
      next.startsWith("v:") ? `v:${JSON.stringify(item)}` === next : isObject(item) && keyElement(itemKey(item, sub, "", i)) === next);
    if (at < 0) return;
    if (rest.length === 1) value.splice(at, 1);
    else removePath(value[at], rest.slice(1), sub);
    return;
  }
  removePath(value, rest, sub);
}

const isUnder = (key: PathKey, prefix: PathKey): boolean => key === prefix || key.startsWith(`${prefix}\u0000`);

/**
 * Applies `applied` for `manager` (PATCH application/apply-patch+yaml). `live` undefined creates.
 * Throws 409 Conflict (Kubernetes' message and causes) when the config changes a field another
 * manager owns, unless `force`.
 */
export function serverSideApply(live: unknown, applied: unknown, opts: ServerSideApplyOptions): unknown {
  if (!isObject(applied)) throw patchBadRequest("error decoding YAML: object expected");
  const { schema } = opts;
  const managers = live === undefined ? [] : readManagers(live);
  const applyId = identity({ manager: opts.manager, operation: "Apply" });
  const mine = managers.find((m) => identity(m.entry) === applyId);
  const others = managers.filter((m) => m !== mine);
  const newSet = new Set(flatten(applied, schema).keys());

  const merged = (live === undefined ? clone(applied) : mergeApplied(live, applied, schema, "")) as JsonObject;
  for (const p of mine?.set ?? []) {
    if (newSet.has(p) || others.some((o) => [...o.set].some((q) => isUnder(q, p)))) continue;
    removePath(merged, fromKey(p), schema);
  }

  const [changed, removed] = compare(live, merged, schema);
  const conflicts: ApplyConflict[] = [];
  for (const o of others) {
    for (const p of o.set) if (changed.has(p)) conflicts.push({ manager: printManager(o.entry), path: pathString(fromKey(p)) });
  }
  if (conflicts.length && !opts.force) throw applyConflictError(conflicts);

  for (const o of others) o.set = new Set([...o.set].filter((p) => !changed.has(p) && !removed.has(p)));
  const sameSet = mine !== undefined && mine.set.size === newSet.size && [...newSet].every((p) => mine.set.has(p));
  const time = changed.size || removed.size || !sameSet || !mine?.entry.time ? opts.now : mine.entry.time;
  const apiVersion = typeof applied["apiVersion"] === "string" ? applied["apiVersion"] : "";
  const entry: ManagedFieldsEntry = { manager: opts.manager, operation: "Apply", apiVersion, time };
  return writeManagers(merged, [...others, { entry, set: newSet }]);
}

/**
 * Records a plain write (create, update, JSON/merge/strategic patch) of `manager`
 * (Updater.Update): the manager gains the fields it changed, every other manager loses them,
 * removed fields leave every set. `old` undefined means a create.
 */
export function updateManagedFields(old: unknown, updated: unknown, manager: string, operation: "Update", now: string, schema: PatchSchema = {}): unknown {
  if (!isObject(updated)) return updated;
  const managers = old === undefined ? [] : readManagers(old);
  const [changed, removed] = compare(old, updated, schema);
  const id = identity({ manager, operation });
  let mine = managers.find((m) => identity(m.entry) === id);
  for (const m of managers) {
    if (m !== mine) m.set = new Set([...m.set].filter((p) => !changed.has(p) && !removed.has(p)));
  }
  const apiVersion = typeof updated["apiVersion"] === "string" ? updated["apiVersion"] : "";
  if (!mine) {
    mine = { entry: { manager, operation, apiVersion }, set: new Set() };
    managers.push(mine);
  }
  mine.set = new Set([...[...mine.set].filter((p) => !removed.has(p)), ...changed]);
  if (changed.size || removed.size) mine.entry = { ...mine.entry, apiVersion, time: now };
  return writeManagers(updated, managers);
}
