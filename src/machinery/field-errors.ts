// apimachinery pkg/util/validation/field: one validation failure at a field path, printed
// exactly as Kubernetes prints it: `<path>: <Type>[: <value>][: <detail>]`.

export type FieldErrorType =
  | "FieldValueRequired"
  | "FieldValueForbidden"
  | "FieldValueInvalid"
  | "FieldValueNotSupported"
  | "FieldValueDuplicate"
  | "FieldValueNotFound"
  | "FieldValueTooLong"
  | "FieldValueTooMany"
  | "InternalError"
  | "FieldValueTypeInvalid";

const typeText: Record<FieldErrorType, string> = {
  FieldValueRequired: "Required value",
  FieldValueForbidden: "Forbidden",
  FieldValueInvalid: "Invalid value",
  FieldValueNotSupported: "Unsupported value",
  FieldValueDuplicate: "Duplicate value",
  FieldValueNotFound: "Not found",
  FieldValueTooLong: "Too long",
  FieldValueTooMany: "Too many",
  InternalError: "Internal error",
  FieldValueTypeInvalid: "Invalid value",
};

/** A sentinel for "no value to print" (Kubernetes omits the value for Required/Forbidden). */
export const omitValue: unique symbol = Symbol("omitValue");

export interface FieldError {
  type: FieldErrorType;
  field: string;
  value: unknown;
  detail: string;
}

/** Brand of a bad value that is already rendered the way Go prints it (see goValue). */
export const goRendered: unique symbol = Symbol("goRendered");

export interface GoRenderedValue {
  readonly [goRendered]: string;
}

/**
 * A bad value given as the exact text Go prints for it: field.Error uses %#v for maps, slices
 * and structs (`map[string]string{"app":"web"}`), which no generic JSON rendering reproduces,
 * so the validator that knows the Go type renders it.
 */
export const goValue = (text: string): GoRenderedValue => ({ [goRendered]: text });

/** Go's %v-ish rendering of a bad value, as field.Error.Error() does it. */
function renderValue(value: unknown): string {
  if (typeof value === "object" && value !== null && goRendered in value) return (value as GoRenderedValue)[goRendered];
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  if (value === null || value === undefined) return "null";
  return JSON.stringify(value);
}

export function fieldErrorMessage(e: FieldError): string {
  const parts = [`${e.field}: ${typeText[e.type]}`];
  if (e.value !== omitValue && e.type !== "FieldValueRequired" && e.type !== "FieldValueForbidden" && e.type !== "InternalError") {
    parts.push(renderValue(e.value));
  }
  if (e.detail) parts.push(e.detail);
  return parts.join(": ");
}

export const required = (field: string, detail = ""): FieldError => ({ type: "FieldValueRequired", field, value: omitValue, detail });
export const forbidden = (field: string, detail: string): FieldError => ({ type: "FieldValueForbidden", field, value: omitValue, detail });
export const invalid = (field: string, value: unknown, detail: string): FieldError => ({ type: "FieldValueInvalid", field, value, detail });
export const duplicate = (field: string, value: unknown): FieldError => ({ type: "FieldValueDuplicate", field, value, detail: "" });
export const notFound = (field: string, value: unknown): FieldError => ({ type: "FieldValueNotFound", field, value, detail: "" });
export const tooLong = (field: string, value: unknown, maxLength: number): FieldError => ({
  type: "FieldValueTooLong", field, value: omitValue, detail: `may not be more than ${maxLength} bytes`,
});
export function notSupported(field: string, value: unknown, supported: readonly string[]): FieldError {
  const detail = supported.length ? `supported values: ${supported.map((s) => JSON.stringify(s)).join(", ")}` : "";
  return { type: "FieldValueNotSupported", field, value, detail };
}

/** Aggregates like utilerrors.NewAggregate: one error plain, several as "[e1, e2]". */
export function aggregateMessage(errors: readonly FieldError[]): string {
  const msgs = errors.map(fieldErrorMessage);
  return msgs.length === 1 ? (msgs[0] ?? "") : `[${msgs.join(", ")}]`;
}
