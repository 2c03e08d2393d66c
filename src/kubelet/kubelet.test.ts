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
