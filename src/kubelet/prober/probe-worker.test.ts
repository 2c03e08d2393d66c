import assert from "node:assert/strict";
import { test } from "node:test";
import type { Container, Probe } from "../../api/core.ts";
import { FakeClock } from "../../machinery/fake-clock.ts";
import type { FakeExecOutcome, FakeProgram } from "../../runtime/fake-program.ts";
import { FakeRuntime } from "../../runtime/fake-runtime.ts";
import { makePod, makeSandbox, runContainer } from "../test-support/make-pod.ts";
import { RecordingRecorder } from "../test-support/recording-recorder.ts";
import { RuntimeView } from "../test-support/runtime-view.ts";
import type { ProbeResult, ProbeType } from "../types.ts";
import { ProbeWorker } from "./probe-worker.ts";
import { ResultsCache } from "./results-cache.ts";

/** A worker probing container "main" (exec probes answered by `answer`) on the fake runtime. */
async function setup(type: ProbeType, probe: Probe, answer: (n: number) => FakeExecOutcome = () => ({ exitCode: 0 }), program: FakeProgram = {}) {
  const clock = new FakeClock();
  const runtime = new FakeRuntime({ clock });
  const container: Container = { name: "main" };
  const pod = makePod({ containers: [container] });
  const sandboxId = await makeSandbox(runtime, pod);
  const execAt: number[] = [];
  const instance = await runContainer(runtime, sandboxId, "main", { ...program, exec: () => { execAt.push(clock.now()); return answer(execAt.length); } });
  const view = new RuntimeView({ runtime, sandboxId });
  await view.refresh();
  const recorder = new RecordingRecorder({ clock });
  const results = new ResultsCache();
  const published: { at: number; containerId: string; result: ProbeResult }[] = [];
  let exited = false;
  const worker = new ProbeWorker({
    clock, runtime, pod, container, type, probe: probe.httpGet ? probe : { exec: { command: ["check"] }, ...probe }, status: view.source(container), results, recorder,
    onResult: (u) => { published.push({ at: clock.now(), containerId: u.containerId, result: u.result }); },
    onExit: () => { exited = true; },
  });
  const t0 = clock.now();
  const at = (ms: number): number => t0 + ms;
  return { clock, runtime, pod, sandboxId, instance, view, recorder, results, published, execAt, worker, at, exited: () => exited };
}

void test("liveness failure after failureThreshold=3 consecutive failures publishes Failure once and holds", async () => {
  const s = await setup("liveness", { periodSeconds: 10, failureThreshold: 3 }, () => ({ exitCode: 1, output: "dead" }));
  s.worker.start();
  await s.clock.step(60_000);
  assert.deepEqual(s.execAt, [s.at(0), s.at(10_000), s.at(20_000)]);
  assert.deepEqual(s.published.map((p) => [p.at, p.result]), [[s.at(0), "Success"], [s.at(20_000), "Failure"]]);
  assert.deepEqual(s.recorder.lines(), Array(3).fill("Unhealthy: Liveness probe failed: dead"));
  assert.equal(s.recorder.events[0]?.fieldPath, "spec.containers{main}");
});

void test("a new instance gets the initial value and releases the hold", async () => {
  const s = await setup("liveness", { periodSeconds: 10, failureThreshold: 1 }, (n) => ({ exitCode: n === 1 ? 1 : 0 }));
  s.worker.start();
  await s.clock.step(1);
  assert.equal(s.results.get(s.instance.id, "liveness"), "Failure");
  await s.runtime.stopContainer(s.instance.id, 0);
  const next = await runContainer(s.runtime, s.sandboxId, "main", { exec: () => { s.execAt.push(s.clock.now()); return { exitCode: 0 }; } });
  await s.view.refresh();
  await s.clock.step(10_000);
  assert.equal(s.results.get(s.instance.id, "liveness"), undefined, "the old instance's result is forgotten");
  assert.equal(s.results.get(next.id, "liveness"), "Success");
  assert.equal(s.execAt.length, 2, "probing resumed on the new instance");
});

void test("startup probe success stops startup probing", async () => {
  const s = await setup("startup", { periodSeconds: 1, failureThreshold: 30 }, (n) => ({ exitCode: n < 3 ? 1 : 0 }));
  s.view.started = (id) => s.results.get(id, "startup") === "Success";
  s.worker.start();
  await s.clock.step(10_000);
  assert.deepEqual(s.execAt, [s.at(0), s.at(1000), s.at(2000)]);
  assert.deepEqual(s.published.map((p) => [p.at, p.result]), [[s.at(0), "Unknown"], [s.at(2000), "Success"]]);
});

void test("readiness is probed only after started", async () => {
  const s = await setup("readiness", { periodSeconds: 5 });
  let started = false;
  s.view.started = () => started;
  s.worker.start();
  await s.clock.step(12_000);
  assert.deepEqual(s.execAt, []);
  assert.equal(s.results.get(s.instance.id, "readiness"), "Failure", "readiness starts as Failure");
  started = true;
  await s.clock.step(3_000);
  assert.deepEqual(s.execAt, [s.at(15_000)]);
  assert.equal(s.results.get(s.instance.id, "readiness"), "Success");
});

void test("initialDelaySeconds is compared in whole seconds", async () => {
  // The container started 300 ms before the worker: at 4.7 s it has run 4 whole seconds.
  const s = await setup("readiness", { periodSeconds: 1, initialDelaySeconds: 5 });
  await s.clock.step(300);
  s.worker.start();
  await s.clock.step(7_000);
  assert.equal(s.execAt[0], s.at(300 + 5_000), "the tick at 4.7 s is skipped, the one at 5.7 s probes");
});

void test("successThreshold counts consecutive successes before readiness is published", async () => {
  const s = await setup("readiness", { periodSeconds: 1, successThreshold: 3 });
  s.worker.start();
  await s.clock.step(1_500);
  assert.equal(s.results.get(s.instance.id, "readiness"), "Failure");
  await s.clock.step(1_000);
  assert.equal(s.results.get(s.instance.id, "readiness"), "Success");
});

void test("probes stop for a terminal pod", async () => {
  const s = await setup("readiness", { periodSeconds: 1 });
  s.worker.start();
  await s.clock.step(1);
  s.view.terminal = true;
  await s.clock.step(1_000);
  assert.ok(s.exited());
  assert.equal(s.results.get(s.instance.id, "readiness"), undefined, "an ended worker forgets its result");
  await s.clock.step(5_000);
  assert.equal(s.execAt.length, 1);
});

void test("liveness and startup stop when the pod is terminating, readiness continues", async () => {
  for (const type of ["liveness", "startup", "readiness"] as const) {
    const s = await setup(type, { periodSeconds: 1 }, () => ({ exitCode: 1 }));
    s.view.terminating = true;
    s.view.started = () => type !== "startup";
    s.worker.start();
    await s.clock.step(5_000);
    if (type === "readiness") {
      assert.equal(s.exited(), false);
      assert.equal(s.execAt.length, 6);
    } else {
      assert.ok(s.exited(), `${type} ends`);
      assert.deepEqual(s.execAt, []);
      assert.equal(s.published.at(-1)?.result, "Success", `${type} publishes a last Success`);
    }
  }
});

void test("an exited instance is Failure; the worker ends only if the container will not restart", async () => {
  for (const restartable of [true, false]) {
    const s = await setup("readiness", { periodSeconds: 1 }, undefined, { exitAfterMs: 500, exitCode: 0 });
    s.view.restartable = restartable;
    s.worker.start();
    await s.clock.step(1_500);
    assert.equal(s.exited(), !restartable);
    assert.deepEqual(s.published.map((p) => p.result), ["Failure", "Success", "Failure"]);
  }
});

void test("an errored attempt is recorded and thrown away", async () => {
  const s = await setup("readiness", { periodSeconds: 1, httpGet: { port: "http", path: "/" } });
  s.worker.start();
  await s.clock.step(1);
  assert.deepEqual(s.recorder.lines(), ["Unhealthy: Readiness probe errored and resulted in unknown state: strconv.Atoi: parsing \"http\": invalid syntax"]);
  assert.deepEqual(s.published.map((p) => p.result), ["Failure"], "only the initial value");
});

void test("a redirect warning records ProbeWarning and counts as success", async () => {
  const s = await setup("readiness", { periodSeconds: 1, httpGet: { port: 8080, path: "/" } }, undefined,
    { listens: [{ port: 8080, http: () => ({ statusCode: 302, body: "", headers: { location: "http://elsewhere/" } }) }] });
  s.worker.start();
  await s.clock.step(1);
  assert.deepEqual(s.recorder.lines(), ["ProbeWarning: Readiness probe warning: Probe terminated redirects, Response body: "]);
  assert.equal(s.results.get(s.instance.id, "readiness"), "Success");
});

void test("triggerNow probes at once; triggers during a running probe are served once, right after it", async () => {
  const s = await setup("readiness", { periodSeconds: 30, timeoutSeconds: 5 }, () => ({ exitCode: 0, durationMs: 2_000 }));
  s.worker.start();
  await s.clock.step(1_000);
  s.worker.triggerNow();
  s.worker.triggerNow();
  await s.clock.step(9_000);
  s.worker.triggerNow();
  await s.clock.step(1);
  assert.deepEqual(s.execAt, [s.at(0), s.at(2_000), s.at(10_000)]);
  await s.clock.step(60_000);
  assert.deepEqual(s.execAt.slice(3), [s.at(30_000), s.at(60_000)], "ticks keep the period of the worker's creation");
});

void test("stop during a probe ends the worker after it", async () => {
  const s = await setup("readiness", { periodSeconds: 10, timeoutSeconds: 5 }, () => ({ exitCode: 0, durationMs: 2_000 }));
  s.worker.start();
  await s.clock.step(1_000);
  s.worker.stop();
  assert.equal(s.exited(), false, "the running attempt finishes first");
  await s.clock.step(1_000);
  assert.ok(s.exited());
  assert.equal(s.results.get(s.instance.id, "readiness"), undefined);
  await s.clock.step(30_000);
  assert.equal(s.execAt.length, 1);
});
