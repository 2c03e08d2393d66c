// Structural equality and a short diff of two JSON values, for ValidatePodUpdate's
// "pod updates may not change fields other than ..." error.
//
// Deliberate difference: Kubernetes appends go-cmp's cmp.Diff of the internal core.PodSpec Go
// structs, which cannot be reproduced from JSON. Here the same place holds one `-`/`+` line
// pair per changed leaf, keyed by its JSON path, inside the same `core.PodSpec{ ... }` frame.

/** Equality of JSON-shaped values; undefined members equal absent ones. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(ao), ...Object.keys(bo)]);
  for (const k of keys) if (!jsonEqual(ao[k], bo[k])) return false;
  return true;
}

function leafDiff(a: unknown, b: unknown, path: string, out: string[]): void {
  if (jsonEqual(a, b)) return;
  const bothObjects = a !== null && b !== null && typeof a === "object" && typeof b === "object" && Array.isArray(a) === Array.isArray(b);
  if (bothObjects && Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    a.forEach((x, i) => leafDiff(x, b[i], `${path}[${i}]`, out));
    return;
  }
  if (bothObjects && !Array.isArray(a)) {
    const ao = a as Record<string, unknown>;
    const bo = b as Record<string, unknown>;
    for (const k of [...new Set([...Object.keys(ao), ...Object.keys(bo)])].sort()) leafDiff(ao[k], bo[k], path ? `${path}.${k}` : k, out);
    return;
  }
  if (a !== undefined) out.push(`- \t${path}: ${JSON.stringify(a)}`);
  if (b !== undefined) out.push(`+ \t${path}: ${JSON.stringify(b)}`);
}

/** `  core.PodSpec{` / changed leaves / `  }`, old value first (cmp.Diff(old, new)). */
export function specDiff(oldSpec: unknown, newSpec: unknown, typeName = "core.PodSpec"): string {
  const lines: string[] = [];
  leafDiff(oldSpec, newSpec, "", lines);
  return [`  ${typeName}{`, ...lines, "  }", ""].join("\n");
}
