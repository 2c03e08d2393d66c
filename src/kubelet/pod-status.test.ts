// generatePodStatus / terminatePodStatus: one base pod (regular init "init", sidecar "side"
// with a startup probe, mains "main" and "aux" with a readiness probe on "main"), and per
// case the runtime instances, probe results, start errors or previous status.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { ContainerStatus, Pod, PodStatus } from "../api/core.ts";
import type { RuntimeContainer } from "../runtime/runtime.ts";
import { generatePodStatus, terminatePodStatus } from "./pod-status.ts";
import { T0, makeInstance, makePod, makeProbes, makeSnapshot, sidecar } from "./status/make-snapshot.ts";
import type { PodSnapshot, StartError } from "./types.ts";

const init = { name: "init", image: "busybox:1.36" };
const side = sidecar("side", { startupProbe: { exec: { command: ["true"] } } });
const main = { name: "main", image: "busybox:1.36", readinessProbe: { exec: { command: ["true"] } } };
const aux = { name: "aux", image: "busybox:1.36" };
const basePod = (): Pod => makePod({ initContainers: [init, side], containers: [main, aux] });
const gen = (s: PodSnapshot, podIsTerminal = false): PodStatus => generatePodStatus(s, { podIsTerminal, runtimeName: "crun" });
const byName = (list: ContainerStatus[] | undefined, name: string): ContainerStatus | undefined => list?.find((c) => c.name === name);
const up = (): RuntimeContainer[] => [
  makeInstance(init, "exited", { created: 1, started: 1, finished: 3 }), makeInstance(side, "running", { created: 4, started: 4 }),
  makeInstance(main, "running", { created: 6, started: 6 }), makeInstance(aux, "running", { created: 7, started: 7 }),
];
const upProbes = makeProbes({ "side-0": { startup: "Success" }, "main-0": { readiness: "Success" } });

void test("nothing ran in a pod with init containers: every container waits with PodInitializing", () => {
  const st = gen(makeSnapshot(basePod(), []));
  assert.deepEqual([...(st.initContainerStatuses ?? []), ...(st.containerStatuses ?? [])].map((c) => [c.name, c.state, c.ready, c.started, c.restartCount, c.image]), [
    ["init", { waiting: { reason: "PodInitializing" } }, false, false, 0, "busybox:1.36"],
    ["side", { waiting: { reason: "PodInitializing" } }, false, false, 0, "busybox:1.36"],
    ["aux", { waiting: { reason: "PodInitializing" } }, false, false, 0, "busybox:1.36"],
    ["main", { waiting: { reason: "PodInitializing" } }, false, false, 0, "busybox:1.36"],
  ]);
  assert.equal(st.phase, "Pending");
});

void test("nothing ran in a pod without init containers: ContainerCreating, no initContainerStatuses", () => {
  const st = gen(makeSnapshot(makePod(), []));
  assert.deepEqual(st.containerStatuses?.[0]?.state, { waiting: { reason: "ContainerCreating" } });
  assert.equal(st.initContainerStatuses, undefined);
});

void test("a running instance: running since its start, containerID <runtime>://<id>, imageID from imageRef", () => {
  const st = gen(makeSnapshot(basePod(), up(), { probes: upProbes }));
  assert.deepEqual(byName(st.containerStatuses, "main"), {
    name: "main", state: { running: { startedAt: "2025-11-22T10:10:06Z" } }, lastState: {}, ready: true, started: true, restartCount: 0,
    image: "busybox:1.36", imageID: "sha256:busybox:1.36", containerID: "crun://main-0",
  });
});

void test("containerStatuses are sorted by name, initContainerStatuses keep spec order", () => {
  const st = gen(makeSnapshot(basePod(), up(), { probes: upProbes }));
  assert.deepEqual(st.containerStatuses?.map((c) => c.name), ["aux", "main"]);
  assert.deepEqual(st.initContainerStatuses?.map((c) => c.name), ["init", "side"]);
});

interface ReadyCase { name: string; probes: Parameters<typeof makeProbes>[0]; container: string; want: [started: boolean, ready: boolean] }
const readyCases: ReadyCase[] = [
  { name: "sidecar with a startup probe not yet succeeded: not started, not ready", probes: {}, container: "side", want: [false, false] },
  { name: "sidecar whose startup probe succeeded and without readiness probe: started and ready", probes: { "side-0": { startup: "Success" } }, container: "side", want: [true, true] },
  { name: "main with a readiness probe not yet succeeded: started, not ready", probes: {}, container: "main", want: [true, false] },
  { name: "main whose readiness probe failed: started, not ready", probes: { "main-0": { readiness: "Failure" } }, container: "main", want: [true, false] },
  { name: "main without probes: started and ready as soon as it runs", probes: {}, container: "aux", want: [true, true] },
  { name: "regular init container that exited 0: ready, not started", probes: {}, container: "init", want: [false, true] },
];
for (const tc of readyCases) {
  void test(tc.name, () => {
    const st = gen(makeSnapshot(basePod(), up(), { probes: makeProbes(tc.probes) }));
    const cs = byName([...(st.initContainerStatuses ?? []), ...(st.containerStatuses ?? [])], tc.container);
    assert.deepEqual([cs?.started, cs?.ready], tc.want);
  });
}

void test("a running regular init container is started but not ready", () => {
  const st = gen(makeSnapshot(basePod(), [makeInstance(init, "running")]));
  const cs = st.initContainerStatuses?.[0];
  assert.deepEqual([cs?.started, cs?.ready], [true, false]);
});

void test("a created instance waits without a reason", () => {
  const st = gen(makeSnapshot(basePod(), [makeInstance(init, "created")]));
  assert.deepEqual(st.initContainerStatuses?.[0]?.state, { waiting: {} });
});

void test("an exited instance is terminated with its code, reason, times and containerID; the previous one is lastState", () => {
  const first = makeInstance(aux, "exited", { exitCode: 1, created: 7, started: 7, finished: 9 });
  const second = makeInstance(aux, "exited", { exitCode: 2, created: 10, started: 10, finished: 12, restartCount: 1, id: "aux-1" });
  const st = gen(makeSnapshot(basePod(), [...up().slice(0, 3), first, second], { probes: upProbes }));
  const cs = byName(st.containerStatuses, "aux");
  assert.deepEqual(cs?.state, {
    terminated: { exitCode: 2, reason: "Error", startedAt: "2025-11-22T10:10:10Z", finishedAt: "2025-11-22T10:10:12Z", containerID: "crun://aux-1" },
  });
  assert.deepEqual(cs?.lastState, {
    terminated: { exitCode: 1, reason: "Error", startedAt: "2025-11-22T10:10:07Z", finishedAt: "2025-11-22T10:10:09Z", containerID: "crun://aux-0" },
  });
  assert.equal(cs?.restartCount, 1);
});

void test("a recorded start error shows as waiting when the container will be restarted; the terminated state moves to lastState", () => {
  const crashed = makeInstance(aux, "exited", { exitCode: 1, created: 7, started: 7, finished: 9 });
  const err: StartError = { reason: "CrashLoopBackOff", message: "back-off 10s restarting failed container=aux pod=web_default(uid-1)" };
  const st = gen(makeSnapshot(basePod(), [...up().slice(0, 3), crashed], { probes: upProbes, startErrors: new Map([["aux", err]]) }));
  const cs = byName(st.containerStatuses, "aux");
  assert.deepEqual(cs?.state, { waiting: { reason: "CrashLoopBackOff", message: err.message } });
  assert.equal(cs?.lastState.terminated?.exitCode, 1);
  assert.equal(st.phase, "Running");
});

void test("with restartPolicy Never a start error is not shown: the container stays terminated", () => {
  const pod = basePod();
  pod.spec.restartPolicy = "Never";
  const crashed = makeInstance(aux, "exited", { exitCode: 1, created: 7 });
  const st = gen(makeSnapshot(pod, [...up().slice(0, 3), crashed], { probes: upProbes, startErrors: new Map([["aux", { reason: "CrashLoopBackOff" as const, message: "x" }]]) }));
  assert.equal(byName(st.containerStatuses, "aux")?.state.terminated?.exitCode, 1);
});

void test("an instance in unknown state that was running before: terminated ContainerStatusUnknown, one more restart", () => {
  const previousStatus = gen(makeSnapshot(basePod(), up(), { probes: upProbes }));
  const lost = [...up().slice(0, 3), makeInstance(aux, "unknown", { created: 7 })];
  const cs = byName(gen(makeSnapshot(basePod(), lost, { probes: upProbes, previousStatus })).containerStatuses, "aux");
  assert.deepEqual(cs?.state, { terminated: { exitCode: 137, reason: "ContainerStatusUnknown", message: "The container could not be located when the pod was terminated" } });
  assert.equal(cs?.restartCount, 1);
});

void test("a terminated status is kept when the runtime record is gone", () => {
  const previousStatus = gen(makeSnapshot(basePod(), up(), { probes: upProbes }));
  const st = gen(makeSnapshot(basePod(), up().slice(1), { probes: upProbes, previousStatus }));
  assert.deepEqual(st.initContainerStatuses?.[0]?.state.terminated?.reason, "Completed");
  assert.equal(st.initContainerStatuses?.[0]?.ready, true);
});

void test("a terminal phase is never left, and its reason and message are kept", () => {
  const previousStatus: PodStatus = { phase: "Succeeded", reason: "Done", message: "all done" };
  const st = gen(makeSnapshot(basePod(), up(), { probes: upProbes, previousStatus }));
  assert.deepEqual([st.phase, st.reason, st.message], ["Succeeded", "Done", "all done"]);
});

void test("the API's terminal phase wins over a generated one", () => {
  const pod = basePod();
  pod.status = { phase: "Failed" };
  assert.equal(gen(makeSnapshot(pod, up(), { probes: upProbes })).phase, "Failed");
});

void test("addresses, startTime and qosClass", () => {
  const first = gen(makeSnapshot(basePod(), up(), { probes: upProbes, previousStatus: { qosClass: "BestEffort" } }));
  assert.deepEqual([first.hostIP, first.hostIPs, first.podIP, first.podIPs, first.startTime, first.qosClass], [
    "127.0.0.1", [{ ip: "127.0.0.1" }], "127.0.0.1", [{ ip: "127.0.0.1" }], "2025-11-22T10:20:00Z", "BestEffort",
  ]);
  const later = gen(makeSnapshot(basePod(), up(), { probes: upProbes, previousStatus: first, now: T0 + 900_000 }));
  assert.equal(later.startTime, "2025-11-22T10:20:00Z");
});

void test("podHasInitialized (1.33): a restarting sidecar after the mains ran keeps the pod Running", () => {
  const insts = [...up().filter((c) => c.name !== "side"), makeInstance(side, "running", { created: 8, restartCount: 1, id: "side-1" })];
  const st = gen(makeSnapshot(basePod(), insts, { probes: makeProbes({ "main-0": { readiness: "Success" } }) }));
  assert.equal(st.phase, "Running");
  assert.equal(st.conditions?.find((c) => c.type === "Initialized")?.status, "True");
});

void test("podIsTerminal: mains exited 0 and the sidecar killed with 137 → Succeeded", () => {
  const pod = basePod();
  const insts = [
    makeInstance(init, "exited", { created: 1 }), makeInstance(side, "exited", { created: 2, exitCode: 137 }),
    makeInstance(main, "exited", { created: 3 }), makeInstance(aux, "exited", { created: 4 }),
  ];
  const st = gen(makeSnapshot(pod, insts, { sandbox: { ...makeSnapshot(pod, []).sandbox!, state: "notready" } }), true);
  assert.equal(st.phase, "Succeeded");
  assert.equal(st.conditions?.find((c) => c.type === "PodReadyToStartContainers")?.status, "False");
});

void test("terminatePodStatus on an initialized pod: unterminated mains become ContainerStatusUnknown (137), Running → Failed", () => {
  const status = gen(makeSnapshot(basePod(), up(), { probes: upProbes }));
  const out = terminatePodStatus(status, basePod(), T0);
  assert.equal(out.phase, "Failed");
  for (const cs of out.containerStatuses ?? []) {
    assert.deepEqual(cs.state, { terminated: { exitCode: 137, reason: "ContainerStatusUnknown", message: "The container could not be located when the pod was terminated" } });
  }
  assert.equal(out.initContainerStatuses?.[0]?.state.terminated?.reason, "Completed", "terminated states are left alone");
  assert.equal(status.phase, "Running", "the input is not modified");
});

void test("terminatePodStatus during initialization: the running init container is marked, never-started containers keep waiting", () => {
  const status = gen(makeSnapshot(basePod(), [makeInstance(init, "running")]));
  const out = terminatePodStatus(status, basePod(), T0);
  assert.equal(out.phase, "Failed");
  assert.equal(out.initContainerStatuses?.[0]?.state.terminated?.reason, "ContainerStatusUnknown");
  assert.deepEqual(out.initContainerStatuses?.[1]?.state, { waiting: { reason: "PodInitializing" } });
  assert.deepEqual(out.containerStatuses?.map((c) => c.state), [{ waiting: { reason: "PodInitializing" } }, { waiting: { reason: "PodInitializing" } }]);
});

void test("terminatePodStatus keeps Succeeded", () => {
  assert.equal(terminatePodStatus({ phase: "Succeeded", containerStatuses: [] }, makePod(), T0).phase, "Succeeded");
});
