// ObjectMeta and LabelSelector validation: apimachinery pkg/api/validation/objectmeta.go
// (ValidateObjectMetaAccessor, ValidateObjectMetaAccessorUpdate) and
// pkg/apis/meta/v1/validation (ValidateLabels, ValidateLabelSelector), with pkg/apis/core's
// validateKubeFinalizerName. Go iterates maps in random order; here keys are sorted so the
// error order is stable.
import type { LabelSelector, ObjectMeta } from "../../api/meta.ts";
import { forbidden, invalid, required, tooLong, type FieldError } from "../../machinery/field-errors.ts";
import { matches, selectorFromLabelSelector } from "../../machinery/labels.ts";
import { isDNS1123Label, isQualifiedName, isValidLabelValue } from "./name-validation.ts";

export const IS_NEGATIVE_ERROR_MSG = "must be greater than or equal to 0";
export const FIELD_IMMUTABLE_ERROR_MSG = "field is immutable";
const TOTAL_ANNOTATION_SIZE_LIMIT_B = 256 * 1024;
const STANDARD_FINALIZERS = new Set(["kubernetes", "orphan", "foregroundDeletion"]);

/** A name check: (name, isPrefix) → problems, like apimachinery's ValidateNameFunc. */
export type NameValidator = (name: string, prefix: boolean) => string[];

export function validateNonnegativeField(value: number, path: string): FieldError[] {
  return value < 0 ? [invalid(path, value, IS_NEGATIVE_ERROR_MSG)] : [];
}

export function validateLabelName(key: string, path: string): FieldError[] {
  return isQualifiedName(key).map((m) => invalid(path, key, m));
}

export function validateLabels(labels: Record<string, string> | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const k of Object.keys(labels ?? {}).sort()) {
    errs.push(...validateLabelName(k, path));
    const v = labels?.[k] ?? "";
    for (const m of isValidLabelValue(v)) errs.push(invalid(path, v, m));
  }
  return errs;
}

export function validateAnnotations(annotations: Record<string, string> | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  let size = 0;
  for (const k of Object.keys(annotations ?? {}).sort()) {
    for (const m of isQualifiedName(k.toLowerCase())) errs.push(invalid(path, k, m));
    size += k.length + (annotations?.[k] ?? "").length;
  }
  if (size > TOTAL_ANNOTATION_SIZE_LIMIT_B) errs.push(tooLong(path, "", TOTAL_ANNOTATION_SIZE_LIMIT_B));
  return errs;
}

function validateFinalizers(finalizers: readonly string[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  finalizers.forEach((f, i) => {
    errs.push(...isQualifiedName(f).map((m) => invalid(path, f, m)));
    if (!f.includes("/") && !STANDARD_FINALIZERS.has(f)) {
      errs.push(invalid(`${path}[${i}]`, f, "name is neither a standard finalizer name nor is it fully qualified"));
    }
  });
  return errs;
}

export interface ObjectMetaValidationOptions {
  requiresNamespace: boolean;
  nameFn: NameValidator;
}

/** ValidateObjectMeta (create): name generation has already happened. */
export function validateObjectMeta(meta: ObjectMeta, opts: ObjectMetaValidationOptions, path = "metadata"): FieldError[] {
  const errs: FieldError[] = [];
  if (meta.generateName) {
    for (const m of opts.nameFn(meta.generateName, true)) errs.push(invalid(`${path}.generateName`, meta.generateName, m));
  }
  if (!meta.name) errs.push(required(`${path}.name`, "name or generateName is required"));
  else for (const m of opts.nameFn(meta.name, false)) errs.push(invalid(`${path}.name`, meta.name, m));
  if (opts.requiresNamespace) {
    if (!meta.namespace) errs.push(required(`${path}.namespace`));
    else for (const m of isDNS1123Label(meta.namespace)) errs.push(invalid(`${path}.namespace`, meta.namespace, m));
  } else if (meta.namespace) {
    errs.push(forbidden(`${path}.namespace`, "not allowed on this type"));
  }
  errs.push(...validateNonnegativeField(meta.generation ?? 0, `${path}.generation`));
  errs.push(...validateLabels(meta.labels, `${path}.labels`));
  errs.push(...validateAnnotations(meta.annotations, `${path}.annotations`));
  errs.push(...validateFinalizers(meta.finalizers ?? [], `${path}.finalizers`));
  return errs;
}

/**
 * ValidateObjectMetaUpdate. Deliberately without the "resourceVersion must be specified"
 * check: the generic registry fills it in for kinds that allow unconditional update (pods, jobs).
 */
export function validateObjectMetaUpdate(meta: ObjectMeta, old: ObjectMeta, path = "metadata"): FieldError[] {
  const errs: FieldError[] = [];
  if ((meta.generation ?? 0) < (old.generation ?? 0)) errs.push(invalid(`${path}.generation`, meta.generation ?? 0, "must not be decremented"));
  const immutable = ["name", "namespace", "uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds"] as const;
  for (const f of immutable) {
    if (meta[f] !== old[f]) errs.push(invalid(`${path}.${f}`, meta[f] ?? null, FIELD_IMMUTABLE_ERROR_MSG));
  }
  if (old.deletionTimestamp) {
    const added = (meta.finalizers ?? []).filter((f) => !(old.finalizers ?? []).includes(f)).sort();
    if (added.length) {
      errs.push(forbidden(`${path}.finalizers`, `no new finalizers can be added if the object is being deleted, found new finalizers []string{${added.map((f) => JSON.stringify(f)).join(", ")}}`));
    }
  }
  errs.push(...validateLabels(meta.labels, `${path}.labels`));
  errs.push(...validateAnnotations(meta.annotations, `${path}.annotations`));
  errs.push(...validateFinalizers(meta.finalizers ?? [], `${path}.finalizers`));
  return errs;
}

/** metav1validation.ValidateLabelSelector. */
export function validateLabelSelector(sel: LabelSelector | undefined, path: string): FieldError[] {
  if (!sel) return [];
  const errs = validateLabels(sel.matchLabels, `${path}.matchLabels`);
  (sel.matchExpressions ?? []).forEach((e, i) => {
    const p = `${path}.matchExpressions[${i}]`;
    const values = e.values ?? [];
    switch (e.operator) {
      case "In":
      case "NotIn":
        if (values.length === 0) errs.push(required(`${p}.values`, "must be specified when `operator` is 'In' or 'NotIn'"));
        break;
      case "Exists":
      case "DoesNotExist":
        if (values.length > 0) errs.push(forbidden(`${p}.values`, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
        break;
      default:
        errs.push(invalid(`${p}.operator`, e.operator, "not a valid selector operator"));
    }
    errs.push(...validateLabelName(e.key, `${p}.key`));
    values.forEach((v, j) => { for (const m of isValidLabelValue(v)) errs.push(invalid(`${p}.values[${j}]`, v, m)); });
  });
  return errs;
}

/**
 * metav1.LabelSelectorAsSelector(sel).Matches(labels): a nil selector matches nothing, an empty
 * one everything.
 */
export function labelSelectorMatches(sel: LabelSelector | undefined, labels: Record<string, string> | undefined): boolean {
  return sel !== undefined && matches(selectorFromLabelSelector(sel), labels);
}
