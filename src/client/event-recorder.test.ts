import { test } from "node:test";
import assert from "node:assert/strict";
import type { Pod } from "../api/core.ts";
import { FakeClock } from "../machinery/fake-clock.ts";
import { createInProcessClient } from "../registry/in-process-client.ts";
import { SqliteStore } from "../storage/sqlite-store.ts";
import { ClientEventRecorder } from "./event-recorder.ts";

const setup = async (): Promise<{ clock: FakeClock; client: ReturnType<typeof createInProcessClient>; pod: Pod }> => {
  const clock = new FakeClock();
  const client = createInProcessClient({ store: new SqliteStore({ path: ":memory:" }), clock, kubernetesMinor: 33, nodeName: "pillion" });
  const pod = await client.pods.create({ metadata: { name: "web" }, spec: { containers: [{ name: "app", image: "busybox" }] } });
  return { clock, client, pod };
};

test("an event names its object, container and source as the kubelet records them", async () => {
  const { clock, client, pod } = await setup();
  const recorder = new ClientEventRecorder({ client, clock, component: "kubelet", host: "pillion" });
  recorder.event(pod, "Normal", "Started", "Started container app", "spec.containers{app}");
  await recorder.flush();
  const [ev] = (await client.events.list({ namespace: "default" })).items;
  assert.match(ev?.metadata.name ?? "", /^web\.[0-9a-f]+$/);
  assert.deepEqual(ev?.involvedObject, {
    kind: "Pod", namespace: "default", name: "web", uid: pod.metadata.uid, apiVersion: "v1",
    resourceVersion: pod.metadata.resourceVersion, fieldPath: "spec.containers{app}",
  });
  assert.deepEqual([ev?.type, ev?.reason, ev?.message, ev?.count, ev?.source], ["Normal", "Started", "Started container app", 1, { component: "kubelet", host: "pillion" }]);
});

test("the same event again bumps count and lastTimestamp of one Event", async () => {
  const { clock, client, pod } = await setup();
  const recorder = new ClientEventRecorder({ client, clock, component: "kubelet", host: "pillion" });
  recorder.event(pod, "Warning", "BackOff", "Back-off restarting failed container app");
  await clock.step(10_000);
  recorder.event(pod, "Warning", "BackOff", "Back-off restarting failed container app");
  recorder.event(pod, "Normal", "Pulled", "other");
  await recorder.flush();
  const items = (await client.events.list({ namespace: "default" })).items;
  const backoff = items.find((e) => e.reason === "BackOff");
  assert.equal(items.length, 2);
  assert.equal(backoff?.count, 2);
  assert.notEqual(backoff?.firstTimestamp, backoff?.lastTimestamp);
});

test("an event that cannot be written is reported, not thrown", async () => {
  const clock = new FakeClock();
  const errors: unknown[] = [];
  const failing = { events: { create: () => Promise.reject(new Error("store closed")) } } as unknown as ConstructorParameters<typeof ClientEventRecorder>[0]["client"];
  const recorder = new ClientEventRecorder({ client: failing, clock, component: "job-controller", onError: (e) => errors.push(e) });
  recorder.event({ metadata: { name: "pi" } }, "Warning", "X", "y");
  await recorder.flush();
  assert.equal(errors.length, 1);
});
