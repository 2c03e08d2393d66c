import { test } from "node:test";
import assert from "node:assert/strict";
import type { Job } from "../../api/batch.ts";
import type { ContainerStatus, Event, Pod } from "../../api/core.ts";
import { rfc3339 } from "../../machinery/clock.ts";
import { FakeClock } from "../../machinery/fake-clock.ts";
import { JobController } from "./job-controller.ts";
import { makeJob, makeTestClient, type TestClient } from "./make-test-client.ts";

function setup(mutate?: (j: Job) => void) {
  const clock = new FakeClock();
  const tc = makeTestClient(clock);
  const controller = new JobController({ client: tc.client, clock });
  const create = async (): Promise<Job> => tc.client.jobs.create(makeJob("pi", mutate));
  return { clock, tc, controller, create };
}

async function jobPods(tc: TestClient): Promise<Pod[]> {
  return (await tc.client.pods.list({ namespace: "default" })).items;
}

/** The events recorded so far (the recorder writes them on the next clock tick). */
async function events(tc: TestClient, clock: FakeClock): Promise<string[]> {
  await clock.step(0);
  const items: Event[] = (await tc.client.events.list({ namespace: "default" })).items;
  return items.map((e) => `${e.type ?? ""} ${e.reason ?? ""} ${e.message ?? ""}`);
}

function terminated(name: string, exitCode: number, atMs: number, restartCount = 0): ContainerStatus {
  const at = rfc3339(atMs);
  return {
    name, ready: false, restartCount, image: "busybox:1.36", imageID: "", started: false, lastState: {},
    state: { terminated: { exitCode, reason: exitCode === 0 ? "Completed" : "Error", startedAt: at, finishedAt: at } },
  };
}

/** Plays the kubelet: the pod ends in phase with its one container exited. */
async function finishPod(tc: TestClient, clock: FakeClock, pod: Pod, phase: "Succeeded" | "Failed"): Promise<void> {
  const fresh = await tc.client.pods.get("default", pod.metadata.name ?? "");
  fresh.status = { phase, containerStatuses: [terminated("main", phase === "Succeeded" ? 0 : 1, clock.now())] };
  await tc.client.pods.updateStatus(fresh);
}

void test("a Job whose pod succeeds is Complete 1/1 with SuccessCriteriaMet then Complete", async () => {
  const { clock, tc, controller, create } = setup();
  const job = await create();
  assert.deepEqual(await controller.reconcile("default", "pi"), {});

  const [pod, ...rest] = await jobPods(tc);
  assert.ok(pod);
  assert.equal(rest.length, 0);
  assert.match(pod.metadata.name ?? "", /^pi-[a-z0-9]{5}$/);
  assert.equal(pod.metadata.generateName, "pi-");
  assert.deepEqual(pod.metadata.ownerReferences, [
    { apiVersion: "batch/v1", kind: "Job", name: "pi", uid: job.metadata.uid, controller: true, blockOwnerDeletion: true },
  ]);
  assert.deepEqual(pod.metadata.finalizers, ["batch.kubernetes.io/job-tracking"]);
  assert.equal(pod.metadata.labels?.["batch.kubernetes.io/job-name"], "pi");
  assert.equal(pod.metadata.labels?.["controller-uid"], job.metadata.uid);
  let stored = await tc.client.jobs.get("default", "pi");
  assert.deepEqual(stored.status, { startTime: rfc3339(clock.now()), active: 1, ready: 0, terminating: 0, uncountedTerminatedPods: {} });

  const seen: Job[] = [];
  const stop = tc.client.jobs.watch({}, (e) => seen.push(e.object));
  await clock.step(10_000);
  await finishPod(tc, clock, pod, "Succeeded");
  await controller.reconcile("default", "pi");
  await clock.step(0);
  stop();

  stored = await tc.client.jobs.get("default", "pi");
  const at = rfc3339(clock.now());
  assert.deepEqual(stored.status, {
    startTime: rfc3339(clock.now() - 10_000), completionTime: at, succeeded: 1, ready: 0, terminating: 0, uncountedTerminatedPods: {},
    conditions: [
      { type: "SuccessCriteriaMet", status: "True", lastProbeTime: at, lastTransitionTime: at, reason: "CompletionsReached", message: "Reached expected number of succeeded pods" },
      { type: "Complete", status: "True", lastProbeTime: at, lastTransitionTime: at, reason: "CompletionsReached", message: "Reached expected number of succeeded pods" },
    ],
  });
  // The interim write: the pod's uid uncounted and SuccessCriteriaMet alone, before Complete.
  assert.deepEqual(seen.map((j) => (j.status?.conditions ?? []).map((c) => c.type).join("+")), ["SuccessCriteriaMet", "SuccessCriteriaMet+Complete"]);
  assert.deepEqual(seen[0]?.status?.uncountedTerminatedPods, { succeeded: [pod.metadata.uid] });
  assert.deepEqual((await tc.client.pods.get("default", pod.metadata.name ?? "")).metadata.finalizers, []);
  assert.deepEqual(await events(tc, clock), [`Normal SuccessfulCreate Created pod: ${pod.metadata.name ?? ""}`, "Normal Completed Job completed"]);
});

void test("reconcile twice with nothing changed writes nothing", async () => {
  const { tc, controller, create } = setup();
  await create();
  await controller.reconcile("default", "pi");
  const rv = tc.store.currentResourceVersion();
  await controller.reconcile("default", "pi");
  assert.equal(tc.store.currentResourceVersion(), rv);
  assert.equal((await jobPods(tc)).length, 1);
});

void test("a failed pod with Never is replaced after 10 s, then 20 s", async () => {
  const { clock, tc, controller, create } = setup();
  await create();
  await controller.reconcile("default", "pi");
  const [first] = await jobPods(tc);
  assert.ok(first);

  await finishPod(tc, clock, first, "Failed");
  assert.deepEqual(await controller.reconcile("default", "pi"), { requeueAfterMs: 10_000 });
  let job = await tc.client.jobs.get("default", "pi");
  assert.equal(job.status?.failed, 1);
  assert.equal(job.status?.active, undefined);
  await clock.step(9_000);
  assert.deepEqual(await controller.reconcile("default", "pi"), { requeueAfterMs: 1_000 });
  assert.equal((await jobPods(tc)).length, 1);
  await clock.step(1_000);
  assert.deepEqual(await controller.reconcile("default", "pi"), {});
  const second = (await jobPods(tc)).find((p) => p.metadata.uid !== first.metadata.uid);
  assert.ok(second, "a replacement pod after 10 s");

  await clock.step(5_000);
  await finishPod(tc, clock, second, "Failed");
  assert.deepEqual(await controller.reconcile("default", "pi"), { requeueAfterMs: 20_000 });
  await clock.step(19_000);
  await controller.reconcile("default", "pi");
  assert.equal((await jobPods(tc)).length, 2);
  await clock.step(1_000);
  await controller.reconcile("default", "pi");
  assert.equal((await jobPods(tc)).length, 3, "a second replacement after 20 s");
  job = await tc.client.jobs.get("default", "pi");
  assert.equal(job.status?.failed, 2);
  assert.equal(job.status?.active, 1);
  assert.equal(job.status?.conditions, undefined);
});

void test("backoffLimit 0: the first failure fails the Job with BackoffLimitExceeded", async () => {
  const { clock, tc, controller, create } = setup((j) => { j.spec.backoffLimit = 0; });
  await create();
  await controller.reconcile("default", "pi");
  const [pod] = await jobPods(tc);
  assert.ok(pod);
  await clock.step(3_000);
  await finishPod(tc, clock, pod, "Failed");
  assert.deepEqual(await controller.reconcile("default", "pi"), {});

  const job = await tc.client.jobs.get("default", "pi");
  const at = rfc3339(clock.now());
  const message = "Job has reached the specified backoff limit";
  assert.deepEqual(job.status?.conditions, [
    { type: "FailureTarget", status: "True", lastProbeTime: at, lastTransitionTime: at, reason: "BackoffLimitExceeded", message },
    { type: "Failed", status: "True", lastProbeTime: at, lastTransitionTime: at, reason: "BackoffLimitExceeded", message },
  ]);
  assert.equal(job.status?.failed, 1);
  assert.equal(job.status?.completionTime, undefined);
  assert.equal((await jobPods(tc)).length, 1, "no replacement");
  assert.deepEqual((await events(tc, clock)).slice(1), [`Warning BackoffLimitExceeded ${message}`]);
  const rv = tc.store.currentResourceVersion();
  await controller.reconcile("default", "pi");
  assert.equal(tc.store.currentResourceVersion(), rv, "a finished Job is left alone");
});

void test("OnFailure: container restarts past backoffLimit delete the pod, and the Job fails once it is gone", async () => {
  const { clock, tc, controller, create } = setup((j) => { j.spec.backoffLimit = 2; j.spec.template.spec.restartPolicy = "OnFailure"; });
  await create();
  await controller.reconcile("default", "pi");
  const [pod] = await jobPods(tc);
  assert.ok(pod);
  const running = async (restarts: number): Promise<void> => {
    const fresh = await tc.client.pods.get("default", pod.metadata.name ?? "");
    fresh.status = { phase: "Running", containerStatuses: [{ ...terminated("main", 1, clock.now(), restarts), state: { waiting: { reason: "CrashLoopBackOff" } } }] };
    await tc.client.pods.updateStatus(fresh);
  };
  await running(1);
  await controller.reconcile("default", "pi");
  assert.equal((await tc.client.jobs.get("default", "pi")).status?.conditions, undefined);

  await running(2);
  await controller.reconcile("default", "pi");
  let job = await tc.client.jobs.get("default", "pi");
  assert.deepEqual(job.status?.conditions?.map((c) => c.type), ["FailureTarget"]);
  assert.equal(job.status?.terminating, 1);
  assert.equal(job.status?.failed, 1, "the deleted pod counts as failed");
  const deleting = await tc.client.pods.get("default", pod.metadata.name ?? "");
  assert.ok(deleting.metadata.deletionTimestamp);

  await clock.step(2_000);
  await tc.client.pods.delete("default", pod.metadata.name ?? "", { gracePeriodSeconds: 0 }); // the kubelet is done
  await controller.reconcile("default", "pi");
  job = await tc.client.jobs.get("default", "pi");
  assert.deepEqual(job.status?.conditions?.map((c) => `${c.type}:${c.reason ?? ""}`), ["FailureTarget:BackoffLimitExceeded", "Failed:BackoffLimitExceeded"]);
  assert.equal(job.status?.terminating, 0);
  assert.equal(job.status?.active, undefined);
  assert.ok((await events(tc, clock)).includes(`Normal SuccessfulDelete Deleted pod: ${pod.metadata.name ?? ""}`));
});

void test("start() follows pod changes and creates the replacement when the back-off ends", async () => {
  const { clock, tc, controller, create } = setup();
  controller.start();
  await create();
  await clock.step(0);
  const [first] = await jobPods(tc);
  assert.ok(first, "the pod is created from the watch");
  await finishPod(tc, clock, first, "Failed");
  await clock.step(9_999);
  assert.equal((await jobPods(tc)).length, 1);
  await clock.step(1);
  assert.equal((await jobPods(tc)).length, 2);
  await controller.stop();
});

void test("activeDeadlineSeconds fails the Job with DeadlineExceeded when it passes", async () => {
  const { clock, tc, controller, create } = setup((j) => { j.spec.activeDeadlineSeconds = 30; });
  await create();
  assert.deepEqual(await controller.reconcile("default", "pi"), { requeueAfterMs: 30_000 });
  await clock.step(30_000);
  await controller.reconcile("default", "pi");
  const job = await tc.client.jobs.get("default", "pi");
  assert.deepEqual(job.status?.conditions?.map((c) => `${c.type}:${c.reason ?? ""}`), ["FailureTarget:DeadlineExceeded"]);
  assert.equal(job.status?.conditions?.[0]?.message, "Job was active longer than specified deadline");
});
