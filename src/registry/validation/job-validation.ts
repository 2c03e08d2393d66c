// batch/v1 Job validation: ValidateJob, ValidateJobSpec, validateJobSpec,
// validateGeneratedSelector, ValidateJobUpdate / ValidateJobSpecUpdate and validateJobStatus of
// pkg/apis/batch/validation/validation.go (1.33), texts verbatim.
// Not validated: podFailurePolicy and successPolicy rules (their presence is accepted as given).
import type { Job, JobSpec } from "../../api/batch.ts";
import type { ObjectMeta } from "../../api/meta.ts";
import { invalid, notSupported, required, type FieldError } from "../../machinery/field-errors.ts";
import { goElidedStruct, goLabelSelectorValue, goStringMapValue } from "./go-values.ts";
import { isDNS1123Label, nameIsDNSSubdomain } from "./name-validation.ts";
import {
  FIELD_IMMUTABLE_ERROR_MSG, labelSelectorMatches, validateLabelSelector, validateNonnegativeField, validateObjectMeta, validateObjectMetaUpdate,
} from "./object-meta-validation.ts";
import { validatePodTemplateSpec } from "./pod-validation.ts";
import { jsonEqual } from "./spec-diff.ts";
import { podValidationOptions, type PodValidationOptions, type ValidationOptions } from "./validation-options.ts";

export const LEGACY_CONTROLLER_UID_LABEL = "controller-uid";
export const LEGACY_JOB_NAME_LABEL = "job-name";
export const CONTROLLER_UID_LABEL = "batch.kubernetes.io/controller-uid";
export const JOB_NAME_LABEL = "batch.kubernetes.io/job-name";

/** apivalidation.ValidateHasLabel. */
function validateHasLabel(meta: ObjectMeta | undefined, path: string, key: string, expected: string): FieldError[] {
  const labels = meta?.labels;
  if (!labels || !Object.hasOwn(labels, key)) return [required(`${path}.labels[${key}]`, `must be '${expected}'`)];
  if (labels[key] !== expected) return [invalid(`${path}.labels[${key}]`, goStringMapValue(labels), `must be '${expected}'`)];
  return [];
}

/** validateGeneratedSelector: the labels and selector JobStrategy generated are intact. */
function validateGeneratedSelector(job: Job, requirePrefixedLabels: boolean): FieldError[] {
  if (job.spec.manualSelector === true || !job.spec.selector) return [];
  const errs: FieldError[] = [];
  const uid = job.metadata.uid ?? "";
  const name = job.metadata.name ?? "";
  if (!uid) errs.push(required("metadata.uid"));
  const tpl = "spec.template.metadata";
  errs.push(...validateHasLabel(job.spec.template?.metadata, tpl, LEGACY_CONTROLLER_UID_LABEL, uid));
  errs.push(...validateHasLabel(job.spec.template?.metadata, tpl, LEGACY_JOB_NAME_LABEL, name));
  const expected: Record<string, string> = {};
  if (requirePrefixedLabels) {
    errs.push(...validateHasLabel(job.spec.template?.metadata, tpl, CONTROLLER_UID_LABEL, uid));
    errs.push(...validateHasLabel(job.spec.template?.metadata, tpl, JOB_NAME_LABEL, name));
    expected[CONTROLLER_UID_LABEL] = uid;
    expected[JOB_NAME_LABEL] = name;
  }
  expected[LEGACY_CONTROLLER_UID_LABEL] = uid;
  expected[LEGACY_JOB_NAME_LABEL] = name;
  if (!labelSelectorMatches(job.spec.selector, expected)) {
    errs.push(invalid("spec.selector", goLabelSelectorValue(job.spec.selector), "`selector` not auto-generated"));
  }
  return errs;
}

/** validateJobSpec (shared with CronJob's jobTemplate). */
export function validateJobSpecFields(spec: JobSpec, path: string, opts: PodValidationOptions): FieldError[] {
  const errs: FieldError[] = [];
  for (const f of ["parallelism", "completions", "activeDeadlineSeconds", "backoffLimit", "ttlSecondsAfterFinished", "backoffLimitPerIndex", "maxFailedIndexes"] as const) {
    const v = spec[f];
    if (v !== undefined && v !== null) errs.push(...validateNonnegativeField(v, `${path}.${f}`));
  }
  if (spec.maxFailedIndexes !== undefined && spec.backoffLimitPerIndex === undefined) {
    errs.push(required(`${path}.backoffLimitPerIndex`, "when maxFailedIndexes is specified"));
  }
  const mode = spec.completionMode;
  if (mode !== undefined) {
    if (mode !== "NonIndexed" && mode !== "Indexed") errs.push(notSupported(`${path}.completionMode`, mode, ["NonIndexed", "Indexed"]));
    if (mode === "Indexed") {
      if (spec.completions === undefined) errs.push(required(`${path}.completions`, "when completion mode is Indexed"));
      if (spec.parallelism !== undefined && spec.parallelism > 100000) {
        errs.push(invalid(`${path}.parallelism`, spec.parallelism, "must be less than or equal to 100000 when completion mode is Indexed"));
      }
    }
  }
  if (mode === undefined || mode === "NonIndexed") {
    if (spec.backoffLimitPerIndex !== undefined) errs.push(invalid(`${path}.backoffLimitPerIndex`, spec.backoffLimitPerIndex, "requires indexed completion mode"));
    if (spec.maxFailedIndexes !== undefined) errs.push(invalid(`${path}.maxFailedIndexes`, spec.maxFailedIndexes, "requires indexed completion mode"));
  }
  if (spec.podReplacementPolicy !== undefined) {
    if (spec.podFailurePolicy !== undefined) {
      if (spec.podReplacementPolicy !== "Failed") errs.push(notSupported(`${path}.podReplacementPolicy`, spec.podReplacementPolicy, ["Failed"]));
    } else if (spec.podReplacementPolicy !== "Failed" && spec.podReplacementPolicy !== "TerminatingOrFailed") {
      errs.push(notSupported(`${path}.podReplacementPolicy`, spec.podReplacementPolicy, ["Failed", "TerminatingOrFailed"]));
    }
  }
  errs.push(...validatePodTemplateSpec(spec.template ?? { spec: { containers: [] } }, `${path}.template`, opts));
  // The template's restartPolicy is defaulted to Always, so "" and Always are both "not chosen".
  const rp = spec.template?.spec?.restartPolicy ?? "";
  const rpPath = `${path}.template.spec.restartPolicy`;
  if (rp === "Always" || rp === "") errs.push(required(rpPath, 'valid values: "OnFailure", "Never"'));
  else if (rp !== "OnFailure" && rp !== "Never") errs.push(notSupported(rpPath, rp, ["OnFailure", "Never"]));
  else if (spec.podFailurePolicy !== undefined && rp !== "Never") errs.push(invalid(rpPath, rp, 'only "Never" is supported when podFailurePolicy is specified'));
  return errs;
}

/** ValidateJobSpec: validateJobSpec plus the selector and the selector/template-labels match. */
function validateJobSpecWithSelector(spec: JobSpec, path: string, opts: PodValidationOptions): FieldError[] {
  const errs = validateJobSpecFields(spec, path, opts);
  if (!spec.selector) errs.push(required(`${path}.selector`));
  else errs.push(...validateLabelSelector(spec.selector, `${path}.selector`));
  const labels = spec.template?.metadata?.labels;
  if (spec.selector && !labelSelectorMatches(spec.selector, labels)) {
    errs.push(invalid(`${path}.template.metadata.labels`, goStringMapValue(labels), "`selector` does not match template `labels`"));
  }
  return errs;
}

function validateJobWith(job: Job, opts: PodValidationOptions, requirePrefixedLabels: boolean): FieldError[] {
  // Jobs and ReplicationControllers share name validation: a DNS subdomain.
  const errs = validateObjectMeta(job.metadata ?? {}, { requiresNamespace: true, nameFn: nameIsDNSSubdomain });
  errs.push(...validateGeneratedSelector(job, requirePrefixedLabels));
  errs.push(...validateJobSpecWithSelector(job.spec, "spec", opts));
  if (job.spec.completionMode === "Indexed" && (job.spec.completions ?? 0) > 0) {
    const host = `${job.metadata.name ?? ""}-${(job.spec.completions ?? 0) - 1}`;
    if (isDNS1123Label(host).length > 0) {
      errs.push(invalid("metadata.name", job.metadata.name ?? "", `will not able to create pod with invalid DNS label: ${host}`));
    }
  }
  return errs;
}

/** ValidateJob (create). */
export function validateJob(job: Job, opts: ValidationOptions): FieldError[] {
  return validateJobWith(job, podValidationOptions(opts, false), true);
}

/**
 * JobStrategy.ValidateUpdate: ValidateJob + ValidateJobUpdate. Prefixed selector labels are only
 * required when the old Job already had them; completions, selector, template, completionMode
 * and the rest are immutable. Deliberate differences: elastic indexed Jobs and mutable
 * scheduling directives of suspended Jobs are not supported (the template is fully immutable),
 * and the template's value is printed as `core.PodTemplateSpec{...}`.
 */
export function validateJobUpdate(job: Job, old: Job, options: ValidationOptions): FieldError[] {
  const opts = podValidationOptions(options, false, old.spec.template?.spec);
  const oldLabels = old.spec.template?.metadata?.labels ?? {};
  const prefixed = Object.hasOwn(oldLabels, JOB_NAME_LABEL) && Object.hasOwn(oldLabels, CONTROLLER_UID_LABEL);
  const errs = validateJobWith(job, opts, prefixed);
  errs.push(...validateObjectMetaUpdate(job.metadata, old.metadata));
  errs.push(...validateJobSpecWithSelector(job.spec, "spec", opts));
  const s = job.spec;
  const o = old.spec;
  const immutable = (path: string, a: unknown, b: unknown, value: unknown): void => {
    if (!jsonEqual(a, b)) errs.push(invalid(path, value, FIELD_IMMUTABLE_ERROR_MSG));
  };
  immutable("spec.completions", s.completions, o.completions, s.completions ?? null);
  immutable("spec.selector", s.selector, o.selector, goLabelSelectorValue(s.selector));
  immutable("spec.template", s.template, o.template, goElidedStruct("core.PodTemplateSpec"));
  immutable("spec.completionMode", s.completionMode, o.completionMode, s.completionMode ?? null);
  immutable("spec.podFailurePolicy", s.podFailurePolicy, o.podFailurePolicy, goElidedStruct("batch.PodFailurePolicy"));
  immutable("spec.backoffLimitPerIndex", s.backoffLimitPerIndex, o.backoffLimitPerIndex, s.backoffLimitPerIndex ?? null);
  immutable("spec.managedBy", s.managedBy, o.managedBy, s.managedBy ?? null);
  immutable("spec.successPolicy", s.successPolicy, o.successPolicy, goElidedStruct("batch.SuccessPolicy"));
  return errs;
}

/** ValidateJobUpdateStatus: metadata plus the non-negative counters. */
export function validateJobStatusUpdate(job: Job, old: Job): FieldError[] {
  const errs = validateObjectMetaUpdate(job.metadata, old.metadata);
  const st = job.status ?? {};
  for (const f of ["active", "succeeded", "failed", "ready", "terminating"] as const) {
    const v = st[f];
    if (v !== undefined) errs.push(...validateNonnegativeField(v, `status.${f}`));
  }
  if (st.ready !== undefined && st.ready > (st.active ?? 0)) errs.push(invalid("status.ready", st.ready, "cannot set more ready pods than active"));
  return errs;
}
