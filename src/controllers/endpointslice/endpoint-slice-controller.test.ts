import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Pod, Service } from "../../api/core.ts";
import type { EndpointSlice } from "../../api/discovery.ts";
import { rfc3339 } from "../../machinery/clock.ts";
import { FakeClock } from "../../machinery/fake-clock.ts";
import { ClientEventRecorder } from "../../client/event-recorder.ts";
import { createInProcessClient } from "../../registry/in-process-client.ts";
import { SqliteStore } from "../../storage/sqlite-store.ts";
import { EndpointSliceController } from "./endpoint-slice-controller.ts";

function setup() {
  const clock = new FakeClock();
  const store = new SqliteStore({ path: ":memory:" });
  const client = createInProcessClient({ store, clock, kubernetesMinor: 33, nodeName: "pillion" });
  const recorder = new ClientEventRecorder({ client, clock, component: "endpointslice-controller" });
  const controller = new EndpointSliceController({ client, clock, recorder });
  const slices = async (): Promise<EndpointSlice[]> =>
    (await client.endpointslices.list({ namespace: "default" })).items.sort((a, b) => (a.metadata.name ?? "").localeCompare(b.metadata.name ?? ""));
  const service = (mutate: (s: Service) => void = () => undefined): Promise<Service> => {
    const s: Service = {
      apiVersion: "v1", kind: "Service",
      metadata: { name: "web", namespace: "default", labels: { app: "web", tier: "front" } },
      spec: { selector: { app: "web" }, ports: [{ name: "http", port: 80, targetPort: "http" }] },
    };
    mutate(s);
    return client.services.create(s);
  };
  /** Creates a pod and plays the kubelet: Running with the loopback IP, Ready unless told. */
  const pod = async (name: string, o: { ready?: boolean; labels?: Record<string, string>; mutate?: (p: Pod) => void } = {}): Promise<Pod> => {
    const p: Pod = {
      apiVersion: "v1", kind: "Pod",
      metadata: { name, namespace: "default", labels: o.labels ?? { app: "web" } },
      spec: { containers: [{ name: "app", image: "busybox:1.36", ports: [{ name: "http", containerPort: 8080 }] }] },
    };
    o.mutate?.(p);
    const created = await client.pods.create(p);
    created.status = {
      ...created.status, phase: "Running", podIP: "127.0.0.1", podIPs: [{ ip: "127.0.0.1" }],
      conditions: [{ type: "Ready", status: o.ready === false ? "False" : "True", lastProbeTime: null, lastTransitionTime: rfc3339(clock.now()) }],
    };
    return client.pods.updateStatus(created);
  };
  return { clock, store, client, controller, slices, service, pod };
}

void describe("EndpointSliceController", () => {
  void it("writes one slice <svc>-<random5> for a selected Ready pod, labelled, owned and with the named port resolved", async () => {
    const t = setup();
    const svc = await t.service();
    await t.pod("web-1");
    await t.pod("other", { labels: { app: "db" } });
    await t.controller.reconcile("default", "web");
    const [slice, ...rest] = await t.slices();
    assert.equal(rest.length, 0);
    assert.match(slice?.metadata.name ?? "", /^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    assert.deepEqual(slice?.metadata.labels, {
      app: "web", tier: "front", "kubernetes.io/service-name": "web", "endpointslice.kubernetes.io/managed-by": "endpointslice-controller.k8s.io",
    });
    assert.deepEqual(slice?.metadata.ownerReferences, [{ apiVersion: "v1", kind: "Service", name: "web", uid: svc.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    assert.equal(slice?.addressType, "IPv4");
    assert.deepEqual(slice?.ports, [{ name: "http", protocol: "TCP", port: 8080 }]);
    assert.deepEqual(slice?.endpoints.map((e) => [e.targetRef?.name, e.addresses, e.conditions]), [
      ["web-1", ["127.0.0.1"], { ready: true, serving: true, terminating: false }],
    ]);
  });

  void it("re-running a reconcile with nothing changed writes nothing", async () => {
    const t = setup();
    await t.service();
    await t.pod("web-1");
    await t.pod("web-2", { ready: false });
    await t.controller.reconcile("default", "web");
    const rv = t.store.currentResourceVersion();
    await t.controller.reconcile("default", "web");
    assert.equal(t.store.currentResourceVersion(), rv);
  });

  void it("a pod whose sidecar is not ready stays out of the ready endpoints until its Ready condition turns True", async () => {
    const t = setup();
    await t.service();
    const p = await t.pod("web-1", { ready: false });
    await t.controller.reconcile("default", "web");
    assert.deepEqual((await t.slices())[0]?.endpoints.map((e) => e.conditions?.ready), [false]);
    p.status!.conditions = [{ type: "Ready", status: "True", lastProbeTime: null, lastTransitionTime: rfc3339(t.clock.now()) }];
    await t.client.pods.updateStatus(p);
    await t.controller.reconcile("default", "web");
    const slices = await t.slices();
    assert.equal(slices.length, 1);
    assert.deepEqual(slices[0]?.endpoints.map((e) => e.conditions?.ready), [true]);
    assert.equal(slices[0]?.metadata.generation, 2);
  });

  void it("a service with no selected pod gets an empty placeholder slice, replaced in place when a pod comes", async () => {
    const t = setup();
    await t.service();
    await t.controller.reconcile("default", "web");
    const [placeholder] = await t.slices();
    assert.deepEqual([placeholder?.endpoints, placeholder?.ports], [[], []]);
    await t.pod("web-1");
    await t.controller.reconcile("default", "web");
    const slices = await t.slices();
    assert.deepEqual(slices.map((s) => [s.metadata.name, s.endpoints.length]), [[placeholder?.metadata.name, 1]]);
  });

  void it("a finished pod leaves the slice; a terminating one stays, terminating and not ready", async () => {
    const t = setup();
    await t.service();
    await t.pod("web-1");
    const done = await t.pod("web-2");
    await t.pod("web-3", { mutate: (p) => { p.spec.terminationGracePeriodSeconds = 30; } });
    done.status = { ...done.status, phase: "Succeeded" };
    await t.client.pods.updateStatus(done);
    await t.client.pods.delete("default", "web-3");
    await t.controller.reconcile("default", "web");
    assert.deepEqual((await t.slices())[0]?.endpoints.map((e) => [e.targetRef?.name, e.conditions]), [
      ["web-1", { ready: true, serving: true, terminating: false }],
      ["web-3", { ready: false, serving: true, terminating: true }],
    ]);
  });

  void it("pods serving different ports get a slice per port set", async () => {
    const t = setup();
    await t.service();
    await t.pod("web-1");
    await t.pod("web-2", { mutate: (p) => { p.spec.containers[0]!.ports = [{ name: "http", containerPort: 9090 }]; } });
    await t.controller.reconcile("default", "web");
    assert.deepEqual((await t.slices()).map((s) => [s.ports?.[0]?.port, s.endpoints.map((e) => e.targetRef?.name)]).sort(), [
      [8080, ["web-1"]], [9090, ["web-2"]],
    ]);
  });

  void it("more than 100 endpoints are split over slices of at most 100", async () => {
    const t = setup();
    await t.service();
    for (let i = 0; i < 150; i++) await t.pod(`web-${String(i).padStart(3, "0")}`);
    await t.controller.reconcile("default", "web");
    assert.deepEqual((await t.slices()).map((s) => s.endpoints.length).sort(), [100, 50]);
    const rv = t.store.currentResourceVersion();
    await t.controller.reconcile("default", "web");
    assert.equal(t.store.currentResourceVersion(), rv);
  });

  void it("leaves a service without a selector, and slices of other managers, alone", async () => {
    const t = setup();
    await t.service((s) => { delete s.spec.selector; });
    await t.client.endpointslices.create({
      metadata: { name: "web-manual", namespace: "default", labels: { "kubernetes.io/service-name": "web" } },
      addressType: "IPv4", endpoints: [{ addresses: ["10.0.0.1"] }],
    });
    await t.controller.reconcile("default", "web");
    assert.deepEqual((await t.slices()).map((s) => s.metadata.name), ["web-manual"]);
  });

  void it("a headless service's slice carries the headless label", async () => {
    const t = setup();
    await t.service((s) => { s.spec.clusterIP = "None"; });
    await t.pod("web-1");
    await t.controller.reconcile("default", "web");
    assert.equal((await t.slices())[0]?.metadata.labels?.["service.kubernetes.io/headless"], "");
  });

  void it("started, it follows services and pods as they change", async () => {
    const t = setup();
    t.controller.start();
    await t.service();
    await t.clock.step(0);
    assert.deepEqual((await t.slices()).map((s) => s.endpoints.length), [0]);
    const p = await t.pod("web-1");
    await t.clock.step(0);
    assert.deepEqual((await t.slices()).map((s) => s.endpoints.map((e) => e.conditions?.ready)), [[true]]);
    // The pod stops matching: the watch carries no old labels, the service still sees it leave.
    p.metadata.labels = { app: "other" };
    await t.client.pods.update(p);
    await t.clock.step(0);
    assert.deepEqual((await t.slices()).map((s) => s.endpoints.length), [0]);
    // A tampered slice is put back.
    const [slice] = await t.slices();
    await t.client.endpointslices.update({ ...slice!, endpoints: [{ addresses: ["10.9.9.9"] }] });
    await t.clock.step(0);
    assert.deepEqual((await t.slices()).map((s) => s.endpoints.length), [0]);
    await t.controller.stop();
  });
});
