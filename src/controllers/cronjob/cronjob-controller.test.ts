import { test } from "node:test";
import assert from "node:assert/strict";
import type { CronJob } from "../../api/batch.ts";
import { FakeClock } from "../../machinery/fake-clock.ts";
import { CronJobController } from "./cronjob-controller.ts";
import { eventTexts, finishJob, jobNames, makeCronJob, makeCronJobTestClient } from "./make-cronjob-test-client.ts";

// The FakeClock starts at 2025-11-22T10:10:00Z; 10:11 is minute 29396771 since the epoch.
const MINUTE = 60_000;
const T0 = Date.UTC(2025, 10, 22, 10, 10);
const jobAt = (name: string, hh: number, mm: number): string => `${name}-${Date.UTC(2025, 10, 22, hh, mm) / MINUTE}`;

function setup(mutate?: (cj: CronJob) => void) {
  const clock = new FakeClock(T0);
  const client = makeCronJobTestClient(clock);
  const errors: unknown[] = [];
  const controller = new CronJobController({ client, clock, onError: (_k, e) => errors.push(e) });
  const create = async (): Promise<CronJob> => client.cronjobs.create(makeCronJob("hello", mutate));
  return { clock, client, controller, create, errors };
}

/** Lets watch events and reconciles run to the end without time passing. */
async function converge(clock: FakeClock): Promise<void> {
  for (let i = 0; i < 30; i++) await clock.step(0);
}

/** Moves the clock to hh:mm:ss, stopping at every timer so each reconcile sees its own time. */
async function advanceTo(clock: FakeClock, hh: number, mm: number, ss = 1): Promise<void> {
  const target = Date.UTC(2025, 10, 22, hh, mm, ss);
  for (let next = clock.nextTimerAt(); next !== undefined && next <= target; next = clock.nextTimerAt()) {
    await clock.stepTo(next);
    await converge(clock);
  }
  await clock.stepTo(target);
  await converge(clock);
}

void test("*/1 * * * * creates a Job each minute named by the scheduled minute", async () => {
  const { clock, client, controller, create, errors } = setup();
  const cj = await create();
  controller.start();
  await converge(clock);
  assert.deepEqual(await jobNames(client), [], "nothing is due at creation");

  await advanceTo(clock, 10, 11);
  const [job] = (await client.jobs.list({ namespace: "default" })).items;
  assert.equal(job?.metadata.name, "hello-29396771");
  assert.equal(job.metadata.annotations?.["batch.kubernetes.io/cronjob-scheduled-timestamp"], "2025-11-22T10:11:00Z");
  assert.equal(job.metadata.labels?.["app"], "hello");
  assert.deepEqual(job.metadata.ownerReferences, [{ apiVersion: "batch/v1", kind: "CronJob", name: "hello", uid: cj.metadata.uid, controller: true, blockOwnerDeletion: true }]);
  const status = (await client.cronjobs.get("default", "hello")).status;
  assert.deepEqual(status, {
    lastScheduleTime: "2025-11-22T10:11:00Z",
    active: [{ kind: "Job", namespace: "default", name: "hello-29396771", uid: job.metadata.uid, apiVersion: "batch/v1", resourceVersion: job.metadata.resourceVersion }],
  });

  await advanceTo(clock, 10, 13);
  assert.deepEqual(await jobNames(client), [jobAt("hello", 10, 11), jobAt("hello", 10, 12), jobAt("hello", 10, 13)]);
  assert.deepEqual((await eventTexts(client, clock)).filter((e) => e.includes("SuccessfulCreate")), [
    "Normal SuccessfulCreate Created job hello-29396771", "Normal SuccessfulCreate Created job hello-29396772", "Normal SuccessfulCreate Created job hello-29396773",
  ]);
  await controller.stop();
  assert.deepEqual(errors, []);
});

void test("a Forbid CronJob skips a run while the previous Job is active", async () => {
  const { clock, client, controller, create } = setup((cj) => { cj.spec.concurrencyPolicy = "Forbid"; });
  await create();
  controller.start();
  await advanceTo(clock, 10, 11);
  assert.deepEqual(await jobNames(client), ["hello-29396771"]);

  await advanceTo(clock, 10, 12); // the 10:11 Job still runs
  assert.deepEqual(await jobNames(client), ["hello-29396771"]);
  assert.ok((await eventTexts(client, clock)).includes("Normal JobAlreadyActive Not starting job because prior execution is running and concurrency policy is Forbid"));

  // It finishes at 10:12:30: the 10:12 run, never started, is started late (no startingDeadlineSeconds).
  await advanceTo(clock, 10, 12, 30);
  await finishJob(client, clock, "hello-29396771", "Complete");
  await converge(clock);
  assert.deepEqual(await jobNames(client), ["hello-29396771", "hello-29396772"]);
  const status = (await client.cronjobs.get("default", "hello")).status;
  assert.equal(status?.lastSuccessfulTime, "2025-11-22T10:12:30Z");
  assert.deepEqual(status?.active?.map((r) => r.name), ["hello-29396772"]);
  assert.ok((await eventTexts(client, clock)).includes("Normal SawCompletedJob Saw completed job: hello-29396771, condition: Complete"));
  await controller.stop();
});

void test("Replace deletes the active Job and starts a new one", async () => {
  const { clock, client, controller, create, errors } = setup((cj) => { cj.spec.concurrencyPolicy = "Replace"; });
  await create();
  controller.start();
  await advanceTo(clock, 10, 11);
  await advanceTo(clock, 10, 12);
  assert.deepEqual(await jobNames(client), ["hello-29396772"]);
  const status = (await client.cronjobs.get("default", "hello")).status;
  assert.deepEqual(status?.active?.map((r) => r.name), ["hello-29396772"]);
  const events = await eventTexts(client, clock);
  assert.ok(events.includes("Normal SuccessfulDelete Deleted job hello-29396771"));
  assert.ok(events.includes("Normal SuccessfulCreate Created job hello-29396772"));
  await controller.stop();
  assert.deepEqual(errors, []);
});

void test("timeZone Asia/Seoul schedules at Seoul's midnight", async () => {
  const { clock, client, controller, create } = setup((cj) => { cj.spec.schedule = "0 0 * * *"; cj.spec.timeZone = "Asia/Seoul"; });
  await create();
  const first = await controller.reconcile("default", "hello");
  assert.deepEqual(first, { requeueAfterMs: Date.UTC(2025, 10, 22, 15, 0) + 100 - T0 }, "midnight in Seoul is 15:00 UTC");
  controller.start();
  await advanceTo(clock, 14, 59, 59);
  assert.deepEqual(await jobNames(client), []);
  await advanceTo(clock, 15, 0);
  const [job] = (await client.jobs.list({ namespace: "default" })).items;
  assert.equal(job?.metadata.name, jobAt("hello", 15, 0));
  assert.equal(job.metadata.annotations?.["batch.kubernetes.io/cronjob-scheduled-timestamp"], "2025-11-23T00:00:00+09:00");
  await controller.stop();
});

void test("a missed schedule beyond startingDeadlineSeconds is not run", async () => {
  const { clock, client, controller, create } = setup((cj) => { cj.spec.startingDeadlineSeconds = 10; });
  await create();
  await clock.stepTo(T0 + MINUTE + 30_000); // the controller was down at 10:11:00
  assert.deepEqual(await controller.reconcile("default", "hello"), { requeueAfterMs: 30_100 });
  assert.deepEqual(await jobNames(client), []);
  await clock.stepTo(T0 + 2 * MINUTE + 100);
  await controller.reconcile("default", "hello");
  assert.deepEqual(await jobNames(client), ["hello-29396772"]);
});

void test("a missed schedule within no deadline is started late", async () => {
  const { clock, client, controller, create } = setup();
  await create();
  await clock.stepTo(T0 + MINUTE + 30_000);
  assert.deepEqual(await controller.reconcile("default", "hello"), { requeueAfterMs: 30_100 });
  assert.deepEqual(await jobNames(client), ["hello-29396771"]);
});

void test("more than 100 missed start times warn and start only the most recent", async () => {
  const { clock, client, controller, create } = setup();
  await create();
  await clock.stepTo(T0 + 3 * 60 * MINUTE + 20_000); // 13:10:20
  await controller.reconcile("default", "hello");
  assert.deepEqual(await jobNames(client), [jobAt("hello", 13, 10)]);
  assert.ok((await eventTexts(client, clock)).includes(
    "Warning TooManyMissedTimes too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew"));
});

void test("history limits delete the oldest finished Jobs", async () => {
  const { clock, client, controller, create } = setup((cj) => { cj.spec.successfulJobsHistoryLimit = 1; cj.spec.failedJobsHistoryLimit = 1; });
  await create();
  for (let i = 1; i <= 3; i++) {
    await clock.stepTo(T0 + i * MINUTE);
    await controller.reconcile("default", "hello");
    await finishJob(client, clock, jobAt("hello", 10, 10 + i), i === 2 ? "Failed" : "Complete");
  }
  await clock.stepTo(T0 + 4 * MINUTE);
  await controller.reconcile("default", "hello");
  await finishJob(client, clock, jobAt("hello", 10, 14), "Failed");
  await controller.reconcile("default", "hello");
  // kept: the newest Complete (10:13) and the newest Failed (10:14)
  assert.deepEqual(await jobNames(client), [jobAt("hello", 10, 13), jobAt("hello", 10, 14)]);
  const deleted = (await eventTexts(client, clock)).filter((e) => e.includes("SuccessfulDelete"));
  assert.deepEqual(deleted, ["Normal SuccessfulDelete Deleted job hello-29396771", "Normal SuccessfulDelete Deleted job hello-29396772"]);
});

void test("reconcile twice with nothing changed writes nothing", async () => {
  const { clock, client, controller, create } = setup();
  await create();
  await clock.stepTo(T0 + MINUTE);
  await controller.reconcile("default", "hello");
  await clock.step(0); // events written
  const before = { cj: (await client.cronjobs.get("default", "hello")).metadata.resourceVersion, events: (await client.events.list()).resourceVersion };
  const again = await controller.reconcile("default", "hello");
  await controller.reconcile("default", "hello");
  await clock.step(0);
  assert.deepEqual(again, { requeueAfterMs: MINUTE + 100 });
  assert.deepEqual({ cj: (await client.cronjobs.get("default", "hello")).metadata.resourceVersion, events: (await client.events.list()).resourceVersion }, before);
  assert.deepEqual(await jobNames(client), ["hello-29396771"]);
});

void test("a suspended CronJob starts nothing and is not requeued", async () => {
  const { clock, client, controller, create } = setup((cj) => { cj.spec.suspend = true; });
  await create();
  await clock.stepTo(T0 + 5 * MINUTE);
  assert.deepEqual(await controller.reconcile("default", "hello"), {});
  assert.deepEqual(await jobNames(client), []);
});

void test("an active Job deleted by someone else leaves the active list as MissingJob", async () => {
  const { clock, client, controller, create } = setup();
  await create();
  await clock.stepTo(T0 + MINUTE);
  await controller.reconcile("default", "hello");
  await client.jobs.delete("default", "hello-29396771", { propagationPolicy: "Background" });
  await controller.reconcile("default", "hello");
  assert.deepEqual((await client.cronjobs.get("default", "hello")).status?.active, []);
  assert.ok((await eventTexts(client, clock)).includes("Normal MissingJob Active job went missing: hello-29396771"));
});

void test("a schedule no date satisfies is reported as InvalidSchedule and not requeued", async () => {
  const { clock, client, controller, create } = setup((cj) => { cj.spec.schedule = "0 0 30 2 *"; });
  await create();
  assert.deepEqual(await controller.reconcile("default", "hello"), {});
  assert.ok((await eventTexts(client, clock)).includes(
    "Warning InvalidSchedule invalid schedule: 0 0 30 2 * : time difference between two schedules is less than 1 second"));
});

void test("a changed schedule is looked at on its next time, not at once", async () => {
  const { clock, client, controller, create } = setup((cj) => { cj.spec.schedule = "0 * * * *"; });
  await create();
  controller.start();
  await advanceTo(clock, 10, 15, 30); // nothing due before 11:00
  const cj = await client.cronjobs.get("default", "hello");
  cj.spec.schedule = "*/1 * * * *";
  await client.cronjobs.update(cj);
  await converge(clock);
  assert.deepEqual(await jobNames(client), [], "the 10:15 run of the new schedule is not started by the update");
  await advanceTo(clock, 10, 16);
  assert.deepEqual(await jobNames(client), [jobAt("hello", 10, 16)]);
  await controller.stop();
});
