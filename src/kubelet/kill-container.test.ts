import assert from "node:assert/strict";
import { test } from "node:test";
import type { Container, Pod } from "../api/core.ts";
import { FakeClock } from "../machinery/fake-clock.ts";
import type { FakeProgram } from "../runtime/fake-program.ts";
import { FakeRuntime } from "../runtime/fake-runtime.ts";
import { killContainer, terminationGracePeriodSeconds, type KillContainerOptions } from "./kill-container.ts";
import { drive } from "./test-support/drive.ts";
import { makePod, makeSandbox, runContainer } from "./test-support/make-pod.ts";
import { RecordingRecorder } from "./test-support/recording-recorder.ts";
import type { KillReason } from "./types.ts";

void test("terminationGracePeriodSeconds chooses as setTerminationGracePeriod does", () => {
  const c: Container = { name: "main", livenessProbe: { terminationGracePeriodSeconds: 5 }, startupProbe: { terminationGracePeriodSeconds: 7 } };
  const cases: { name: string; pod: Pod; container?: Container; reason: KillReason | "PodKill"; want: number }[] = [
    { name: "pod TGPS", pod: makePod({ containers: [c], terminationGracePeriodSeconds: 30 }), reason: "PodKill", want: 30 },
    { name: "liveness kill: the liveness probe's TGPS", pod: makePod({ containers: [c] }), reason: "LivenessProbe", want: 5 },
    { name: "startup kill: the startup probe's TGPS", pod: makePod({ containers: [c] }), reason: "StartupProbe", want: 7 },
    { name: "probe kill without a probe TGPS: pod TGPS", pod: makePod({ containers: [c] }), container: { name: "main" }, reason: "LivenessProbe", want: 30 },
    { name: "image change ignores probe TGPS", pod: makePod({ containers: [c] }), reason: "ImageChanged", want: 30 },
    { name: "deletionGracePeriodSeconds wins", pod: makePod({ containers: [c] }, { deletionGracePeriodSeconds: 3 }), reason: "LivenessProbe", want: 3 },
    { name: "no TGPS at all: the 2 s minimum", pod: { metadata: { name: "p" }, spec: { containers: [c] } }, reason: "PodKill", want: 2 },
  ];
  for (const tc of cases) assert.equal(terminationGracePeriodSeconds(tc.pod, tc.container ?? c, tc.reason), tc.want, tc.name);
});

/** Kills container "main" running program; returns the signals sent (ms after the kill) and events. */
async function kill(program: FakeProgram, container: Partial<Container> = {}, opts: Partial<KillContainerOptions> & { podTgps?: number } = {}) {
  const clock = new FakeClock();
  const runtime = new FakeRuntime({ clock });
  const c: Container = { name: "main", ...container };
  const pod = opts.pod ?? makePod({ containers: [c], terminationGracePeriodSeconds: opts.podTgps ?? 30 });
  const sandboxId = await makeSandbox(runtime, pod);
  const hookStarts: number[] = [];
  const instance = await runContainer(runtime, sandboxId, "main", {
    ...program,
    exec: (argv, files) => { hookStarts.push(clock.now()); return program.exec?.(argv, files) ?? { exitCode: 0 }; },
  });
  const recorder = new RecordingRecorder({ clock });
  if (program.exitAfterMs !== undefined) await clock.step(program.exitAfterMs + 1); // let it exit first
  const t0 = clock.now();
  await drive(clock, killContainer({ runtime, clock, recorder, pod, container: c, containerId: instance.id, sandboxId, reason: "PodKill", ...opts }));
  const status = await runtime.containerStatus(instance.id);
  return {
    signals: runtime.signalsSent(instance.id).map((s) => `${s.signal}@${s.at - t0}`),
    exitCode: status.exitCode, finishedMs: (status.finishedAt ?? 0) - t0,
    events: recorder.lines(), hookStarts: hookStarts.map((t) => t - t0), clock, runtime, recorder,
  };
}

void test("a shell that ignores SIGTERM is SIGKILLed after the 30 s grace period", async () => {
  const r = await kill({ onStopSignal: "ignore" });
  assert.deepEqual(r.signals, ["SIGTERM@0", "SIGKILL@30000"]);
  assert.equal(r.exitCode, 137);
  assert.deepEqual(r.events, ["Killing: Stopping container main"]);
});

void test("a process that handles SIGTERM exits when it is done, before the grace period ends", async () => {
  const r = await kill({ onStopSignal: { exitAfterMs: 3_000, exitCode: 0 } });
  assert.deepEqual(r.signals, ["SIGTERM@0"]);
  assert.deepEqual([r.exitCode, r.finishedMs], [0, 3_000]);
});

void test("preStop runs first; the whole seconds it took are taken from the grace period", async () => {
  const r = await kill({ onStopSignal: "ignore", exec: () => ({ exitCode: 0, durationMs: 10_500 }) },
    { lifecycle: { preStop: { exec: { command: ["/bin/drain"] } } } });
  assert.deepEqual(r.hookStarts, [0]);
  assert.deepEqual(r.signals, ["SIGTERM@10500", "SIGKILL@30500"], "30 − floor(10.5) = 20 s left");
});

void test("grace period floor is 2 s even when preStop used it all", async () => {
  const r = await kill({ onStopSignal: "ignore", exec: () => ({ exitCode: 0, durationMs: 100_000 }) },
    { lifecycle: { preStop: { exec: { command: ["sleep", "100"] } } } });
  assert.deepEqual(r.signals, ["SIGTERM@30000", "SIGKILL@32000"]);
  assert.equal(r.exitCode, 137);
});

void test("a failing preStop records FailedPreStopHook and the kill goes on", async () => {
  const r = await kill({ exec: () => ({ exitCode: 1, output: "no" }) }, { lifecycle: { preStop: { exec: { command: ["false"] } } } });
  assert.deepEqual(r.events, ["Killing: Stopping container main", "FailedPreStopHook: PreStopHook failed"]);
  assert.deepEqual(r.signals, ["SIGTERM@0"]);
  assert.equal(r.recorder.events[1]?.fieldPath, "spec.containers{main}");
});

void test("an exited instance gets no preStop hook", async () => {
  const r = await kill({ exitAfterMs: 1 }, { lifecycle: { preStop: { exec: { command: ["/bin/drain"] } } } }, {});
  assert.deepEqual(r.hookStarts, []);
  assert.deepEqual(r.events, ["Killing: Stopping container main"], "the Killing event is still recorded");
});

void test("a liveness kill uses the probe's grace period and the given Killing message", async () => {
  const r = await kill({ onStopSignal: "ignore" }, { livenessProbe: { exec: { command: ["x"] }, terminationGracePeriodSeconds: 5 } },
    { reason: "LivenessProbe", message: "Container main failed liveness probe, will be restarted" });
  assert.deepEqual(r.signals, ["SIGTERM@0", "SIGKILL@5000"]);
  assert.deepEqual(r.events, ["Killing: Container main failed liveness probe, will be restarted"]);
});

void test("a grace override supersedes the pod's, and zero still leaves the 2 s minimum (no preStop)", async () => {
  const r = await kill({ onStopSignal: "ignore" }, { lifecycle: { preStop: { exec: { command: ["/bin/drain"] } } } }, { gracePeriodOverrideSeconds: 0 });
  assert.deepEqual(r.hookStarts, [], "no time left: preStop is skipped");
  assert.deepEqual(r.signals, ["SIGTERM@0", "SIGKILL@2000"]);
});
