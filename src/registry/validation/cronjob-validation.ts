// batch/v1 CronJob validation: ValidateCronJobCreate, ValidateCronJobUpdate,
// validateCronJobSpec, validateScheduleFormat, validateTimeZone, validateConcurrencyPolicy and
// ValidateJobTemplateSpec of pkg/apis/batch/validation/validation.go (1.33), texts verbatim.
// The schedule's parse errors are robfig/cron's (cron-schedule.ts).
// Deliberate difference: time zones are checked against the runtime's IANA database (Intl)
// instead of Go's time.LoadLocation.
import type { CronJob, CronJobSpec } from "../../api/batch.ts";
import { invalid, notSupported, required, type FieldError } from "../../machinery/field-errors.ts";
import { goLabelSelectorValue } from "./go-values.ts";
import { isKnownTimeZone, parseStandardCron } from "./cron-schedule.ts";
import { validateJobSpecFields } from "./job-validation.ts";
import { nameIsDNSSubdomain } from "./name-validation.ts";
import { validateNonnegativeField, validateObjectMeta, validateObjectMetaUpdate } from "./object-meta-validation.ts";
import { podValidationOptions, type PodValidationOptions, type ValidationOptions } from "./validation-options.ts";

/** The CronJob controller appends an 11-character suffix to job names (63 - 11). */
const MAX_CRONJOB_NAME_LENGTH = 52;
const VALID_TIME_ZONE_PART = /^[A-Za-z.\-_0-9+]{1,14}$/;

export function validateScheduleFormat(schedule: string, allowTZInSchedule: boolean, timeZone: string | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const parsed = parseStandardCron(schedule);
  if (!parsed.ok) errs.push(invalid(path, schedule, parsed.error));
  if (allowTZInSchedule && schedule.includes("TZ") && timeZone !== undefined) {
    errs.push(invalid(path, schedule, "cannot use both timeZone field and TZ or CRON_TZ in schedule"));
  } else if (!allowTZInSchedule && schedule.includes("TZ")) {
    errs.push(invalid(path, schedule, "cannot use TZ or CRON_TZ in schedule, use timeZone field instead"));
  }
  return errs;
}

export function validateTimeZone(tz: string | undefined, path: string): FieldError[] {
  if (tz === undefined) return [];
  if (tz === "") return [invalid(path, tz, "timeZone must be nil or non-empty string")];
  for (const part of tz.split("/")) {
    if (part === "." || part === ".." || part.startsWith("-") || !VALID_TIME_ZONE_PART.test(part)) {
      return [invalid(path, tz, `unknown time zone ${tz}`)];
    }
  }
  const errs: FieldError[] = [];
  if (tz.toLowerCase() === "local") errs.push(invalid(path, tz, "timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones"));
  if (!isKnownTimeZone(tz)) errs.push(invalid(path, tz, `unknown time zone ${tz}`));
  return errs;
}

/** ValidateJobTemplateSpec: validateJobSpec, and no selector (it is always generated). */
function validateJobTemplateSpec(cj: CronJob, path: string, opts: PodValidationOptions): FieldError[] {
  const spec = cj.spec.jobTemplate?.spec ?? { template: { spec: { containers: [] } } };
  const errs = validateJobSpecFields(spec, `${path}.spec`, opts);
  if (spec.selector) errs.push(invalid(`${path}.spec.selector`, goLabelSelectorValue(spec.selector), "`selector` will be auto-generated"));
  if (spec.manualSelector === true) errs.push(notSupported(`${path}.spec.manualSelector`, true, ["nil", "false"]));
  return errs;
}

function validateCronJobSpec(cj: CronJob, old: CronJobSpec | undefined, opts: PodValidationOptions): FieldError[] {
  const spec = cj.spec ?? ({} as CronJobSpec);
  const errs: FieldError[] = [];
  if (!spec.schedule) errs.push(required("spec.schedule"));
  else errs.push(...validateScheduleFormat(spec.schedule, old?.schedule.includes("TZ") ?? false, spec.timeZone, "spec.schedule"));
  if (spec.startingDeadlineSeconds !== undefined) errs.push(...validateNonnegativeField(spec.startingDeadlineSeconds, "spec.startingDeadlineSeconds"));
  if (old === undefined || old.timeZone !== spec.timeZone) errs.push(...validateTimeZone(spec.timeZone, "spec.timeZone"));
  const policy = spec.concurrencyPolicy ?? "";
  if (policy === "") errs.push(required("spec.concurrencyPolicy"));
  else if (!["Allow", "Forbid", "Replace"].includes(policy)) errs.push(notSupported("spec.concurrencyPolicy", policy, ["Allow", "Forbid", "Replace"]));
  errs.push(...validateJobTemplateSpec(cj, "spec.jobTemplate", opts));
  if (spec.successfulJobsHistoryLimit !== undefined) errs.push(...validateNonnegativeField(spec.successfulJobsHistoryLimit, "spec.successfulJobsHistoryLimit"));
  if (spec.failedJobsHistoryLimit !== undefined) errs.push(...validateNonnegativeField(spec.failedJobsHistoryLimit, "spec.failedJobsHistoryLimit"));
  return errs;
}

export function validateCronJob(cj: CronJob, opts: ValidationOptions): FieldError[] {
  const errs = validateObjectMeta(cj.metadata ?? {}, { requiresNamespace: true, nameFn: nameIsDNSSubdomain });
  errs.push(...validateCronJobSpec(cj, undefined, podValidationOptions(opts, false)));
  const name = cj.metadata?.name ?? "";
  if (name.length > MAX_CRONJOB_NAME_LENGTH) errs.push(invalid("metadata.name", name, `must be no more than ${MAX_CRONJOB_NAME_LENGTH} characters`));
  return errs;
}

/** ValidateCronJobUpdate: no 52-character limit, so old long names stay updatable. */
export function validateCronJobUpdate(cj: CronJob, old: CronJob, opts: ValidationOptions): FieldError[] {
  const errs = validateObjectMetaUpdate(cj.metadata, old.metadata);
  errs.push(...validateCronJobSpec(cj, old.spec, podValidationOptions(opts, false, old.spec?.jobTemplate?.spec?.template?.spec)));
  return errs;
}

export function validateCronJobStatusUpdate(cj: CronJob, old: CronJob): FieldError[] {
  return validateObjectMetaUpdate(cj.metadata, old.metadata);
}
