import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Pod } from "../../api/core.ts";
import { FakeClock } from "../../machinery/fake-clock.ts";
import { StatusError } from "../../machinery/status-error.ts";
import { SqliteStore } from "../../storage/sqlite-store.ts";
import { createInProcessClient } from "../in-process-client.ts";
import { ensureSystemObjects, type SystemNodeOptions } from "./system-objects.ts";

const setup = (): { clock: FakeClock; store: SqliteStore; c: ReturnType<typeof createInProcessClient> } => {
  const clock = new FakeClock();
  const store = new SqliteStore({ path: ":memory:" });
  return { clock, store, c: createInProcessClient({ store, clock, kubernetesMinor: 33, nodeName: "pillion" }) };
};

const rejection = async (p: Promise<unknown>): Promise<{ code: number; reason: string; message: string }> => {
  try {
    await p;
  } catch (e) {
    if (e instanceof StatusError) return { code: e.code, reason: e.reason, message: e.message };
    throw e;
  }
  return { code: 0, reason: "", message: "no error" };
};

const pod = (namespace: string, name = "web", mutate: (p: Pod) => void = () => {}): Pod => {
  const p: Pod = { metadata: { name, namespace }, spec: { containers: [{ name: "c", image: "busybox:1.36" }] } };
  mutate(p);
  return p;
};

const NODE: SystemNodeOptions = {
  kubeletVersion: "v1.33.1", containerRuntimeVersion: "crun://1.8.1", kernelVersion: "6.8.0-45-generic",
  osImage: "Ubuntu 24.04.1 LTS", architecture: "amd64", capacity: { cpu: "8", memory: "16318124Ki", pods: "110" },
};

void describe("system namespaces", () => {
  void it("exist as soon as the client does: Active, labelled with their name, with the kubernetes finalizer", async () => {
    const { c } = setup();
    const names = (await c.namespaces.list()).items.map((n) => n.metadata.name).sort();
    assert.deepEqual(names, ["default", "kube-node-lease", "kube-public", "kube-system"]);
    const def = await c.namespaces.get("", "default");
    assert.deepEqual(def.metadata.labels, { "kubernetes.io/metadata.name": "default" });
    assert.deepEqual(def.spec, { finalizers: ["kubernetes"] });
    assert.deepEqual(def.status, { phase: "Active" });
    assert.equal(def.metadata.namespace, undefined);
  });

  void it("are created once: a second client on the same store finds them", () => {
    const { store, clock } = setup();
    assert.doesNotThrow(() => createInProcessClient({ store, clock, kubernetesMinor: 33, nodeName: "pillion" }));
  });

  void it("cannot be deleted (default, kube-system, kube-public)", async () => {
    const { c } = setup();
    assert.deepEqual(await rejection(c.namespaces.delete("", "kube-system")), {
      code: 403, reason: "Forbidden", message: 'namespaces "kube-system" is forbidden: this namespace may not be deleted',
    });
  });
});

void describe("NamespaceLifecycle admission", () => {
  void it("rejects a create in a namespace that does not exist with NotFound, before validation", async () => {
    const { c } = setup();
    const expected = { code: 404, reason: "NotFound", message: 'namespaces "x" not found' };
    assert.deepEqual(await rejection(c.pods.create(pod("x"))), expected);
    assert.deepEqual(await rejection(c.pods.create(pod("x", "web", (p) => { p.spec.containers = []; }))), expected);
    assert.deepEqual(await rejection(c.configmaps.create({ metadata: { name: "cfg", namespace: "x" } })), expected);
  });

  void it("accepts the create once the namespace exists, and cluster-scoped kinds anywhere", async () => {
    const { c } = setup();
    await c.namespaces.create({ metadata: { name: "team-a" } });
    assert.equal((await c.pods.create(pod("team-a"))).metadata.namespace, "team-a");
    assert.equal((await c.pods.create(pod(""))).metadata.namespace, "default");
  });

  void it("rejects a namespace name that is not a DNS label with Kubernetes' text", async () => {
    const { c } = setup();
    const r = await rejection(c.namespaces.create({ metadata: { name: "Team_A" } }));
    assert.equal(r.message, "Namespace \"Team_A\" is invalid: metadata.name: Invalid value: \"Team_A\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')");
  });
});

void describe("namespace deletion", () => {
  void it("marks it Terminating, refuses new content, and finalizeNamespace empties and removes it", async () => {
    const { c } = setup();
    await c.namespaces.create({ metadata: { name: "team-a" } });
    await c.configmaps.create({ metadata: { name: "cfg", namespace: "team-a" } });
    await c.services.create({ metadata: { name: "web", namespace: "team-a" }, spec: { ports: [{ port: 80 }] } });
    const marked = await c.namespaces.delete("", "team-a");
    assert.equal(marked?.status?.phase, "Terminating");
    assert.ok(marked?.metadata.deletionTimestamp);
    assert.deepEqual(await rejection(c.configmaps.create({ metadata: { name: "late", namespace: "team-a" } })), {
      code: 403, reason: "Forbidden",
      message: 'configmaps "late" is forbidden: unable to create new content in namespace team-a because it is being terminated',
    });
    assert.deepEqual((await rejection(c.namespaces.delete("", "team-a"))).reason, "Conflict");
    assert.deepEqual(await c.finalizeNamespace("team-a"), { done: true, remaining: 0 });
    assert.deepEqual((await c.configmaps.list({ namespace: "team-a" })).items, []);
    assert.equal((await rejection(c.namespaces.get("", "team-a"))).reason, "NotFound");
  });

  void it("waits for pods in graceful deletion before removing the namespace", async () => {
    const { c } = setup();
    await c.namespaces.create({ metadata: { name: "team-a" } });
    await c.pods.create(pod("team-a"));
    await c.namespaces.delete("", "team-a");
    assert.deepEqual(await c.finalizeNamespace("team-a"), { done: false, remaining: 1 });
    const p = await c.pods.get("team-a", "web");
    assert.ok(p.metadata.deletionTimestamp);
    await c.pods.delete("team-a", "web", { gracePeriodSeconds: 0 });
    assert.deepEqual(await c.finalizeNamespace("team-a"), { done: true, remaining: 0 });
  });

  void it("leaves a namespace that is not being deleted alone", async () => {
    const { c } = setup();
    assert.deepEqual(await c.finalizeNamespace("default"), { done: false, remaining: -1 });
  });
});

void describe("ensureSystemObjects", () => {
  void it("registers the node Ready with its nodeInfo, addresses and capacity", async () => {
    const { c, clock } = setup();
    const node = await ensureSystemObjects(c, clock, NODE);
    assert.equal(node.metadata.name, "pillion");
    assert.equal(node.metadata.labels?.["kubernetes.io/hostname"], "pillion");
    const ready = node.status?.conditions?.find((x) => x.type === "Ready");
    assert.deepEqual(ready, {
      type: "Ready", status: "True", reason: "KubeletReady", message: "kubelet is posting ready status",
      lastHeartbeatTime: "2025-11-22T10:10:00Z", lastTransitionTime: "2025-11-22T10:10:00Z",
    });
    assert.deepEqual(node.status?.addresses, [{ type: "InternalIP", address: "127.0.0.1" }, { type: "Hostname", address: "pillion" }]);
    assert.equal(node.status?.nodeInfo?.kubeletVersion, "v1.33.1");
    assert.equal(node.status?.nodeInfo?.containerRuntimeVersion, "crun://1.8.1");
    assert.deepEqual(node.status?.allocatable, NODE.capacity);
  });

  void it("on a second run refreshes the heartbeat and keeps the transition time", async () => {
    const { c, clock } = setup();
    await ensureSystemObjects(c, clock, NODE);
    await clock.step(60_000);
    const node = await ensureSystemObjects(c, clock, NODE);
    const ready = node.status?.conditions?.find((x) => x.type === "Ready");
    assert.equal(ready?.lastHeartbeatTime, "2025-11-22T10:11:00Z");
    assert.equal(ready?.lastTransitionTime, "2025-11-22T10:10:00Z");
    assert.equal((await c.nodes.list()).items.length, 1);
  });
});
