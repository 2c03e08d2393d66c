// The Deployment's registry strategy, mirroring pkg/registry/apps/deployment/strategy.go
// (deploymentStrategy, deploymentStatusStrategy): status reset and generation 1 on create; a
// spec update keeps the status and bumps the generation when the spec or the annotations
// changed (the annotations carry rollback requests); a status update keeps the spec.
import type { Deployment } from "../../api/apps.ts";
import { applyDeploymentDefaults } from "../../api/defaults/apps-defaults.ts";
import type { FieldError } from "../../machinery/field-errors.ts";
import type { Strategy, StrategyContext } from "../strategy.ts";
import { keepStoredSpecAndMetadata, keepStoredStatusAndGeneration } from "../update-rules.ts";
import { validateDeployment, validateDeploymentStatusUpdate, validateDeploymentUpdate } from "../validation/apps-validation.ts";
import { jsonEqual } from "../validation/spec-diff.ts";
import { dropDisabledPodSpecFields } from "../validation/version-fields.ts";

export class DeploymentStrategy implements Strategy<Deployment> {
  readonly group = "apps";
  readonly version = "v1";
  readonly kind = "Deployment";
  readonly resource = "deployments";
  readonly namespaced = true;

  applyDefaults(d: Deployment, _ctx: StrategyContext): void {
    applyDeploymentDefaults(d);
  }

  prepareForCreate(d: Deployment, ctx: StrategyContext): void {
    d.status = {};
    d.metadata.generation = 1;
    dropDisabledPodSpecFields(d.spec.template?.spec, undefined, ctx.kubernetesMinor);
  }

  validate(d: Deployment, ctx: StrategyContext): FieldError[] {
    return validateDeployment(d, { kubernetesMinor: ctx.kubernetesMinor });
  }

  prepareForUpdate(d: Deployment, old: Deployment, ctx: StrategyContext): void {
    keepStoredStatusAndGeneration(d, old);
    dropDisabledPodSpecFields(d.spec.template?.spec, old.spec.template?.spec, ctx.kubernetesMinor);
    if (!jsonEqual(d.spec, old.spec) || !jsonEqual(d.metadata.annotations, old.metadata.annotations)) {
      d.metadata.generation = (old.metadata.generation ?? 0) + 1;
    }
  }

  validateUpdate(d: Deployment, old: Deployment, ctx: StrategyContext): FieldError[] {
    return validateDeploymentUpdate(d, old, { kubernetesMinor: ctx.kubernetesMinor });
  }

  prepareForStatusUpdate(d: Deployment, old: Deployment, _ctx: StrategyContext): void {
    keepStoredSpecAndMetadata(d, old);
  }

  validateStatusUpdate(d: Deployment, old: Deployment, _ctx: StrategyContext): FieldError[] {
    return validateDeploymentStatusUpdate(d, old);
  }
}
