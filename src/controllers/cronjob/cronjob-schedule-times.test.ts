import { test } from "node:test";
import assert from "node:assert/strict";
import type { CronJob } from "../../api/batch.ts";
import { compileSchedule } from "./cron-schedule-next.ts";
import { getJobName, mostRecentScheduleTime, nextScheduleTimeDurationMs } from "./cronjob-schedule-times.ts";

const at = (hh: number, mm: number, ss = 0): number => Date.UTC(2025, 10, 22, hh, mm, ss);
const iso = (ms: number | undefined): string | undefined => (ms === undefined ? undefined : new Date(ms).toISOString().replace(".000Z", "Z"));

function cronJob(o: { lastScheduleTime?: string; startingDeadlineSeconds?: number }): CronJob {
  return {
    metadata: { name: "hello", namespace: "default", creationTimestamp: "2025-11-22T10:10:00Z" },
    spec: { schedule: "*/1 * * * *", jobTemplate: { spec: { template: { spec: { containers: [] } } } }, ...(o.startingDeadlineSeconds !== undefined ? { startingDeadlineSeconds: o.startingDeadlineSeconds } : {}) },
    status: o.lastScheduleTime ? { lastScheduleTime: o.lastScheduleTime } : {},
  };
}

// mostRecentScheduleTime with the deadline included (nextScheduleTime's view), every minute,
// the CronJob created at 10:10:00.
const cases: { name: string; now: number; lastScheduleTime?: string; sds?: number; want: string | undefined; missed: string }[] = [
  { name: "nothing is due before the first activation", now: at(10, 10, 30), want: undefined, missed: "none" },
  { name: "the first activation is due once reached", now: at(10, 11, 30), want: "2025-11-22T10:11:00Z", missed: "none" },
  { name: "several missed: the most recent one is due", now: at(10, 15, 30), want: "2025-11-22T10:15:00Z", missed: "few" },
  { name: "more than 100 missed is many", now: at(13, 10, 20), want: "2025-11-22T13:10:00Z", missed: "many" },
  { name: "the last schedule time, not the creation, is the start", now: at(10, 15, 30), lastScheduleTime: "2025-11-22T10:15:00Z", want: undefined, missed: "none" },
  { name: "startingDeadlineSeconds hides activations older than the deadline", now: at(10, 15, 30), sds: 10, want: undefined, missed: "none" },
  { name: "an activation within startingDeadlineSeconds is due", now: at(10, 15, 5), sds: 10, want: "2025-11-22T10:15:00Z", missed: "none" },
];

for (const c of cases) {
  void test(`mostRecentScheduleTime: ${c.name}`, () => {
    const compiled = compileSchedule("*/1 * * * *", "UTC");
    assert.ok(compiled.ok);
    const cj = cronJob({ ...(c.lastScheduleTime ? { lastScheduleTime: c.lastScheduleTime } : {}), ...(c.sds !== undefined ? { startingDeadlineSeconds: c.sds } : {}) });
    const r = mostRecentScheduleTime(cj, c.now, compiled.schedule, true);
    assert.deepEqual({ mostRecent: iso(r.mostRecentMs), missed: r.missed }, { mostRecent: c.want, missed: c.missed });
  });
}

void test("the requeue lands 100 ms after the next activation", () => {
  const compiled = compileSchedule("*/5 * * * *", "UTC");
  assert.ok(compiled.ok);
  assert.equal(nextScheduleTimeDurationMs(cronJob({}), at(10, 12, 30), compiled.schedule), 2 * 60_000 + 30_000 + 100);
});

void test("Job names carry the scheduled time in minutes since the epoch", () => {
  assert.equal(getJobName(cronJob({}), at(10, 11)), "hello-29396771");
  assert.equal(getJobName(cronJob({}), at(10, 11, 59)), "hello-29396771");
});
