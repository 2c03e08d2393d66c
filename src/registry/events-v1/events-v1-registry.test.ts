import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { EventV1 } from "../../api/events.ts";
import { FakeClock } from "../../machinery/fake-clock.ts";
import { StatusError } from "../../machinery/status-error.ts";
import { SqliteStore } from "../../storage/sqlite-store.ts";
import { createInProcessClient } from "../in-process-client.ts";

const client = (): ReturnType<typeof createInProcessClient> =>
  createInProcessClient({ store: new SqliteStore({ path: ":memory:" }), clock: new FakeClock(), kubernetesMinor: 33, nodeName: "pillion" });

const event = (mutate: (e: EventV1) => void = () => {}): EventV1 => {
  const e: EventV1 = {
    metadata: { name: "web.1", namespace: "default" },
    eventTime: "2025-11-22T10:10:00.000000Z", reportingController: "example.com/ctl", reportingInstance: "ctl-1",
    action: "Reconcile", reason: "Synced", regarding: { kind: "Pod", namespace: "default", name: "web" }, note: "all good", type: "Normal",
  };
  mutate(e);
  return e;
};

void describe("events.k8s.io/v1 Events", () => {
  void it("share storage with core/v1 events, each read in its own shape", async () => {
    const c = client();
    const created = await c.eventsV1.create(event());
    assert.equal(created.apiVersion, "events.k8s.io/v1");
    assert.equal(created.note, "all good");
    const core = await c.events.get("default", "web.1");
    assert.deepEqual([core.apiVersion, core.message, core.involvedObject.name, core.reportingComponent], ["v1", "all good", "web", "example.com/ctl"]);
    await c.events.create({ metadata: { name: "legacy", namespace: "default" }, involvedObject: { kind: "Pod", name: "web", namespace: "default" }, message: "hi", count: 2 });
    const listed = await c.eventsV1.list({ namespace: "default" });
    const legacy = listed.items.find((e) => e.metadata.name === "legacy");
    assert.deepEqual([legacy?.note, legacy?.deprecatedCount, legacy?.regarding?.name], ["hi", 2, "web"]);
  });

  void it("rejects what events.k8s.io/v1 requires with Kubernetes' texts", async () => {
    const c = client();
    const err = await c.eventsV1.create(event((e) => { delete e.eventTime; delete e.action; e.type = "Info"; e.deprecatedCount = 3; })).catch((e: unknown) => e);
    assert.ok(err instanceof StatusError);
    assert.equal(err.message, 'Event.events.k8s.io "web.1" is invalid: [eventTime: Required value, type: Invalid value: "": has invalid value: Info, deprecatedCount: Invalid value: "": needs to be unset]');
  });

  void it("keeps what an event reports immutable on update", async () => {
    const c = client();
    const created = await c.eventsV1.create(event());
    const err = await c.eventsV1.update({ ...created, note: "changed" }).catch((e: unknown) => e);
    assert.ok(err instanceof StatusError);
    assert.equal(err.message, 'Event.events.k8s.io "web.1" is invalid: message: Invalid value: "changed": field is immutable');
    const series = await c.eventsV1.update({ ...created, series: { count: 2, lastObservedTime: "2025-11-22T10:11:00.000000Z" } });
    assert.deepEqual(series.series, { count: 2, lastObservedTime: "2025-11-22T10:11:00.000000Z" });
  });
});
