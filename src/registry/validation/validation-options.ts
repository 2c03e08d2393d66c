// PodValidationOptions (pkg/apis/core/validation) as a function of the emulated Kubernetes
// minor version: which feature gates are on by default there. pkg/api/pod/util.go
// (GetValidationOptionsFromPodSpecAndMeta) also relaxes a rule on update when the old object
// already used the relaxed form; podValidationOptions does the same from oldSpec.
import type { PodSpec } from "../../api/core.ts";

export interface ValidationOptions {
  /** The Kubernetes minor version emulated: 27..34 (33 for 1.33). */
  kubernetesMinor: number;
}

export interface PodValidationOptions {
  kubernetesMinor: number;
  /** AllowPodLifecycleSleepActionZeroValue: beta (on) 1.33. */
  allowSleepZero: boolean;
  /** RelaxedEnvironmentVariableValidation: beta (on) 1.32. */
  relaxedEnvVarNames: boolean;
  /** InPlacePodVerticalScaling beta (on) 1.33: resizePolicy allowed on init containers. */
  allowSidecarResizePolicy: boolean;
  /** Validating a Pod (not a template): image whitespace, hostPort == containerPort on hostNetwork. */
  resourceIsPod: boolean;
}

function anyContainer(spec: PodSpec | undefined, pred: (c: PodSpec["containers"][number]) => boolean): boolean {
  if (!spec) return false;
  return [...(spec.initContainers ?? []), ...(spec.containers ?? [])].some(pred);
}

export function podValidationOptions(opts: ValidationOptions, resourceIsPod: boolean, oldSpec?: PodSpec): PodValidationOptions {
  const minor = opts.kubernetesMinor;
  return {
    kubernetesMinor: minor,
    allowSleepZero: minor >= 33 || anyContainer(oldSpec, (c) =>
      c.lifecycle?.preStop?.sleep?.seconds === 0 || c.lifecycle?.postStart?.sleep?.seconds === 0),
    relaxedEnvVarNames: minor >= 32 || anyContainer(oldSpec, (c) => (c.env ?? []).some((e) => /[^-._a-zA-Z0-9]|^[0-9]/.test(e.name))),
    allowSidecarResizePolicy: minor >= 33 || (oldSpec?.initContainers ?? []).some((c) => c.restartPolicy === "Always" && (c.resizePolicy?.length ?? 0) > 0),
    resourceIsPod,
  };
}
