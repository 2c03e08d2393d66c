// intstr.IntOrString checks of pkg/apis/apps/validation (ValidatePositiveIntOrPercent,
// getPercentValue, getIntOrPercentValue, IsNotMoreThan100Percent) and the %#v Go prints for an
// IntOrString in field errors (its String method has a pointer receiver, so a value prints as
// the struct: intstr.IntOrString{Type:1, IntVal:0, StrVal:"25"}).
import type { IntOrString } from "../../api/core.ts";
import { goValue, invalid, type FieldError, type GoRenderedValue } from "../../machinery/field-errors.ts";
import { regexError } from "./name-validation.ts";
import { validateNonnegativeField } from "./object-meta-validation.ts";

const PERCENT_FMT = "[0-9]+%";

/** validation.IsValidPercent. */
export function isValidPercent(value: string): string[] {
  return new RegExp(`^${PERCENT_FMT}$`).test(value)
    ? []
    : [regexError("a valid percent string must be a numeric string followed by an ending '%'", PERCENT_FMT, "1%", "93%")];
}

export function goIntOrString(v: IntOrString | undefined): GoRenderedValue {
  if (typeof v === "string") return goValue(`intstr.IntOrString{Type:1, IntVal:0, StrVal:${JSON.stringify(v)}}`);
  return goValue(`intstr.IntOrString{Type:0, IntVal:${v ?? 0}, StrVal:""}`);
}

export function validatePositiveIntOrPercent(v: IntOrString | undefined, path: string): FieldError[] {
  if (typeof v === "string") return isValidPercent(v).map((m) => invalid(path, goIntOrString(v), m));
  return validateNonnegativeField(v ?? 0, path);
}

function percentValue(v: IntOrString | undefined): number | undefined {
  if (typeof v !== "string" || isValidPercent(v).length > 0) return undefined;
  return Number.parseInt(v.slice(0, -1), 10);
}

/** getIntOrPercentValue: the percent's number, the int, or 0 for a string that is no percent. */
export function intOrPercentValue(v: IntOrString | undefined): number {
  const p = percentValue(v);
  if (p !== undefined) return p;
  return typeof v === "number" ? v : 0;
}

export function isNotMoreThan100Percent(v: IntOrString | undefined, path: string): FieldError[] {
  const p = percentValue(v);
  return p === undefined || p <= 100 ? [] : [invalid(path, goIntOrString(v), "must not be greater than 100%")];
}
