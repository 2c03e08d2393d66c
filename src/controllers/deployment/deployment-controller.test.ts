import { test } from "node:test";
import assert from "node:assert/strict";
import type { Deployment } from "../../api/apps.ts";
import type { Pod } from "../../api/core.ts";
import { rfc3339 } from "../../machinery/clock.ts";
import { computeHash } from "../pod-template-hash.ts";
import { type AppsFixture, makeAppsFixture, makeDeployment } from "../replicaset/make-apps-fixture.ts";
import { rolloutStatus } from "./rollout-status.ts";

const live = (pods: Pod[]): Pod[] => pods.filter((p) => !p.metadata.deletionTimestamp);
const isReady = (p: Pod): boolean => (p.status?.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True");

async function setImage(f: AppsFixture, name: string, image: string): Promise<void> {
  const d = await f.client.deployments.get("default", name);
  const c = d.spec.template.spec.containers[0];
  if (c) c.image = image;
  await f.client.deployments.update(d);
}

/** Creates the Deployment and brings it to a finished rollout with ready pods. */
async function rolledOut(f: AppsFixture, d: Deployment): Promise<Deployment> {
  await f.client.deployments.create(d);
  await f.converge();
  await f.runPods();
  await f.converge();
  return f.client.deployments.get("default", d.metadata.name ?? "");
}

void test("a Deployment of 3 creates a ReplicaSet named with the pod-template hash and 3 pods", async () => {
  const f = makeAppsFixture();
  const created = await f.client.deployments.create(makeDeployment("web", 3));
  await f.converge();
  const hash = computeHash(created.spec.template);
  const [rs, ...others] = await f.replicaSets();
  assert.ok(rs);
  assert.equal(others.length, 0);
  assert.equal(rs.metadata.name, `web-${hash}`);
  assert.deepEqual(rs.metadata.labels, { app: "web", "pod-template-hash": hash });
  assert.deepEqual(rs.spec.selector, { matchLabels: { app: "web", "pod-template-hash": hash } });
  assert.deepEqual(rs.metadata.annotations, {
    "deployment.kubernetes.io/desired-replicas": "3", "deployment.kubernetes.io/max-replicas": "4", "deployment.kubernetes.io/revision": "1",
  });
  assert.deepEqual(rs.metadata.ownerReferences, [
    { apiVersion: "apps/v1", kind: "Deployment", name: "web", uid: created.metadata.uid, controller: true, blockOwnerDeletion: true },
  ]);
  const pods = await f.pods();
  assert.equal(pods.length, 3);
  for (const p of pods) {
    assert.match(p.metadata.name ?? "", new RegExp(`^web-${hash}-[a-z0-9]{5}$`));
    assert.deepEqual(p.metadata.labels, { app: "web", "pod-template-hash": hash });
  }
  let d = await f.client.deployments.get("default", "web");
  assert.equal(d.metadata.annotations?.["deployment.kubernetes.io/revision"], "1");
  assert.deepEqual(rolloutStatus(d).message, 'Waiting for deployment "web" rollout to finish: 0 of 3 updated replicas are available...');

  await f.clock.step(5_000);
  await f.runPods();
  await f.converge();
  d = await f.client.deployments.get("default", "web");
  const t0 = rfc3339(f.clock.now() - 5_000), t1 = rfc3339(f.clock.now());
  assert.deepEqual(d.status, {
    observedGeneration: 1, replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3,
    conditions: [
      { type: "Available", status: "True", lastUpdateTime: t1, lastTransitionTime: t1, reason: "MinimumReplicasAvailable", message: "Deployment has minimum availability." },
      { type: "Progressing", status: "True", lastUpdateTime: t1, lastTransitionTime: t0, reason: "NewReplicaSetAvailable", message: `ReplicaSet "web-${hash}" has successfully progressed.` },
    ],
  });
  assert.deepEqual(rolloutStatus(d), { message: 'deployment "web" successfully rolled out', done: true });
  assert.deepEqual((await f.events()).filter((e) => e.includes("ScalingReplicaSet")), [`Normal ScalingReplicaSet Scaled up replica set web-${hash} from 0 to 3`]);
});

void test("reconcile twice with nothing changed writes nothing", async () => {
  const f = makeAppsFixture();
  await rolledOut(f, makeDeployment("web", 3));
  const rv = f.store.currentResourceVersion();
  assert.deepEqual(await f.deploymentController.reconcile("default", "web"), {});
  assert.deepEqual(await f.deploymentController.reconcile("default", "web"), {});
  assert.equal(f.store.currentResourceVersion(), rv);
});

void test("a new image rolls with maxSurge 1 / maxUnavailable 0: never fewer than 3 ready pods", async () => {
  const f = makeAppsFixture();
  await rolledOut(f, makeDeployment("web", 3, (d) => { d.spec.strategy = { type: "RollingUpdate", rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } }; }));
  await setImage(f, "web", "nginx:1.28");
  const messages: string[] = [];
  for (let step = 0; step < 20; step++) {
    await f.converge();
    const pods = live(await f.pods());
    assert.ok(pods.filter(isReady).length >= 3, `step ${step}: ${pods.filter(isReady).length} ready pods`);
    assert.ok(pods.length <= 4, `step ${step}: ${pods.length} pods, more than 3 + maxSurge`);
    const d = await f.client.deployments.get("default", "web");
    const status = rolloutStatus(d);
    if (messages.at(-1) !== status.message) messages.push(status.message);
    if (status.done) break;
    await f.clock.step(1_000);
    await f.runPods(); // the kubelet readies the new pods …
    await f.finishTerminating(); // … and finishes the deleted ones
  }
  assert.equal(messages.at(-1), 'deployment "web" successfully rolled out');
  assert.ok(messages.includes('Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...'), messages.join("\n"));
  const pods = live(await f.pods());
  assert.deepEqual(pods.map((p) => p.spec.containers[0]?.image), ["nginx:1.28", "nginx:1.28", "nginx:1.28"]);
  const rss = await f.replicaSets();
  assert.deepEqual(rss.map((rs) => [rs.spec.replicas, rs.metadata.annotations?.["deployment.kubernetes.io/revision"]]).sort(), [[0, "1"], [3, "2"]]);
  const d = await f.client.deployments.get("default", "web");
  assert.equal(d.metadata.annotations?.["deployment.kubernetes.io/revision"], "2");
});

void test("Recreate scales the old ReplicaSet to 0 before creating the new", async () => {
  const f = makeAppsFixture();
  await rolledOut(f, makeDeployment("web", 3, (d) => { d.spec.strategy = { type: "Recreate" }; }));
  await setImage(f, "web", "nginx:1.28");
  await f.converge();
  let rss = await f.replicaSets();
  assert.equal(rss.length, 1, "no new ReplicaSet while old pods terminate");
  assert.equal(rss[0]?.spec.replicas, 0);
  assert.equal(live(await f.pods()).length, 0);
  assert.equal((await f.pods()).length, 3, "three old pods terminating");

  await f.finishTerminating();
  await f.converge();
  rss = await f.replicaSets();
  assert.equal(rss.length, 2);
  const newRS = rss.find((rs) => rs.spec.template.spec.containers[0]?.image === "nginx:1.28");
  assert.equal(newRS?.spec.replicas, 3);
  assert.equal(live(await f.pods()).length, 3);
  const scaling = (await f.events()).filter((e) => e.includes("ScalingReplicaSet"));
  assert.deepEqual(scaling.slice(1), [
    `Normal ScalingReplicaSet Scaled down replica set ${rss.find((rs) => rs !== newRS)?.metadata.name ?? ""} from 3 to 0`,
    `Normal ScalingReplicaSet Scaled up replica set ${newRS?.metadata.name ?? ""} from 0 to 3`,
  ]);
});

void test("a rollout that does not progress within progressDeadlineSeconds gets ProgressDeadlineExceeded", async () => {
  const f = makeAppsFixture();
  await f.client.deployments.create(makeDeployment("web", 2, (d) => { d.spec.progressDeadlineSeconds = 30; }));
  await f.converge();
  await f.runPods(undefined, false); // running, never ready
  const requeues = await f.converge();
  let d = await f.client.deployments.get("default", "web");
  assert.equal(d.status?.conditions?.find((c) => c.type === "Progressing")?.reason, "ReplicaSetUpdated");
  assert.equal(requeues.get("deployment/web"), 31_000);

  await f.clock.step(31_000);
  await f.converge();
  d = await f.client.deployments.get("default", "web");
  const rsName = (await f.replicaSets())[0]?.metadata.name ?? "";
  const cond = d.status?.conditions?.find((c) => c.type === "Progressing");
  assert.deepEqual([cond?.status, cond?.reason, cond?.message], ["False", "ProgressDeadlineExceeded", `ReplicaSet "${rsName}" has timed out progressing.`]);
  assert.deepEqual(d.status?.conditions?.find((c) => c.type === "Available")?.reason, "MinimumReplicasUnavailable");
  assert.equal(rolloutStatus(d).error, 'deployment "web" exceeded its progress deadline');
});

void test("revisionHistoryLimit 1 deletes older ReplicaSets", async () => {
  const f = makeAppsFixture();
  await rolledOut(f, makeDeployment("web", 1, (d) => { d.spec.revisionHistoryLimit = 1; }));
  for (const image of ["nginx:1.28", "nginx:1.29"]) {
    await setImage(f, "web", image);
    for (let i = 0; i < 5; i++) {
      await f.converge();
      await f.runPods();
      await f.finishTerminating();
    }
    await f.converge();
  }
  const rss = await f.replicaSets();
  assert.deepEqual(rss.map((rs) => [rs.spec.template.spec.containers[0]?.image, rs.metadata.annotations?.["deployment.kubernetes.io/revision"]]).sort(), [
    ["nginx:1.28", "2"], ["nginx:1.29", "3"],
  ]);
});

void test("scaling a rolled-out Deployment scales its ReplicaSet and records it", async () => {
  const f = makeAppsFixture();
  await rolledOut(f, makeDeployment("web", 3));
  const d = await f.client.deployments.get("default", "web");
  d.spec.replicas = 5;
  await f.client.deployments.update(d);
  await f.converge();
  const [rs] = await f.replicaSets();
  assert.equal(rs?.spec.replicas, 5);
  assert.equal(rs?.metadata.annotations?.["deployment.kubernetes.io/desired-replicas"], "5");
  assert.equal(rs?.metadata.annotations?.["deployment.kubernetes.io/max-replicas"], "7");
  assert.equal(live(await f.pods()).length, 5);
  assert.ok((await f.events()).includes(`Normal ScalingReplicaSet Scaled up replica set ${rs?.metadata.name ?? ""} from 3 to 5`));
});

void test("a paused Deployment creates no new ReplicaSet and reports DeploymentPaused; resuming rolls", async () => {
  const f = makeAppsFixture();
  await rolledOut(f, makeDeployment("web", 2));
  let d = await f.client.deployments.get("default", "web");
  d.spec.paused = true;
  await f.client.deployments.update(d);
  await setImage(f, "web", "nginx:1.28");
  await f.converge();
  assert.equal((await f.replicaSets()).length, 1);
  d = await f.client.deployments.get("default", "web");
  const paused = d.status?.conditions?.find((c) => c.type === "Progressing");
  assert.deepEqual([paused?.status, paused?.reason, paused?.message], ["Unknown", "DeploymentPaused", "Deployment is paused"]);

  d.spec.paused = false;
  await f.client.deployments.update(d);
  await f.converge();
  assert.equal((await f.replicaSets()).length, 2);
});

void test("rollout restart and undo: a template annotation makes revision 2; the old template back makes revision 3 of the first ReplicaSet", async () => {
  const f = makeAppsFixture();
  await rolledOut(f, makeDeployment("web", 1));
  const [first] = await f.replicaSets();
  let d = await f.client.deployments.get("default", "web");
  const original = structuredClone(d.spec.template);
  d.spec.template.metadata = { ...d.spec.template.metadata, annotations: { "kubectl.kubernetes.io/restartedAt": "2025-11-22T10:11:00Z" } };
  await f.client.deployments.update(d);
  for (let i = 0; i < 4; i++) { await f.converge(); await f.runPods(); await f.finishTerminating(); }
  assert.equal((await f.replicaSets()).length, 2);
  assert.equal((await f.client.deployments.get("default", "web")).metadata.annotations?.["deployment.kubernetes.io/revision"], "2");

  d = await f.client.deployments.get("default", "web"); // kubectl rollout undo: the revision-1 template
  d.spec.template = original;
  await f.client.deployments.update(d);
  for (let i = 0; i < 4; i++) { await f.converge(); await f.runPods(); await f.finishTerminating(); }
  const back = await f.client.replicasets.get("default", first?.metadata.name ?? "");
  assert.equal(back.spec.replicas, 1);
  assert.equal(back.metadata.annotations?.["deployment.kubernetes.io/revision"], "3");
  assert.equal(back.metadata.annotations?.["deployment.kubernetes.io/revision-history"], "1");
  assert.equal((await f.client.deployments.get("default", "web")).metadata.annotations?.["deployment.kubernetes.io/revision"], "3");
});
