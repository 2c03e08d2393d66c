import { test } from "node:test";
import assert from "node:assert/strict";
import { makeFixture, readStream } from "../test-support/api-fixture.ts";

const CMS = "/api/v1/namespaces/default/configmaps";
const events = (chunks: string[]): { type: string; object: { kind?: string; metadata?: { name?: string }; code?: number; columnDefinitions?: unknown } }[] =>
  chunks.join("").trim().split("\n").filter(Boolean).map((l) => JSON.parse(l) as never);

test("watch without resourceVersion: synthetic ADDED for current objects, then live changes", async () => {
  const f = makeFixture();
  await f.json(CMS, { method: "POST", body: { metadata: { name: "a" } } });
  const r = await f.call(`${CMS}?watch=true`);
  assert.equal(r.status, 200);
  const pending = readStream(r, 2);
  await f.json(CMS, { method: "POST", body: { metadata: { name: "b" } } });
  assert.deepEqual(events(await pending).map((e) => [e.type, e.object.metadata?.name]), [["ADDED", "a"], ["ADDED", "b"]]);
});

test("watch from a resourceVersion replays every later change, DELETED carrying the last state", async () => {
  const f = makeFixture();
  const rv = ((await f.json(CMS)).body.metadata as { resourceVersion: string }).resourceVersion;
  await f.json(CMS, { method: "POST", body: { metadata: { name: "a" } } });
  await f.json(`${CMS}/a`, { method: "PATCH", body: { data: { k: "v" } }, contentType: "application/merge-patch+json" });
  await f.json(`${CMS}/a`, { method: "DELETE" });
  const got = events(await readStream(await f.call(`${CMS}?watch=true&resourceVersion=${rv}`), 3));
  assert.deepEqual(got.map((e) => e.type), ["ADDED", "MODIFIED", "DELETED"]);
});

test("watch from a resourceVersion older than the history: one ERROR event with a 410 Expired Status", async () => {
  const f = makeFixture({ historyLimit: 2 });
  for (const n of ["a", "b", "c", "d", "e"]) await f.json(CMS, { method: "POST", body: { metadata: { name: n } } });
  const got = events(await readStream(await f.call(`${CMS}?watch=true&resourceVersion=1`)));
  assert.equal(got.length, 1);
  assert.equal(got[0]?.type, "ERROR");
  assert.equal(got[0]?.object.code, 410);
});

test("watch: timeoutSeconds ends the stream (on the injected clock); field selectors filter", async () => {
  const f = makeFixture();
  await f.json(CMS, { method: "POST", body: { metadata: { name: "a" } } });
  await f.json(CMS, { method: "POST", body: { metadata: { name: "b" } } });
  const r = await f.call(`${CMS}?watch=true&fieldSelector=metadata.name%3Db&timeoutSeconds=10`);
  const all = readStream(r);
  await f.clock.step(10_000);
  assert.deepEqual(events(await all).map((e) => e.object.metadata?.name), ["b"]);
});

test("watch as Table: one-row tables, columns only in the first event", async () => {
  const f = makeFixture();
  await f.json(CMS, { method: "POST", body: { metadata: { name: "a" } } });
  await f.json(CMS, { method: "POST", body: { metadata: { name: "b" } } });
  const got = events(await readStream(await f.call(`${CMS}?watch=true`, { accept: "application/json;as=Table;v=v1;g=meta.k8s.io,application/json" }), 2));
  assert.equal(got[0]?.object.kind, "Table");
  assert.ok(Array.isArray(got[0]?.object.columnDefinitions));
  assert.equal(got[1]?.object.columnDefinitions, null);
});

test("watch: allowWatchBookmarks sends a BOOKMARK with the current resourceVersion", async () => {
  const f = makeFixture();
  const r = await f.call(`${CMS}?watch=true&allowWatchBookmarks=true&resourceVersion=0`);
  const one = readStream(r, 1);
  await f.clock.step(60_000);
  const got = events(await one);
  assert.equal(got[0]?.type, "BOOKMARK");
  assert.equal(got[0]?.object.kind, "ConfigMap");
});
