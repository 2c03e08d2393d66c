// getPhase table: one base pod (regular init "init", sidecar "side", mains "a" and "b"),
// and per case the container statuses by shorthand.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { ContainerStatus, PodPhase, RestartPolicy } from "../../api/core.ts";
import { makePod, sidecar } from "./make-snapshot.ts";
import { getPhase } from "./phase.ts";

type Short = "none" | "waiting" | "running" | "started" | `exit:${number}` | `crashloop:${number}`;

function status(name: string, s: Short): ContainerStatus | undefined {
  const base: ContainerStatus = { name, state: {}, lastState: {}, ready: false, restartCount: 0, image: "", imageID: "" };
  if (s === "none") return undefined;
  if (s === "waiting") base.state = { waiting: { reason: "PodInitializing" } };
  else if (s === "running") { base.state = { running: {} }; base.started = false; }
  else if (s === "started") { base.state = { running: {} }; base.started = true; }
  else if (s.startsWith("exit:")) base.state = { terminated: { exitCode: Number(s.slice(5)) } };
  else { base.state = { waiting: { reason: "CrashLoopBackOff" } }; base.lastState = { terminated: { exitCode: Number(s.slice(10)) } }; }
  return base;
}

interface Case {
  name: string;
  policy?: RestartPolicy;
  init: Short;
  side: Short;
  a: Short;
  b: Short;
  terminal?: boolean;
  initialized?: boolean;
  want: PodPhase;
}

const cases: Case[] = [
  { name: "nothing started yet: Pending", init: "waiting", side: "waiting", a: "waiting", b: "waiting", want: "Pending" },
  { name: "regular init container running: Pending", init: "running", side: "waiting", a: "waiting", b: "waiting", want: "Pending" },
  { name: "regular init failed with Never: Failed", policy: "Never", init: "exit:1", side: "waiting", a: "waiting", b: "waiting", want: "Failed" },
  { name: "regular init crash-looping with Always: Pending", init: "crashloop:1", side: "waiting", a: "waiting", b: "waiting", want: "Pending" },
  { name: "regular init crash-looping with Never (waiting, last exit 1): Failed", policy: "Never", init: "crashloop:1", side: "waiting", a: "waiting", b: "waiting", want: "Failed" },
  { name: "sidecar running but not started before initialization: Pending", init: "exit:0", side: "running", a: "waiting", b: "waiting", want: "Pending" },
  { name: "sidecar started, mains not created yet: Pending", init: "exit:0", side: "started", a: "waiting", b: "waiting", want: "Pending" },
  { name: "one main running, the other never started: Pending", init: "exit:0", side: "started", a: "running", b: "waiting", want: "Pending" },
  { name: "everything running: Running", init: "exit:0", side: "started", a: "running", b: "running", want: "Running", initialized: true },
  {
    name: "sidecar restarting (not started) after initialization: still Running", init: "exit:0", side: "running", a: "running", b: "running",
    initialized: true, want: "Running",
  },
  { name: "sidecar crash-looping after initialization: still Running", init: "exit:0", side: "crashloop:1", a: "running", b: "running", initialized: true, want: "Running" },
  { name: "mains finished, sidecar still running: Running until it stops", policy: "Never", init: "exit:0", side: "started", a: "exit:0", b: "exit:0", want: "Running" },
  { name: "mains exited 0, sidecar killed (137), Never: Succeeded", policy: "Never", init: "exit:0", side: "exit:137", a: "exit:0", b: "exit:0", want: "Succeeded" },
  { name: "a main exited 1, Never: Failed", policy: "Never", init: "exit:0", side: "exit:137", a: "exit:0", b: "exit:1", want: "Failed" },
  { name: "a main exited 1, OnFailure: Running (restarting)", policy: "OnFailure", init: "exit:0", side: "exit:137", a: "exit:0", b: "exit:1", want: "Running" },
  { name: "mains exited 0 with Always: Running (restarting)", init: "exit:0", side: "exit:137", a: "exit:0", b: "exit:0", want: "Running" },
  { name: "terminal pod with Always, mains exited 0: Succeeded", init: "exit:0", side: "exit:143", a: "exit:0", b: "exit:0", terminal: true, want: "Succeeded" },
  { name: "terminal pod, a main exited 137: Failed", init: "exit:0", side: "exit:0", a: "exit:0", b: "exit:137", terminal: true, want: "Failed" },
  { name: "main crash-looping (waiting, last terminated) with Always: Running", init: "exit:0", side: "started", a: "crashloop:1", b: "running", want: "Running" },
  { name: "a main has no status at all: Pending", init: "exit:0", side: "started", a: "running", b: "none", want: "Pending" },
];

for (const tc of cases) {
  void test(tc.name, () => {
    const pod = makePod({
      restartPolicy: tc.policy ?? "Always",
      initContainers: [{ name: "init", image: "x" }, sidecar("side")],
      containers: [{ name: "a", image: "x" }, { name: "b", image: "x" }],
    });
    const statuses = [status("init", tc.init), status("side", tc.side), status("a", tc.a), status("b", tc.b)].filter((s) => s !== undefined);
    assert.equal(getPhase({ pod, statuses, podIsTerminal: tc.terminal ?? false, podHasInitialized: tc.initialized ?? false }), tc.want);
  });
}
