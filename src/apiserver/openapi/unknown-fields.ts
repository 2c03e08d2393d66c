// Unknown fields, as the apiserver's strict decoding finds them (sigs.k8s.io/json
// UnmarshalStrict: paths like "spec.containers[0].foo"), and pruning them — a non-strict
// decode into Go structs drops what the struct has no field for, so pillion drops it too
// before storing. Type mismatches are not checked here (Go's decoder would reject them).
import { DEFS, isListShape, type Shape } from "./shapes.ts";

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function resolve(shape: Shape): Shape {
  let s = shape;
  while (typeof s === "string" && s.startsWith("#")) s = DEFS[s.slice(1)] ?? "any";
  return s;
}

/**
 * Removes the fields the shape does not know from value (in place) and returns their paths,
 * in document order.
 */
export function pruneUnknownFields(value: unknown, shape: Shape, path = ""): string[] {
  const s = resolve(shape);
  const out: string[] = [];
  if (isListShape(s)) {
    if (Array.isArray(value)) value.forEach((item, i) => out.push(...pruneUnknownFields(item, s[0] ?? "any", `${path}[${i}]`)));
    return out;
  }
  if (typeof s === "string" || !isObject(value)) return out;
  const open = Object.hasOwn(s, "*");
  for (const key of Object.keys(value)) {
    const child = `${path ? `${path}.` : ""}${key}`;
    const fieldShape = (s as Record<string, Shape>)[key];
    if (fieldShape === undefined || key === "*") {
      if (!open) {
        out.push(child);
        delete value[key];
      }
      continue;
    }
    out.push(...pruneUnknownFields(value[key], fieldShape, child));
  }
  return out;
}
