import { test } from "node:test";
import assert from "node:assert/strict";
import type { KubeObject } from "../../api/meta.ts";
import { FakeClock } from "../../machinery/fake-clock.ts";
import { isStatusError } from "../../machinery/status-error.ts";
import type { ResourceClient } from "../../client/client.ts";
import { createInProcessClient } from "../../registry/in-process-client.ts";
import { SqliteStore } from "../../storage/sqlite-store.ts";
import { GarbageCollector } from "./garbage-collector.ts";
import { controllerRef, makeCronJob, makeDeployment, makeGcTestClient, makeJob, makePod, makeReplicaSet } from "./make-gc-test-client.ts";

async function setup() {
  const clock = new FakeClock();
  const client = makeGcTestClient(clock);
  const errors: unknown[] = [];
  const gc = new GarbageCollector({ client, clock, onError: (_k, e) => errors.push(e) });
  gc.start();
  await converge(clock);
  return { clock, client, gc, errors };
}

/** Lets watch events, reconciles and their writes run to the end (no time passes). */
async function converge(clock: FakeClock): Promise<void> {
  for (let i = 0; i < 30; i++) await clock.step(0);
}

async function exists<T extends KubeObject>(r: ResourceClient<T>, name: string): Promise<T | undefined> {
  try {
    return await r.get("default", name);
  } catch (e) {
    if (isStatusError(e, "NotFound")) return undefined;
    throw e;
  }
}

/** Plays the kubelet: a pod marked for deletion is gone once its containers stopped. */
async function kubeletFinishes(r: ResourceClient<KubeObject>, names: string[]): Promise<void> {
  for (const n of names) await r.delete("default", n, { gracePeriodSeconds: 0 });
}

void test("deleting a Job in the background deletes its pods", async () => {
  const { clock, client, gc, errors } = await setup();
  const job = await client.jobs.create(makeJob("pi"));
  await client.pods.create(makePod("pi-a", job));
  await client.pods.create(makePod("pi-b", job));
  await converge(clock);

  assert.equal(await client.jobs.delete("default", "pi", { propagationPolicy: "Background" }), undefined);
  await converge(clock);
  for (const name of ["pi-a", "pi-b"]) {
    const pod = await exists(client.pods, name);
    assert.ok(pod?.metadata.deletionTimestamp, `${name} is being deleted`);
    assert.equal(pod.metadata.deletionGracePeriodSeconds, 30);
  }
  await kubeletFinishes(client.pods, ["pi-a", "pi-b"]);
  assert.deepEqual((await client.pods.list({ namespace: "default" })).items, []);
  await gc.stop();
  assert.deepEqual(errors, []);
});

void test("a batch/v1 Job deleted without propagationPolicy orphans its pods, as on Kubernetes", async () => {
  const { clock, client, gc } = await setup();
  const job = await client.jobs.create(makeJob("pi"));
  await client.pods.create(makePod("pi-a", job));
  const marked = await client.jobs.delete("default", "pi");
  assert.deepEqual(marked?.metadata.finalizers, ["orphan"]);
  await converge(clock);
  assert.equal(await exists(client.jobs, "pi"), undefined);
  const pod = await exists(client.pods, "pi-a");
  assert.ok(pod);
  assert.equal(pod.metadata.deletionTimestamp, undefined);
  assert.equal(pod.metadata.ownerReferences, undefined);
  await gc.stop();
});

void test("foreground deletion keeps the owner until the dependents are gone", async () => {
  const { clock, client, gc, errors } = await setup();
  const job = await client.jobs.create(makeJob("pi"));
  await client.pods.create(makePod("pi-a", job));
  await client.pods.create(makePod("pi-b", job));

  const marked = await client.jobs.delete("default", "pi", { propagationPolicy: "Foreground" });
  assert.deepEqual(marked?.metadata.finalizers, ["foregroundDeletion"]);
  await converge(clock);
  let stored = await exists(client.jobs, "pi");
  assert.ok(stored?.metadata.deletionTimestamp, "the Job waits, marked for deletion");
  assert.ok((await exists(client.pods, "pi-a"))?.metadata.deletionTimestamp);
  assert.ok((await exists(client.pods, "pi-b"))?.metadata.deletionTimestamp);

  await kubeletFinishes(client.pods, ["pi-a"]);
  await converge(clock);
  stored = await exists(client.jobs, "pi");
  assert.ok(stored, "one blocking pod is left: the Job stays");

  await kubeletFinishes(client.pods, ["pi-b"]);
  await converge(clock);
  assert.equal(await exists(client.jobs, "pi"), undefined);
  await gc.stop();
  assert.deepEqual(errors, []);
});

void test("orphan deletion leaves the pods with no ownerReference", async () => {
  const { clock, client, gc } = await setup();
  const job = await client.jobs.create(makeJob("pi"));
  const other = await client.jobs.create(makeJob("other"));
  await client.pods.create(makePod("pi-a", job));
  const shared = makePod("shared", job);
  shared.metadata.ownerReferences?.push({ ...controllerRef(other), controller: false });
  await client.pods.create(shared);

  await client.jobs.delete("default", "pi", { propagationPolicy: "Orphan" });
  await converge(clock);
  assert.equal(await exists(client.jobs, "pi"), undefined);
  const pod = await exists(client.pods, "pi-a");
  assert.ok(pod);
  assert.equal(pod.metadata.deletionTimestamp, undefined);
  assert.equal(pod.metadata.ownerReferences, undefined);
  assert.deepEqual((await exists(client.pods, "shared"))?.metadata.ownerReferences?.map((r) => r.name), ["other"]);
  await gc.stop();
});

void test("deleting a CronJob removes its Jobs and their pods", async () => {
  const { clock, client, gc } = await setup();
  const cj = await client.cronjobs.create(makeCronJob("hello"));
  const job = await client.jobs.create(makeJob("hello-29396771", cj));
  await client.pods.create(makePod("hello-29396771-x", job));

  await client.cronjobs.delete("default", "hello", { propagationPolicy: "Background" });
  await converge(clock);
  assert.equal(await exists(client.jobs, "hello-29396771"), undefined);
  assert.ok((await exists(client.pods, "hello-29396771-x"))?.metadata.deletionTimestamp);
  await gc.stop();
});

void test("deleting a Deployment removes its ReplicaSets and their pods", async () => {
  const { clock, client, gc } = await setup();
  const d = await client.deployments.create(makeDeployment("web"));
  const rs = await client.replicasets.create(makeReplicaSet("web-5d8f7c9b4", d));
  await client.pods.create(makePod("web-5d8f7c9b4-abcde", rs));

  await client.deployments.delete("default", "web", { propagationPolicy: "Background" });
  await converge(clock);
  assert.equal(await exists(client.replicasets, "web-5d8f7c9b4"), undefined);
  assert.ok((await exists(client.pods, "web-5d8f7c9b4-abcde"))?.metadata.deletionTimestamp);
  await gc.stop();
});

void test("a dependent whose owner's name now belongs to another uid is collected", async () => {
  const { clock, client, gc } = await setup();
  const old = await client.jobs.create(makeJob("pi"));
  await client.jobs.delete("default", "pi", { propagationPolicy: "Orphan" });
  await converge(clock);
  await client.jobs.create(makeJob("pi")); // same name, new uid
  await client.pods.create(makePod("stale", old));
  await converge(clock);
  assert.ok((await exists(client.pods, "stale"))?.metadata.deletionTimestamp);
  await gc.stop();
});

void test("a dependent with another live owner only loses the reference to the owner that is gone", async () => {
  const { clock, client, gc } = await setup();
  const a = await client.jobs.create(makeJob("a"));
  const b = await client.jobs.create(makeJob("b"));
  const pod = makePod("p", a);
  pod.metadata.ownerReferences?.push({ ...controllerRef(b), controller: false });
  await client.pods.create(pod);
  await client.jobs.delete("default", "a", { propagationPolicy: "Background" });
  await converge(clock);
  const stored = await exists(client.pods, "p");
  assert.ok(stored);
  assert.equal(stored.metadata.deletionTimestamp, undefined);
  assert.deepEqual(stored.metadata.ownerReferences?.map((r) => r.name), ["b"]);
  await gc.stop();
});

void test("collecting an object whose owner exists writes nothing, however often", async () => {
  const { clock, client, gc } = await setup();
  const job = await client.jobs.create(makeJob("pi"));
  const pod = await client.pods.create(makePod("pi-a", job));
  await converge(clock);
  const before = (await client.pods.list()).resourceVersion;
  await gc.reconcile(pod.metadata.uid ?? "");
  await gc.reconcile(pod.metadata.uid ?? "");
  assert.equal((await client.pods.list()).resourceVersion, before);
  assert.equal((await client.pods.get("default", "pi-a")).metadata.resourceVersion, pod.metadata.resourceVersion);
  await gc.stop();
});

void test("objects left by a collector that was not running are collected when it starts", async () => {
  const clock = new FakeClock();
  const client = makeGcTestClient(clock);
  const job = await client.jobs.create(makeJob("pi"));
  await client.pods.create(makePod("pi-a", job));
  await client.jobs.delete("default", "pi", { propagationPolicy: "Background" });
  const gc = new GarbageCollector({ client, clock });
  gc.start();
  await converge(clock);
  assert.ok((await exists(client.pods, "pi-a"))?.metadata.deletionTimestamp);
  await gc.stop();
});

void test("a registry built without garbage collection deletes at once and sets no finalizers", async () => {
  const clock = new FakeClock();
  const client = createInProcessClient({ store: new SqliteStore({ path: ":memory:" }), clock, kubernetesMinor: 33, nodeName: "pillion" });
  await client.jobs.create(makeJob("pi"));
  assert.equal(await client.jobs.delete("default", "pi", { propagationPolicy: "Foreground" }), undefined);
  assert.equal(await exists(client.jobs, "pi"), undefined);
});
