// The seeds' command sequence (issue 3) with the real kubectl 1.33 against `pillion up`: apply
// the native-sidecar Job, watch its pod go through its statuses, read the sidecar's state and
// logs, wait for the Job to complete, delete it. Outputs are compared with what Kubernetes
// prints for the same commands. Needs root, crun, conmon and kubectl 1.33; skips otherwise.
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { eventually, SEEDS, skipReason, startPillionUp, tableRows, type Cluster } from "./pillion-up.ts";

const skip = skipReason(33);
if (skip) process.stderr.write(`# skipping the kubectl tests: ${skip}\n`);

describe("kubectl 1.33 through the seeds' native-sidecar Job", { skip }, () => {
  let c: Cluster;
  before(async () => { c = await startPillionUp(); });
  after(async () => { await c.destroy(); });

  test("apply, get, jsonpath, logs, get -w, wait, delete", { timeout: 120_000 }, async () => {
    // -v=6 logs each request with its answer on stderr: once the watch request has its
    // headers, every change after the list is on its way.
    const watch = c.spawnKubectl(["get", "pods", "-w", "-v=6"]);
    await eventually("kubectl get -w to start watching", 10_000, async () => (/watch=true" status="200 OK"/.test(watch.err()) ? true : undefined));
    const apply = await c.kubectl(["apply", "-f", join(SEEDS, "job-native-sidecar.yaml")]);
    assert.deepEqual(apply, { code: 0, stdout: "job.batch/batch-job-native created\n", stderr: "" });

    const jobs = await c.kubectl(["get", "jobs"]);
    assert.deepEqual(tableRows(jobs.stdout)[0], ["NAME", "STATUS", "COMPLETIONS", "DURATION", "AGE"]);
    assert.deepEqual(tableRows(jobs.stdout)[1]?.slice(0, 3), ["batch-job-native", "Running", "0/1"]);

    const pods = await c.kubectl(["get", "pods", "-l", "batch.kubernetes.io/job-name=batch-job-native", "-o", "name"]);
    const pod = pods.stdout.trim();
    assert.match(pod, /^pod\/batch-job-native-[a-z0-9]{5}$/);

    const state = await eventually("the sidecar running", 30_000, async () => {
      const r = await c.kubectl(["get", pod, "-o", "jsonpath={.status.initContainerStatuses[0].state}"]);
      return r.stdout.includes('"running"') ? r.stdout : undefined;
    });
    assert.match(state, /^\{"running":\{"startedAt":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"\}\}$/);

    const logs = await eventually("the sidecar's first line", 20_000, async () => {
      const r = await c.kubectl(["logs", "-l", "batch.kubernetes.io/job-name=batch-job-native", "-c", "sidecar"]);
      return r.stdout.includes("Native Sidecar started") ? r : undefined;
    });
    assert.equal(logs.stdout.split("\n")[0], "Native Sidecar started");

    const wait = await c.kubectl(["wait", "--for=condition=complete", "job/batch-job-native", "--timeout=90s"], { timeoutMs: 100_000 });
    assert.deepEqual(wait, { code: 0, stdout: "job.batch/batch-job-native condition met\n", stderr: "" });
    const done = await c.kubectl(["get", "jobs"]);
    assert.deepEqual(tableRows(done.stdout)[1]?.slice(0, 3), ["batch-job-native", "Complete", "1/1"]);

    // get -w: one line per status change of the pod, in order.
    await eventually("the Completed pod in the watch", 10_000, async () => (watch.out().includes("Completed") ? true : undefined));
    watch.child.kill();
    const statuses = tableRows(watch.out()).filter((r) => r[0]?.startsWith("batch-job-native-")).map((r) => r[2]);
    const changes = statuses.filter((s, i) => s !== statuses[i - 1]);
    assert.deepEqual(changes, ["Pending", "Init:0/1", "PodInitializing", "Running", "Completed"], `statuses seen: ${statuses.join(" → ")}`);

    const del = await c.kubectl(["delete", "-f", join(SEEDS, "job-native-sidecar.yaml")]);
    assert.deepEqual(del, { code: 0, stdout: 'job.batch "batch-job-native" deleted\n', stderr: "" });
    const left = await c.kubectl(["get", "pods"]);
    assert.equal(left.stderr, "No resources found in default namespace.\n");
  });
});
