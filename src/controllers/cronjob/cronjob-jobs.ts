// A CronJob's Jobs: getJobFromTemplate2, the active-list helpers and byJobStartTime of
// pkg/controller/cronjob/utils.go, and the finished-Job tests of pkg/controller/job/util
// (IsJobFinished, FinishedCondition, IsJobSucceeded), Kubernetes 1.33.
import type { CronJob, Job, JobConditionType } from "../../api/batch.ts";
import type { ObjectReference } from "../../api/core.ts";
import type { OwnerReference } from "../../api/meta.ts";
import { parseTime } from "../../machinery/clock.ts";
import { formatRFC3339In } from "./cron-schedule-next.ts";
import { getJobName } from "./cronjob-schedule-times.ts";

/** batchv1.CronJobScheduledTimestampAnnotation. */
export const CRONJOB_SCHEDULED_TIMESTAMP_ANNOTATION = "batch.kubernetes.io/cronjob-scheduled-timestamp";

/** The CronJobsScheduledAnnotation feature gate is on by default from 1.28. */
const SCHEDULED_ANNOTATION_MINOR = 28;

/** metav1.GetControllerOf. */
export function controllerOf(obj: { metadata: { ownerReferences?: OwnerReference[] } }): OwnerReference | undefined {
  return obj.metadata.ownerReferences?.find((r) => r.controller === true);
}

/** metav1.NewControllerRef(cj, batch/v1 CronJob). */
export function newControllerRef(cj: CronJob): OwnerReference {
  return { apiVersion: "batch/v1", kind: "CronJob", name: cj.metadata.name ?? "", uid: cj.metadata.uid ?? "", controller: true, blockOwnerDeletion: true };
}

/**
 * getJobFromTemplate2: the Job for one scheduled time, named deterministically so a time is
 * never run twice. The scheduled-timestamp annotation is the time in spec.timeZone (UTC when
 * unset), as Go's scheduledTime.In(loc).Format(time.RFC3339).
 */
export function getJobFromTemplate(cj: CronJob, scheduledMs: number, kubernetesMinor: number): Job {
  const template = cj.spec.jobTemplate;
  const labels = { ...template.metadata?.labels };
  const annotations: Record<string, string> = { ...template.metadata?.annotations };
  if (kubernetesMinor >= SCHEDULED_ANNOTATION_MINOR) {
    annotations[CRONJOB_SCHEDULED_TIMESTAMP_ANNOTATION] = formatRFC3339In(scheduledMs, cj.spec.timeZone ?? "UTC");
  }
  return {
    apiVersion: "batch/v1", kind: "Job",
    metadata: {
      name: getJobName(cj, scheduledMs), namespace: cj.metadata.namespace ?? "default",
      labels, annotations, ownerReferences: [newControllerRef(cj)],
    },
    spec: structuredClone(template.spec),
  };
}

/** FinishedCondition: the Complete or Failed condition that is True, if any. */
export function finishedCondition(job: Job): JobConditionType | undefined {
  return job.status?.conditions?.find((c) => (c.type === "Complete" || c.type === "Failed") && c.status === "True")?.type;
}

export const isJobFinished = (job: Job): boolean => finishedCondition(job) !== undefined;

export const isJobSucceeded = (job: Job): boolean =>
  job.status?.conditions?.some((c) => c.type === "Complete" && c.status === "True") ?? false;

/** ref.GetReference for a Job. */
export function jobReference(job: Job): ObjectReference {
  return {
    kind: "Job", namespace: job.metadata.namespace ?? "", name: job.metadata.name ?? "", uid: job.metadata.uid ?? "",
    apiVersion: "batch/v1", resourceVersion: job.metadata.resourceVersion ?? "",
  };
}

export const inActiveList = (cj: CronJob, uid: string | undefined): boolean => (cj.status?.active ?? []).some((r) => r.uid === uid);

export const inActiveListByName = (cj: CronJob, namespace: string, name: string): boolean =>
  (cj.status?.active ?? []).some((r) => r.name === name && r.namespace === namespace);

export function deleteFromActiveList(cj: CronJob, uid: string | undefined): void {
  const status = (cj.status ??= {});
  status.active = (status.active ?? []).filter((r) => r.uid !== uid);
}

/** byJobStartTime: started before not started, earlier first, then by name. */
export function byJobStartTime(a: Job, b: Job): number {
  const sa = parseTime(a.status?.startTime), sb = parseTime(b.status?.startTime);
  const hasA = !Number.isNaN(sa), hasB = !Number.isNaN(sb);
  if (hasA !== hasB) return hasA ? -1 : 1;
  if (!hasA || sa === sb) return (a.metadata.name ?? "") < (b.metadata.name ?? "") ? -1 : (a.metadata.name ?? "") > (b.metadata.name ?? "") ? 1 : 0;
  return sa - sb;
}
