// Issue 4's controllers on the real runtime: `pillion up` (crun + conmon) driven by the real
// kubectl 1.33. Each check is bounded; the CronJob check waits for the first run only (at most
// one minute boundary plus the controller's pick-up), not for a second one.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { eventually, skipReason, startPillionUp, type Cluster } from "../kubectl/pillion-up.ts";
import { imageMapWithNewTag, watchRows } from "./real-support.ts";

const skip = skipReason();

const SIDECAR_JOB = `apiVersion: batch/v1
kind: Job
metadata: {name: tenfold}
spec:
  completions: 10
  parallelism: 3
  template:
    spec:
      restartPolicy: Never
      initContainers:
      - name: side
        image: busybox:1.36
        restartPolicy: Always
        command: [sh, -c, "trap 'exit 0' TERM; while true; do sleep 0.2; done"]
      containers:
      - {name: main, image: busybox:1.36, command: [sh, -c, "sleep 1"]}
`;

const INDEXED_JOB = `apiVersion: batch/v1
kind: Job
metadata: {name: indexed}
spec:
  completions: 3
  parallelism: 3
  completionMode: Indexed
  template:
    spec:
      restartPolicy: Never
      containers:
      - {name: main, image: busybox:1.36, command: [sh, -c, "echo index=$JOB_COMPLETION_INDEX"]}
`;

const CRONJOB = `apiVersion: batch/v1
kind: CronJob
metadata: {name: minutely}
spec:
  schedule: "*/1 * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers:
          - {name: main, image: busybox:1.36, command: [echo, tick]}
`;

void describe("controllers on the real runtime", { skip }, () => {
  let c: Cluster;
  let cronCreatedAt = 0;

  before(async () => {
    const dataDir = (await import("node:fs")).mkdtempSync("/tmp/pc-");
    const map = `${dataDir}/image-map.yaml`;
    (await import("node:fs")).writeFileSync(map, imageMapWithNewTag());
    c = await startPillionUp({ dataDir, extraArgs: ["--image-map", map] });
    // Created first, checked last: the first run comes at the next minute boundary.
    assert.equal((await c.kubectl(["apply", "-f", c.file("cj.yaml", CRONJOB)])).code, 0);
    cronCreatedAt = Date.now();
  });

  after(async () => {
    await c.kubectl(["delete", "cronjobs,deployments,services", "--all", "--wait=false"]);
    await c.destroy();
  });

  void it("a Job of 10 completions, parallelism 3, with a native sidecar completes with 10 succeeded pods, at most 3 active at once", async () => {
    const phases = new Map<string, string>();
    let maxActive = 0;
    const w = watchRows(c, ["pods", "-l", "job-name=tenfold", "-o", "custom-columns=NAME:.metadata.name,PHASE:.status.phase"], ([name, phase]) => {
      phases.set(name ?? "", phase ?? "");
      const active = [...phases.values()].filter((p) => p !== "Succeeded" && p !== "Failed").length;
      maxActive = Math.max(maxActive, active);
    });
    try {
      assert.equal((await c.kubectl(["apply", "-f", c.file("job.yaml", SIDECAR_JOB)])).code, 0);
      const r = await c.kubectl(["wait", "--for=condition=Complete", "job/tenfold", "--timeout=120s"], { timeoutMs: 130_000 });
      assert.equal(r.code, 0, r.stderr);
      const status = JSON.parse((await c.kubectl(["get", "job", "tenfold", "-o", "jsonpath={.status}"])).stdout) as { succeeded?: number; failed?: number };
      assert.equal(status.succeeded, 10);
      assert.equal(status.failed, undefined);
      const pods = (await c.kubectl(["get", "pods", "-l", "job-name=tenfold", "-o", "jsonpath={.items[*].status.phase}"])).stdout.split(" ");
      assert.deepEqual(pods, Array<string>(10).fill("Succeeded"));
    } finally {
      w.stop();
    }
    assert.equal(phases.size, 10);
    assert.ok(maxActive <= 3, `${maxActive} pods active at once`);
    assert.ok(maxActive >= 2, `the watch saw only ${maxActive} active pod(s) at once: parallelism not exercised`);
  });

  void it("an Indexed Job's pods print their $JOB_COMPLETION_INDEX", async () => {
    assert.equal((await c.kubectl(["apply", "-f", c.file("indexed.yaml", INDEXED_JOB)])).code, 0);
    const r = await c.kubectl(["wait", "--for=condition=Complete", "job/indexed", "--timeout=60s"], { timeoutMs: 70_000 });
    assert.equal(r.code, 0, r.stderr);
    const names = (await c.kubectl(["get", "pods", "-l", "job-name=indexed", "-o", "jsonpath={.items[*].metadata.name}"])).stdout.split(" ");
    const seen: string[] = [];
    for (const name of names) {
      const index = /^indexed-(\d)-[a-z0-9]{5}$/.exec(name)?.[1];
      assert.ok(index !== undefined, `pod name ${name}`);
      const logs = await c.kubectl(["logs", name]);
      assert.equal(logs.stdout, `index=${index}\n`);
      seen.push(index);
    }
    assert.deepEqual(seen.sort(), ["0", "1", "2"]);
    assert.equal((await c.kubectl(["get", "job", "indexed", "-o", "jsonpath={.status.completedIndexes}"])).stdout, "0-2");
  });

  void it("a Deployment of 3 native-sidecar adapters rolls to a new image with rollout status success and never fewer than 3 ready", async () => {
    const manifest = (await import("node:fs")).readFileSync(new URL("../../examples/batch-adapter/deployment-native-sidecar.yaml", import.meta.url), "utf8")
      .replace("replicas: 1", "replicas: 3");
    assert.equal((await c.kubectl(["apply", "-f", c.file("deploy.yaml", manifest)])).code, 0);
    const first = await c.kubectl(["rollout", "status", "deployment/native-sidecar-demo", "--timeout=120s"], { timeoutMs: 130_000 });
    assert.equal(first.code, 0, first.stderr);
    // Every pod ready: the slice lists 3 addresses on the sidecar's named port.
    const slices = await eventually("3 endpoints", 10_000, async () => {
      const out = (await c.kubectl(["get", "endpointslices", "-l", "kubernetes.io/service-name=native-sidecar-demo"])).stdout;
      return /\s9889\s+127\.0\.0\.1,127\.0\.0\.1,127\.0\.0\.1\s/.test(out) ? out : undefined;
    });
    assert.match(slices, /^NAME\s+ADDRESSTYPE\s+PORTS\s+ENDPOINTS\s+AGE\nnative-sidecar-demo-[a-z0-9]{5}\s+IPv4\s+9889\s/);
    // maxUnavailable 25% of 3 rounds down to 0: no moment below 3 ready.
    const ready: number[] = [];
    const w = watchRows(c, ["deployment", "native-sidecar-demo", "-o", "custom-columns=READY:.status.readyReplicas,UPDATED:.status.updatedReplicas"], ([r]) => {
      ready.push(Number(r));
    });
    try {
      const set = await c.kubectl(["set", "image", "deployment/native-sidecar-demo", "app=k8spatterns/batch-job:1.1"]);
      assert.equal(set.code, 0, set.stderr);
      const rolled = await c.kubectl(["rollout", "status", "deployment/native-sidecar-demo", "--timeout=180s"], { timeoutMs: 190_000 });
      assert.equal(rolled.code, 0, rolled.stderr);
      assert.match(rolled.stdout, /deployment "native-sidecar-demo" successfully rolled out/);
    } finally {
      w.stop();
    }
    assert.ok(ready.length > 1, "the watch saw the rollout");
    assert.ok(Math.min(...ready) >= 3, `ready replicas seen: ${ready.join(",")}`);
    const images = (await c.kubectl(["get", "pods", "-l", "app=native-sidecar-demo", "-o", "jsonpath={.items[*].spec.containers[0].image}"])).stdout;
    assert.deepEqual(images.split(" ").filter((i) => i.includes("1.1")).length, 3, images);
  });

  void it("a CronJob */1 creates its first Job <cronjob>-<minutes since epoch> at the next minute boundary", async () => {
    const job = await eventually("the CronJob's first Job", 90_000, async () => {
      const out = (await c.kubectl(["get", "jobs", "-o", "jsonpath={.items[*].metadata.name}"])).stdout;
      return out.split(" ").find((n) => n.startsWith("minutely-"));
    });
    const last = (await c.kubectl(["get", "cronjob", "minutely", "-o", "jsonpath={.status.lastScheduleTime}"])).stdout;
    const scheduledMs = Date.parse(last);
    assert.equal(scheduledMs % 60_000, 0, `lastScheduleTime ${last} is on a minute`);
    assert.equal(job, `minutely-${scheduledMs / 60_000}`);
    // The first schedule after the CronJob was created: the next minute boundary.
    assert.equal(scheduledMs, Math.floor(cronCreatedAt / 60_000) * 60_000 + 60_000);
    const owner = (await c.kubectl(["get", "job", job, "-o", "jsonpath={.metadata.ownerReferences[0].kind}/{.metadata.ownerReferences[0].name}"])).stdout;
    assert.equal(owner, "CronJob/minutely");
  });
});
