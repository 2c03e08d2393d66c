// The CronJob's registry strategy, mirroring pkg/registry/batch/cronjob/strategy.go
// (cronJobStrategy, cronJobStatusStrategy): status reset and generation 1 on create; a spec
// update keeps the status and bumps the generation when the spec changed; a status update keeps
// the spec. The job template's pod spec drops fields of features off in the emulated version.
import type { CronJob } from "../../api/batch.ts";
import { applyCronJobDefaults } from "../../api/defaults/cronjob-defaults.ts";
import type { FieldError } from "../../machinery/field-errors.ts";
import type { Strategy, StrategyContext } from "../strategy.ts";
import { keepStoredSpecAndMetadata, keepStoredStatusAndGeneration } from "../update-rules.ts";
import { validateCronJob, validateCronJobStatusUpdate, validateCronJobUpdate } from "../validation/cronjob-validation.ts";
import { jsonEqual } from "../validation/spec-diff.ts";
import { dropDisabledPodSpecFields } from "../validation/version-fields.ts";

export class CronJobStrategy implements Strategy<CronJob> {
  readonly group = "batch";
  readonly version = "v1";
  readonly kind = "CronJob";
  readonly resource = "cronjobs";
  readonly namespaced = true;

  applyDefaults(cj: CronJob, _ctx: StrategyContext): void {
    applyCronJobDefaults(cj);
  }

  prepareForCreate(cj: CronJob, ctx: StrategyContext): void {
    cj.status = {};
    cj.metadata.generation = 1;
    dropDisabledPodSpecFields(cj.spec.jobTemplate?.spec?.template?.spec, undefined, ctx.kubernetesMinor);
  }

  validate(cj: CronJob, ctx: StrategyContext): FieldError[] {
    return validateCronJob(cj, { kubernetesMinor: ctx.kubernetesMinor });
  }

  prepareForUpdate(cj: CronJob, old: CronJob, ctx: StrategyContext): void {
    keepStoredStatusAndGeneration(cj, old);
    dropDisabledPodSpecFields(cj.spec.jobTemplate?.spec?.template?.spec, old.spec.jobTemplate?.spec?.template?.spec, ctx.kubernetesMinor);
    if (!jsonEqual(cj.spec, old.spec)) cj.metadata.generation = (old.metadata.generation ?? 0) + 1;
  }

  validateUpdate(cj: CronJob, old: CronJob, ctx: StrategyContext): FieldError[] {
    return validateCronJobUpdate(cj, old, { kubernetesMinor: ctx.kubernetesMinor });
  }

  prepareForStatusUpdate(cj: CronJob, old: CronJob, _ctx: StrategyContext): void {
    keepStoredSpecAndMetadata(cj, old);
  }

  validateStatusUpdate(cj: CronJob, old: CronJob, _ctx: StrategyContext): FieldError[] {
    return validateCronJobStatusUpdate(cj, old);
  }
}
