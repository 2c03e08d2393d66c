import { test } from "node:test";
import assert from "node:assert/strict";
import type { Pod } from "../../api/core.ts";
import { rfc3339 } from "../../machinery/clock.ts";
import { podsToDelete } from "./pods-to-delete.ts";

const NOW = Date.UTC(2025, 10, 22, 12, 0, 0);

function pod(name: string, mutate: (p: Pod) => void = () => undefined): Pod {
  const p: Pod = {
    metadata: { name, uid: name, creationTimestamp: rfc3339(NOW - 3_600_000) },
    spec: { nodeName: "pillion", containers: [{ name: "c", image: "i" }] },
    status: { phase: "Running", conditions: [{ type: "Ready", status: "True", lastProbeTime: null, lastTransitionTime: rfc3339(NOW - 3_600_000) }] },
  };
  mutate(p);
  return p;
}
const notReady = (p: Pod): void => { p.status = { phase: "Running", conditions: [{ type: "Ready", status: "False", lastProbeTime: null, lastTransitionTime: null }] }; };

void test("podsToDelete ranks the most expendable pod first (ActivePodsWithRanks)", () => {
  const rows: [string, Pod, Pod][] = [
    ["unscheduled before scheduled", pod("a", (p) => { delete p.spec.nodeName; }), pod("b")],
    ["pending before running", pod("a", (p) => { p.status = { phase: "Pending" }; }), pod("b")],
    ["not ready before ready", pod("a", notReady), pod("b")],
    ["lower pod-deletion-cost first", pod("a", (p) => { p.metadata.annotations = { "controller.kubernetes.io/pod-deletion-cost": "-5" }; }), pod("b")],
    ["ready more recently first", pod("a", (p) => { const c = p.status?.conditions?.[0]; if (c) c.lastTransitionTime = rfc3339(NOW - 10_000); }), pod("b")],
    ["more restarts first", pod("a", (p) => { p.status = { ...p.status, containerStatuses: [{ name: "c", restartCount: 4, ready: true, image: "i", imageID: "", state: {}, lastState: {} }] }; }), pod("b")],
    ["newer first among equals", pod("a", (p) => { p.metadata.creationTimestamp = rfc3339(NOW - 5_000); const c = p.status?.conditions?.[0]; if (c) c.lastTransitionTime = null; }), pod("b", (p) => { const c = p.status?.conditions?.[0]; if (c) c.lastTransitionTime = null; })],
  ];
  for (const [name, first, second] of rows) {
    assert.deepEqual(podsToDelete([second, first], [], 1, NOW).map((p) => p.metadata.name), ["a"], name);
    assert.deepEqual(podsToDelete([first, second], [], 1, NOW).map((p) => p.metadata.name), ["a"], `${name} (either order)`);
  }
});

void test("podsToDelete: pods of the same age bucket tie-break on uid; all pods when diff covers them", () => {
  const a = pod("a", (p) => { p.metadata.creationTimestamp = rfc3339(NOW - 3_000_000); });
  const b = pod("b");
  assert.deepEqual(podsToDelete([b, a], [], 1, NOW).map((p) => p.metadata.name), ["a"]);
  assert.equal(podsToDelete([a, b], [], 5, NOW).length, 2);
});
