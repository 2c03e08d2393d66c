// What the Job controller reads from and writes into its pods. Mirrors helpers spread over
// pkg/controller/job/job_controller.go (isPodFailed, pastBackoffLimitOnFailure),
// pkg/controller/controller_utils.go (IsPodActive, IsPodTerminating, GetPodFromTemplate, ActivePods),
// indexed_job_utils.go (the index annotation, label, env and hostname) and
// pkg/controller/job/backoff_utils.go (getFinishedTime), Kubernetes 1.33.
import type { Job } from "../../api/batch.ts";
import type { ContainerStatus, Pod, PodSpec } from "../../api/core.ts";
import type { OwnerReference } from "../../api/meta.ts";
import { parseTime } from "../../machinery/clock.ts";

/** batch.JobTrackingFinalizer: a finished pod is counted in the Job status before it may go. */
export const JOB_TRACKING_FINALIZER = "batch.kubernetes.io/job-tracking";
/** batch.JobCompletionIndexAnnotation, also the key of the index label. */
export const JOB_COMPLETION_INDEX_ANNOTATION = "batch.kubernetes.io/job-completion-index";
/** batch.JobIndexFailureCountAnnotation: failures of the index before this pod. */
export const JOB_INDEX_FAILURE_COUNT_ANNOTATION = "batch.kubernetes.io/job-index-failure-count";
/** batch.JobIndexIgnoredFailureCountAnnotation: failures of the index an Ignore rule matched. */
export const JOB_INDEX_IGNORED_FAILURE_COUNT_ANNOTATION = "batch.kubernetes.io/job-index-ignored-failure-count";
const COMPLETION_INDEX_ENV_NAME = "JOB_COMPLETION_INDEX";

/** The ownerReference a Job puts on its pods (metav1.NewControllerRef). */
export function controllerRef(job: Job): OwnerReference {
  return {
    apiVersion: "batch/v1", kind: "Job", name: job.metadata.name ?? "", uid: job.metadata.uid ?? "",
    controller: true, blockOwnerDeletion: true,
  };
}

/**
 * Whether the Job controls the pod (its controller ownerReference carries the Job's uid).
 * Kubernetes also adopts orphans matching the selector (ClaimPods); pillion does not.
 */
export function isControlledBy(pod: Pod, job: Job): boolean {
  return (pod.metadata.ownerReferences ?? []).some((r) => r.controller === true && r.uid === job.metadata.uid);
}

/** The namespace/name of the Job controlling a pod, if any. */
export function controllingJobKey(pod: Pod): string | undefined {
  const ref = (pod.metadata.ownerReferences ?? []).find((r) => r.controller === true);
  if (!ref || ref.kind !== "Job" || ref.apiVersion !== "batch/v1") return undefined;
  return `${pod.metadata.namespace ?? ""}/${ref.name}`;
}

const isTerminal = (pod: Pod): boolean => pod.status?.phase === "Succeeded" || pod.status?.phase === "Failed";

/** controller.IsPodActive. */
export const isPodActive = (pod: Pod): boolean => !isTerminal(pod) && !pod.metadata.deletionTimestamp;

/** controller.IsPodTerminating. */
export const isPodTerminating = (pod: Pod): boolean => !isTerminal(pod) && !!pod.metadata.deletionTimestamp;

/** podutil.IsPodReady. */
export const isPodReady = (pod: Pod): boolean =>
  (pod.status?.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True");

export const hasTrackingFinalizer = (pod: Pod): boolean => (pod.metadata.finalizers ?? []).includes(JOB_TRACKING_FINALIZER);

/** onlyReplaceFailedPods: podReplacementPolicy Failed, or a podFailurePolicy. */
export const onlyReplaceFailedPods = (job: Job): boolean =>
  job.spec.podReplacementPolicy === "Failed" || job.spec.podFailurePolicy !== undefined;

/**
 * isPodFailed: Failed, or — unless only failed pods are replaced — deleted before it
 * succeeded (orphans that never reach Failed still count as a failure).
 */
export function isPodFailed(pod: Pod, job: Job): boolean {
  if (pod.status?.phase === "Failed") return true;
  if (onlyReplaceFailedPods(job)) return false;
  return !!pod.metadata.deletionTimestamp && pod.status?.phase !== "Succeeded";
}

/** pastBackoffLimitOnFailure: with OnFailure, container restarts of live pods are the failures. */
export function pastBackoffLimitOnFailure(job: Job, pods: readonly Pod[], backoffLimit: number): boolean {
  if (job.spec.template.spec.restartPolicy !== "OnFailure") return false;
  let restarts = 0;
  for (const p of pods) {
    if (p.status?.phase !== "Running" && p.status?.phase !== "Pending") continue;
    for (const s of [...(p.status.initContainerStatuses ?? []), ...(p.status.containerStatuses ?? [])]) restarts += s.restartCount;
  }
  return backoffLimit === 0 ? restarts > 0 : restarts >= backoffLimit;
}

/** latestFinishTime: the latest finishedAt, or undefined when one container has not finished. */
function latestFinishTime(prev: number | undefined, statuses: readonly ContainerStatus[]): number | undefined {
  let latest = prev;
  for (const s of statuses) {
    const at = parseTime(s.state.terminated?.finishedAt);
    if (Number.isNaN(at)) return undefined;
    if (latest === undefined || latest < at) latest = at;
  }
  return latest;
}

/**
 * getFinishedTime (backoff_utils.go): when the pod finished, for the failure back-off. The
 * latest container finish (sidecars included), else the Ready=False transition, else the
 * deletion moment, else the creation time.
 */
export function getFinishedTime(pod: Pod): number {
  const sidecars = new Set((pod.spec.initContainers ?? []).filter((c) => c.restartPolicy === "Always").map((c) => c.name));
  let t = latestFinishTime(undefined, pod.status?.containerStatuses ?? []);
  if (t !== undefined) t = latestFinishTime(t, (pod.status?.initContainerStatuses ?? []).filter((s) => sidecars.has(s.name)));
  if (t !== undefined) return t;
  const ready = (pod.status?.conditions ?? []).find((c) => c.type === "Ready");
  const readyAt = parseTime(ready?.lastTransitionTime);
  if (ready?.status === "False" && !Number.isNaN(readyAt)) return readyAt;
  const deletedAt = parseTime(pod.metadata.deletionTimestamp);
  if (!Number.isNaN(deletedAt)) return deletedAt - (pod.metadata.deletionGracePeriodSeconds ?? 0) * 1000;
  return parseTime(pod.metadata.creationTimestamp);
}

/** What podFromTemplate adds for one index of an Indexed Job. */
export interface PodIndexOptions {
  index: number;
  /** batch.kubernetes.io/job-index-failure-count and …-ignored-failure-count (backoffLimitPerIndex). */
  failureCounts?: { failed: number; ignored: number };
}

/**
 * The pod a Job creates (manageJob's template + controller.GetPodFromTemplate + the tracking
 * finalizer): the template's labels, annotations and spec, generateName `<job>-`, the
 * controller reference. For an index of an Indexed Job: JOB_COMPLETION_INDEX in every
 * container (addCompletionIndexEnvVariables), the index annotation and label, hostname
 * `<job>-<index>`, generateName `<job>-<index>-` and, with backoffLimitPerIndex, the index's
 * failure counts.
 */
export function podFromTemplate(job: Job, indexed?: PodIndexOptions): Pod {
  const tpl = structuredClone(job.spec.template);
  const meta = tpl.metadata ?? {};
  const finalizers = [...(meta.finalizers ?? [])];
  if (!finalizers.includes(JOB_TRACKING_FINALIZER)) finalizers.push(JOB_TRACKING_FINALIZER);
  const jobName = job.metadata.name ?? "";
  const pod: Pod = {
    apiVersion: "v1", kind: "Pod",
    metadata: {
      generateName: `${jobName}-`,
      namespace: job.metadata.namespace ?? "default",
      labels: { ...(meta.labels ?? {}) },
      ownerReferences: [controllerRef(job)],
      finalizers,
    },
    spec: tpl.spec,
  };
  if (meta.annotations) pod.metadata.annotations = { ...meta.annotations };
  if (indexed) {
    addCompletionIndexEnvVariables(pod.spec);
    const ix = String(indexed.index);
    const annotations = (pod.metadata.annotations ??= {});
    annotations[JOB_COMPLETION_INDEX_ANNOTATION] = ix;
    (pod.metadata.labels ??= {})[JOB_COMPLETION_INDEX_ANNOTATION] = ix; // PodIndexLabel (GA in 1.32)
    pod.spec.hostname = `${jobName}-${ix}`;
    pod.metadata.generateName = podGenerateNameWithIndex(jobName, indexed.index);
    if (indexed.failureCounts) {
      annotations[JOB_INDEX_FAILURE_COUNT_ANNOTATION] = String(indexed.failureCounts.failed);
      if (indexed.failureCounts.ignored > 0) annotations[JOB_INDEX_IGNORED_FAILURE_COUNT_ANNOTATION] = String(indexed.failureCounts.ignored);
    }
  }
  return pod;
}

/** names.MaxGeneratedNameLength: 63 minus the 5 random characters. */
const MAX_GENERATED_NAME_LENGTH = 58;

/** podGenerateNameWithIndex: `<job>-<index>-`, the job name cut so that it fits. */
export function podGenerateNameWithIndex(jobName: string, index: number): string {
  const suffix = `-${index}-`;
  const prefix = jobName + suffix;
  return prefix.length > MAX_GENERATED_NAME_LENGTH ? jobName.slice(0, MAX_GENERATED_NAME_LENGTH - suffix.length) + suffix : prefix;
}

/**
 * addCompletionIndexEnvVariables: JOB_COMPLETION_INDEX from the downward API in every init and
 * regular container that does not set it. With PodIndexLabel (GA in 1.32, so always in 1.33)
 * the field is the index label; before, it was the annotation. The kubelet resolves it.
 */
function addCompletionIndexEnvVariables(spec: PodSpec): void {
  for (const c of [...(spec.initContainers ?? []), ...spec.containers]) {
    const env = (c.env ??= []);
    if (env.some((v) => v.name === COMPLETION_INDEX_ENV_NAME)) continue;
    env.push({ name: COMPLETION_INDEX_ENV_NAME, valueFrom: { fieldRef: { fieldPath: `metadata.labels['${JOB_COMPLETION_INDEX_ANNOTATION}']` } } });
  }
}

/**
 * controller.ActivePods ordering, the pods to delete first: not yet on a node, then pending
 * before unknown before running, not ready before ready, more container restarts before fewer,
 * newer before older. (Kubernetes also ranks ready pods by how long they have been ready.)
 */
export function compareActivePods(a: Pod, b: Pod): number {
  const phaseRank = (p: Pod): number => ({ Pending: 0, Unknown: 1, Running: 2 } as Record<string, number>)[p.status?.phase ?? "Pending"] ?? 0;
  const restarts = (p: Pod): number => Math.max(0, ...(p.status?.containerStatuses ?? []).map((s) => s.restartCount));
  return Number(!!a.spec.nodeName) - Number(!!b.spec.nodeName)
    || phaseRank(a) - phaseRank(b)
    || Number(isPodReady(a)) - Number(isPodReady(b))
    || restarts(b) - restarts(a)
    || parseTime(b.metadata.creationTimestamp) - parseTime(a.metadata.creationTimestamp);
}
