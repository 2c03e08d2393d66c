// The CronJob controller, the Job controller and the garbage collector together on one
// in-memory client: what a CronJob's Jobs and pods become when runs are replaced or the
// CronJob is deleted.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Pod } from "../../api/core.ts";
import { FakeClock } from "../../machinery/fake-clock.ts";
import { GarbageCollector } from "../garbage-collector/garbage-collector.ts";
import { JobController } from "../job/job-controller.ts";
import { CronJobController } from "./cronjob-controller.ts";
import { jobNames, makeCronJob, makeCronJobTestClient } from "./make-cronjob-test-client.ts";

async function converge(clock: FakeClock): Promise<void> {
  for (let i = 0; i < 40; i++) await clock.step(0);
}

async function advanceTo(clock: FakeClock, atMs: number): Promise<void> {
  for (let next = clock.nextTimerAt(); next !== undefined && next <= atMs; next = clock.nextTimerAt()) {
    await clock.stepTo(next);
    await converge(clock);
  }
  await clock.stepTo(atMs);
  await converge(clock);
}

void test("a replaced run's Job takes its pods with it, and deleting the CronJob removes the rest", async () => {
  const clock = new FakeClock(Date.UTC(2025, 10, 22, 10, 10));
  const client = makeCronJobTestClient(clock);
  const errors: unknown[] = [];
  const onError = (_k: string, e: unknown): void => { errors.push(e); };
  const controllers = [
    new CronJobController({ client, clock, onError }), new JobController({ client, clock, onError }), new GarbageCollector({ client, clock, onError }),
  ];
  for (const c of controllers) c.start();
  await client.cronjobs.create(makeCronJob("hello", (cj) => { cj.spec.concurrencyPolicy = "Replace"; }));

  await advanceTo(clock, Date.UTC(2025, 10, 22, 10, 11, 1));
  const pods = async (): Promise<Pod[]> => (await client.pods.list({ namespace: "default" })).items;
  const [first] = await pods();
  assert.equal(first?.metadata.ownerReferences?.[0]?.name, "hello-29396771");

  await advanceTo(clock, Date.UTC(2025, 10, 22, 10, 12, 1));
  assert.deepEqual(await jobNames(client), ["hello-29396772"]);
  const byJob = new Map((await pods()).map((p) => [p.metadata.ownerReferences?.[0]?.name, p]));
  assert.ok(byJob.get("hello-29396771")?.metadata.deletionTimestamp, "the replaced Job's pod is being deleted");
  assert.equal(byJob.get("hello-29396772")?.metadata.deletionTimestamp, undefined);

  await client.cronjobs.delete("default", "hello", { propagationPolicy: "Background" });
  await converge(clock);
  assert.deepEqual(await jobNames(client), []);
  assert.ok((await pods()).every((p) => p.metadata.deletionTimestamp), "every pod is being deleted");
  for (const c of controllers) await c.stop();
  assert.deepEqual(errors, []);
});
