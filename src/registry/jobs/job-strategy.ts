// The Job's registry strategy, mirroring pkg/registry/batch/job/strategy.go (jobStrategy,
// jobStatusStrategy, generateSelector) with batch/v1 defaulting.
//
// Selector generation (manualSelector unset or false): the template gets the labels
// `batch.kubernetes.io/controller-uid`, `batch.kubernetes.io/job-name`, `controller-uid` and
// `job-name` (each only if the user did not set it; a conflicting value is left for validation
// to reject) and the selector gets matchLabels `batch.kubernetes.io/controller-uid: <uid>`.
// The uid is already on metadata.uid when prepareForCreate runs.
//
// Kubernetes re-applies defaults every time it reads a Job back from etcd, so SetDefaults_Job's
// "no Job labels → the template's labels" also picks up the generated labels; prepareForCreate
// does that copy once, after generating them, so the stored Job looks like what a client reads.
import type { Job } from "../../api/batch.ts";
import { applyJobDefaults } from "../../api/defaults/job-defaults.ts";
import type { FieldError } from "../../machinery/field-errors.ts";
import type { GarbageCollectionPolicy, Strategy, StrategyContext } from "../strategy.ts";
import {
  CONTROLLER_UID_LABEL, JOB_NAME_LABEL, LEGACY_CONTROLLER_UID_LABEL, LEGACY_JOB_NAME_LABEL, validateJob, validateJobStatusUpdate, validateJobUpdate,
} from "../validation/job-validation.ts";
import { jsonEqual } from "../validation/spec-diff.ts";
import { dropDisabledJobFields } from "../validation/version-fields.ts";
import { keepStoredSpecAndMetadata, keepStoredStatusAndGeneration } from "../update-rules.ts";

/** generateSelector. */
export function generateJobSelector(job: Job): void {
  const template = (job.spec.template ??= { spec: { containers: [] } });
  const meta = (template.metadata ??= {});
  const labels = (meta.labels ??= {});
  const name = job.metadata.name ?? "";
  const uid = job.metadata.uid ?? "";
  for (const key of [LEGACY_JOB_NAME_LABEL, JOB_NAME_LABEL]) if (!Object.hasOwn(labels, key)) labels[key] = name;
  for (const key of [LEGACY_CONTROLLER_UID_LABEL, CONTROLLER_UID_LABEL]) if (!Object.hasOwn(labels, key)) labels[key] = uid;
  const selector = (job.spec.selector ??= {});
  const matchLabels = (selector.matchLabels ??= {});
  if (!Object.hasOwn(matchLabels, CONTROLLER_UID_LABEL)) matchLabels[CONTROLLER_UID_LABEL] = uid;
}

export class JobStrategy implements Strategy<Job> {
  readonly group = "batch";
  readonly version = "v1";
  readonly kind = "Job";
  readonly resource = "jobs";
  readonly namespaced = true;

  applyDefaults(job: Job, ctx: StrategyContext): void {
    // Go decodes missing structs as zero values; validation then names what is missing.
    const spec = ((job as { spec?: Job["spec"] }).spec ??= { template: { spec: { containers: [] } } });
    const template = (spec as { template?: Job["spec"]["template"] }).template ??= { spec: { containers: [] } };
    (template as { spec?: Job["spec"]["template"]["spec"] }).spec ??= { containers: [] };
    template.spec.containers ??= [];
    applyJobDefaults(job, { kubernetesMinor: ctx.kubernetesMinor });
  }

  prepareForCreate(job: Job, ctx: StrategyContext): void {
    if (job.spec.manualSelector !== true) generateJobSelector(job);
    job.status = {};
    job.metadata.generation = 1;
    dropDisabledJobFields(job, undefined, ctx.kubernetesMinor);
    const templateLabels = job.spec.template?.metadata?.labels;
    if (templateLabels && Object.keys(job.metadata.labels ?? {}).length === 0) job.metadata.labels = { ...templateLabels };
  }

  validate(job: Job, ctx: StrategyContext): FieldError[] {
    return validateJob(job, { kubernetesMinor: ctx.kubernetesMinor });
  }

  prepareForUpdate(job: Job, old: Job, ctx: StrategyContext): void {
    keepStoredStatusAndGeneration(job, old);
    dropDisabledJobFields(job, old, ctx.kubernetesMinor);
    if (!jsonEqual(job.spec, old.spec)) job.metadata.generation = (old.metadata.generation ?? 0) + 1;
  }

  validateUpdate(job: Job, old: Job, ctx: StrategyContext): FieldError[] {
    return validateJobUpdate(job, old, { kubernetesMinor: ctx.kubernetesMinor });
  }

  /** jobStatusStrategy.PrepareForUpdate: the spec and all metadata but labels/annotations stay. */
  prepareForStatusUpdate(job: Job, old: Job, _ctx: StrategyContext): void {
    keepStoredSpecAndMetadata(job, old);
  }

  validateStatusUpdate(job: Job, old: Job, _ctx: StrategyContext): FieldError[] {
    return validateJobStatusUpdate(job, old);
  }

  /** DefaultGarbageCollectionPolicy: batch/v1 keeps orphaning a Job's pods by default (compatibility). */
  defaultGarbageCollectionPolicy(): GarbageCollectionPolicy {
    return "OrphanDependents";
  }
}
