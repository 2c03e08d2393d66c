// The ReplicaSet's registry strategy, mirroring pkg/registry/apps/replicaset/strategy.go
// (rsStrategy, rsStatusStrategy): status reset and generation 1 on create; a spec update keeps
// the status and bumps the generation when the spec changed; a status update keeps the spec.
import type { ReplicaSet } from "../../api/apps.ts";
import { applyReplicaSetDefaults } from "../../api/defaults/apps-defaults.ts";
import type { FieldError } from "../../machinery/field-errors.ts";
import type { Strategy, StrategyContext } from "../strategy.ts";
import { keepStoredSpecAndMetadata, keepStoredStatusAndGeneration } from "../update-rules.ts";
import { validateReplicaSet, validateReplicaSetStatusUpdate, validateReplicaSetUpdate } from "../validation/apps-validation.ts";
import { jsonEqual } from "../validation/spec-diff.ts";
import { dropDisabledPodSpecFields } from "../validation/version-fields.ts";

export class ReplicaSetStrategy implements Strategy<ReplicaSet> {
  readonly group = "apps";
  readonly version = "v1";
  readonly kind = "ReplicaSet";
  readonly resource = "replicasets";
  readonly namespaced = true;

  applyDefaults(rs: ReplicaSet, _ctx: StrategyContext): void {
    applyReplicaSetDefaults(rs);
  }

  prepareForCreate(rs: ReplicaSet, ctx: StrategyContext): void {
    rs.status = { replicas: 0 };
    rs.metadata.generation = 1;
    dropDisabledPodSpecFields(rs.spec.template?.spec, undefined, ctx.kubernetesMinor);
  }

  validate(rs: ReplicaSet, ctx: StrategyContext): FieldError[] {
    return validateReplicaSet(rs, { kubernetesMinor: ctx.kubernetesMinor });
  }

  prepareForUpdate(rs: ReplicaSet, old: ReplicaSet, ctx: StrategyContext): void {
    keepStoredStatusAndGeneration(rs, old);
    dropDisabledPodSpecFields(rs.spec.template?.spec, old.spec.template?.spec, ctx.kubernetesMinor);
    if (!jsonEqual(rs.spec, old.spec)) rs.metadata.generation = (old.metadata.generation ?? 0) + 1;
  }

  validateUpdate(rs: ReplicaSet, old: ReplicaSet, ctx: StrategyContext): FieldError[] {
    return validateReplicaSetUpdate(rs, old, { kubernetesMinor: ctx.kubernetesMinor });
  }

  prepareForStatusUpdate(rs: ReplicaSet, old: ReplicaSet, _ctx: StrategyContext): void {
    keepStoredSpecAndMetadata(rs, old);
  }

  validateStatusUpdate(rs: ReplicaSet, old: ReplicaSet, _ctx: StrategyContext): FieldError[] {
    return validateReplicaSetStatusUpdate(rs, old);
  }
}
