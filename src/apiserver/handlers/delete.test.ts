import { test } from "node:test";
import assert from "node:assert/strict";
import { GarbageCollector } from "../../controllers/garbage-collector/garbage-collector.ts";
import { makeFixture } from "../test-support/api-fixture.ts";

const JOBS = "/apis/batch/v1/namespaces/default/jobs";
const job = { apiVersion: "batch/v1", kind: "Job", metadata: { name: "pi" }, spec: { template: { spec: { restartPolicy: "Never", containers: [{ name: "m", image: "busybox" }] } } } };

test("delete of a Job: a Success Status naming it with its uid", async () => {
  const f = makeFixture();
  const uid = ((await f.json(JOBS, { method: "POST", body: job })).body.metadata as { uid: string }).uid;
  const r = await f.json(`${JOBS}/pi`, { method: "DELETE", body: { propagationPolicy: "Background" } });
  assert.equal(r.status, 200);
  assert.deepEqual(r.body, { kind: "Status", apiVersion: "v1", metadata: {}, status: "Success", code: 200, details: { name: "pi", group: "batch", kind: "jobs", uid } });
  assert.equal((await f.json(`${JOBS}/pi`)).status, 404);
});

test("delete of a missing object: 404 NotFound with the group-qualified resource", async () => {
  const f = makeFixture();
  const r = await f.json(`${JOBS}/nope`, { method: "DELETE" });
  assert.equal(r.status, 404);
  assert.equal(r.body.message, 'jobs.batch "nope" not found');
});

test("delete of a Pod: graceful (deletionTimestamp set, the object returned), gracePeriodSeconds from the query", async () => {
  const f = makeFixture();
  const PODS = "/api/v1/namespaces/default/pods";
  await f.json(PODS, { method: "POST", body: { metadata: { name: "web" }, spec: { containers: [{ name: "m", image: "busybox" }] } } });
  const r = await f.json(`${PODS}/web?gracePeriodSeconds=5`, { method: "DELETE" });
  assert.equal(r.status, 200);
  const meta = r.body.metadata as { deletionTimestamp?: string; deletionGracePeriodSeconds?: number };
  assert.equal(meta.deletionGracePeriodSeconds, 5);
  assert.ok(meta.deletionTimestamp);
});

test("a Background delete leaves the dependents to the garbage collector; dryRun deletes nothing", async () => {
  const f = makeFixture();
  const gc = new GarbageCollector({ client: f.client, clock: f.clock });
  gc.start();
  const created = (await f.json(JOBS, { method: "POST", body: job })).body as { metadata: { uid: string } };
  const owner = { apiVersion: "batch/v1", kind: "Job", name: "pi", uid: created.metadata.uid, controller: true };
  await f.json("/api/v1/namespaces/default/configmaps", { method: "POST", body: { metadata: { name: "dep", ownerReferences: [owner] } } });
  assert.equal((await f.json(`${JOBS}/pi?dryRun=All`, { method: "DELETE" })).status, 200);
  assert.equal((await f.json(`${JOBS}/pi`)).status, 200);
  await f.json(`${JOBS}/pi`, { method: "DELETE", body: { propagationPolicy: "Background" } });
  for (let i = 0; i < 20 && (await f.json("/api/v1/namespaces/default/configmaps/dep")).status !== 404; i++) await f.clock.step(100);
  assert.equal((await f.json("/api/v1/namespaces/default/configmaps/dep")).status, 404);
  await gc.stop();
});

test("deletecollection deletes what the selector picks", async () => {
  const f = makeFixture();
  const CMS = "/api/v1/namespaces/default/configmaps";
  await f.json(CMS, { method: "POST", body: { metadata: { name: "a", labels: { x: "1" } } } });
  await f.json(CMS, { method: "POST", body: { metadata: { name: "b" } } });
  assert.equal((await f.json(`${CMS}?labelSelector=x%3D1`, { method: "DELETE" })).status, 200);
  assert.deepEqual(((await f.json(CMS)).body.items as { metadata: { name: string } }[]).map((i) => i.metadata.name), ["b"]);
});
