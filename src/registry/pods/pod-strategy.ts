// The Pod's registry strategy, mirroring pkg/registry/core/pod/strategy.go (podStrategy,
// podStatusStrategy, CheckGracefulDelete) plus what a plain cluster adds on the way in:
// v1 defaulting, the Priority and DefaultTolerationSeconds admission plugins, and the binding.
//
// pillion has one node and no scheduler: prepareForCreate binds the pod by setting
// spec.nodeName to ctx.nodeName ("pillion" when absent) unless the user already set it.
import { applyPodAdmissionDefaults } from "../../api/defaults/pod-admission-defaults.ts";
import { applyPodDefaults } from "../../api/defaults/pod-defaults.ts";
import type { Pod } from "../../api/core.ts";
import type { FieldError } from "../../machinery/field-errors.ts";
import type { Strategy, StrategyContext } from "../strategy.ts";
import { jsonEqual } from "../validation/spec-diff.ts";
import { validatePod, validatePodStatusUpdate, validatePodUpdate } from "../validation/pod-validation.ts";
import { dropDisabledPodSpecFields } from "../validation/version-fields.ts";
import { computePodQOS } from "./pod-qos.ts";
import { keepStoredSpecAndMetadata, keepStoredStatusAndGeneration } from "../update-rules.ts";

export const DEFAULT_NODE_NAME = "pillion";

/** metadata.generation is populated for pods since 1.33 (KEP-5067). */
const podGenerationTracked = (ctx: StrategyContext): boolean => ctx.kubernetesMinor >= 33;

/** updatePodGeneration: spec changes and new/changed graceful deletions bump the generation. */
function updatePodGeneration(pod: Pod, old: Pod): void {
  const dgps = pod.metadata.deletionGracePeriodSeconds;
  if (!jsonEqual(pod.spec, old.spec) || (dgps !== undefined && dgps !== old.metadata.deletionGracePeriodSeconds)) {
    pod.metadata.generation = (old.metadata.generation ?? 0) + 1;
  }
}

export class PodStrategy implements Strategy<Pod> {
  readonly group = "";
  readonly version = "v1";
  readonly kind = "Pod";
  readonly resource = "pods";
  readonly namespaced = true;

  applyDefaults(pod: Pod, _ctx: StrategyContext): void {
    // Go decodes a missing spec as a zero-valued struct; validation then names what is missing.
    (pod as { spec?: Pod["spec"] }).spec ??= { containers: [] };
    pod.spec.containers ??= [];
    applyPodDefaults(pod);
  }

  prepareForCreate(pod: Pod, ctx: StrategyContext): void {
    if (podGenerationTracked(ctx)) pod.metadata.generation = 1;
    else delete pod.metadata.generation;
    dropDisabledPodSpecFields(pod.spec, undefined, ctx.kubernetesMinor);
    applyPodAdmissionDefaults(pod);
    if (!pod.spec.nodeName) pod.spec.nodeName = ctx.nodeName ?? DEFAULT_NODE_NAME;
    pod.status = { phase: "Pending", qosClass: computePodQOS(pod) };
  }

  validate(pod: Pod, ctx: StrategyContext): FieldError[] {
    return validatePod(pod, { kubernetesMinor: ctx.kubernetesMinor });
  }

  prepareForUpdate(pod: Pod, old: Pod, ctx: StrategyContext): void {
    keepStoredStatusAndGeneration(pod, old);
    dropDisabledPodSpecFields(pod.spec, old.spec, ctx.kubernetesMinor);
    if (podGenerationTracked(ctx)) updatePodGeneration(pod, old);
  }

  validateUpdate(pod: Pod, old: Pod, ctx: StrategyContext): FieldError[] {
    return validatePodUpdate(pod, old, { kubernetesMinor: ctx.kubernetesMinor });
  }

  /**
   * podStatusStrategy.PrepareForUpdate: the spec and all metadata but labels and annotations
   * stay as stored; an emptied qosClass or observedGeneration is backfilled from the old status.
   */
  prepareForStatusUpdate(pod: Pod, old: Pod, _ctx: StrategyContext): void {
    keepStoredSpecAndMetadata(pod, old);
    const status = (pod.status ??= {});
    if (!status.qosClass && old.status?.qosClass) status.qosClass = old.status.qosClass;
    if (!status.observedGeneration && old.status?.observedGeneration) status.observedGeneration = old.status.observedGeneration;
  }

  validateStatusUpdate(pod: Pod, old: Pod, _ctx: StrategyContext): FieldError[] {
    return validatePodStatusUpdate(pod, old);
  }

  /**
   * CheckGracefulDelete: the requested grace, else spec.terminationGracePeriodSeconds (else 0);
   * 0 for a pod not bound to a node or already Succeeded/Failed; a negative value becomes 1.
   */
  deletionGracePeriodSeconds(pod: Pod, requested: number | undefined): number {
    let period = requested ?? pod.spec.terminationGracePeriodSeconds ?? 0;
    if (!pod.spec.nodeName) period = 0;
    if (pod.status?.phase === "Failed" || pod.status?.phase === "Succeeded") period = 0;
    if (period < 0) period = 1;
    return period;
  }
}
