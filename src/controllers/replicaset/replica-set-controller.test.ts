import { test } from "node:test";
import assert from "node:assert/strict";
import type { Pod } from "../../api/core.ts";
import { makeAppsFixture, makeReplicaSet } from "./make-apps-fixture.ts";

const live = (pods: Pod[]): Pod[] => pods.filter((p) => !p.metadata.deletionTimestamp);

void test("a ReplicaSet of 3 creates 3 pods named <rs>-xxxxx with its labels and controller reference", async () => {
  const f = makeAppsFixture();
  const rs = await f.client.replicasets.create(makeReplicaSet("web", 3));
  assert.deepEqual(await f.rsController.reconcile("default", "web"), {});
  const pods = await f.pods();
  assert.equal(pods.length, 3);
  for (const pod of pods) {
    assert.match(pod.metadata.name ?? "", /^web-[a-z0-9]{5}$/);
    assert.equal(pod.metadata.generateName, "web-");
    assert.deepEqual(pod.metadata.labels, { app: "web" });
    assert.deepEqual(pod.metadata.ownerReferences, [
      { apiVersion: "apps/v1", kind: "ReplicaSet", name: "web", uid: rs.metadata.uid, controller: true, blockOwnerDeletion: true },
    ]);
  }
  // The status counts the pods seen at the start of the sync; the next sync sees the three.
  assert.deepEqual((await f.client.replicasets.get("default", "web")).status, { replicas: 0, observedGeneration: 1 });
  await f.rsController.reconcile("default", "web");
  assert.deepEqual((await f.client.replicasets.get("default", "web")).status, { replicas: 3, fullyLabeledReplicas: 3, observedGeneration: 1 });
  const names = pods.map((p) => p.metadata.name ?? "");
  assert.deepEqual((await f.events()).sort(), names.map((n) => `Normal SuccessfulCreate Created pod: ${n}`).sort());
});

void test("reconcile twice with nothing changed writes nothing", async () => {
  const f = makeAppsFixture();
  await f.client.replicasets.create(makeReplicaSet("web", 2));
  await f.converge();
  await f.runPods();
  await f.converge();
  const rv = f.store.currentResourceVersion();
  assert.deepEqual(await f.rsController.reconcile("default", "web"), {});
  assert.equal(f.store.currentResourceVersion(), rv);
  assert.deepEqual((await f.client.replicasets.get("default", "web")).status, {
    replicas: 2, fullyLabeledReplicas: 2, readyReplicas: 2, availableReplicas: 2, observedGeneration: 1,
  });
});

void test("scaling up a ReplicaSet creates pods; down deletes the not-ready first", async () => {
  const f = makeAppsFixture();
  await f.client.replicasets.create(makeReplicaSet("web", 3));
  await f.converge();
  const [a, b, c] = await f.pods();
  assert.ok(a && b && c);
  await f.clock.step(10_000);
  await f.runPods((p) => p.metadata.name !== b.metadata.name);
  await f.runPods((p) => p.metadata.name === b.metadata.name, false);
  await f.converge();

  const scale = async (replicas: number): Promise<void> => {
    const rs = await f.client.replicasets.get("default", "web");
    rs.spec.replicas = replicas;
    await f.client.replicasets.update(rs);
    await f.converge();
  };
  await scale(2);
  let pods = live(await f.pods());
  assert.deepEqual(pods.map((p) => p.metadata.name).sort(), [a.metadata.name, c.metadata.name].sort());
  assert.ok((await f.events()).includes(`Normal SuccessfulDelete Deleted pod: ${b.metadata.name ?? ""}`));

  await scale(4);
  pods = live(await f.pods());
  assert.equal(pods.length, 4);
  const rs = await f.client.replicasets.get("default", "web");
  assert.deepEqual(rs.status, { replicas: 4, fullyLabeledReplicas: 4, readyReplicas: 2, availableReplicas: 2, observedGeneration: 3 });
});

void test("scaling down among ready pods deletes the most recently ready first", async () => {
  const f = makeAppsFixture();
  await f.client.replicasets.create(makeReplicaSet("web", 2));
  await f.converge();
  const [first, second] = await f.pods();
  assert.ok(first && second);
  await f.runPods((p) => p.metadata.name === second.metadata.name);
  await f.clock.step(120_000); // log2 buckets apart: 2 min vs 0 s of readiness
  await f.runPods((p) => p.metadata.name === first.metadata.name);
  const rs = await f.client.replicasets.get("default", "web");
  rs.spec.replicas = 1;
  await f.client.replicasets.update(rs);
  await f.converge();
  assert.deepEqual(live(await f.pods()).map((p) => p.metadata.name), [second.metadata.name]);
});

void test("minReadySeconds: ready pods become available only after it, with a requeue for then", async () => {
  const f = makeAppsFixture();
  await f.client.replicasets.create(makeReplicaSet("web", 1, (rs) => { rs.spec.minReadySeconds = 10; }));
  await f.converge();
  await f.runPods();
  assert.deepEqual(await f.converge(), new Map([["replicaset/web", 10_000]]));
  assert.equal((await f.client.replicasets.get("default", "web")).status?.availableReplicas, undefined);
  await f.clock.step(10_001);
  await f.converge();
  assert.equal((await f.client.replicasets.get("default", "web")).status?.availableReplicas, 1);
});

void test("an orphan pod matching the selector is adopted; a pod relabeled out of it is released", async () => {
  const f = makeAppsFixture();
  const rs = await f.client.replicasets.create(makeReplicaSet("web", 1));
  await f.client.pods.create({
    metadata: { name: "stray", namespace: "default", labels: { app: "web" } },
    spec: { containers: [{ name: "nginx", image: "nginx:1.27" }] },
  });
  await f.converge();
  const stray = await f.client.pods.get("default", "stray");
  assert.equal(stray.metadata.ownerReferences?.[0]?.uid, rs.metadata.uid);
  assert.equal((await f.pods()).length, 1, "no pod created: the orphan counts");

  stray.metadata.labels = { app: "other" };
  await f.client.pods.update(stray);
  await f.converge();
  assert.deepEqual((await f.client.pods.get("default", "stray")).metadata.ownerReferences, []);
  assert.equal(live(await f.pods()).length, 2, "a replacement was created");
});
