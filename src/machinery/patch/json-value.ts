// Helpers over decoded JSON (what JSON.parse returns): type tests, deep equality, and Go's %v
// rendering, which some Kubernetes error texts embed (`map: map[image:x] does not contain …`).

export type JsonObject = Record<string, unknown>;

export function isObject(v: unknown): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** A deep copy; inputs of the patch functions are copied once so they are never mutated. */
export function clone<T>(v: T): T {
  return v === undefined ? v : structuredClone(v);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

/** Go's `==` on interface{} values holding JSON scalars (maps and slices never compare equal here). */
export function goEqual(a: unknown, b: unknown): boolean {
  return a === b && (typeof a !== "object" || a === null);
}

/** Go's reflect Kind name of a decoded JSON value ("map", "slice", "string", "float64", "bool", "ptr"). */
export function goKind(v: unknown): string {
  if (v === null || v === undefined) return "invalid";
  if (Array.isArray(v)) return "slice";
  if (typeof v === "object") return "map";
  if (typeof v === "number") return Number.isInteger(v) ? "int64" : "float64";
  return typeof v === "boolean" ? "bool" : "string";
}

/** fmt's %v of a decoded JSON value: `map[a:1 b:[x y]]`, strings bare, nil as `<nil>`. */
export function goFormat(v: unknown): string {
  if (v === null || v === undefined) return "<nil>";
  if (Array.isArray(v)) return `[${v.map(goFormat).join(" ")}]`;
  if (isObject(v)) {
    return `map[${Object.keys(v).sort().map((k) => `${k}:${goFormat(v[k])}`).join(" ")}]`;
  }
  return typeof v === "string" ? v : JSON.stringify(v);
}

/** A JSON type name as encoding/json names it in "cannot unmarshal X into …" errors. */
export function jsonTypeName(v: unknown): string {
  if (Array.isArray(v)) return "array";
  if (v === null) return "null";
  if (typeof v === "object") return "object";
  if (typeof v === "boolean") return "bool";
  return typeof v === "number" ? "number" : "string";
}
