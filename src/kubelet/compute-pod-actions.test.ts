// Table tests for computePodActions, in the shape of Kubernetes'
// TestComputePodActionsWithRestartableInitContainers: one base pod (a regular init
// container, two sidecars — the first with a startup probe — and one main container), and
// for each case a sentence, the runtime instances (and probe results, pod changes), and the
// expected plan.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { Container, Pod } from "../api/core.ts";
import type { RuntimeContainer } from "../runtime/runtime.ts";
import { computePodActions } from "./compute-pod-actions.ts";
import { makeInstance, makePod, makeProbes, makeSnapshot, sidecar } from "./status/make-snapshot.ts";
import type { ProbeResult, ProbeType } from "./types.ts";

const initConfig: Container = { name: "init-config", image: "busybox:1.36" };
const sidecar1 = sidecar("sidecar-1", { startupProbe: { exec: { command: ["true"] } } });
const sidecar2 = sidecar("sidecar-2");
const main: Container = { name: "main", image: "busybox:1.36" };

function basePod(): Pod {
  return makePod({ initContainers: [initConfig, sidecar1, sidecar2], containers: [main] });
}

const running = (c: Container, o = {}): RuntimeContainer => makeInstance(c, "running", o);
const exited = (c: Container, exitCode: number, o = {}): RuntimeContainer => makeInstance(c, "exited", { exitCode, ...o });
/** init-config done, both sidecars running (sidecar-1 started), main running. */
const allUp = (): RuntimeContainer[] => [exited(initConfig, 0), running(sidecar1), running(sidecar2), running(main)];
const started1 = { "sidecar-1-0": { startup: "Success" as const } };

interface Expect {
  killPod?: boolean;
  createSandbox?: boolean;
  init?: number[];
  start?: number[];
  kills?: string[];
  initialized?: boolean;
}

interface Case {
  name: string;
  mutate?: (pod: Pod) => void;
  instances: () => RuntimeContainer[];
  probes?: Record<string, Partial<Record<ProbeType, ProbeResult>>>;
  sandbox?: "none" | "notready";
  expect: Expect;
}

const cases: Case[] = [
  { name: "new pod without a sandbox: create it and start the first init container", sandbox: "none", instances: () => [], expect: { createSandbox: true, init: [0] } },
  {
    name: "pod without init containers and no sandbox: create it and start every main container", sandbox: "none",
    mutate: (p) => { delete p.spec.initContainers; p.spec.containers = [main, { name: "b", image: "x" }]; },
    instances: () => [], expect: { createSandbox: true, start: [0, 1], initialized: false },
  },
  { name: "sandbox ready, nothing ran yet: start the first init container", instances: () => [], expect: { init: [0] } },
  { name: "regular init container running: wait for it", instances: () => [running(initConfig)], expect: {} },
  { name: "regular init container exited 0: start the first sidecar", instances: () => [exited(initConfig, 0)], expect: { init: [1] } },
  { name: "regular init container created but not started: start it again", instances: () => [makeInstance(initConfig, "created")], expect: { init: [0] } },
  { name: "regular init exited 1 with restartPolicy Always: restart it", instances: () => [exited(initConfig, 1)], expect: { init: [0] } },
  { name: "regular init exited 1 with restartPolicy OnFailure: restart it", mutate: (p) => { p.spec.restartPolicy = "OnFailure"; }, instances: () => [exited(initConfig, 1)], expect: { init: [0] } },
  { name: "regular init exited 1 with restartPolicy Never: kill pod", mutate: (p) => { p.spec.restartPolicy = "Never"; }, instances: () => [exited(initConfig, 1)], expect: { killPod: true } },
  { name: "regular init OOM-killed with restartPolicy Never: kill pod", mutate: (p) => { p.spec.restartPolicy = "Never"; }, instances: () => [exited(initConfig, 137, { reason: "OOMKilled" })], expect: { killPod: true } },
  { name: "regular init in unknown state with Never: kill pod", mutate: (p) => { p.spec.restartPolicy = "Never"; }, instances: () => [makeInstance(initConfig, "unknown")], expect: { killPod: true } },
  {
    name: "regular init in unknown state with Always: kill it and start it again", instances: () => [makeInstance(initConfig, "unknown")],
    expect: { init: [0], kills: [`Init container is in "unknown" state, try killing it before restart`] },
  },
  { name: "sidecar with startup probe not yet probed: next init container not started", instances: () => [exited(initConfig, 0), running(sidecar1)], expect: {} },
  {
    name: "sidecar with startup probe not yet succeeded: next init container not started", instances: () => [exited(initConfig, 0), running(sidecar1)],
    probes: { "sidecar-1-0": { startup: "Unknown" } }, expect: {},
  },
  {
    name: "sidecar failed its startup probe: killed and restarted, next not started", instances: () => [exited(initConfig, 0), running(sidecar1)],
    probes: { "sidecar-1-0": { startup: "Failure" } }, expect: { init: [1], kills: ["Init container sidecar-1 failed startup probe"] },
  },
  { name: "sidecar started: next init container started", instances: () => [exited(initConfig, 0), running(sidecar1)], probes: started1, expect: { init: [2] } },
  {
    name: "last sidecar running without startup probe: initialized, main container started", instances: () => [exited(initConfig, 0), running(sidecar1), running(sidecar2)],
    probes: started1, expect: { start: [0], initialized: true },
  },
  { name: "sidecar exited during init: restarted and next not started", instances: () => [exited(initConfig, 0), exited(sidecar1, 1)], expect: { init: [1] } },
  {
    name: "sidecar exited 0 during init with restartPolicy Never: still restarted", mutate: (p) => { p.spec.restartPolicy = "Never"; },
    instances: () => [exited(initConfig, 0), exited(sidecar1, 0)], expect: { init: [1] },
  },
  {
    name: "sidecar failing liveness during init: restarted, and the next init container still starts",
    mutate: (p) => { p.spec.initContainers = [initConfig, { ...sidecar1, livenessProbe: { exec: { command: ["true"] } } }, sidecar2]; },
    instances: () => [exited(initConfig, 0), running(sidecar1)], probes: { "sidecar-1-0": { startup: "Success", liveness: "Failure" } },
    expect: { init: [1, 2], kills: ["Init container sidecar-1 failed liveness probe"] },
  },
  {
    name: "sidecar failing liveness after init: killed and restarted, main untouched",
    mutate: (p) => { p.spec.initContainers = [initConfig, { ...sidecar1, livenessProbe: { exec: { command: ["true"] } } }, sidecar2]; },
    instances: allUp, probes: { "sidecar-1-0": { startup: "Success", liveness: "Failure" } },
    expect: { init: [1], kills: ["Init container sidecar-1 failed liveness probe"], initialized: true },
  },
  {
    name: "sidecar image changed: killed and restarted", instances: () => [exited(initConfig, 0), running(sidecar1, { image: "busybox:1.35" }), running(sidecar2), running(main)],
    probes: started1, expect: { init: [1], kills: ["Init container sidecar-1 definition changed"], initialized: true },
  },
  {
    name: "completed regular init container image changed: not re-run", instances: () => [exited(initConfig, 0, { image: "busybox:1.35" }), running(sidecar1), running(sidecar2), running(main)],
    probes: started1, expect: { initialized: true },
  },
  { name: "everything running: keep everything", instances: allUp, probes: started1, expect: { initialized: true } },
  { name: "sidecar record lost after initialization: re-created", instances: () => [exited(initConfig, 0), running(sidecar1), running(main)], probes: started1, expect: { init: [2], initialized: true } },
  { name: "regular init record lost after initialization: not re-run", instances: () => [running(sidecar1), running(sidecar2), running(main)], probes: started1, expect: { initialized: true } },
  {
    name: "main failed liveness with Always: killed and restarted", instances: allUp, probes: { ...started1, "main-0": { liveness: "Failure" } },
    expect: { start: [0], kills: ["Container main failed liveness probe, will be restarted"], initialized: true },
  },
  {
    name: "main failed liveness with Never: killed, not restarted, the pod is killed", mutate: (p) => { p.spec.restartPolicy = "Never"; },
    instances: allUp, probes: { ...started1, "main-0": { liveness: "Failure" } },
    expect: { killPod: true, kills: ["Container main failed liveness probe"], initialized: true },
  },
  {
    name: "main failed startup probe with OnFailure: killed and restarted", mutate: (p) => { p.spec.restartPolicy = "OnFailure"; },
    instances: allUp, probes: { ...started1, "main-0": { startup: "Failure" } },
    expect: { start: [0], kills: ["Container main failed startup probe, will be restarted"], initialized: true },
  },
  {
    name: "main image changed: restart even with Never", mutate: (p) => { p.spec.restartPolicy = "Never"; p.spec.containers = [{ ...main, image: "busybox:1.37" }]; },
    instances: allUp, probes: started1, expect: { start: [0], kills: ["Container main definition changed, will be restarted"], initialized: true },
  },
  {
    name: "main completed with Never and sidecars running: killPod", mutate: (p) => { p.spec.restartPolicy = "Never"; },
    instances: () => [exited(initConfig, 0), running(sidecar1), running(sidecar2), exited(main, 0)], probes: started1, expect: { killPod: true },
  },
  {
    name: "main completed with OnFailure and sidecars running: killPod", mutate: (p) => { p.spec.restartPolicy = "OnFailure"; },
    instances: () => [exited(initConfig, 0), running(sidecar1), running(sidecar2), exited(main, 0)], probes: started1, expect: { killPod: true },
  },
  {
    // Exited mains do not prove initialization (the reboot workaround), so the last sidecar
    // is brought back first; the next sync then sees it running and kills the pod.
    name: "main completed while the last sidecar is down: the sidecar is restarted first", mutate: (p) => { p.spec.restartPolicy = "Never"; },
    instances: () => [exited(initConfig, 0), running(sidecar1), exited(sidecar2, 1), exited(main, 0)], probes: started1, expect: { init: [2] },
  },
  { name: "main exited 0 with Always: restarted", instances: () => [exited(initConfig, 0), running(sidecar1), running(sidecar2), exited(main, 0)], probes: started1, expect: { start: [0] } },
  {
    name: "main exited 1 with OnFailure: restarted", mutate: (p) => { p.spec.restartPolicy = "OnFailure"; },
    instances: () => [exited(initConfig, 0), running(sidecar1), running(sidecar2), exited(main, 1)], probes: started1, expect: { start: [0] },
  },
  {
    name: "main in unknown state: killed, then started", instances: () => [exited(initConfig, 0), running(sidecar1), running(sidecar2), makeInstance(main, "unknown")],
    probes: started1, expect: { start: [0], kills: [`Container is in "unknown" state, try killing it before restart`] },
  },
  {
    name: "one main completed with Never, another still running: keep the pod", mutate: (p) => { p.spec.restartPolicy = "Never"; p.spec.containers = [main, { name: "web", image: "nginx" }]; },
    instances: () => [exited(initConfig, 0), running(sidecar1), running(sidecar2), exited(main, 0), running({ name: "web", image: "nginx" })], probes: started1,
    expect: { initialized: true },
  },
  {
    name: "pod with a deletionTimestamp: nothing restarted, the pod is killed", mutate: (p) => { p.metadata.deletionTimestamp = "2025-11-22T10:20:00Z"; },
    instances: () => [exited(initConfig, 0), exited(sidecar1, 1), running(sidecar2), exited(main, 1)], probes: started1, expect: { killPod: true },
  },
  {
    name: "sandbox not ready, Always pod: kill it and start again from the first init container", sandbox: "notready",
    instances: allUp, expect: { killPod: true, createSandbox: true, init: [0] },
  },
  {
    name: "sandbox not ready, Never pod that already ran: kill it, no new sandbox", sandbox: "notready", mutate: (p) => { p.spec.restartPolicy = "Never"; },
    instances: allUp, expect: { killPod: true },
  },
  {
    name: "sandbox not ready, OnFailure pod whose main succeeded: kill it, no new sandbox", sandbox: "notready", mutate: (p) => { p.spec.restartPolicy = "OnFailure"; },
    instances: () => [exited(initConfig, 0), exited(sidecar1, 137), exited(sidecar2, 137), exited(main, 0)], expect: { killPod: true },
  },
  {
    name: "sandbox not ready, Never pod that never created a container: create a sandbox", sandbox: "notready", mutate: (p) => { p.spec.restartPolicy = "Never"; },
    instances: () => [], expect: { createSandbox: true, init: [0] },
  },
  {
    name: "sandbox not ready and nothing of it runs any more, Always pod: create a new sandbox without a kill", sandbox: "notready",
    instances: () => [exited(initConfig, 0), exited(sidecar1, 137), exited(sidecar2, 137), exited(main, 0)], expect: { createSandbox: true, init: [0] },
  },
];

for (const tc of cases) {
  void test(tc.name, () => {
    const pod = basePod();
    tc.mutate?.(pod);
    const s = makeSnapshot(pod, tc.instances(), { probes: makeProbes(tc.probes) });
    if (tc.sandbox === "none") delete s.sandbox;
    if (tc.sandbox === "notready" && s.sandbox) s.sandbox = { ...s.sandbox, state: "notready" };
    const got = computePodActions(s);
    assert.deepEqual(
      {
        killPod: got.killPod, createSandbox: got.createSandbox, init: got.initContainersToStart, start: got.containersToStart,
        kills: got.containersToKill.map((k) => k.message),
      },
      {
        killPod: tc.expect.killPod ?? false, createSandbox: tc.expect.createSandbox ?? false, init: tc.expect.init ?? [], start: tc.expect.start ?? [],
        kills: tc.expect.kills ?? [],
      },
    );
    if (tc.expect.initialized !== undefined) assert.equal(got.podHasInitialized, tc.expect.initialized);
  });
}

void test("a kill names the instance, the container and the reason", () => {
  const pod = basePod();
  const s = makeSnapshot(pod, allUp(), { probes: makeProbes({ ...started1, "main-0": { liveness: "Failure" } }) });
  const [k] = computePodActions(s).containersToKill;
  assert.deepEqual(k && { id: k.containerId, name: k.name, reason: k.reason, spec: k.container }, { id: "main-0", name: "main", reason: "LivenessProbe", spec: main });
});
