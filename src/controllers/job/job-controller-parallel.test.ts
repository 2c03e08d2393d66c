// NonIndexed Jobs beyond one pod: completions and parallelism, the work queue, scaling down,
// suspend/resume and podReplacementPolicy.
import { test } from "node:test";
import assert from "node:assert/strict";
import { finishPod, isActive, runPod, setupJob } from "./job-test-support.ts";

void test("completions 10 parallelism 3: never more than 3 active pods and 10 succeeded", async () => {
  const s = setupJob((j) => { j.spec.completions = 10; j.spec.parallelism = 3; });
  await s.create();
  let maxActive = 0;
  for (let round = 0; round < 20; round++) {
    await s.sync();
    const active = (await s.pods()).filter(isActive);
    maxActive = Math.max(maxActive, active.length);
    const job = await s.job();
    if (job.status?.conditions?.some((c) => c.type === "Complete")) break;
    assert.equal(job.status?.active, active.length, "status.active is the number of active pods");
    assert.equal(active.length, Math.min(3, 10 - (job.status?.succeeded ?? 0)), "min(parallelism, remaining completions)");
    await s.clock.step(1_000);
    const [first] = active;
    assert.ok(first);
    await finishPod(s.tc, s.clock, first, "Succeeded");
  }
  assert.equal(maxActive, 3);
  const job = await s.job();
  assert.equal(job.status?.succeeded, 10);
  assert.equal(job.status?.active, undefined);
  assert.deepEqual(job.status?.conditions?.map((c) => `${c.type}:${c.reason ?? ""}`), ["SuccessCriteriaMet:CompletionsReached", "Complete:CompletionsReached"]);
  assert.equal((await s.pods()).length, 10, "no pod beyond the 10 completions");
});

void test("no completions (work queue): parallelism pods, none created after the first success, Complete when all are done", async () => {
  const s = setupJob((j) => { j.spec.parallelism = 3; });
  await s.create();
  await s.sync();
  const pods = await s.pods();
  assert.equal(pods.length, 3);
  const [a, b, c] = pods;
  assert.ok(a && b && c);
  await finishPod(s.tc, s.clock, a, "Succeeded");
  await s.sync();
  assert.equal((await s.pods()).length, 3, "no replacement once one pod succeeded");
  let job = await s.job();
  assert.equal(job.status?.active, 2);
  assert.equal(job.status?.conditions, undefined, "not complete while pods are still active");
  await finishPod(s.tc, s.clock, b, "Succeeded");
  await finishPod(s.tc, s.clock, c, "Succeeded");
  await s.sync();
  job = await s.job();
  assert.equal(job.status?.succeeded, 3);
  assert.deepEqual(job.status?.conditions?.map((x) => x.type), ["SuccessCriteriaMet", "Complete"]);
});

void test("lowering parallelism deletes the extra pods, not-ready ones first, and counts them terminating", async () => {
  const s = setupJob((j) => { j.spec.completions = 6; j.spec.parallelism = 3; });
  await s.create();
  await s.sync();
  const pods = await s.pods();
  const [ready] = pods;
  assert.ok(ready);
  await runPod(s.tc, s.clock, ready);
  const job = await s.job();
  job.spec.parallelism = 1;
  await s.tc.client.jobs.update(job);
  await s.sync();
  const after = await s.pods();
  assert.deepEqual(after.filter((p) => p.metadata.deletionTimestamp).map((p) => p.metadata.name).sort(),
    pods.filter((p) => p !== ready).map((p) => p.metadata.name).sort(), "the two not-ready pods go");
  const status = (await s.job()).status;
  assert.equal(status?.active, 1);
  assert.equal(status?.ready, 1);
  assert.equal(status?.terminating, 2);
  assert.equal(status?.failed, undefined, "pods deleted on scale-down are released from tracking, not failures");
  assert.deepEqual(after.filter((p) => p.metadata.deletionTimestamp).map((p) => p.metadata.finalizers), [[], []]);
});

void test("suspend deletes the active pods with the Suspended condition; resume recreates them and restarts startTime", async () => {
  const s = setupJob((j) => { j.spec.completions = 4; j.spec.parallelism = 2; });
  await s.create();
  await s.sync();
  let job = await s.job();
  const startedAt = job.status?.startTime;
  job.spec.suspend = true;
  await s.tc.client.jobs.update(job);
  await s.sync();
  job = await s.job();
  assert.equal((await s.pods()).filter(isActive).length, 0);
  assert.deepEqual(job.status?.conditions?.map((c) => `${c.type}:${c.status}:${c.reason ?? ""}`), ["Suspended:True:JobSuspended"]);
  assert.equal(job.status?.active, undefined);
  assert.equal(job.status?.terminating, 2);

  await s.clock.step(60_000);
  job.spec.suspend = false;
  await s.tc.client.jobs.update(job);
  await s.sync();
  job = await s.job();
  assert.deepEqual(job.status?.conditions?.map((c) => `${c.type}:${c.status}:${c.reason ?? ""}`), ["Suspended:False:JobResumed"]);
  assert.notEqual(job.status?.startTime, startedAt);
  assert.equal((await s.pods()).filter(isActive).length, 2);
  const events = await s.events();
  assert.ok(events.includes("Normal Suspended Job suspended") && events.includes("Normal Resumed Job resumed"));
});

void test("podReplacementPolicy TerminatingOrFailed: a pod being deleted counts as failed and is replaced after the back-off", async () => {
  const s = setupJob();
  await s.create();
  await s.sync();
  const [pod] = await s.pods();
  assert.ok(pod);
  await s.tc.client.pods.delete("default", pod.metadata.name ?? ""); // graceful: it is terminating
  assert.deepEqual(await s.sync(), { requeueAfterMs: 10_000 });
  let job = await s.job();
  assert.equal(job.status?.failed, 1);
  assert.equal(job.status?.terminating, 1);
  await s.clock.step(10_000);
  await s.sync();
  const pods = await s.pods();
  assert.equal(pods.length, 2, "the replacement runs beside the terminating pod");
  job = await s.job();
  assert.equal(job.status?.active, 1);
});

void test("podReplacementPolicy Failed: the replacement waits until the terminating pod has failed", async () => {
  const s = setupJob((j) => { j.spec.podReplacementPolicy = "Failed"; });
  await s.create();
  await s.sync();
  const [pod] = await s.pods();
  assert.ok(pod);
  await s.tc.client.pods.delete("default", pod.metadata.name ?? "");
  await s.sync();
  let job = await s.job();
  assert.equal(job.status?.failed, undefined, "terminating is not failed");
  assert.equal(job.status?.terminating, 1);
  await s.clock.step(60_000);
  await s.sync();
  assert.equal((await s.pods()).length, 1, "no replacement while it terminates");

  await finishPod(s.tc, s.clock, pod, "Failed"); // the kubelet is done with it
  assert.deepEqual(await s.sync(), { requeueAfterMs: 10_000 });
  job = await s.job();
  assert.equal(job.status?.failed, 1);
  await s.clock.step(10_000);
  await s.sync();
  assert.equal((await s.pods()).filter(isActive).length, 1, "replaced once failed and the back-off passed");
});
