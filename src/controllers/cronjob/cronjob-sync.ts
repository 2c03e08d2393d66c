// syncCronJob, cleanupFinishedJobs, removeOldestJobs and deleteJob of
// pkg/controller/cronjob/cronjob_controllerv2.go (Kubernetes 1.33), event reasons and texts
// verbatim. Each works on a copy of the CronJob and reports whether its status must be written;
// the controller writes it once (sync()).
import type { CronJob, Job } from "../../api/batch.ts";
import type { ResourceClient } from "../../client/client.ts";
import type { EventRecorder } from "../../client/event-recorder.ts";
import { parseTime, rfc3339 } from "../../machinery/clock.ts";
import { isStatusError } from "../../machinery/status-error.ts";
import { compileSchedule, formatRFC1123ZUTC, loadLocationError } from "./cron-schedule-next.ts";
import {
  byJobStartTime, deleteFromActiveList, finishedCondition, getJobFromTemplate, inActiveList, inActiveListByName, isJobSucceeded, jobReference,
} from "./cronjob-jobs.ts";
import { getJobName, nextScheduleTime, nextScheduleTimeDurationMs } from "./cronjob-schedule-times.ts";

export interface SyncDeps {
  jobs: ResourceClient<Job>;
  cronjobs: ResourceClient<CronJob>;
  recorder: EventRecorder;
  nowMs: number;
  /** The zone of a schedule without timeZone (robfig's time.Local: the controller-manager's). */
  defaultTimeZone: string;
  kubernetesMinor: number;
}

export interface SyncOutcome {
  requeueAfterMs?: number;
  updateStatus: boolean;
  error?: unknown;
}

const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/**
 * formatSchedule: a TZ/CRON_TZ prefix written in the schedule is used as is (with a warning
 * when recorder is given), else spec.timeZone becomes one.
 */
export function formatSchedule(cj: CronJob, recorder: EventRecorder | undefined): string {
  if (cj.spec.schedule.includes("TZ")) {
    recorder?.event(cj, "Warning", "UnsupportedSchedule",
      `CRON_TZ or TZ used in schedule ${JSON.stringify(cj.spec.schedule)} is not officially supported, see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/ for more details`);
    return cj.spec.schedule;
  }
  const tz = cj.spec.timeZone;
  if (tz !== undefined && loadLocationError(tz) === undefined) return `TZ=${tz} ${cj.spec.schedule}`;
  return cj.spec.schedule;
}

/** deleteJob: deletes a Job (propagation Background, as realJobControl) and its active entry. */
export async function deleteJob(d: SyncDeps, cj: CronJob, job: Job): Promise<boolean> {
  try {
    await d.jobs.delete(job.metadata.namespace ?? "", job.metadata.name ?? "", { propagationPolicy: "Background" });
  } catch (err) {
    d.recorder.event(cj, "Warning", "FailedDelete", `Deleted job: ${messageOf(err)}`);
    return false;
  }
  deleteFromActiveList(cj, job.metadata.uid);
  d.recorder.event(cj, "Normal", "SuccessfulDelete", `Deleted job ${job.metadata.name ?? ""}`);
  return true;
}

/** cleanupFinishedJobs: keeps the newest successfulJobsHistoryLimit / failedJobsHistoryLimit Jobs. */
export async function cleanupFinishedJobs(d: SyncDeps, cj: CronJob, jobs: Job[]): Promise<boolean> {
  const { successfulJobsHistoryLimit: okLimit, failedJobsHistoryLimit: failedLimit } = cj.spec;
  if (okLimit === undefined && failedLimit === undefined) return false;
  const succeeded = jobs.filter((j) => finishedCondition(j) === "Complete");
  const failed = jobs.filter((j) => finishedCondition(j) === "Failed");
  let update = false;
  if (okLimit !== undefined && await removeOldestJobs(d, cj, succeeded, okLimit)) update = true;
  if (failedLimit !== undefined && await removeOldestJobs(d, cj, failed, failedLimit)) update = true;
  return update;
}

async function removeOldestJobs(d: SyncDeps, cj: CronJob, jobs: Job[], maxJobs: number): Promise<boolean> {
  const numToDelete = jobs.length - maxJobs;
  if (numToDelete <= 0) return false;
  let update = false;
  for (const job of [...jobs].sort(byJobStartTime).slice(0, numToDelete)) {
    if (await deleteJob(d, cj, job)) update = true;
  }
  return update;
}

/** syncCronJob: reconciles the active list with the Jobs, then starts the run that is due. */
export async function syncCronJob(d: SyncDeps, cj: CronJob, jobs: Job[]): Promise<SyncOutcome> {
  const now = d.nowMs;
  let updateStatus = false;
  const status = (cj.status ??= {});
  const children = new Set<string>();
  for (const j of jobs) {
    children.add(j.metadata.uid ?? "");
    const found = inActiveList(cj, j.metadata.uid);
    const finished = finishedCondition(j);
    if (!found && finished === undefined) {
      let fresh: CronJob;
      try {
        fresh = await d.cronjobs.get(cj.metadata.namespace ?? "", cj.metadata.name ?? "");
      } catch (error) {
        return { updateStatus, error };
      }
      if (inActiveList(fresh, j.metadata.uid)) {
        status.active = fresh.status?.active ?? []; // our copy was stale
        continue;
      }
      d.recorder.event(cj, "Warning", "UnexpectedJob", `Saw a job that the controller did not create or forgot: ${j.metadata.name ?? ""}`);
    } else if (finished !== undefined) {
      if (found) {
        deleteFromActiveList(cj, j.metadata.uid);
        d.recorder.event(cj, "Normal", "SawCompletedJob", `Saw completed job: ${j.metadata.name ?? ""}, condition: ${finished}`);
        updateStatus = true;
      }
      const completion = j.status?.completionTime;
      if (isJobSucceeded(j) && completion !== undefined) {
        const last = parseTime(status.lastSuccessfulTime);
        if (Number.isNaN(last) || parseTime(completion) > last) {
          status.lastSuccessfulTime = completion;
          updateStatus = true;
        }
      }
    }
  }

  // An active Job that no longer exists would keep the CronJob "active" forever.
  for (const ref of [...(status.active ?? [])]) {
    if (children.has(ref.uid ?? "")) continue;
    try {
      await d.jobs.get(ref.namespace ?? "", ref.name ?? "");
    } catch (error) {
      if (!isStatusError(error, "NotFound")) return { updateStatus, error };
      d.recorder.event(cj, "Normal", "MissingJob", `Active job went missing: ${ref.name ?? ""}`);
      deleteFromActiveList(cj, ref.uid);
      updateStatus = true;
    }
  }

  if (cj.metadata.deletionTimestamp) return { updateStatus };

  const tz = cj.spec.timeZone;
  if (tz !== undefined) {
    const err = loadLocationError(tz);
    if (err !== undefined) {
      d.recorder.event(cj, "Warning", "UnknownTimeZone", `invalid timeZone: ${JSON.stringify(tz)}: ${err}`);
      return { updateStatus };
    }
  }
  if (cj.spec.suspend === true) return { updateStatus };

  const compiled = compileSchedule(formatSchedule(cj, d.recorder), d.defaultTimeZone);
  if (!compiled.ok) {
    d.recorder.event(cj, "Warning", "UnparseableSchedule", `unparseable schedule: ${JSON.stringify(cj.spec.schedule)} : ${compiled.error}`);
    return { updateStatus };
  }
  const sched = compiled.schedule;
  const next = nextScheduleTime(cj, now, sched);
  if (next.tooManyMissed) {
    d.recorder.event(cj, "Warning", "TooManyMissedTimes", "too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew");
  }
  if (next.error !== undefined) {
    d.recorder.event(cj, "Warning", "InvalidSchedule", `invalid schedule: ${cj.spec.schedule} : ${next.error}`);
    return { updateStatus };
  }
  const requeue = (): SyncOutcome => ({ requeueAfterMs: nextScheduleTimeDurationMs(cj, now, sched), updateStatus });
  const scheduledMs = next.scheduledMs;
  if (scheduledMs === undefined) return requeue(); // no unmet start time

  const sds = cj.spec.startingDeadlineSeconds;
  if (sds !== undefined && scheduledMs + sds * 1000 < now) {
    d.recorder.event(cj, "Warning", "MissSchedule", `Missed scheduled time to start a job: ${formatRFC1123ZUTC(scheduledMs)}`);
    return requeue();
  }
  const namespace = cj.metadata.namespace ?? "";
  if (inActiveListByName(cj, namespace, getJobName(cj, scheduledMs)) || parseTime(status.lastScheduleTime) === scheduledMs) {
    return requeue(); // this scheduled time is already processed
  }
  if (cj.spec.concurrencyPolicy === "Forbid" && (status.active ?? []).length > 0) {
    d.recorder.event(cj, "Normal", "JobAlreadyActive", "Not starting job because prior execution is running and concurrency policy is Forbid");
    return requeue();
  }
  if (cj.spec.concurrencyPolicy === "Replace") {
    for (const ref of [...(status.active ?? [])]) {
      let job: Job;
      try {
        job = await d.jobs.get(ref.namespace ?? "", ref.name ?? "");
      } catch (error) {
        d.recorder.event(cj, "Warning", "FailedGet", `Get job: ${messageOf(error)}`);
        return { updateStatus, error };
      }
      if (!await deleteJob(d, cj, job)) {
        return { updateStatus, error: new Error(`could not replace job ${job.metadata.namespace ?? ""}/${job.metadata.name ?? ""}`) };
      }
      updateStatus = true;
    }
  }

  const request = getJobFromTemplate(cj, scheduledMs, d.kubernetesMinor);
  let created: Job;
  try {
    created = await d.jobs.create(request);
    d.recorder.event(cj, "Normal", "SuccessfulCreate", `Created job ${created.metadata.name ?? ""}`);
  } catch (error) {
    if (isStatusError(error) && error.status.details?.causes?.some((c) => c.reason === "NamespaceTerminating")) return { updateStatus, error };
    if (!isStatusError(error, "AlreadyExists")) {
      d.recorder.event(cj, "Warning", "FailedCreate", `Error creating job: ${messageOf(error)}`);
      return { updateStatus, error };
    }
    // Created before, but the status write was lost: adopt it into the active list if ours.
    try {
      created = await d.jobs.get(namespace, request.metadata.name ?? "");
    } catch (getError) {
      return { updateStatus, error: getError };
    }
    const ref = created.metadata.ownerReferences?.find((r) => r.controller === true);
    if (ref?.uid !== cj.metadata.uid || inActiveList(cj, created.metadata.uid)) return { updateStatus };
  }
  (status.active ??= []).push(jobReference(created));
  status.lastScheduleTime = rfc3339(scheduledMs);
  return { ...requeue(), updateStatus: true };
}
