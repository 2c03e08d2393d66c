// Pod validation entry points: ValidatePodCreate, ValidatePodUpdate, ValidatePodStatusUpdate
// and ValidatePodTemplateSpec of pkg/apis/core/validation/validation.go (1.33). Every function
// returns Kubernetes' field errors; render them with fieldErrorMessage / newInvalid.
import type { Container, ContainerStatus, Pod, PodSpec, PodTemplateSpec } from "../../api/core.ts";
import { forbidden, invalid, required, type FieldError } from "../../machinery/field-errors.ts";
import { validateContainersOnlyForPod } from "./container-validation.ts";
import { isQualifiedName, nameIsDNSSubdomain } from "./name-validation.ts";
import {
  FIELD_IMMUTABLE_ERROR_MSG, validateAnnotations, validateLabels, validateObjectMeta, validateObjectMetaUpdate,
} from "./object-meta-validation.ts";
import { validatePodSpecWithOptions } from "./pod-spec-validation.ts";
import { jsonEqual, specDiff } from "./spec-diff.ts";
import { podValidationOptions, type PodValidationOptions, type ValidationOptions } from "./validation-options.ts";

const MAX_INT32 = 2147483647;

/** updatablePodSpecFields, joined with "," as ValidatePodUpdate does. */
export const POD_UPDATE_FORBIDDEN_PREFIX = "pod updates may not change fields other than " + [
  "`spec.containers[*].image`",
  "`spec.initContainers[*].image`",
  "`spec.activeDeadlineSeconds`",
  "`spec.tolerations` (only additions to existing tolerations)",
  "`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)",
].join(",");

function validatePodMetadataAndSpec(pod: Pod, opts: PodValidationOptions): FieldError[] {
  const errs = validateObjectMeta(pod.metadata ?? {}, { requiresNamespace: true, nameFn: nameIsDNSSubdomain });
  errs.push(...validatePodSpecWithOptions(pod.spec ?? { containers: [] }, "spec", opts));
  errs.push(...validateContainersOnlyForPod(pod.spec?.containers, "spec.containers"));
  errs.push(...validateContainersOnlyForPod(pod.spec?.initContainers, "spec.initContainers"));
  return errs;
}

/** ValidatePodCreate. */
export function validatePod(pod: Pod, opts: ValidationOptions): FieldError[] {
  const errs = validatePodMetadataAndSpec(pod, podValidationOptions(opts, true));
  if ((pod.spec?.ephemeralContainers?.length ?? 0) > 0) errs.push(forbidden("spec.ephemeralContainers", "cannot be set on create"));
  return errs;
}

/** ValidatePodSpec alone, for callers that check a (defaulted) spec at some path, e.g. `pillion lint`. */
export function validatePodSpec(spec: PodSpec, path: string, opts: ValidationOptions & { resourceIsPod?: boolean }): FieldError[] {
  return validatePodSpecWithOptions(spec, path, podValidationOptions(opts, opts.resourceIsPod ?? false));
}

/** ValidatePodTemplateSpec (a Job's spec.template). */
export function validatePodTemplateSpec(t: PodTemplateSpec, path: string, opts: PodValidationOptions): FieldError[] {
  const errs = validateLabels(t.metadata?.labels, `${path}.labels`);
  errs.push(...validateAnnotations(t.metadata?.annotations, `${path}.annotations`));
  errs.push(...validatePodSpecWithOptions(t.spec ?? { containers: [] }, `${path}.spec`, opts));
  if ((t.spec?.ephemeralContainers?.length ?? 0) > 0) {
    errs.push(forbidden(`${path}.spec.ephemeralContainers`, "ephemeral containers not allowed in pod template"));
  }
  return errs;
}

/** ValidateContainerUpdates: same number of containers, every image set and trimmed. */
function validateContainerUpdates(next: readonly Container[], old: readonly Container[], path: string): { errs: FieldError[]; stop: boolean } {
  if (next.length !== old.length) return { errs: [forbidden(path, "pod updates may not add or remove containers")], stop: true };
  const errs: FieldError[] = [];
  next.forEach((c, i) => {
    if (!c.image) errs.push(required(`${path}[${i}].image`));
    if ((c.image ?? "").trim() !== (c.image ?? "")) errs.push(invalid(`${path}[${i}].image`, c.image, "must not have leading or trailing whitespace"));
  });
  return { errs, stop: false };
}

/** validateOnlyAddedTolerations: existing tolerations may only change tolerationSeconds. */
function validateOnlyAddedTolerations(next: readonly unknown[], old: readonly unknown[], path: string): FieldError[] {
  for (const o of old) {
    const found = next.some((n) => jsonEqual({ ...(o as object), tolerationSeconds: undefined }, { ...(n as object), tolerationSeconds: undefined }));
    if (!found) return [forbidden(path, "existing toleration can not be modified except its tolerationSeconds")];
  }
  return [];
}

/** ValidatePodUpdate: only images, activeDeadlineSeconds, new tolerations (and TGPS -1→1) may change. */
export function validatePodUpdate(pod: Pod, old: Pod, options: ValidationOptions): FieldError[] {
  const opts = podValidationOptions(options, true, old.spec);
  const errs = validateObjectMetaUpdate(pod.metadata, old.metadata);
  errs.push(...validatePodMetadataAndSpec(pod, opts));
  const spec = pod.spec;
  const oldSpec = old.spec;
  for (const key of ["containers", "initContainers"] as const) {
    const r = validateContainerUpdates(spec[key] ?? [], oldSpec[key] ?? [], `spec.${key}`);
    errs.push(...r.errs);
    if (r.stop) return errs;
  }
  const ads = spec.activeDeadlineSeconds;
  if (ads !== undefined) {
    if (ads < 0 || ads > MAX_INT32) {
      errs.push(invalid("spec.activeDeadlineSeconds", ads, `must be between 0 and ${MAX_INT32}, inclusive`));
      return errs;
    }
    if (oldSpec.activeDeadlineSeconds !== undefined && oldSpec.activeDeadlineSeconds < ads) {
      errs.push(invalid("spec.activeDeadlineSeconds", ads, "must be less than or equal to previous value"));
      return errs;
    }
  } else if (oldSpec.activeDeadlineSeconds !== undefined) {
    errs.push(invalid("spec.activeDeadlineSeconds", null, "must not update from a positive integer to nil value"));
  }
  errs.push(...validateOnlyAddedTolerations(spec.tolerations ?? [], oldSpec.tolerations ?? [], "spec.tolerations"));
  if (jsonEqual(spec, oldSpec)) return errs;
  const munged: PodSpec = structuredClone(spec);
  munged.containers = (munged.containers ?? []).map((c, i) => ({ ...c, image: oldSpec.containers[i]?.image ?? "" }));
  if (munged.initContainers) {
    munged.initContainers = munged.initContainers.map((c, i) => ({ ...c, image: oldSpec.initContainers?.[i]?.image ?? "" }));
  }
  setOrDelete(munged, "activeDeadlineSeconds", oldSpec.activeDeadlineSeconds);
  setOrDelete(munged, "tolerations", oldSpec.tolerations);
  const oldTgps = oldSpec.terminationGracePeriodSeconds;
  if (oldTgps !== undefined && oldTgps < 0 && munged.terminationGracePeriodSeconds === 1) munged.terminationGracePeriodSeconds = oldTgps;
  if (!jsonEqual(munged, oldSpec)) {
    errs.push(forbidden("spec", `${POD_UPDATE_FORBIDDEN_PREFIX}\n${specDiff(oldSpec, munged)}`));
  }
  return errs;
}

function setOrDelete<K extends keyof PodSpec>(spec: PodSpec, key: K, value: PodSpec[K] | undefined): void {
  if (value === undefined) delete spec[key];
  else spec[key] = value;
}

/** ValidateContainerStateTransition / ValidateInitContainerStateTransition. */
function validateStateTransitions(next: readonly ContainerStatus[], old: readonly ContainerStatus[], path: string, policy: string | undefined, spec?: PodSpec): FieldError[] {
  if (policy === "Always") return [];
  const errs: FieldError[] = [];
  old.forEach((o, i) => {
    const t = o.state?.terminated;
    if (!t) return;
    if (t.exitCode !== 0 && policy === "OnFailure") return;
    if (spec && spec.initContainers?.find((c) => c.name === o.name)?.restartPolicy === "Always") return;
    for (const n of next) {
      if (n.name === o.name && !n.state?.terminated) errs.push(forbidden(`${path}[${i}].state`, "may not be transitioned to non-terminated state"));
    }
  });
  return errs;
}

const SYSTEM_CONDITIONS = new Set(["PodScheduled", "Ready", "Initialized"]);

/** ValidatePodStatusUpdate (the parts pillion's kubelet can get wrong). */
export function validatePodStatusUpdate(pod: Pod, old: Pod): FieldError[] {
  const errs = validateObjectMetaUpdate(pod.metadata, old.metadata);
  (pod.status?.conditions ?? []).forEach((c, i) => {
    if (SYSTEM_CONDITIONS.has(c.type)) return;
    errs.push(...isQualifiedName(c.type).map((m) => invalid(`metadata.conditions[${i}].Type`, c.type, m)));
  });
  if ((pod.spec.nodeName ?? "") !== (old.spec.nodeName ?? "")) errs.push(forbidden("status.nodeName", "may not be changed directly"));
  if ((pod.status?.qosClass ?? "") !== (old.status?.qosClass ?? "")) {
    errs.push(invalid("status.qosClass", pod.status?.qosClass ?? "", FIELD_IMMUTABLE_ERROR_MSG));
  }
  errs.push(...validateStateTransitions(pod.status?.containerStatuses ?? [], old.status?.containerStatuses ?? [], "status.containerStatuses", old.spec.restartPolicy));
  errs.push(...validateStateTransitions(pod.status?.initContainerStatuses ?? [], old.status?.initContainerStatuses ?? [], "status.initContainerStatuses", old.spec.restartPolicy, old.spec));
  return errs;
}
