// What the Job controller reads from and writes into its pods. Mirrors helpers spread over
// pkg/controller/job/job_controller.go (isPodFailed, pastBackoffLimitOnFailure),
// pkg/controller/controller_utils.go (IsPodActive, IsPodTerminating, GetPodFromTemplate) and
// pkg/controller/job/backoff_utils.go (getFinishedTime), Kubernetes 1.33.
import type { Job } from "../../api/batch.ts";
import type { ContainerStatus, Pod } from "../../api/core.ts";
import type { OwnerReference } from "../../api/meta.ts";
import { parseTime } from "../../machinery/clock.ts";

/** batch.JobTrackingFinalizer: a finished pod is counted in the Job status before it may go. */
export const JOB_TRACKING_FINALIZER = "batch.kubernetes.io/job-tracking";

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

/** onlyReplaceFailedPods: podReplacementPolicy Failed (or a podFailurePolicy, unsupported here). */
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

/**
 * The pod a Job creates (controller.GetPodFromTemplate + the tracking finalizer): the
 * template's labels, annotations and spec, generateName `<job>-`, the controller reference.
 */
export function podFromTemplate(job: Job): Pod {
  const tpl = structuredClone(job.spec.template);
  const meta = tpl.metadata ?? {};
  const finalizers = [...(meta.finalizers ?? [])];
  if (!finalizers.includes(JOB_TRACKING_FINALIZER)) finalizers.push(JOB_TRACKING_FINALIZER);
  const pod: Pod = {
    apiVersion: "v1", kind: "Pod",
    metadata: {
      generateName: `${job.metadata.name ?? ""}-`,
      namespace: job.metadata.namespace ?? "default",
      labels: { ...(meta.labels ?? {}) },
      ownerReferences: [controllerRef(job)],
      finalizers,
    },
    spec: tpl.spec,
  };
  if (meta.annotations) pod.metadata.annotations = { ...meta.annotations };
  return pod;
}
