// Indexed Jobs: the index on each pod, completedIndexes, backoffLimitPerIndex with
// maxFailedIndexes, and the successPolicy.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Pod } from "../../api/core.ts";
import { finishPod, indexOf, isActive, setupJob, type JobTestSetup } from "./job-test-support.ts";

const byIndex = async (s: JobTestSetup, ix: number): Promise<Pod[]> => (await s.pods()).filter((p) => indexOf(p) === String(ix));

async function activeOf(s: JobTestSetup, ix: number): Promise<Pod> {
  const pod = (await byIndex(s, ix)).find(isActive);
  assert.ok(pod, `an active pod for index ${ix}`);
  return pod;
}

void test("Indexed: each pod gets its index in annotation, label, env and hostname", async () => {
  const s = setupJob((j) => {
    j.spec.completionMode = "Indexed";
    j.spec.completions = 3;
    j.spec.parallelism = 3;
    j.spec.template.spec.subdomain = "workers";
    j.spec.template.spec.initContainers = [{ name: "setup", image: "busybox:1.36", command: ["true"] }];
  });
  await s.create();
  await s.sync();
  const pods = (await s.pods()).sort((a, b) => Number(indexOf(a)) - Number(indexOf(b)));
  assert.deepEqual(pods.map(indexOf), ["0", "1", "2"]);
  const env = { name: "JOB_COMPLETION_INDEX", valueFrom: { fieldRef: { apiVersion: "v1", fieldPath: "metadata.labels['batch.kubernetes.io/job-completion-index']" } } };
  for (const [i, pod] of pods.entries()) {
    assert.match(pod.metadata.name ?? "", new RegExp(`^pi-${i}-[a-z0-9]{5}$`));
    assert.equal(pod.metadata.generateName, `pi-${i}-`);
    assert.equal(pod.metadata.labels?.["batch.kubernetes.io/job-completion-index"], String(i));
    assert.equal(pod.spec.hostname, `pi-${i}`);
    assert.equal(pod.spec.subdomain, "workers");
    for (const c of [...(pod.spec.initContainers ?? []), ...pod.spec.containers]) assert.deepEqual(c.env, [env], c.name);
  }
});

void test("Indexed: completedIndexes in interval format, a failed index retried with the same index, Complete when all succeeded", async () => {
  const s = setupJob((j) => { j.spec.completionMode = "Indexed"; j.spec.completions = 5; j.spec.parallelism = 2; });
  await s.create();
  await s.sync();
  await finishPod(s.tc, s.clock, await activeOf(s, 0), "Succeeded");
  await s.clock.step(1_000); // a failure after the last success: the back-off applies
  await finishPod(s.tc, s.clock, await activeOf(s, 1), "Failed");
  await s.sync();
  let job = await s.job();
  assert.equal(job.status?.completedIndexes, "0");
  assert.equal(job.status?.succeeded, 1);
  assert.equal(job.status?.failed, 1);
  assert.deepEqual(job.status?.uncountedTerminatedPods, {}, "Indexed successes are counted by index, not uid");
  assert.deepEqual((await s.pods()).filter(isActive).map(indexOf), [], "the back-off holds the retry of index 1 and the start of index 2");
  await s.clock.step(10_000);
  await s.sync();
  assert.deepEqual((await s.pods()).filter(isActive).map(indexOf).sort(), ["1", "2"]);
  await finishPod(s.tc, s.clock, await activeOf(s, 2), "Succeeded");
  await s.sync();
  assert.equal((await s.job()).status?.completedIndexes, "0,2");
  await finishPod(s.tc, s.clock, await activeOf(s, 1), "Succeeded");
  await s.sync();
  assert.equal((await s.job()).status?.completedIndexes, "0-2");
  for (const ix of [3, 4]) await finishPod(s.tc, s.clock, await activeOf(s, ix), "Succeeded");
  await s.sync();
  job = await s.job();
  assert.equal(job.status?.completedIndexes, "0-4");
  assert.equal(job.status?.succeeded, 5);
  assert.deepEqual(job.status?.conditions?.map((c) => `${c.type}:${c.reason ?? ""}`), ["SuccessCriteriaMet:CompletionsReached", "Complete:CompletionsReached"]);
});

void test("Indexed: reconcile twice with nothing changed writes nothing", async () => {
  const s = setupJob((j) => { j.spec.completionMode = "Indexed"; j.spec.completions = 3; j.spec.parallelism = 2; });
  await s.create();
  await s.sync();
  await finishPod(s.tc, s.clock, await activeOf(s, 0), "Succeeded");
  await s.sync();
  await s.sync();
  const rv = s.tc.store.currentResourceVersion();
  await s.sync();
  assert.equal(s.tc.store.currentResourceVersion(), rv);
});

void test("Indexed: a second active pod with the same index is deleted", async () => {
  const s = setupJob((j) => { j.spec.completionMode = "Indexed"; j.spec.completions = 2; j.spec.parallelism = 2; });
  await s.create();
  await s.sync();
  const original = await activeOf(s, 1);
  const dup = structuredClone(original);
  dup.metadata = { ...dup.metadata, name: "pi-1-dup" };
  delete dup.metadata.uid;
  delete dup.metadata.resourceVersion;
  delete dup.status;
  await s.tc.client.pods.create(dup);
  await s.sync();
  const deleting = (await byIndex(s, 1)).filter((p) => p.metadata.deletionTimestamp);
  assert.equal(deleting.length, 1, "one of the two pods of index 1 goes");
  assert.equal((await s.job()).status?.active, 2);
});

void test("backoffLimitPerIndex fails only that index", async () => {
  const s = setupJob((j) => { j.spec.completionMode = "Indexed"; j.spec.completions = 3; j.spec.parallelism = 3; j.spec.backoffLimitPerIndex = 1; });
  await s.create();
  await s.sync();
  const first = await activeOf(s, 1);
  assert.equal(first.metadata.annotations?.["batch.kubernetes.io/job-index-failure-count"], "0");
  await finishPod(s.tc, s.clock, first, "Failed");
  assert.deepEqual(await s.sync(), { requeueAfterMs: 10_000 }, "the index's own back-off");
  let kept = await s.tc.client.pods.get("default", first.metadata.name ?? "");
  assert.deepEqual(kept.metadata.finalizers, ["batch.kubernetes.io/job-tracking"], "kept until its replacement carries its failure count");
  await s.clock.step(10_000);
  await s.sync();
  const second = await activeOf(s, 1);
  assert.equal(second.metadata.annotations?.["batch.kubernetes.io/job-index-failure-count"], "1");
  await s.sync();
  kept = await s.tc.client.pods.get("default", first.metadata.name ?? "");
  assert.deepEqual(kept.metadata.finalizers, [], "released once the replacement exists");

  await finishPod(s.tc, s.clock, second, "Failed");
  await s.sync();
  let job = await s.job();
  assert.equal(job.status?.failedIndexes, "1");
  assert.equal(job.status?.failed, 2);
  assert.equal(job.status?.conditions, undefined, "the other indexes go on");
  await s.clock.step(60_000);
  await s.sync();
  assert.equal((await byIndex(s, 1)).filter(isActive).length, 0, "a failed index is not retried");

  for (const ix of [0, 2]) await finishPod(s.tc, s.clock, await activeOf(s, ix), "Succeeded");
  await s.sync();
  job = await s.job();
  assert.equal(job.status?.completedIndexes, "0,2");
  const message = "Job has failed indexes";
  assert.deepEqual(job.status?.conditions?.map((c) => `${c.type}:${c.reason ?? ""}:${c.message ?? ""}`), [`FailureTarget:FailedIndexes:${message}`, `Failed:FailedIndexes:${message}`]);
  assert.ok((await s.events()).includes(`Warning FailedIndexes ${message}`));
});

void test("maxFailedIndexes exceeded fails the Job with MaxFailedIndexesExceeded and deletes the other pods", async () => {
  const s = setupJob((j) => {
    j.spec.completionMode = "Indexed"; j.spec.completions = 4; j.spec.parallelism = 4; j.spec.backoffLimitPerIndex = 0; j.spec.maxFailedIndexes = 0;
  });
  await s.create();
  await s.sync();
  await finishPod(s.tc, s.clock, await activeOf(s, 2), "Failed");
  await s.sync();
  let job = await s.job();
  assert.deepEqual(job.status?.conditions?.map((c) => `${c.type}:${c.reason ?? ""}:${c.message ?? ""}`),
    ["FailureTarget:MaxFailedIndexesExceeded:Job has exceeded the specified maximal number of failed indexes"]);
  assert.equal(job.status?.failedIndexes, "2");
  assert.equal(job.status?.terminating, 3);
  for (const p of (await s.pods()).filter((x) => x.metadata.deletionTimestamp)) {
    await s.tc.client.pods.delete("default", p.metadata.name ?? "", { gracePeriodSeconds: 0 }); // the kubelet is done
  }
  await s.sync();
  job = await s.job();
  assert.deepEqual(job.status?.conditions?.map((c) => c.type), ["FailureTarget", "Failed"]);
  assert.equal(job.status?.failed, 4, "the deleted pods count as failed");
});

void test("podFailurePolicy FailIndex fails the index at once, without using its retries", async () => {
  const s = setupJob((j) => {
    j.spec.completionMode = "Indexed"; j.spec.completions = 2; j.spec.parallelism = 2; j.spec.backoffLimitPerIndex = 3;
    j.spec.podFailurePolicy = { rules: [{ action: "FailIndex", onExitCodes: { operator: "In", values: [42] } }] };
  });
  await s.create();
  await s.sync();
  await finishPod(s.tc, s.clock, await activeOf(s, 0), "Failed", { exitCode: 42 });
  await s.sync();
  const job = await s.job();
  assert.equal(job.status?.failedIndexes, "0");
  assert.equal(job.status?.conditions, undefined);
  await s.clock.step(60_000);
  await s.sync();
  assert.equal((await byIndex(s, 0)).filter(isActive).length, 0);
});

void test("successPolicy succeededIndexes completes the Job early", async () => {
  const s = setupJob((j) => {
    j.spec.completionMode = "Indexed"; j.spec.completions = 5; j.spec.parallelism = 5;
    j.spec.successPolicy = { rules: [{ succeededIndexes: "0,1" }] };
  });
  await s.create();
  await s.sync();
  await finishPod(s.tc, s.clock, await activeOf(s, 0), "Succeeded");
  await s.sync();
  let job = await s.job();
  assert.equal(job.status?.conditions, undefined, "index 1 has not succeeded yet");
  await finishPod(s.tc, s.clock, await activeOf(s, 1), "Succeeded");
  await s.sync();
  job = await s.job();
  assert.deepEqual(job.status?.conditions?.map((c) => `${c.type}:${c.reason ?? ""}:${c.message ?? ""}`), ["SuccessCriteriaMet:SuccessPolicy:Matched rules at index 0"]);
  assert.equal(job.status?.terminating, 3, "the other indexes' pods are deleted");
  for (const p of (await s.pods()).filter((x) => x.metadata.deletionTimestamp)) {
    await s.tc.client.pods.delete("default", p.metadata.name ?? "", { gracePeriodSeconds: 0 });
  }
  await s.clock.step(1_000);
  await s.sync();
  job = await s.job();
  assert.deepEqual(job.status?.conditions?.map((c) => `${c.type}:${c.reason ?? ""}`), ["SuccessCriteriaMet:SuccessPolicy", "Complete:SuccessPolicy"]);
  assert.equal(job.status?.completedIndexes, "0,1");
  assert.equal(job.status?.failed, undefined, "the pods deleted on success are released, not counted as failed");
  assert.ok(job.status?.completionTime);
  assert.ok((await s.events()).includes("Normal Completed Job completed"));
});
