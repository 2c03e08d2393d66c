import { test } from "node:test";
import assert from "node:assert/strict";
import { isStatusError } from "../../machinery/status-error.ts";
import { finishPod, setupJob, type JobTestSetup } from "./job-test-support.ts";
import { TtlAfterFinishedController, ttlTimeLeftMs } from "./ttl-after-finished-controller.ts";

async function completedJob(ttlSeconds: number | undefined): Promise<JobTestSetup> {
  const s = setupJob((j) => { if (ttlSeconds !== undefined) j.spec.ttlSecondsAfterFinished = ttlSeconds; });
  await s.create();
  await s.sync();
  const [pod] = await s.pods();
  assert.ok(pod);
  await finishPod(s.tc, s.clock, pod, "Succeeded");
  await s.sync();
  assert.ok((await s.job()).status?.completionTime);
  return s;
}

const gone = async (s: JobTestSetup): Promise<boolean> => s.job().then(() => false, (e: unknown) => isStatusError(e, "NotFound"));

void test("ttlSecondsAfterFinished deletes the Job that long after it finished", async () => {
  const s = await completedJob(100);
  const ttl = new TtlAfterFinishedController({ client: s.tc.client, clock: s.clock });
  await s.clock.step(40_000);
  assert.deepEqual(await ttl.reconcile("default", "pi"), { requeueAfterMs: 60_000 });
  assert.equal(await gone(s), false);
  await s.clock.step(60_000);
  assert.deepEqual(await ttl.reconcile("default", "pi"), {});
  assert.equal(await gone(s), true);
  assert.equal((await s.pods()).length, 1, "the pods are the garbage collector's (Background propagation)");
});

void test("ttlSecondsAfterFinished 0: start() deletes the Job as soon as it finishes", async () => {
  const s = setupJob((j) => { j.spec.ttlSecondsAfterFinished = 0; });
  const ttl = new TtlAfterFinishedController({ client: s.tc.client, clock: s.clock });
  ttl.start();
  await s.create();
  await s.sync();
  await s.clock.step(1_000);
  assert.equal(await gone(s), false, "a running Job stays");
  const [pod] = await s.pods();
  assert.ok(pod);
  await finishPod(s.tc, s.clock, pod, "Succeeded");
  await s.sync();
  await s.clock.step(0);
  assert.equal(await gone(s), true);
  await ttl.stop();
});

void test("ttlTimeLeftMs: only finished Jobs with a TTL that are not being deleted expire", async () => {
  const s = await completedJob(30);
  const job = await s.job();
  const now = s.clock.now();
  assert.equal(ttlTimeLeftMs(job, now), 30_000);
  assert.equal(ttlTimeLeftMs(job, now + 45_000), -15_000);
  const noTtl = structuredClone(job);
  delete noTtl.spec.ttlSecondsAfterFinished;
  assert.equal(ttlTimeLeftMs(noTtl, now), undefined, "no TTL");
  assert.equal(ttlTimeLeftMs({ ...job, status: {} }, now), undefined, "not finished");
  assert.equal(ttlTimeLeftMs({ ...job, metadata: { ...job.metadata, deletionTimestamp: "2025-01-01T00:00:00Z" } }, now), undefined);
});
