import assert from "node:assert/strict";
import { test } from "node:test";
import type { Container } from "../../api/core.ts";
import { FakeClock } from "../../machinery/fake-clock.ts";
import { FakeRuntime } from "../../runtime/fake-runtime.ts";
import { makePod, makeSandbox, runContainer } from "../test-support/make-pod.ts";
import { RecordingRecorder } from "../test-support/recording-recorder.ts";
import { RuntimeView } from "../test-support/runtime-view.ts";
import { ProberManager } from "./prober-manager.ts";

const ok = { exec: { command: ["ok"] }, periodSeconds: 10 };

/** A pod with a sidecar "proxy", a regular init "setup" and a main "app", all running. */
async function setup(containers: { app?: Partial<Container>; proxy?: Partial<Container> } = {}) {
  const clock = new FakeClock();
  const runtime = new FakeRuntime({ clock });
  const app: Container = { name: "app", readinessProbe: ok, livenessProbe: ok, startupProbe: ok, ...containers.app };
  const proxy: Container = { name: "proxy", restartPolicy: "Always", readinessProbe: ok, livenessProbe: ok, ...containers.proxy };
  const pod = makePod({ initContainers: [{ name: "setup", readinessProbe: ok }, proxy], containers: [app] });
  const sandboxId = await makeSandbox(runtime, pod);
  const execs: string[] = [];
  const probeExec = (name: string) => ({ exec: (argv: string[]) => { execs.push(`${name}:${argv.join(" ")}`); return { exitCode: 0 }; } });
  const proxyInstance = await runContainer(runtime, sandboxId, "proxy", probeExec("proxy"));
  const appInstance = await runContainer(runtime, sandboxId, "app", probeExec("app"));
  const view = new RuntimeView({ runtime, sandboxId });
  await view.refresh();
  const manager = new ProberManager({ clock, runtime, recorder: new RecordingRecorder({ clock }) });
  view.started = (id) => manager.isStarted(id);
  const changes: string[] = [];
  manager.onChange((uid, name, type, result) => { changes.push(`${uid}/${name}/${type}=${result}`); });
  return { clock, runtime, pod, view, manager, changes, execs, appInstance, proxyInstance };
}

void test("workers are made for main containers and sidecars, not for regular init containers", async () => {
  const s = await setup();
  s.manager.addPod(s.pod, (c) => s.view.source(c));
  assert.ok(s.manager.worker("uid-1", "app", "startup"));
  assert.ok(s.manager.worker("uid-1", "proxy", "liveness"));
  assert.equal(s.manager.worker("uid-1", "setup", "readiness"), undefined);
});

void test("every published change reaches the listeners, in order", async () => {
  const s = await setup();
  s.manager.addPod(s.pod, (c) => s.view.source(c));
  await s.clock.step(1);
  assert.deepEqual(s.changes, [
    "uid-1/app/startup=Unknown", "uid-1/app/readiness=Failure", "uid-1/app/liveness=Success",
    "uid-1/proxy/readiness=Failure", "uid-1/proxy/liveness=Success",
    "uid-1/app/startup=Success", "uid-1/proxy/readiness=Success",
  ]);
  assert.equal(s.manager.get(s.appInstance.id, "startup"), "Success");
});

void test("started: running and the startup probe passed; without a startup probe, running is enough", async () => {
  const s = await setup();
  s.manager.addPod(s.pod, (c) => s.view.source(c));
  assert.equal(s.manager.isStarted(s.appInstance.id), false, "the startup probe has not passed yet");
  assert.equal(s.manager.isStarted(s.proxyInstance.id), true, "no startup probe");
  await s.clock.step(1);
  assert.equal(s.manager.isStarted(s.appInstance.id), true);
  await s.runtime.stopContainer(s.appInstance.id, 0);
  await s.view.refresh();
  assert.equal(s.manager.isStarted(s.appInstance.id), false, "an exited instance is not started");
});

void test("readiness fast path: a started container without readiness Success is probed at once", async () => {
  const s = await setup();
  s.manager.addPod(s.pod, (c) => s.view.source(c));
  await s.clock.step(1);
  // app: startup passed after its readiness worker had looked (not started then): still Failure.
  assert.equal(s.manager.get(s.appInstance.id, "readiness"), "Failure");
  s.execs.length = 0;
  s.manager.triggerReadiness("uid-1");
  await s.clock.step(1);
  assert.deepEqual(s.execs, ["app:ok"], "only the container that is started and not yet ready");
  assert.equal(s.manager.get(s.appInstance.id, "readiness"), "Success");
});

void test("liveness and startup of main containers stop when the pod is terminating; readiness and sidecars continue", async () => {
  const s = await setup();
  s.manager.addPod(s.pod, (c) => s.view.source(c));
  await s.clock.step(1);
  s.manager.podTerminating("uid-1");
  await s.clock.step(1);
  assert.equal(s.manager.worker("uid-1", "app", "liveness"), undefined);
  assert.equal(s.manager.worker("uid-1", "app", "startup"), undefined);
  assert.ok(s.manager.worker("uid-1", "app", "readiness"));
  assert.ok(s.manager.worker("uid-1", "proxy", "liveness"), "Kubernetes stops only the main containers' workers");
  assert.equal(s.manager.get(s.appInstance.id, "liveness"), undefined, "a stopped worker forgets its result");
  assert.equal(s.manager.isStarted(s.appInstance.id), true, "no startup worker and no result: started");
});

void test("removePod stops every worker and forgets the results", async () => {
  const s = await setup();
  s.manager.addPod(s.pod, (c) => s.view.source(c));
  await s.clock.step(1);
  s.manager.removePod("uid-1");
  await s.clock.step(1);
  assert.equal(s.manager.get(s.proxyInstance.id, "readiness"), undefined);
  s.execs.length = 0;
  await s.clock.step(60_000);
  assert.deepEqual(s.execs, []);
});

void test("adding a pod again starts no second worker", async () => {
  const s = await setup();
  s.manager.addPod(s.pod, (c) => s.view.source(c));
  const first = s.manager.worker("uid-1", "app", "readiness");
  s.manager.addPod(s.pod, (c) => s.view.source(c));
  assert.equal(s.manager.worker("uid-1", "app", "readiness"), first);
});
