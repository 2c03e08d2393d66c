// podFailurePolicy on a NonIndexed Job: FailJob, Ignore and Count rules.
import { test } from "node:test";
import assert from "node:assert/strict";
import { finishPod, isActive, setupJob } from "./job-test-support.ts";

void test("podFailurePolicy FailJob on exit code 42 fails the Job with PodFailurePolicy", async () => {
  const s = setupJob((j) => {
    j.spec.completions = 2; j.spec.parallelism = 2;
    j.spec.podFailurePolicy = { rules: [{ action: "FailJob", onExitCodes: { containerName: "main", operator: "In", values: [42] } }] };
  });
  await s.create();
  assert.equal((await s.job()).spec.podReplacementPolicy, "Failed", "defaulted with a podFailurePolicy");
  await s.sync();
  const [failing, other] = await s.pods();
  assert.ok(failing && other);
  await finishPod(s.tc, s.clock, failing, "Failed", { exitCode: 42 });
  await s.sync();
  const message = `Container main for pod default/${failing.metadata.name ?? ""} failed with exit code 42 matching FailJob rule at index 0`;
  let job = await s.job();
  assert.deepEqual(job.status?.conditions?.map((c) => `${c.type}:${c.reason ?? ""}:${c.message ?? ""}`), [`FailureTarget:PodFailurePolicy:${message}`]);
  assert.ok((await s.tc.client.pods.get("default", other.metadata.name ?? "")).metadata.deletionTimestamp, "the other pod is deleted");
  assert.equal(job.status?.terminating, 1);

  await s.tc.client.pods.delete("default", other.metadata.name ?? "", { gracePeriodSeconds: 0 }); // the kubelet is done
  await s.clock.step(1_000);
  await s.sync();
  job = await s.job();
  assert.deepEqual(job.status?.conditions?.map((c) => `${c.type}:${c.reason ?? ""}:${c.message ?? ""}`), [`FailureTarget:PodFailurePolicy:${message}`, `Failed:PodFailurePolicy:${message}`]);
  assert.equal(job.status?.failed, 2);
  assert.ok((await s.events()).includes(`Warning PodFailurePolicy ${message}`));
});

void test("Ignore rule does not count towards backoffLimit", async () => {
  const s = setupJob((j) => {
    j.spec.backoffLimit = 0;
    j.spec.podFailurePolicy = { rules: [{ action: "Ignore", onPodConditions: [{ type: "DisruptionTarget", status: "True" }] }] };
  });
  await s.create();
  await s.sync();
  const [evicted] = await s.pods();
  assert.ok(evicted);
  await finishPod(s.tc, s.clock, evicted, "Failed", {
    exitCode: 137, conditions: [{ type: "DisruptionTarget", status: "True", reason: "EvictionByEvictionAPI", lastProbeTime: null, lastTransitionTime: null }],
  });
  assert.deepEqual(await s.sync(), { requeueAfterMs: 10_000 }, "the pod-failure back-off still applies");
  let job = await s.job();
  assert.equal(job.status?.failed, undefined, "not counted");
  assert.equal(job.status?.conditions, undefined, "backoffLimit 0 not exceeded");
  assert.deepEqual((await s.tc.client.pods.get("default", evicted.metadata.name ?? "")).metadata.finalizers, [], "released from tracking");
  await s.clock.step(10_000);
  await s.sync();
  assert.equal((await s.pods()).filter(isActive).length, 1, "replaced");

  const [next] = (await s.pods()).filter(isActive);
  assert.ok(next);
  await finishPod(s.tc, s.clock, next, "Failed", { exitCode: 1 });
  await s.sync();
  job = await s.job();
  assert.equal(job.status?.failed, 1, "a failure no rule matches counts");
  assert.deepEqual(job.status?.conditions?.map((c) => `${c.type}:${c.reason ?? ""}`), ["FailureTarget:BackoffLimitExceeded", "Failed:BackoffLimitExceeded"]);
});

void test("Count rule counts the failure towards backoffLimit", async () => {
  const s = setupJob((j) => {
    j.spec.backoffLimit = 1;
    j.spec.podFailurePolicy = { rules: [{ action: "Count", onExitCodes: { operator: "NotIn", values: [42] } }, { action: "FailJob", onExitCodes: { operator: "In", values: [42] } }] };
  });
  await s.create();
  await s.sync();
  const [pod] = await s.pods();
  assert.ok(pod);
  await finishPod(s.tc, s.clock, pod, "Failed", { exitCode: 3 });
  await s.sync();
  const job = await s.job();
  assert.equal(job.status?.failed, 1);
  assert.equal(job.status?.conditions, undefined);
});
