import { test } from "node:test";
import assert from "node:assert/strict";
import type { Deployment, ReplicaSet } from "../../api/apps.ts";
import type { IntOrString } from "../../api/core.ts";
import { makeDeployment, makeReplicaSet } from "../replicaset/make-apps-fixture.ts";
import { maxSurge, maxUnavailable, newRSNewReplicas, resolveFenceposts, scaledValue, setNewReplicaSetAnnotations } from "./deployment-util.ts";

void test("resolveFenceposts rounds maxSurge up and maxUnavailable down, and never gives 0/0", () => {
  const rows: [string, IntOrString, IntOrString, number, [number, number]][] = [
    ["25%/25% of 3", "25%", "25%", 3, [1, 0]],
    ["25%/25% of 10", "25%", "25%", 10, [3, 2]],
    ["25%/25% of 1", "25%", "25%", 1, [1, 0]],
    ["0/10% of 5 resolves to 0/0, so 0/1", 0, "10%", 5, [0, 1]],
    ["ints are taken as they are", 2, 3, 10, [2, 3]],
    ["100%/0 of 4", "100%", 0, 4, [4, 0]],
  ];
  for (const [name, surge, unavailable, desired, want] of rows) assert.deepEqual(resolveFenceposts(surge, unavailable, desired), want, name);
});

void test("scaledValue rejects a string that is not a percentage with intstr's text", () => {
  assert.throws(() => scaledValue("3", 10, true), /invalid value for IntOrString: invalid type: string is not a percentage/);
});

const withStrategy = (replicas: number, surge: IntOrString, unavailable: IntOrString): Deployment =>
  makeDeployment("web", replicas, (d) => { d.spec.strategy = { type: "RollingUpdate", rollingUpdate: { maxSurge: surge, maxUnavailable: unavailable } }; });
const rs = (name: string, replicas: number): ReplicaSet => makeReplicaSet(name, replicas);

void test("maxUnavailable is capped at replicas and 0 for Recreate or 0 replicas; maxSurge 0 for Recreate", () => {
  assert.equal(maxUnavailable(withStrategy(2, 0, 5)), 2);
  assert.equal(maxUnavailable(withStrategy(0, 1, 1)), 0);
  const recreate = makeDeployment("web", 3, (d) => { d.spec.strategy = { type: "Recreate" }; });
  assert.equal(maxUnavailable(recreate), 0);
  assert.equal(maxSurge(recreate), 0);
});

void test("newRSNewReplicas: the new ReplicaSet grows up to replicas + maxSurge pods in all", () => {
  const rows: [string, Deployment, ReplicaSet[], ReplicaSet, number][] = [
    ["surge 1: old 3 → new may take 1", withStrategy(3, 1, 0), [rs("old", 3)], rs("new", 0), 1],
    ["at the cap: stays", withStrategy(3, 1, 0), [rs("old", 3)], rs("new", 1), 1],
    ["old shrunk to 1: new 1 → 3", withStrategy(3, 1, 0), [rs("old", 1)], rs("new", 1), 3],
    ["never above replicas", withStrategy(3, "100%", 0), [rs("old", 0)], rs("new", 0), 3],
  ];
  for (const [name, d, olds, newRS, want] of rows) assert.equal(newRSNewReplicas(d, [...olds, newRS], newRS), want, name);
});

void test("setNewReplicaSetAnnotations copies the Deployment's annotations but the skipped ones, and keeps revision history", () => {
  const d = makeDeployment("web", 3, (x) => {
    x.spec.strategy = { type: "RollingUpdate", rollingUpdate: { maxSurge: "25%", maxUnavailable: "25%" } };
    x.metadata.annotations = { "kubernetes.io/change-cause": "v2", "deployment.kubernetes.io/revision": "7", "kubectl.kubernetes.io/last-applied-configuration": "{}" };
  });
  const created = rs("web-abc", 0);
  assert.equal(setNewReplicaSetAnnotations(d, created, 1, false), true);
  assert.deepEqual(created.metadata.annotations, {
    "kubernetes.io/change-cause": "v2", "deployment.kubernetes.io/revision": "1",
    "deployment.kubernetes.io/desired-replicas": "3", "deployment.kubernetes.io/max-replicas": "4",
  });
  assert.equal(setNewReplicaSetAnnotations(d, created, 1, true), false, "nothing changes the second time");
  assert.equal(setNewReplicaSetAnnotations(d, created, 4, true), true);
  const history = (): string | undefined => (created.metadata.annotations ?? {})["deployment.kubernetes.io/revision-history"];
  assert.equal(history(), "1");
  setNewReplicaSetAnnotations(d, created, 6, true);
  assert.equal(history(), "1,4");
});
