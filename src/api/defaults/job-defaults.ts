// batch/v1 Job defaulting, mirroring pkg/apis/batch/v1/defaults.go (SetDefaults_Job) and the
// PodTemplateSpec defaults of the core group (SetDefaults_PodSpec — not SetDefaults_Pod: a
// template gets no enableServiceLinks and no requests-from-limits).
//
// Version differences (kubernetesMinor):
//  - podReplacementPolicy: defaulted only with JobPodReplacementPolicy on (beta 1.29+).
//  - manualSelector: defaulted to false since 1.29 (kubernetes/kubernetes#120206); before,
//    it stays unset and "unset" means false.
// The template's restartPolicy is defaulted to Always like any PodSpec; Job validation then
// rejects Always/"" with `Required value: valid values: "OnFailure", "Never"`, as Kubernetes does.
import type { Job } from "../batch.ts";
import type { PodTemplateSpec } from "../core.ts";
import { applyPodSpecDefaults } from "./pod-defaults.ts";

/** backoffLimit when backoffLimitPerIndex is set: math.MaxInt32. */
const MAX_INT32 = 2147483647;

export interface JobDefaultsOptions {
  /** The Kubernetes minor version emulated (33 for 1.33). */
  kubernetesMinor: number;
}

export function applyPodTemplateDefaults(template: PodTemplateSpec): void {
  applyPodSpecDefaults(template.spec);
}

export function applyJobDefaults(job: Job, opts: JobDefaultsOptions): void {
  const spec = job.spec;
  if (spec.completions === undefined && spec.parallelism === undefined) {
    spec.completions = 1;
    spec.parallelism = 1;
  }
  spec.parallelism ??= 1;
  spec.backoffLimit ??= spec.backoffLimitPerIndex !== undefined ? MAX_INT32 : 6;
  // Go assigns the template's label map itself: labels generated later onto the template (the
  // job-name/controller-uid selector labels) show up on the Job too. JobStrategy.prepareForCreate
  // re-runs this copy after generating them.
  const templateLabels = spec.template?.metadata?.labels;
  if (templateLabels && Object.keys(job.metadata.labels ?? {}).length === 0) job.metadata.labels = { ...templateLabels };
  spec.completionMode ??= "NonIndexed";
  spec.suspend ??= false;
  if (opts.kubernetesMinor >= 29) {
    spec.podReplacementPolicy ??= spec.podFailurePolicy !== undefined ? "Failed" : "TerminatingOrFailed";
    spec.manualSelector ??= false;
  }
  if (spec.template?.spec) applyPodTemplateDefaults(spec.template);
}
