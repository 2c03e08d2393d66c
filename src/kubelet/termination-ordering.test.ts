import assert from "node:assert/strict";
import { test } from "node:test";
import { FakeClock } from "../machinery/fake-clock.ts";
import { TerminationOrdering } from "./termination-ordering.ts";
import { drive } from "./test-support/drive.ts";
import { makePod } from "./test-support/make-pod.ts";

// init: sc1 (sidecar), setup (regular), sc2 (sidecar), sc3 (sidecar); mains: a, b.
const pod = makePod({
  initContainers: [{ name: "sc1", restartPolicy: "Always" }, { name: "setup" }, { name: "sc2", restartPolicy: "Always" }, { name: "sc3", restartPolicy: "Always" }],
  containers: [{ name: "a" }, { name: "b" }],
});

void test("mains and regular init containers wait for nothing", async () => {
  const clock = new FakeClock();
  const o = new TerminationOrdering({ clock, pod, runningContainerNames: ["sc1", "sc2", "sc3", "a", "b", "setup"] });
  assert.equal(await o.waitForTurn("a", 30_000), 0);
  assert.equal(await o.waitForTurn("setup", 30_000), 0);
});

void test("sidecars are released in reverse order after all mains terminated", async () => {
  const clock = new FakeClock();
  const o = new TerminationOrdering({ clock, pod, runningContainerNames: ["sc1", "sc2", "sc3", "a", "b"] });
  const released: string[] = [];
  for (const name of ["sc1", "sc2", "sc3"]) void o.waitForTurn(name, 60_000).then(() => { released.push(name); });
  clock.setTimer(1_000, () => { o.containerTerminated("a"); });
  clock.setTimer(2_000, () => { o.containerTerminated("b"); });
  await clock.step(2_000);
  assert.deepEqual(released, ["sc3"], "sc3 waits for the mains only");
  o.containerTerminated("sc3");
  await clock.step(1);
  assert.deepEqual(released, ["sc3", "sc2"]);
  o.containerTerminated("sc2");
  await clock.step(1);
  assert.deepEqual(released, ["sc3", "sc2", "sc1"], "the regular init container between them is not waited for");
});

void test("containers that are not running do not hold anyone up", async () => {
  const clock = new FakeClock();
  const o = new TerminationOrdering({ clock, pod, runningContainerNames: ["sc1", "b"] });
  const waited = o.waitForTurn("sc1", 60_000);
  clock.setTimer(3_000, () => { o.containerTerminated("b"); });
  assert.equal(await drive(clock, waited), 3_000);
});

void test("a sidecar waits at most maxMs for its turn", async () => {
  const clock = new FakeClock();
  const o = new TerminationOrdering({ clock, pod, runningContainerNames: ["sc3", "a"] });
  assert.equal(await drive(clock, o.waitForTurn("sc3", 7_000)), 7_000);
  assert.equal(await o.waitForTurn("sc3", 0), 0, "no grace left: no wait");
  assert.equal(clock.hasWaiters(), false, "the grace timer is cancelled");
});
