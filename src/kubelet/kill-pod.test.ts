import assert from "node:assert/strict";
import { test } from "node:test";
import type { Container } from "../api/core.ts";
import { FakeClock } from "../machinery/fake-clock.ts";
import type { FakeProgram } from "../runtime/fake-program.ts";
import { FakeRuntime } from "../runtime/fake-runtime.ts";
import { killPod } from "./kill-pod.ts";
import { drive } from "./test-support/drive.ts";
import { makePod, makeSandbox, runContainer } from "./test-support/make-pod.ts";
import { RecordingRecorder } from "./test-support/recording-recorder.ts";

const preStop = { lifecycle: { preStop: { exec: { command: ["/bin/drain"] } } } };

/**
 * Runs a pod whose containers run the given programs (all running), kills it, and returns every
 * signal as "<container> <SIGNAL>@<ms after the kill>" in delivery order, plus the preStop starts.
 */
async function killAll(spec: { init?: Container[]; containers: Container[]; tgps?: number }, programs: Record<string, FakeProgram>, override?: number) {
  const clock = new FakeClock();
  const runtime = new FakeRuntime({ clock });
  const pod = makePod({ initContainers: spec.init ?? [], containers: spec.containers, terminationGracePeriodSeconds: spec.tgps ?? 30 });
  const sandboxId = await makeSandbox(runtime, pod);
  const hookStarts: string[] = [];
  const running: { container: Container; containerId: string }[] = [];
  const t0 = clock.now();
  for (const c of [...(spec.init ?? []), ...spec.containers]) {
    const program = programs[c.name];
    if (!program) continue; // not running
    const p: FakeProgram = { ...program, exec: () => { hookStarts.push(`${c.name}@${clock.now() - t0}`); return { exitCode: 0, durationMs: 1_000 }; } };
    running.push({ container: c, containerId: (await runContainer(runtime, sandboxId, c.name, p)).id });
  }
  const recorder = new RecordingRecorder({ clock });
  await drive(clock, killPod({ runtime, clock, recorder, pod, running, sandboxId, ...(override !== undefined ? { gracePeriodOverrideSeconds: override } : {}) }));
  const signals = running.flatMap((r) => runtime.signalsSent(r.containerId).map((s) => ({ line: `${r.container.name} ${s.signal}@${s.at - t0}`, at: s.at })));
  const sandbox = (await runtime.listPodSandboxes()).find((s) => s.id === sandboxId);
  return { signals: signals.sort((a, b) => a.at - b.at).map((s) => s.line), hookStarts, sandboxState: sandbox?.state, recorder };
}

const sidecar = (name: string, extra: Partial<Container> = {}): Container => ({ name, restartPolicy: "Always", ...extra });

void test("sidecars are stopped in reverse order after the main containers exited", async () => {
  const r = await killAll(
    { init: [sidecar("logs"), { name: "setup" }, sidecar("proxy")], containers: [{ name: "app" }, { name: "worker" }] },
    {
      logs: { onStopSignal: { exitAfterMs: 500, exitCode: 0 } },
      proxy: { onStopSignal: { exitAfterMs: 1_000, exitCode: 0 } },
      app: { onStopSignal: { exitAfterMs: 4_000, exitCode: 0 } },
      worker: { onStopSignal: { exitAfterMs: 2_000, exitCode: 0 } },
    });
  assert.deepEqual(r.signals, ["app SIGTERM@0", "worker SIGTERM@0", "proxy SIGTERM@4000", "logs SIGTERM@5000"]);
  assert.equal(r.sandboxState, "notready", "then the sandbox is stopped");
});

void test("preStop hooks of mains and sidecars all start at t=0", async () => {
  const r = await killAll(
    { init: [sidecar("proxy", preStop)], containers: [{ name: "app", ...preStop }] },
    { proxy: {}, app: { onStopSignal: { exitAfterMs: 3_000, exitCode: 0 } } });
  assert.deepEqual(r.hookStarts.sort(), ["app@0", "proxy@0"]);
  assert.deepEqual(r.signals, ["app SIGTERM@1000", "proxy SIGTERM@4000"], "the sidecar's SIGTERM waits for the main's exit");
});

void test("a sidecar waits at most the remaining grace period for its turn", async () => {
  const r = await killAll(
    { init: [sidecar("proxy")], containers: [{ name: "app" }], tgps: 10 },
    { proxy: { onStopSignal: "ignore" }, app: { onStopSignal: "ignore" } });
  // app: SIGKILL at 10 s. proxy: its wait is bounded by 10 s, then the 2 s minimum.
  assert.deepEqual(r.signals, ["app SIGTERM@0", "proxy SIGTERM@10000", "app SIGKILL@10000", "proxy SIGKILL@12000"]);
});

void test("without sidecars every container gets the stop signal at once", async () => {
  const r = await killAll({ containers: [{ name: "a" }, { name: "b" }] },
    { a: { onStopSignal: { exitAfterMs: 5_000, exitCode: 0 } }, b: {} });
  assert.deepEqual(r.signals, ["a SIGTERM@0", "b SIGTERM@0"]);
});

void test("a grace override of 1 s (force delete): a sidecar waits at most 1 s, then everyone gets the 2 s minimum", async () => {
  const r = await killAll({ init: [sidecar("proxy")], containers: [{ name: "app" }] },
    { proxy: { onStopSignal: "ignore" }, app: { onStopSignal: "ignore" } }, 1);
  assert.deepEqual(r.signals, ["app SIGTERM@0", "proxy SIGTERM@1000", "app SIGKILL@2000", "proxy SIGKILL@3000"]);
  assert.deepEqual(r.recorder.lines(), ["Killing: Stopping container proxy", "Killing: Stopping container app"]);
});
