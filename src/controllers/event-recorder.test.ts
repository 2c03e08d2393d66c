import { test } from "node:test";
import assert from "node:assert/strict";
import { FakeClock } from "../machinery/fake-clock.ts";
import { ClientEventRecorder } from "./event-recorder.ts";
import { makeJob, makeTestClient } from "./job/make-test-client.ts";

void test("events about one object in the same millisecond get distinct names and the object's reference", async () => {
  const clock = new FakeClock();
  const tc = makeTestClient(clock);
  const job = await tc.client.jobs.create(makeJob("pi"));
  const recorder = new ClientEventRecorder({ client: tc.client, clock, component: "job-controller" });
  await recorder.event(job, "Normal", "SuccessfulCreate", "Created pod: pi-abcde");
  await recorder.event(job, "Normal", "Completed", "Job completed");
  const items = (await tc.client.events.list({ namespace: "default" })).items;
  assert.equal(items.length, 2);
  const [first] = items;
  assert.match(first?.metadata.name ?? "", /^pi\.[0-9a-f]+$/);
  assert.deepEqual(first?.involvedObject, {
    kind: "Job", namespace: "default", name: "pi", uid: job.metadata.uid, apiVersion: "batch/v1", resourceVersion: job.metadata.resourceVersion,
  });
  assert.equal(first?.source?.component, "job-controller");
  assert.equal(first?.count, 1);
});

void test("an event that cannot be written is reported, not thrown", async () => {
  const clock = new FakeClock();
  const errors: unknown[] = [];
  const failing = { events: { create: () => Promise.reject(new Error("store closed")) } } as unknown as ConstructorParameters<typeof ClientEventRecorder>[0]["client"];
  const recorder = new ClientEventRecorder({ client: failing, clock, component: "job-controller", onError: (e) => errors.push(e) });
  await recorder.event(makeJob("pi"), "Warning", "X", "y");
  assert.equal(errors.length, 1);
});
