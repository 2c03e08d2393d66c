// The time arithmetic of the CronJob controller: mostRecentScheduleTime, nextScheduleTime,
// nextScheduleTimeDuration, getJobName and getTimeHashInMinutes of
// pkg/controller/cronjob/utils.go and cronjob_controllerv2.go (Kubernetes 1.33), on epoch ms.
import type { CronJob } from "../../api/batch.ts";
import { parseTime } from "../../machinery/clock.ts";
import type { CronNext } from "./cron-schedule-next.ts";

/** nextScheduleDelta: requeues land 100 ms after the scheduled time (NTP skew). */
export const NEXT_SCHEDULE_DELTA_MS = 100;

/** More missed schedules than this is "many": a TooManyMissedTimes warning. */
export const MANY_MISSED = 100;

export type MissedSchedules = "none" | "few" | "many";

export interface MostRecent {
  /** The last schedule time, else the CronJob's creation time (maybe raised by the deadline). */
  earliestMs: number;
  /** The most recent time a Job should have been created, if one is due by now. */
  mostRecentMs: number | undefined;
  missed: MissedSchedules;
  error?: string;
}

const TOO_CLOSE = "time difference between two schedules is less than 1 second";

/**
 * mostRecentScheduleTime. The count of missed schedules is the same rough approximation as
 * Kubernetes' (elapsed time / the gap between the first two activations, plus one).
 */
export function mostRecentScheduleTime(cj: CronJob, nowMs: number, schedule: CronNext, includeStartingDeadlineSeconds: boolean): MostRecent {
  let earliestMs = parseTime(cj.metadata.creationTimestamp);
  const last = parseTime(cj.status?.lastScheduleTime);
  if (!Number.isNaN(last)) earliestMs = last;
  const sds = cj.spec.startingDeadlineSeconds;
  if (includeStartingDeadlineSeconds && sds !== undefined) {
    const schedulingDeadline = nowMs - sds * 1000;
    if (schedulingDeadline > earliestMs) earliestMs = schedulingDeadline;
  }
  const t1 = schedule.next(earliestMs);
  const t2 = t1 === undefined ? undefined : schedule.next(t1);
  if (t1 !== undefined && nowMs < t1) return { earliestMs, mostRecentMs: undefined, missed: "none" };
  if (t2 !== undefined && nowMs < t2) return { earliestMs, mostRecentMs: t1, missed: "none" };
  // robfig's zero time for t1 or t2 (a day no month has): the gap is 0.
  const betweenS = t1 === undefined || t2 === undefined ? 0 : Math.round((t2 - t1) / 1000);
  if (betweenS < 1 || t1 === undefined) return { earliestMs, mostRecentMs: undefined, missed: "none", error: TOO_CLOSE };
  const elapsedS = Math.trunc((nowMs - t1) / 1000);
  const numberMissed = Math.trunc(elapsedS / betweenS) + 1;
  // Start one period before the estimate and let the schedule find the exact latest time
  // (irregular schedules such as `30 6-16/4 * * 1-5`).
  const potentialEarliest = t1 + (numberMissed - 2) * betweenS * 1000;
  let mostRecentMs: number | undefined;
  for (let t = schedule.next(potentialEarliest); t !== undefined && t <= nowMs; t = schedule.next(t)) mostRecentMs = t;
  const missed: MissedSchedules = numberMissed > MANY_MISSED ? "many" : numberMissed > 0 ? "few" : "none";
  return { earliestMs, mostRecentMs, missed };
}

/** nextScheduleTimeDuration: how long until the next activation after the most recent one, + 100 ms. */
export function nextScheduleTimeDurationMs(cj: CronJob, nowMs: number, schedule: CronNext): number {
  const r = mostRecentScheduleTime(cj, nowMs, schedule, false);
  let from: number;
  if (r.error !== undefined) from = nowMs;
  else if (r.mostRecentMs !== undefined) from = r.mostRecentMs;
  else from = r.missed === "none" ? r.earliestMs : nowMs;
  const next = schedule.next(from);
  // robfig's zero time would make Go's duration hugely negative (an immediate requeue);
  // with no activation ahead, pillion does not requeue sooner than the delta.
  return next === undefined ? NEXT_SCHEDULE_DELTA_MS : next + NEXT_SCHEDULE_DELTA_MS - nowMs;
}

/**
 * nextScheduleTime: the unmet schedule time to act on now, if any. tooManyMissed is set when
 * Kubernetes records the TooManyMissedTimes warning.
 */
export function nextScheduleTime(cj: CronJob, nowMs: number, schedule: CronNext): { scheduledMs?: number; tooManyMissed: boolean; error?: string } {
  const r = mostRecentScheduleTime(cj, nowMs, schedule, true);
  const error = r.error !== undefined ? { error: r.error } : {};
  if (r.mostRecentMs === undefined || r.mostRecentMs > nowMs) return { tooManyMissed: false, ...error };
  return { scheduledMs: r.mostRecentMs, tooManyMissed: r.missed === "many", ...error };
}

/** getTimeHashInMinutes: Unix time in minutes. */
export function getTimeHashInMinutes(scheduledMs: number): number {
  return Math.floor(Math.floor(scheduledMs / 1000) / 60);
}

/** getJobName: `<cronjob>-<scheduled time in minutes since the epoch>`. */
export function getJobName(cj: CronJob, scheduledMs: number): string {
  return `${cj.metadata.name ?? ""}-${getTimeHashInMinutes(scheduledMs)}`;
}
