import { test } from "node:test";
import assert from "node:assert/strict";
import type { ContainerStatus } from "../../api/core.ts";
import { makeFixture, readStream, type Fixture } from "../test-support/api-fixture.ts";

const PODS = "/api/v1/namespaces/default/pods";

async function makePod(f: Fixture, statuses: ContainerStatus[], containers = ["main", "side"]): Promise<void> {
  await f.json(PODS, { method: "POST", body: { metadata: { name: "web" }, spec: { initContainers: [{ name: "init", image: "b" }], containers: containers.map((name) => ({ name, image: "b" })) } } });
  const pod = await f.client.pods.get("default", "web");
  await f.client.pods.updateStatus({ ...pod, status: { ...pod.status, phase: "Running", containerStatuses: statuses } });
}

const running = (name: string): ContainerStatus => ({ name, state: { running: { startedAt: "2025-01-01T00:00:00Z" } }, lastState: {}, ready: true, restartCount: 0, image: "b", imageID: "", containerID: `crun://${name}`, started: true });
const waiting = (name: string, reason: string): ContainerStatus => ({ name, state: { waiting: { reason } }, lastState: {}, ready: false, restartCount: 0, image: "b", imageID: "" });

const text = async (f: Fixture, q: string): Promise<{ status: number; body: string }> => {
  const r = await f.call(`${PODS}/web/log?${q}`);
  return { status: r.status, body: (await readStream(r)).join("") };
};

test("logs: the lines of the container, cut by tailLines and limitBytes, with timestamps when asked", async () => {
  const f = makeFixture();
  await makePod(f, [running("main"), running("side")]);
  f.logs.set("default", "web", "main", ["one", "two", "three"], Date.UTC(2025, 0, 1));
  assert.deepEqual(await text(f, "container=main"), { status: 200, body: "one\ntwo\nthree\n" });
  assert.equal((await text(f, "container=main&tailLines=2")).body, "two\nthree\n");
  assert.equal((await text(f, "container=main&limitBytes=6")).body, "one\ntw");
  assert.equal((await text(f, "container=main&tailLines=1&timestamps=true")).body, "2025-01-01T00:00:02.000000000Z three\n");
});

test("logs: sinceSeconds keeps only the recent lines", async () => {
  const f = makeFixture();
  await makePod(f, [running("main")], ["main"]);
  f.logs.set("default", "web", "main", ["old", "new"], f.clock.now() - 10_000);
  // lines at now-10s and now-9s: since 9 s keeps the second
  assert.equal((await text(f, "sinceSeconds=9")).body, "new\n");
});

test("logs: Kubernetes' 400s for a missing or unknown container and for a container not started", async () => {
  const f = makeFixture();
  await makePod(f, [waiting("main", "ContainerCreating"), running("side")]);
  const err = async (q: string): Promise<unknown> => (await f.json(`${PODS}/web/log?${q}`)).body.message;
  assert.equal(await err(""), "a container name must be specified for pod web, choose one of: [main side] or one of the init containers: [init]");
  assert.equal(await err("container=nope"), "container nope is not valid for pod web");
  assert.equal(await err("container=main"), 'container "main" in pod "web" is waiting to start: ContainerCreating');
  assert.equal(await err("container=side&previous=true"), 'previous terminated container "side" in pod "web" not found');
  assert.equal((await f.json(`${PODS}/nope/log`)).body.message, 'pods "nope" not found');
});
