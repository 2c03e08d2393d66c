// @kubernetes/client-node (2.x: promise APIs with one object parameter, undici underneath)
// against a real `pillion up`, configured only from the kubeconfig pillion wrote: list, watch,
// create, patch (strategic merge and JSON merge, which differ on lists with a merge key), delete,
// and a pod's log (readNamespacedPodLog and the streaming Log helper).
import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { after, before, test } from "node:test";
import {
  ApiException, AppsV1Api, CoreV1Api, KubeConfig, Log, PatchStrategy, setHeaderOptions, Watch,
  type V1ConfigMap, type V1Deployment,
} from "@kubernetes/client-node";
import { eventually, skipReason, startPillionUp, type Cluster } from "../kubectl/pillion-up.ts";

const skip = skipReason(33);
const NS = "client-node";
let cluster: Cluster;
let kc: KubeConfig;
let core: CoreV1Api;
let apps: AppsV1Api;

before(async () => {
  if (skip) return;
  cluster = await startPillionUp();
  kc = new KubeConfig();
  kc.loadFromFile(cluster.kubeconfig);
  core = kc.makeApiClient(CoreV1Api);
  apps = kc.makeApiClient(AppsV1Api);
  await core.createNamespace({ body: { metadata: { name: NS } } });
});
after(async () => { if (!skip) await cluster.destroy(); });

const status = async (p: Promise<unknown>): Promise<number> => {
  try { await p; return 200; } catch (e) { if (e instanceof ApiException) return e.code; throw e; }
};

test("create then list: the object comes back with server fields; list carries a resourceVersion", { skip }, async () => {
  const made = await core.createNamespacedConfigMap({ namespace: NS, body: { metadata: { name: "one", labels: { app: "x" } }, data: { a: "1" } } });
  assert.equal(made.kind, "ConfigMap");
  assert.match(made.metadata?.uid ?? "", /^[0-9a-f-]{36}$/);
  assert.ok(made.metadata?.creationTimestamp instanceof Date);
  const list = await core.listNamespacedConfigMap({ namespace: NS, labelSelector: "app=x" });
  assert.deepEqual(list.items.map((c) => [c.metadata?.name, c.data]), [["one", { a: "1" }]]);
  assert.match(list.metadata?.resourceVersion ?? "", /^\d+$/);
  assert.equal(await status(core.createNamespacedConfigMap({ namespace: NS, body: { metadata: { name: "one" } } })), 409);
});

test("watch from a list's resourceVersion sees ADDED, MODIFIED, DELETED in order", { skip }, async () => {
  const rv = (await core.listNamespacedConfigMap({ namespace: NS })).metadata?.resourceVersion ?? "";
  const events: string[] = [];
  const done: unknown[] = [];
  const abort = await new Watch(kc).watch(`/api/v1/namespaces/${NS}/configmaps`, { resourceVersion: rv },
    (type, obj: V1ConfigMap) => events.push(`${type} ${obj.metadata?.name} ${JSON.stringify(obj.data ?? {})}`),
    (err) => done.push(err));
  try {
    await core.createNamespacedConfigMap({ namespace: NS, body: { metadata: { name: "w" }, data: { v: "1" } } });
    await core.replaceNamespacedConfigMap({ name: "w", namespace: NS, body: { metadata: { name: "w" }, data: { v: "2" } } });
    await core.deleteNamespacedConfigMap({ name: "w", namespace: NS });
    await eventually("three watch events", 5_000, async () => (events.length >= 3 ? true : undefined));
    assert.deepEqual(events, ['ADDED w {"v":"1"}', 'MODIFIED w {"v":"2"}', 'DELETED w {"v":"2"}']);
    assert.deepEqual(done, []);
  } finally {
    abort.abort();
  }
});

test("strategic merge patch merges containers by name; JSON merge patch replaces the list", { skip }, async () => {
  const container = (name: string): { name: string; image: string; command: string[] } => ({ name, image: "busybox:1.36", command: ["sleep", "3600"] });
  const body: V1Deployment = {
    metadata: { name: "d" },
    spec: { replicas: 0, selector: { matchLabels: { app: "d" } }, template: { metadata: { labels: { app: "d" } }, spec: { containers: [container("a"), container("b")] } } },
  };
  await apps.createNamespacedDeployment({ namespace: NS, body });
  const patch = { spec: { template: { spec: { containers: [{ name: "b", image: "busybox:1.37" }] } } } };
  const smp = await apps.patchNamespacedDeployment({ name: "d", namespace: NS, body: patch }, setHeaderOptions("Content-Type", PatchStrategy.StrategicMergePatch));
  assert.deepEqual(smp.spec?.template.spec?.containers.map((c) => [c.name, c.image, c.command]), [["a", "busybox:1.36", ["sleep", "3600"]], ["b", "busybox:1.37", ["sleep", "3600"]]]);
  assert.equal(smp.metadata?.generation, 2);

  const merge = await apps.patchNamespacedDeployment({ name: "d", namespace: NS, body: { ...patch, metadata: { labels: { patched: "merge" } } } }, setHeaderOptions("Content-Type", PatchStrategy.MergePatch));
  assert.deepEqual(merge.spec?.template.spec?.containers.map((c) => [c.name, c.image]), [["b", "busybox:1.37"]]);
  assert.deepEqual(merge.metadata?.labels, { patched: "merge" });

  const jsonPatch = await core.createNamespacedConfigMap({ namespace: NS, body: { metadata: { name: "jm" }, data: { keep: "1", drop: "2" } } });
  assert.ok(jsonPatch.metadata?.resourceVersion);
  const cm = await core.patchNamespacedConfigMap({ name: "jm", namespace: NS, body: { data: { drop: null, add: "3" } } }, setHeaderOptions("Content-Type", PatchStrategy.MergePatch));
  assert.deepEqual(cm.data, { keep: "1", add: "3" });
});

test("delete answers with a Status for a ConfigMap, then the object is 404", { skip }, async () => {
  await core.createNamespacedConfigMap({ namespace: NS, body: { metadata: { name: "gone" } } });
  const res = await core.deleteNamespacedConfigMap({ name: "gone", namespace: NS });
  assert.equal(res.status, "Success");
  assert.equal(await status(core.readNamespacedConfigMap({ name: "gone", namespace: NS })), 404);
  assert.equal(await status(core.deleteNamespacedConfigMap({ name: "gone", namespace: NS })), 404);
});

test("a pod's log: whole, tailLines, and streamed with the Log helper", { skip, timeout: 60_000 }, async () => {
  await core.createNamespacedPod({ namespace: NS, body: {
    metadata: { name: "talker" },
    spec: { containers: [{ name: "main", image: "busybox:1.36", command: ["sh", "-c", "echo one; echo two; echo three; exec sleep 3600"] }] },
  } });
  const whole = await eventually("the pod's three lines", 30_000, async () => {
    try {
      const text = await core.readNamespacedPodLog({ name: "talker", namespace: NS, container: "main" });
      return text === "one\ntwo\nthree\n" ? text : undefined;
    } catch (e) { if (e instanceof ApiException && e.code === 400) return undefined; throw e; }
  });
  assert.equal(whole, "one\ntwo\nthree\n");
  assert.equal(await core.readNamespacedPodLog({ name: "talker", namespace: NS, tailLines: 1 }), "three\n");

  let streamed = "";
  const sink = new Writable({ write(chunk: Buffer, _enc, cb) { streamed += chunk.toString("utf8"); cb(); } });
  const finished = new Promise<void>((resolve) => sink.on("finish", resolve));
  // Not abort(): client-node 2.0.1 pipes the fetch body without an error handler, so aborting
  // a followed log raises an uncaught AbortError in the client. The follow ends cleanly when the
  // container exits, as with `kubectl logs -f`.
  await new Log(kc).log(NS, "talker", "main", sink, { follow: true, tailLines: 2 });
  await eventually("the followed lines", 5_000, async () => (streamed === "two\nthree\n" ? true : undefined));
  assert.equal(await status(core.readNamespacedPodLog({ name: "talker", namespace: NS, container: "nope" })), 400);
  await core.deleteNamespacedPod({ name: "talker", namespace: NS, gracePeriodSeconds: 0 });
  await finished;
  assert.equal(streamed, "two\nthree\n");
});
