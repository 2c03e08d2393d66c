// The Job controller with the real kubelet on the fake runtime (node-fixture): pods are run by
// the kubelet, not simulated.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Job } from "../../api/batch.ts";
import { FakeClock } from "../../machinery/fake-clock.ts";
import { startNode } from "../../kubelet/test-support/node-fixture.ts";
import { JobController } from "./job-controller.ts";
import { makeJob } from "./make-test-client.ts";

void test("completions 10, parallelism 3 and a native sidecar on the kubelet: 10 succeeded pods, at most 3 running at once", async () => {
  const clock = new FakeClock();
  const node = await startNode(clock, {
    sidecar: { output: [{ afterMs: 0, stream: "stdout", text: "proxy up" }] }, // runs until SIGTERM (143)
    main: { exitAfterMs: 5_000, exitCode: 0 },
  });
  const controller = new JobController({ client: node.client, clock });
  controller.start();
  await node.client.jobs.create(makeJob("batch", (j) => {
    j.spec.completions = 10;
    j.spec.parallelism = 3;
    j.spec.template.spec.initContainers = [{ name: "sidecar", image: "busybox:1.36", command: ["sh", "-c", "sleep inf"], restartPolicy: "Always" }];
    j.spec.template.spec.containers = [{ name: "main", image: "busybox:1.36", command: ["sh", "-c", "sleep 5"] }];
  }));
  let maxRunning = 0;
  let job: Job | undefined;
  await node.until("the Job to complete", async () => {
    const pods = (await node.client.pods.list({ namespace: "default" })).items;
    maxRunning = Math.max(maxRunning, pods.filter((p) => p.status?.phase === "Running" || p.status?.phase === "Pending").length);
    job = await node.client.jobs.get("default", "batch");
    return job.status?.conditions?.some((c) => c.type === "Complete" && c.status === "True") ?? false;
  }, 300_000, 250);

  const pods = (await node.client.pods.list({ namespace: "default" })).items;
  assert.equal(pods.length, 10);
  assert.ok(pods.every((p) => p.status?.phase === "Succeeded"), "every pod Succeeded: the sidecar does not hold it");
  assert.ok(pods.every((p) => !(p.metadata.finalizers ?? []).length), "every pod counted and released");
  assert.ok(maxRunning <= 3 && maxRunning >= 2, `at most 3 pods at once (saw ${maxRunning})`);
  assert.equal(job?.status?.succeeded, 10);
  assert.equal(job?.status?.failed, undefined);
  assert.deepEqual(job?.status?.conditions?.map((c) => `${c.type}:${c.reason ?? ""}`), ["SuccessCriteriaMet:CompletionsReached", "Complete:CompletionsReached"]);
  await controller.stop();
  await node.stop();
});

void test("an Indexed Job on the kubelet: each container sees its JOB_COMPLETION_INDEX", async () => {
  const clock = new FakeClock();
  const node = await startNode(clock, {});
  const seen: string[] = [];
  node.runtime.setProgram((config) => {
    seen.push(config.env.find((e) => e.name === "JOB_COMPLETION_INDEX")?.value ?? "(unset)");
    return { exitAfterMs: 1_000 };
  });
  const controller = new JobController({ client: node.client, clock });
  controller.start();
  await node.client.jobs.create(makeJob("idx", (j) => { j.spec.completionMode = "Indexed"; j.spec.completions = 3; j.spec.parallelism = 3; }));
  await node.until("the Job to complete", async () =>
    (await node.client.jobs.get("default", "idx")).status?.conditions?.some((c) => c.type === "Complete") ?? false, 120_000, 250);
  assert.deepEqual(seen.sort(), ["0", "1", "2"]);
  assert.equal((await node.client.jobs.get("default", "idx")).status?.completedIndexes, "0-2");
  await controller.stop();
  await node.stop();
});
