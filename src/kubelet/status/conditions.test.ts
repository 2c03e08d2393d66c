import assert from "node:assert/strict";
import { test } from "node:test";
import type { ContainerStatus, Pod, PodCondition, PodPhase } from "../../api/core.ts";
import { generateConditions } from "./conditions.ts";
import { makePod, sidecar } from "./make-snapshot.ts";

const NOW = "2025-11-22T10:20:00Z";
const EARLIER = "2025-11-22T10:10:00Z";

function st(name: string, p: Partial<ContainerStatus>): ContainerStatus {
  return { name, state: { waiting: { reason: "PodInitializing" } }, lastState: {}, ready: false, restartCount: 0, image: "", imageID: "", ...p };
}
const done = (name: string): ContainerStatus => st(name, { state: { terminated: { exitCode: 0 } }, ready: true });
const running = (name: string, ready: boolean): ContainerStatus => st(name, { state: { running: {} }, started: true, ready });

function conds(pod: Pod, statuses: ContainerStatus[], phase: PodPhase, previous?: PodCondition[]): PodCondition[] {
  return generateConditions({ pod, statuses, phase, sandboxReady: true, foreign: [], previous, now: NOW });
}
function pick(cs: PodCondition[], type: string): Pick<PodCondition, "status" | "reason" | "message"> | undefined {
  const c = cs.find((x) => x.type === type);
  if (!c) return undefined;
  const out: Pick<PodCondition, "status" | "reason" | "message"> = { status: c.status };
  if (c.reason !== undefined) out.reason = c.reason;
  if (c.message !== undefined) out.message = c.message;
  return out;
}

const twoInits = (policy: "Always" | "Never"): Pod =>
  makePod({ restartPolicy: policy, initContainers: [{ name: "init1", image: "x" }, { name: "init2", image: "x" }] });
const withSidecar = (): Pod => makePod({ initContainers: [sidecar("sidecar1")], containers: [{ name: "main", image: "x" }] });

const cases: { name: string; pod: () => Pod; statuses: ContainerStatus[]; phase: PodPhase; type: string; want: ReturnType<typeof pick> }[] = [
  {
    name: "Always pod whose first init container crash-loops: containers with incomplete status: [init1 init2]", pod: () => twoInits("Always"),
    statuses: [st("init1", { state: { waiting: { reason: "CrashLoopBackOff" } }, lastState: { terminated: { exitCode: 1 } } }), st("init2", {}), st("main", {})],
    phase: "Pending", type: "Initialized", want: { status: "False", reason: "ContainersNotInitialized", message: "containers with incomplete status: [init1 init2]" },
  },
  {
    name: "Never pod whose second init container failed: containers with incomplete status: [init2]", pod: () => twoInits("Never"),
    statuses: [done("init1"), st("init2", { state: { terminated: { exitCode: 1 } } }), st("main", {})],
    phase: "Failed", type: "Initialized", want: { status: "False", reason: "ContainersNotInitialized", message: "containers with incomplete status: [init2]" },
  },
  { name: "a started sidecar counts as initialized", pod: withSidecar, statuses: [running("sidecar1", false), st("main", {})], phase: "Pending", type: "Initialized", want: { status: "True" } },
  {
    name: "a running but not started sidecar is incomplete", pod: withSidecar, statuses: [st("sidecar1", { state: { running: {} }, started: false }), st("main", {})],
    phase: "Pending", type: "Initialized", want: { status: "False", reason: "ContainersNotInitialized", message: "containers with incomplete status: [sidecar1]" },
  },
  {
    name: "once a main container ran, a crashing sidecar does not un-initialize the pod", pod: withSidecar,
    statuses: [st("sidecar1", { state: { waiting: { reason: "CrashLoopBackOff" } } }), running("main", true)], phase: "Running", type: "Initialized", want: { status: "True" },
  },
  { name: "Succeeded pod: Initialized True with reason PodCompleted", pod: withSidecar, statuses: [st("sidecar1", { state: { terminated: { exitCode: 137 } } }), done("main")], phase: "Succeeded", type: "Initialized", want: { status: "True", reason: "PodCompleted" } },
  { name: "pod without init containers that Succeeded: Initialized True PodCompleted", pod: () => makePod(), statuses: [done("main")], phase: "Succeeded", type: "Initialized", want: { status: "True", reason: "PodCompleted" } },
  { name: "pod without init containers: Initialized True", pod: () => makePod(), statuses: [st("main", { state: { waiting: { reason: "ContainerCreating" } } })], phase: "Pending", type: "Initialized", want: { status: "True" } },
  {
    name: "unready sidecar and main: containers with unready status: [sidecar1 main]", pod: withSidecar, statuses: [running("sidecar1", false), running("main", false)],
    phase: "Running", type: "ContainersReady", want: { status: "False", reason: "ContainersNotReady", message: "containers with unready status: [sidecar1 main]" },
  },
  {
    name: "Ready repeats ContainersReady's verdict", pod: withSidecar, statuses: [running("sidecar1", false), running("main", true)],
    phase: "Running", type: "Ready", want: { status: "False", reason: "ContainersNotReady", message: "containers with unready status: [sidecar1]" },
  },
  { name: "every sidecar and main ready: Ready True", pod: withSidecar, statuses: [running("sidecar1", true), running("main", true)], phase: "Running", type: "Ready", want: { status: "True" } },
  {
    name: "missing status: containers with unknown status", pod: withSidecar, statuses: [running("sidecar1", true)], phase: "Pending", type: "ContainersReady",
    want: { status: "False", reason: "ContainersNotReady", message: "containers with unknown status: [main]" },
  },
  { name: "Succeeded pod: ContainersReady False PodCompleted", pod: withSidecar, statuses: [running("sidecar1", true), done("main")], phase: "Succeeded", type: "ContainersReady", want: { status: "False", reason: "PodCompleted" } },
  { name: "Succeeded pod: Ready False PodCompleted", pod: withSidecar, statuses: [running("sidecar1", true), done("main")], phase: "Succeeded", type: "Ready", want: { status: "False", reason: "PodCompleted" } },
  { name: "Failed pod: ContainersReady False PodFailed even if all are ready", pod: withSidecar, statuses: [running("sidecar1", true), running("main", true)], phase: "Failed", type: "ContainersReady", want: { status: "False", reason: "PodFailed" } },
  {
    name: "readiness gate without its condition: ReadinessGatesNotReady", pod: () => ({ ...makePod({ readinessGates: [{ conditionType: "example.com/lb" }] }) }),
    statuses: [running("main", true)], phase: "Running", type: "Ready",
    want: { status: "False", reason: "ReadinessGatesNotReady", message: `corresponding condition of pod readiness gate "example.com/lb" does not exist.` },
  },
];

for (const tc of cases) {
  void test(tc.name, () => assert.deepEqual(pick(conds(tc.pod(), tc.statuses, tc.phase), tc.type), tc.want));
}

void test("readiness gate whose condition is False: its status is quoted in the message", () => {
  const pod = makePod({ readinessGates: [{ conditionType: "example.com/lb" }] });
  const foreign: PodCondition[] = [{ type: "example.com/lb", status: "False", lastProbeTime: null, lastTransitionTime: EARLIER }];
  const cs = generateConditions({ pod, statuses: [running("main", true)], phase: "Running", sandboxReady: true, foreign, previous: undefined, now: NOW });
  assert.equal(cs.find((c) => c.type === "Ready")?.message, `the status of pod readiness gate "example.com/lb" is not "True", but False`);
  assert.deepEqual(cs.map((c) => c.type), ["example.com/lb", "PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled"]);
});

void test("conditions come in generateAPIPodStatus' order with a null lastProbeTime", () => {
  const cs = conds(withSidecar(), [running("sidecar1", true), running("main", true)], "Running");
  assert.deepEqual(cs.map((c) => [c.type, c.status, c.lastProbeTime]), [
    ["PodReadyToStartContainers", "True", null], ["Initialized", "True", null], ["Ready", "True", null], ["ContainersReady", "True", null], ["PodScheduled", "True", null],
  ]);
});

void test("lastTransitionTime is kept while the status is unchanged and moves when it changes", () => {
  const previous: PodCondition[] = [
    { type: "Initialized", status: "True", lastProbeTime: null, lastTransitionTime: EARLIER },
    { type: "Ready", status: "False", lastProbeTime: null, lastTransitionTime: EARLIER, reason: "ContainersNotReady" },
  ];
  const cs = conds(withSidecar(), [running("sidecar1", true), running("main", true)], "Running", previous);
  assert.equal(cs.find((c) => c.type === "Initialized")?.lastTransitionTime, EARLIER);
  assert.equal(cs.find((c) => c.type === "Ready")?.lastTransitionTime, NOW);
  assert.equal(cs.find((c) => c.type === "PodScheduled")?.lastTransitionTime, NOW);
});

void test("without a ready sandbox PodReadyToStartContainers is False", () => {
  const cs = generateConditions({ pod: makePod(), statuses: [], phase: "Pending", sandboxReady: false, foreign: [], previous: undefined, now: NOW });
  assert.equal(cs[0]?.type, "PodReadyToStartContainers");
  assert.equal(cs[0]?.status, "False");
});
