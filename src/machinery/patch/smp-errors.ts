// strategicpatch / mergepatch errors (apimachinery pkg/util/mergepatch/errors.go) with the HTTP
// class handlers/patch.go interpretStrategicMergePatchError gives them.
import { goFormat, goKind } from "./json-value.ts";

/** "bad": 400; "unprocessable": 422; "internal": anything else, which the apiserver answers 500. */
export type SmpErrorClass = "bad" | "unprocessable" | "internal";

export class SmpError extends Error {
  readonly errorClass: SmpErrorClass;
  constructor(errorClass: SmpErrorClass, message: string) {
    super(message);
    this.name = "SmpError";
    this.errorClass = errorClass;
  }
}

export const errNoListOfLists = (): SmpError => new SmpError("unprocessable", "lists of lists are not supported");
export const errBadPatchFormatForPrimitiveList = (): SmpError => new SmpError("bad", "invalid patch format of primitive list");
export const errBadPatchFormatForRetainKeys = (): SmpError => new SmpError("bad", "invalid patch format of retainKeys");
export const errBadPatchFormatForSetElementOrderList = (): SmpError => new SmpError("bad", "invalid patch format of setElementOrder list");

/** reflect.TypeOf(v).String() for decoded JSON. */
export function goTypeName(v: unknown): string {
  switch (goKind(v)) {
    case "map": return "map[string]interface {}";
    case "slice": return "[]interface {}";
    case "invalid": return "<nil>";
    default: return goKind(v);
  }
}

/** mergepatch.ErrBadArgType: `expected a <T>, but received a <U>`. */
export const errBadArgType = (expected: string, actual: unknown): SmpError =>
  new SmpError("internal", `expected a ${expected}, but received a ${goTypeName(actual)}`);

/** mergepatch.ErrNoMergeKey. */
export const errNoMergeKey = (m: unknown, key: string): SmpError =>
  new SmpError("internal", `map: ${goFormat(m)} does not contain declared merge key: ${key}`);

/** mergepatch.ErrBadPatchType. */
export const errBadPatchType = (t: unknown, m: unknown): SmpError =>
  new SmpError("internal", `Unknown patch type: ${goFormat(t)} in map: ${goFormat(m)}`);
