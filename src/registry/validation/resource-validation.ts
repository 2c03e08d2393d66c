// Container resources: ValidateContainerResourceRequirements / validateResourceRequirements /
// validateContainerResourceName / ValidateResourceQuantityValue (pkg/apis/core/validation).
// Deliberate differences: hugepages value checks and resource claims are not validated; a
// quantity that does not parse is reported here as a field error (Kubernetes fails earlier,
// while decoding, with the same regular-expression text).
import type { ResourceRequirements } from "../../api/core.ts";
import { forbidden, invalid, required, type FieldError } from "../../machinery/field-errors.ts";
import { isQualifiedName } from "./name-validation.ts";
import { IS_NEGATIVE_ERROR_MSG } from "./object-meta-validation.ts";
import { compareQuantity, parseQuantity, QUANTITY_FORMAT_ERROR, quantityString, type Quantity } from "../../machinery/quantity.ts";

const STANDARD_CONTAINER_RESOURCES = new Set(["cpu", "memory", "ephemeral-storage"]);
const isHugePages = (name: string): boolean => name.startsWith("hugepages-");
/** helper.IsOvercommitAllowed: native resources other than hugepages. */
const overcommitAllowed = (name: string): boolean =>
  !isHugePages(name) && (!name.includes("/") || name.startsWith("kubernetes.io/"));

function validateResourceName(name: string, path: string): FieldError[] {
  const errs = isQualifiedName(name).map((m) => invalid(path, name, m));
  if (errs.length) return errs;
  if (!name.includes("/") && !STANDARD_CONTAINER_RESOURCES.has(name) && !isHugePages(name)) {
    return [invalid(path, name, "must be a standard resource for containers")];
  }
  return [];
}

function checkedQuantity(name: string, raw: string, path: string, errs: FieldError[]): Quantity | undefined {
  errs.push(...validateResourceName(name, path));
  const qty = parseQuantity(raw);
  if (!qty) { errs.push(invalid(path, raw, QUANTITY_FORMAT_ERROR)); return undefined; }
  if (qty.nanos < 0n) errs.push(invalid(path, quantityString(qty), IS_NEGATIVE_ERROR_MSG));
  return qty;
}

export function validateResourceRequirements(r: ResourceRequirements | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const limPath = `${path}.limits`;
  const reqPath = `${path}.requests`;
  const limits = new Map<string, Quantity>();
  let cpuOrMemory = false;
  let hugePages = false;
  for (const [name, raw] of Object.entries(r?.limits ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
    const qty = checkedQuantity(name, String(raw), `${limPath}[${name}]`, errs);
    if (qty) limits.set(name, qty);
    if (name === "cpu" || name === "memory") cpuOrMemory = true;
    if (isHugePages(name)) hugePages = true;
  }
  for (const [name, raw] of Object.entries(r?.requests ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
    const qty = checkedQuantity(name, String(raw), `${reqPath}[${name}]`, errs);
    if (name === "cpu" || name === "memory") cpuOrMemory = true;
    if (isHugePages(name)) hugePages = true;
    if (!qty) continue;
    const lim = limits.get(name);
    if (lim) {
      const cmp = compareQuantity(qty, lim);
      if (cmp !== 0 && !overcommitAllowed(name)) {
        errs.push(invalid(reqPath, quantityString(qty), `must be equal to ${name} limit of ${quantityString(lim)}`));
      } else if (cmp > 0) {
        errs.push(invalid(reqPath, quantityString(qty), `must be less than or equal to ${name} limit of ${quantityString(lim)}`));
      }
    } else if (!overcommitAllowed(name) && !(name in (r?.limits ?? {}))) {
      errs.push(required(limPath, "Limit must be set for non overcommitable resources"));
    }
  }
  if (!cpuOrMemory && hugePages) errs.push(forbidden(path, "HugePages require cpu or memory"));
  return errs;
}
