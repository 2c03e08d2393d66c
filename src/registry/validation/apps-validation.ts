// apps/v1 Deployment and ReplicaSet validation: ValidateDeployment(Spec/Update/StatusUpdate),
// ValidateDeploymentStrategy, ValidateRollingUpdateDeployment, ValidateReplicaSet(Spec/Update/
// StatusUpdate) and ValidatePodTemplateSpecForReplicaSet of pkg/apis/apps/validation/
// validation.go (1.33), texts verbatim — including "empty selector is invalid for deployment"
// on a ReplicaSet, as Kubernetes prints it. The strategies' ValidateUpdate adds the apps/v1
// rule that spec.selector is immutable.
import type { Deployment, DeploymentStrategy, ReplicaSet } from "../../api/apps.ts";
import type { PodTemplateSpec } from "../../api/core.ts";
import type { LabelSelector } from "../../api/meta.ts";
import { forbidden, goValue, invalid, notSupported, required, type FieldError } from "../../machinery/field-errors.ts";
import { goLabelSelectorValue, goStringMapValue } from "./go-values.ts";
import { intOrPercentValue, goIntOrString, isNotMoreThan100Percent, validatePositiveIntOrPercent } from "./int-or-percent.ts";
import { nameIsDNSSubdomain } from "./name-validation.ts";
import {
  FIELD_IMMUTABLE_ERROR_MSG, labelSelectorMatches, validateLabelSelector, validateNonnegativeField, validateObjectMeta, validateObjectMetaUpdate,
} from "./object-meta-validation.ts";
import { validatePodTemplateSpec } from "./pod-validation.ts";
import { jsonEqual } from "./spec-diff.ts";
import { podValidationOptions, type PodValidationOptions, type ValidationOptions } from "./validation-options.ts";

/** The selector checks ValidateDeploymentSpec and ValidateReplicaSetSpec share. */
function validateSelector(sel: LabelSelector | undefined, path: string): FieldError[] {
  if (!sel) return [required(path)];
  const errs = validateLabelSelector(sel, path);
  if (Object.keys(sel.matchLabels ?? {}).length + (sel.matchExpressions?.length ?? 0) === 0) {
    errs.push(invalid(path, goLabelSelectorValue(sel), "empty selector is invalid for deployment"));
  }
  return errs;
}

/** ValidatePodTemplateSpecForReplicaSet. A nil selector (labels.Nothing) matches no labels. */
export function validatePodTemplateSpecForReplicaSet(t: PodTemplateSpec | undefined, sel: LabelSelector | undefined, path: string, opts: PodValidationOptions): FieldError[] {
  if (!t) return [required(path)];
  const errs: FieldError[] = [];
  const empty = sel !== undefined && Object.keys(sel.matchLabels ?? {}).length + (sel.matchExpressions?.length ?? 0) === 0;
  if (!empty && !labelSelectorMatches(sel, t.metadata?.labels)) {
    errs.push(invalid(`${path}.metadata.labels`, goStringMapValue(t.metadata?.labels), "`selector` does not match template `labels`"));
  }
  errs.push(...validatePodTemplateSpec(t, path, opts));
  const rp = t.spec?.restartPolicy ?? "";
  if (rp !== "Always") errs.push(notSupported(`${path}.spec.restartPolicy`, rp, ["Always"]));
  if (t.spec?.activeDeadlineSeconds !== undefined) {
    errs.push(forbidden(`${path}.spec.activeDeadlineSeconds`, "activeDeadlineSeconds in ReplicaSet is not Supported"));
  }
  return errs;
}

/** %#v of a *apps.DeploymentStrategy (the pointer inside is printed as Go would: nil or an address). */
function goDeploymentStrategy(s: DeploymentStrategy): ReturnType<typeof goValue> {
  const ru = s.rollingUpdate ? "(*apps.RollingUpdateDeployment)(0xc000000000)" : "(*apps.RollingUpdateDeployment)(nil)";
  return goValue(`apps.DeploymentStrategy{Type:${JSON.stringify(s.type ?? "")}, RollingUpdate:${ru}}`);
}

export function validateDeploymentStrategy(s: DeploymentStrategy, path: string): FieldError[] {
  switch (s.type) {
    case "Recreate":
      return s.rollingUpdate ? [forbidden(`${path}.rollingUpdate`, "may not be specified when strategy `type` is 'Recreate'")] : [];
    case "RollingUpdate": {
      const ru = s.rollingUpdate;
      const p = `${path}.rollingUpdate`;
      if (!ru) return [required(p, "this should be defaulted and never be nil")];
      const errs = validatePositiveIntOrPercent(ru.maxUnavailable, `${p}.maxUnavailable`);
      errs.push(...validatePositiveIntOrPercent(ru.maxSurge, `${p}.maxSurge`));
      if (intOrPercentValue(ru.maxUnavailable) === 0 && intOrPercentValue(ru.maxSurge) === 0) {
        errs.push(invalid(`${p}.maxUnavailable`, goIntOrString(ru.maxUnavailable), "may not be 0 when `maxSurge` is 0"));
      }
      errs.push(...isNotMoreThan100Percent(ru.maxUnavailable, `${p}.maxUnavailable`));
      return errs;
    }
    default:
      return [notSupported(path, goDeploymentStrategy(s), ["Recreate", "RollingUpdate"])];
  }
}

function validateDeploymentSpec(d: Deployment, opts: PodValidationOptions): FieldError[] {
  const spec = d.spec ?? { template: { spec: { containers: [] } } };
  const errs = validateNonnegativeField(spec.replicas ?? 0, "spec.replicas");
  errs.push(...validateSelector(spec.selector, "spec.selector"));
  errs.push(...validatePodTemplateSpecForReplicaSet(spec.template, spec.selector, "spec.template", opts));
  errs.push(...validateDeploymentStrategy(spec.strategy ?? {}, "spec.strategy"));
  errs.push(...validateNonnegativeField(spec.minReadySeconds ?? 0, "spec.minReadySeconds"));
  if (spec.revisionHistoryLimit !== undefined) errs.push(...validateNonnegativeField(spec.revisionHistoryLimit, "spec.revisionHistoryLimit"));
  if (spec.progressDeadlineSeconds !== undefined) {
    errs.push(...validateNonnegativeField(spec.progressDeadlineSeconds, "spec.progressDeadlineSeconds"));
    if (spec.progressDeadlineSeconds <= (spec.minReadySeconds ?? 0)) {
      errs.push(invalid("spec.progressDeadlineSeconds", spec.progressDeadlineSeconds, "must be greater than minReadySeconds"));
    }
  }
  return errs;
}

const selectorImmutable = (sel: LabelSelector | undefined, old: LabelSelector | undefined): FieldError[] =>
  jsonEqual(sel, old) ? [] : [invalid("spec.selector", goLabelSelectorValue(sel), FIELD_IMMUTABLE_ERROR_MSG)];

export function validateDeployment(d: Deployment, opts: ValidationOptions): FieldError[] {
  const errs = validateObjectMeta(d.metadata ?? {}, { requiresNamespace: true, nameFn: nameIsDNSSubdomain });
  errs.push(...validateDeploymentSpec(d, podValidationOptions(opts, false)));
  return errs;
}

/** ValidateDeploymentUpdate plus the strategy's apps/v1 selector immutability. */
export function validateDeploymentUpdate(d: Deployment, old: Deployment, opts: ValidationOptions): FieldError[] {
  const errs = validateObjectMetaUpdate(d.metadata, old.metadata);
  errs.push(...validateDeploymentSpec(d, podValidationOptions(opts, false, old.spec?.template?.spec)));
  errs.push(...selectorImmutable(d.spec?.selector, old.spec?.selector));
  return errs;
}

type Counters = Record<string, number | undefined>;

/** The non-negative counters and "cannot be greater than" rules of the two status validators. */
function validateReplicaCounters(st: Counters, fields: readonly string[], notAbove: readonly string[]): FieldError[] {
  const errs: FieldError[] = [];
  for (const f of fields) errs.push(...validateNonnegativeField(st[f] ?? 0, `status.${f}`));
  const replicas = st["replicas"] ?? 0;
  for (const f of notAbove) {
    const v = st[f] ?? 0;
    if (v > replicas) errs.push(invalid(`status.${f}`, v, "cannot be greater than status.replicas"));
  }
  if ((st["availableReplicas"] ?? 0) > (st["readyReplicas"] ?? 0)) {
    errs.push(invalid("status.availableReplicas", st["availableReplicas"] ?? 0, "cannot be greater than readyReplicas"));
  }
  return errs;
}

export function validateDeploymentStatusUpdate(d: Deployment, old: Deployment): FieldError[] {
  const errs = validateObjectMetaUpdate(d.metadata, old.metadata);
  const st = (d.status ?? {}) as Counters;
  errs.push(...validateReplicaCounters(st,
    ["observedGeneration", "replicas", "updatedReplicas", "readyReplicas", "availableReplicas", "unavailableReplicas"],
    ["updatedReplicas", "readyReplicas", "availableReplicas"]));
  if (d.status?.collisionCount !== undefined) errs.push(...validateNonnegativeField(d.status.collisionCount, "status.collisionCount"));
  const oldCount = old.status?.collisionCount;
  if (oldCount !== undefined && (d.status?.collisionCount ?? -1) < oldCount) {
    errs.push(invalid("status.collisionCount", d.status?.collisionCount ?? 0, "cannot be decremented"));
  }
  return errs;
}

function validateReplicaSetSpec(rs: ReplicaSet, opts: PodValidationOptions): FieldError[] {
  const spec = rs.spec ?? { template: { spec: { containers: [] } } };
  const errs = validateNonnegativeField(spec.replicas ?? 0, "spec.replicas");
  errs.push(...validateNonnegativeField(spec.minReadySeconds ?? 0, "spec.minReadySeconds"));
  errs.push(...validateSelector(spec.selector, "spec.selector"));
  errs.push(...validatePodTemplateSpecForReplicaSet(spec.template, spec.selector, "spec.template", opts));
  return errs;
}

export function validateReplicaSet(rs: ReplicaSet, opts: ValidationOptions): FieldError[] {
  const errs = validateObjectMeta(rs.metadata ?? {}, { requiresNamespace: true, nameFn: nameIsDNSSubdomain });
  errs.push(...validateReplicaSetSpec(rs, podValidationOptions(opts, false)));
  return errs;
}

export function validateReplicaSetUpdate(rs: ReplicaSet, old: ReplicaSet, opts: ValidationOptions): FieldError[] {
  const errs = validateObjectMetaUpdate(rs.metadata, old.metadata);
  errs.push(...validateReplicaSetSpec(rs, podValidationOptions(opts, false, old.spec?.template?.spec)));
  errs.push(...selectorImmutable(rs.spec?.selector, old.spec?.selector));
  return errs;
}

export function validateReplicaSetStatusUpdate(rs: ReplicaSet, old: ReplicaSet): FieldError[] {
  const errs = validateObjectMetaUpdate(rs.metadata, old.metadata);
  errs.push(...validateReplicaCounters((rs.status ?? {}) as Counters,
    ["replicas", "fullyLabeledReplicas", "readyReplicas", "availableReplicas", "observedGeneration"],
    ["fullyLabeledReplicas", "readyReplicas", "availableReplicas"]));
  return errs;
}
