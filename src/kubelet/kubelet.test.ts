// The kubelet end to end on the fake runtime and the fake clock: the seeds' pods, with every
// timing and order the spec gives, in microseconds of real time.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Pod } from "../api/core.ts";
import { FakeClock } from "../machinery/fake-clock.ts";
import { podRow } from "../printers/pod-row.ts";
import { startNode } from "./test-support/node-fixture.ts";

const sh = (script: string): string[] => ["sh", "-c", script];

function nativeSidecarPod(): Pod {
  return {
    apiVersion: "v1", kind: "Pod", metadata: { name: "batch-job-native", namespace: "default" },
    spec: {
      restartPolicy: "Never",
      initContainers: [{
        name: "sidecar", image: "busybox:1.36", restartPolicy: "Always", command: sh("while true; do sleep 5; done"),
        startupProbe: { exec: { command: ["echo", "ready"] }, initialDelaySeconds: 1, periodSeconds: 1, failureThreshold: 5 },
      }],
      containers: [{ name: "main", image: "busybox:1.36", command: sh("sleep 10") }],
    },
  };
}

const seconds = (ms: number): number => Math.round(ms / 100) / 10;

describe("kubelet on the fake runtime", () => {
  it("runs the seeds' native sidecar pod: sidecar, startup probe, main, sidecar SIGKILLed after the grace period", async () => {
    const clock = new FakeClock();
    const t0 = clock.now();
    const node = await startNode(clock, {
      sidecar: { onStopSignal: "ignore", output: [{ afterMs: 0, stream: "stdout", text: "Native Sidecar started" }] },
      main: { exitAfterMs: 10_000, exitCode: 0, output: [{ afterMs: 0, stream: "stdout", text: "Main container started" }] },
    });
    await node.client.pods.create(nativeSidecarPod());
    await node.until("the pod to finish", async () => (await node.pod("batch-job-native")).status?.phase === "Succeeded", 120_000);
    const pod = await node.pod("batch-job-native");

    const at = (container: string, kind: string): number => {
      const e = node.journal.entries().find((x) => x.container === container && x.kind === kind);
      assert.ok(e, `journal has ${container} ${kind}`);
      return seconds(e.time - t0);
    };
    assert.equal(at("sidecar", "Started"), 0, "the sidecar starts first");
    assert.ok(at("main", "Started") >= 1 && at("main", "Started") <= 2.2, `main starts after the startup probe (at ${at("main", "Started")} s)`);
    assert.equal(at("main", "Exited"), at("main", "Started") + 10);
    assert.equal(at("sidecar", "Signalled"), at("main", "Exited"), "the sidecar is signalled once main exited");
    assert.equal(at("sidecar", "Exited"), at("main", "Exited") + 30, "SIGTERM ignored: SIGKILL after the 30 s grace period");

    const sidecar = pod.status?.initContainerStatuses?.[0]?.state.terminated;
    assert.equal(sidecar?.exitCode, 137);
    assert.equal(sidecar?.reason, "Error");
    assert.equal(pod.status?.containerStatuses?.[0]?.state.terminated?.reason, "Completed");
    const row = podRow(pod, clock.now());
    assert.deepEqual([row.ready, row.status, row.restarts], ["0/2", "Completed", "0"]);
    await node.stop();
  });

  it("keeps a traditional sidecar pod running: main Completed, pod NotReady 1/2, phase Running", async () => {
    const clock = new FakeClock();
    const node = await startNode(clock, {
      main: { exitAfterMs: 10_000, exitCode: 0 },
      sidecar: { onStopSignal: "ignore" },
    });
    await node.client.pods.create({
      apiVersion: "v1", kind: "Pod", metadata: { name: "batch-job-traditional" },
      spec: {
        restartPolicy: "Never",
        containers: [
          { name: "main", image: "busybox:1.36", command: sh("sleep 10") },
          { name: "sidecar", image: "busybox:1.36", command: sh("while true; do sleep 5; done") },
        ],
      },
    });
    await clock.step(120_000);
    await node.kubelet.idle();
    const pod = await node.pod("batch-job-traditional");
    assert.equal(pod.status?.phase, "Running");
    const row = podRow(pod, clock.now());
    assert.deepEqual([row.ready, row.status], ["1/2", "NotReady"]);
    await node.stop();
  });

  it("does not start the main container while the sidecar's startup probe fails", async () => {
    const clock = new FakeClock();
    const node = await startNode(clock, {
      sidecar: { exec: () => ({ exitCode: 1, output: "not yet" }) },
      main: {},
    });
    await node.client.pods.create(nativeSidecarPod());
    await clock.step(3_000);
    await node.kubelet.idle();
    const pod = await node.pod("batch-job-native");
    assert.equal(node.journal.entries().some((e) => e.container === "main"), false);
    const row = podRow(pod, clock.now());
    assert.deepEqual([row.ready, row.status], ["0/2", "Init:0/1"]);
    assert.equal(pod.status?.phase, "Pending");
    await node.stop();
  });

  it("restarts a crashing main container with back-off 10 s, 20 s, 40 s", async () => {
    const clock = new FakeClock();
    const node = await startNode(clock, { app: { exitAfterMs: 1_000, exitCode: 1 } });
    const t0 = clock.now();
    await node.client.pods.create({
      apiVersion: "v1", kind: "Pod", metadata: { name: "crasher" },
      spec: { containers: [{ name: "app", image: "busybox", command: sh("exit 1") }] },
    });
    await node.until("four starts", () => node.journal.entries().filter((e) => e.kind === "Started").length >= 5, 200_000);
    const starts = node.journal.entries().filter((e) => e.kind === "Started").map((e) => seconds(e.time - t0));
    // exits at +1 s each time; restart immediately, then after 10, 20, 40 s measured from the exit.
    assert.deepEqual(starts, [0, 1, 12, 33, 74]);
    await clock.step(2_000); // the fifth instance exits at +75 s: now it waits 80 s
    await node.kubelet.idle();
    const pod = await node.pod("crasher");
    const row = podRow(pod, clock.now());
    assert.deepEqual([row.status, row.restarts.split(" ")[0]], ["CrashLoopBackOff", "4"]);
    assert.equal(pod.status?.containerStatuses?.[0]?.state.waiting?.message, "back-off 1m20s restarting failed container=app pod=crasher_default(" + (pod.metadata.uid ?? "") + ")");
    await node.stop();
  });
});

describe("kubelet on the fake runtime: ordering and status", () => {
  it("starts sidecars strictly in order, each gated by its startup probe: Init:0/3 → Init:1/3 → Init:2/3 → 3/3 Running", async () => {
    const clock = new FakeClock();
    const probe = { exec: { command: ["true"] }, periodSeconds: 1 };
    const node = await startNode(clock, { "init-config": { exitAfterMs: 500, exitCode: 0 }, "sidecar-1": {}, "sidecar-2": {}, main: {} });
    await node.client.pods.create({
      apiVersion: "v1", kind: "Pod", metadata: { name: "chain" },
      spec: {
        initContainers: [
          { name: "init-config", image: "busybox", command: sh("true") },
          { name: "sidecar-1", image: "busybox", restartPolicy: "Always", command: sh("sleep 3600"), startupProbe: probe },
          { name: "sidecar-2", image: "busybox", restartPolicy: "Always", command: sh("sleep 3600"), startupProbe: probe },
        ],
        containers: [{ name: "main", image: "busybox", command: sh("sleep 3600") }],
      },
    });
    const seen: string[] = [];
    await node.until("all running", async () => {
      const row = podRow(await node.pod("chain"), clock.now());
      const cell = `${row.ready} ${row.status}`;
      if (seen.at(-1) !== cell) seen.push(cell);
      return cell === "3/3 Running";
    }, 30_000, 50);
    // "Pending" until the kubelet's first status; READY counts a started, ready sidecar (printPod),
    // so sidecar-1 shows as 1/3 during Init:2/3.
    assert.deepEqual(seen, ["0/3 Pending", "0/3 Init:0/3", "0/3 Init:1/3", "1/3 Init:2/3", "3/3 Running"]);
    const created = node.journal.entries().filter((e) => e.kind === "Created").map((e) => e.container);
    assert.deepEqual(created, ["init-config", "sidecar-1", "sidecar-2", "main"]);
    const startupPassed = (c: string): number => node.journal.entries().find((e) => e.container === c && e.kind === "StartupProbeSucceeded")?.time ?? Number.NaN;
    const createdAt = (c: string): number => node.journal.entries().find((e) => e.container === c && e.kind === "Created")?.time ?? Number.NaN;
    assert.ok(createdAt("sidecar-2") >= startupPassed("sidecar-1"), "sidecar-2 waits for sidecar-1's startup probe");
    assert.ok(createdAt("main") >= startupPassed("sidecar-2"), "main waits for sidecar-2's startup probe");
    await node.stop();
  });

  it("a liveness failure after failureThreshold kills the container, runs preStop, and restarts it (restartCount 1)", async () => {
    const clock = new FakeClock();
    let healthy = true;
    const node = await startNode(clock, { app: { exec: (argv) => ({ exitCode: argv.includes("healthz") && !healthy ? 1 : 0 }), onStopSignal: "exit" } });
    await node.client.pods.create({
      apiVersion: "v1", kind: "Pod", metadata: { name: "live" },
      spec: { containers: [{
        name: "app", image: "busybox", command: sh("sleep 3600"),
        livenessProbe: { exec: { command: ["healthz"] }, periodSeconds: 1, failureThreshold: 3 },
        lifecycle: { preStop: { exec: { command: ["drain"] } } },
      }] },
    });
    await clock.step(5_000);
    healthy = false;
    const failedAt = clock.now();
    await node.until("a restart", async () => (await node.pod("live")).status?.containerStatuses?.[0]?.restartCount === 1, 60_000);
    const signalled = node.journal.entries().find((e) => e.kind === "Signalled");
    assert.ok(signalled && signalled.time - failedAt >= 2_000 && signalled.time - failedAt <= 3_100, "killed at the third consecutive failure");
    const pod = await node.pod("live");
    assert.equal(pod.status?.containerStatuses?.[0]?.lastState.terminated?.exitCode, 143);
    await node.client.events.list({ namespace: "default" });
    await clock.step(0);
    const events = (await node.client.events.list({ namespace: "default" })).items.map((e) => `${e.reason ?? ""}: ${e.message ?? ""}`);
    assert.ok(events.includes("Killing: Container app failed liveness probe, will be restarted"), events.join("\n"));
    assert.ok(events.some((e) => e.startsWith("Unhealthy: Liveness probe failed")), events.join("\n"));
    await node.stop();
  });

  it("deleting a running pod kills it with its grace period and removes the object", async () => {
    const clock = new FakeClock();
    const node = await startNode(clock, { app: { onStopSignal: "ignore" } });
    await node.client.pods.create({
      apiVersion: "v1", kind: "Pod", metadata: { name: "doomed" },
      spec: { terminationGracePeriodSeconds: 5, containers: [{ name: "app", image: "busybox", command: sh("sleep 3600") }] },
    });
    await clock.step(1_000);
    const deletedAt = clock.now();
    const marked = await node.client.pods.delete("default", "doomed");
    assert.ok(marked?.metadata.deletionTimestamp, "graceful: marked, not removed");
    assert.equal(podRow(marked, clock.now()).status, "Terminating");
    await node.until("the object to go", async () => !(await node.client.pods.list()).items.length, 30_000);
    const exited = node.journal.entries().find((e) => e.kind === "Exited");
    assert.equal(exited?.exitCode, 137);
    assert.equal(Math.round(((exited?.time ?? 0) - deletedAt) / 1000), 5, "SIGKILL after the 5 s grace period");
    assert.equal(node.runtime.running().length, 0);
    await node.stop();
  });
});

describe("kubelet on the fake runtime: start errors", () => {
  it("an image it cannot get shows ErrImagePull, then ImagePullBackOff, and is retried after the back-off", async () => {
    const clock = new FakeClock();
    const node = await startNode(clock, {});
    node.runtime.missingImages.add("nginx:1.27");
    await node.client.pods.create({
      apiVersion: "v1", kind: "Pod", metadata: { name: "web" },
      spec: { containers: [{ name: "web", image: "nginx:1.27" }] },
    });
    const status = async (): Promise<string> => podRow(await node.pod("web"), clock.now()).status;
    await node.until("ErrImagePull", async () => (await status()) === "ErrImagePull", 5_000, 1);
    await node.until("ImagePullBackOff", async () => (await status()) === "ImagePullBackOff", 15_000);
    node.runtime.missingImages.delete("nginx:1.27");
    await node.until("the retry to start it", async () => (await status()) === "Running", 30_000);
    await node.stop();
  });
});
