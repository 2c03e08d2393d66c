import { test } from "node:test";
import assert from "node:assert/strict";
import { makeFixture } from "../test-support/api-fixture.ts";

const pod = (name: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  apiVersion: "v1", kind: "Pod", metadata: { name, labels: { app: "web" } },
  spec: { containers: [{ name: "main", image: "busybox:1.36", command: ["sleep", "1"] }], ...extra },
});
const PODS = "/api/v1/namespaces/default/pods";

test("create: 201 with uid, resourceVersion and defaults; kind/apiVersion filled when the body omits them", async () => {
  const f = makeFixture();
  const { kind: _k, apiVersion: _a, ...bare } = pod("web");
  const r = await f.json(`${PODS}?fieldManager=kubectl-create`, { method: "POST", body: bare });
  assert.equal(r.status, 201);
  assert.equal(r.body.kind, "Pod");
  assert.equal(r.body.apiVersion, "v1");
  const meta = r.body.metadata as { uid?: string; resourceVersion?: string; managedFields?: { manager: string }[] };
  assert.ok(meta.uid && meta.resourceVersion);
  assert.equal(meta.managedFields?.[0]?.manager, "kubectl-create");
  const list = await f.json(PODS);
  assert.equal(list.body.kind, "PodList");
  assert.equal(typeof (list.body.metadata as { resourceVersion: string }).resourceVersion, "string");
});

test("create: fieldValidation=Strict refuses unknown fields with the decoder's message and stores nothing", async () => {
  const f = makeFixture();
  const r = await f.json(`${PODS}?fieldValidation=Strict`, { method: "POST", body: pod("x", { foo: "bar" }) });
  assert.equal(r.status, 400);
  assert.equal(r.body.reason, "BadRequest");
  assert.equal(r.body.message, 'Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.foo"');
  assert.equal((await f.json(`${PODS}/x`)).status, 404);
});

test("create: Warn (the default) stores the object without the unknown field and says so in a Warning header", async () => {
  const f = makeFixture();
  const r = await f.json(PODS, { method: "POST", body: pod("x", { foo: "bar" }) });
  assert.equal(r.status, 201);
  assert.equal(r.headers.warning, '299 - "unknown field \\"spec.foo\\""');
  assert.equal((r.body.spec as Record<string, unknown>).foo, undefined);
});

test("create: an invalid object is a 422 Invalid with causes, as kubectl prints it", async () => {
  const f = makeFixture();
  const bad = pod("bad");
  (bad.spec as { containers: Record<string, unknown>[] }).containers[0]!.restartPolicy = "Never";
  const r = await f.json(PODS, { method: "POST", body: bad });
  assert.equal(r.status, 422);
  assert.equal(r.body.message, 'Pod "bad" is invalid: spec.containers[0].restartPolicy: Forbidden: may not be set for non-init containers');
});

test("create: dryRun=All validates and answers without storing", async () => {
  const f = makeFixture();
  const r = await f.json(`${PODS}?dryRun=All`, { method: "POST", body: pod("dry") });
  assert.equal(r.status, 201);
  assert.equal((await f.json(`${PODS}/dry`)).status, 404);
});

test("bodies: protobuf is a 415, malformed JSON a 400, a wrong apiVersion a 400; nothing is stored", async () => {
  const f = makeFixture();
  const proto = await f.json(PODS, { method: "POST", body: "k8s\u0000abc", contentType: "application/vnd.kubernetes.protobuf" });
  assert.equal(proto.status, 415);
  assert.equal(proto.body.reason, "UnsupportedMediaType");
  const broken = await f.json(PODS, { method: "POST", body: '{"apiVersion":"v1",' });
  assert.equal(broken.status, 400);
  assert.match(String(broken.body.message), /^the object provided is unrecognized \(must be of type Pod\): couldn't get version\/kind; json parse error: /);
  const wrong = await f.json(PODS, { method: "POST", body: { ...pod("w"), apiVersion: "v2" } });
  assert.equal(wrong.body.message, "the API version in the data (v2) does not match the expected API version (v1)");
  assert.equal(((await f.json(PODS)).body.items as unknown[]).length, 0);
});

test("create: YAML bodies are accepted", async () => {
  const f = makeFixture();
  const yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: '1'\n";
  const r = await f.json("/api/v1/namespaces/default/configmaps", { method: "POST", body: yaml, contentType: "application/yaml" });
  assert.equal(r.status, 201);
});

test("update: a stale resourceVersion is a 409 Conflict with Kubernetes' message", async () => {
  const f = makeFixture();
  const created = (await f.json("/api/v1/namespaces/default/configmaps", { method: "POST", body: { metadata: { name: "c" }, data: { a: "1" } } })).body;
  const stale = { ...created, data: { a: "2" } };
  assert.equal((await f.json("/api/v1/namespaces/default/configmaps/c", { method: "PUT", body: stale })).status, 200);
  const again = await f.json("/api/v1/namespaces/default/configmaps/c", { method: "PUT", body: { ...created, data: { a: "3" } } });
  assert.equal(again.status, 409);
  assert.equal(again.body.message, 'Operation cannot be fulfilled on configmaps "c": the object has been modified; please apply your changes to the latest version and try again');
});

test("patch: strategic merge patch with kubectl's directives updates the container in place", async () => {
  const f = makeFixture();
  await f.json(PODS, { method: "POST", body: pod("web") });
  // What `kubectl apply` sends for an image change (spec §4.4).
  const body = { spec: { "$setElementOrder/containers": [{ name: "main" }], containers: [{ name: "main", image: "busybox:1.37" }] } };
  const r = await f.json(`${PODS}/web?fieldManager=kubectl-client-side-apply`, { method: "PATCH", body, contentType: "application/strategic-merge-patch+json" });
  assert.equal(r.status, 200);
  const containers = (r.body.spec as { containers: { image: string; command: string[] }[] }).containers;
  assert.equal(containers[0]?.image, "busybox:1.37");
  assert.deepEqual(containers[0]?.command, ["sleep", "1"]);
});

test("patch: merge patch and JSON patch; apply creates a missing object (201) and needs a fieldManager", async () => {
  const f = makeFixture();
  const CMS = "/api/v1/namespaces/default/configmaps";
  const applied = await f.json(`${CMS}/c?fieldManager=kubectl`, { method: "PATCH", body: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" }, data: { a: "1" } }, contentType: "application/apply-patch+yaml" });
  assert.equal(applied.status, 201);
  const merged = await f.json(`${CMS}/c`, { method: "PATCH", body: { metadata: { labels: { x: "y" } } }, contentType: "application/merge-patch+json" });
  assert.deepEqual((merged.body.metadata as { labels: unknown }).labels, { x: "y" });
  const jp = await f.json(`${CMS}/c`, { method: "PATCH", body: [{ op: "replace", path: "/data/a", value: "2" }], contentType: "application/json-patch+json" });
  assert.deepEqual(jp.body.data, { a: "2" });
  const noManager = await f.json(`${CMS}/c`, { method: "PATCH", body: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" } }, contentType: "application/apply-patch+yaml" });
  assert.equal(noManager.status, 400);
  const bad = await f.json(`${CMS}/c`, { method: "PATCH", body: "{}", contentType: "text/plain" });
  assert.equal(bad.status, 415);
});

test("get as Table: rows carry PartialObjectMetadata by default, the object with includeObject=Object", async () => {
  const f = makeFixture();
  await f.json(PODS, { method: "POST", body: pod("web") });
  const accept = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json";
  const t = await f.json(PODS, { accept });
  assert.equal(t.headers["content-type"], "application/json;as=Table;v=v1;g=meta.k8s.io");
  assert.equal(t.body.kind, "Table");
  const rows = t.body.rows as { cells: unknown[]; object: { kind: string } }[];
  assert.equal(rows[0]?.cells[0], "web");
  assert.equal(rows[0]?.object.kind, "PartialObjectMetadata");
  const full = await f.json(`${PODS}?includeObject=Object`, { accept });
  assert.equal((full.body.rows as { object: { kind: string } }[])[0]?.object.kind, "Pod");
});

test("list: label and field selectors", async () => {
  const f = makeFixture();
  await f.json(PODS, { method: "POST", body: pod("a") });
  await f.json(PODS, { method: "POST", body: { ...pod("b"), metadata: { name: "b", labels: { app: "db" } } } });
  const names = async (q: string): Promise<string[]> => ((await f.json(`${PODS}?${q}`)).body.items as { metadata: { name: string } }[]).map((i) => i.metadata.name);
  assert.deepEqual(await names("labelSelector=app%3Dweb"), ["a"]);
  assert.deepEqual(await names("labelSelector=app+in+(web,db)"), ["a", "b"]);
  assert.deepEqual(await names("fieldSelector=metadata.name%3Db"), ["b"]);
  assert.deepEqual(await names("fieldSelector=metadata.name!%3Db&limit=500"), ["a"]);
});

test("scale: GET is an autoscaling/v1 Scale; kubectl scale's merge patch sets spec.replicas", async () => {
  const f = makeFixture();
  const DEPLOYS = "/apis/apps/v1/namespaces/default/deployments";
  const deploy = {
    metadata: { name: "web" },
    spec: { replicas: 1, selector: { matchLabels: { app: "web" } }, template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "m", image: "busybox" }] } } },
  };
  assert.equal((await f.json(DEPLOYS, { method: "POST", body: deploy })).status, 201);
  const scale = await f.json(`${DEPLOYS}/web/scale`);
  assert.equal(scale.body.kind, "Scale");
  assert.deepEqual(scale.body.spec, { replicas: 1 });
  assert.equal((scale.body.status as { selector: string }).selector, "app=web");
  const patched = await f.json(`${DEPLOYS}/web/scale`, { method: "PATCH", body: { spec: { replicas: 3 } }, contentType: "application/merge-patch+json" });
  assert.deepEqual(patched.body.spec, { replicas: 3 });
  assert.equal(((await f.json(`${DEPLOYS}/web`)).body.spec as { replicas: number }).replicas, 3);
});

test("server-side apply: another manager's field is a 409 conflict unless forced", async () => {
  const f = makeFixture();
  const CM = "/api/v1/namespaces/default/configmaps/c";
  const applyAs = (manager: string, value: string, force = false): ReturnType<typeof f.json> =>
    f.json(`${CM}?fieldManager=${manager}${force ? "&force=true" : ""}`, {
      method: "PATCH", contentType: "application/apply-patch+yaml", body: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" }, data: { a: value } },
    });
  assert.equal((await applyAs("alice", "1")).status, 201);
  const conflict = await applyAs("bob", "2");
  assert.equal(conflict.status, 409);
  assert.equal(conflict.body.message, 'Apply failed with 1 conflict: conflict with "alice": .data.a');
  const forced = await applyAs("bob", "2", true);
  assert.equal(forced.status, 200);
  assert.deepEqual(forced.body.data, { a: "2" });
});
