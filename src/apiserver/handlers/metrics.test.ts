import { test } from "node:test";
import assert from "node:assert/strict";
import type { Node, Pod } from "../../api/core.ts";
import { FakeClock } from "../../machinery/fake-clock.ts";
import type { MetricsSource, NodeUsage, PodFilter, PodUsage } from "../../metrics/metrics-source.ts";
import type { ApiRequest, ApiResponse } from "../api-types.ts";
import { errorResponse } from "../errors.ts";
import { createInProcessClient } from "../../registry/in-process-client.ts";
import { SqliteStore } from "../../storage/sqlite-store.ts";
import { ServedResources } from "../served-resources.ts";
import { handleMetricsRequest, storeListers, type MetricsHandlerOptions } from "./metrics.ts";

const clock = new FakeClock(); // 2025-11-22T10:10:00Z
const T = clock.now();

const pod = (namespace: string, name: string, labels: Record<string, string>, containers = ["main"], init: string[] = []): Pod => ({
  metadata: { namespace, name, labels },
  spec: { containers: containers.map((n) => ({ name: n, image: "b" })), initContainers: init.map((n) => ({ name: n, image: "b" })) },
});
const node = (name: string): Node => ({ metadata: { name, labels: { "kubernetes.io/hostname": name } } });

const PODS: Pod[] = [
  pod("default", "web", { app: "web" }, ["main", "side"], ["proxy"]),
  pod("default", "db", { app: "db" }),
  pod("default", "new", { app: "web" }), // no metrics yet
  pod("other", "job", { app: "batch" }),
];
const USAGE: PodUsage[] = [
  {
    namespace: "default", name: "web", timestampMs: T - 3_000, windowMs: 10_268, containers: [
      { name: "side", cpuNanoCores: 1_234_567, memoryWorkingSetBytes: 1_232_896 },
      { name: "main", cpuNanoCores: 250_000_000, memoryWorkingSetBytes: 10 * 1024 * 1024 },
      { name: "proxy", cpuNanoCores: 0, memoryWorkingSetBytes: 4096 },
    ],
  },
  { namespace: "default", name: "db", timestampMs: T - 1_000, windowMs: 10_000, containers: [{ name: "main", cpuNanoCores: 2_000_000_000, memoryWorkingSetBytes: 1 << 30 }] },
  { namespace: "other", name: "job", timestampMs: T, windowMs: 15_000, containers: [{ name: "main", cpuNanoCores: 5, memoryWorkingSetBytes: 1500 }] },
  { namespace: "default", name: "gone", timestampMs: T, windowMs: 15_000, containers: [] }, // containers left, pod deleted
];
const NODE_USAGE: NodeUsage[] = [{ name: "pillion", timestampMs: T - 2_000, windowMs: 10_000, cpuNanoCores: 750_000_000, memoryWorkingSetBytes: 2 * 1024 ** 3 }];

class FakeMetrics implements MetricsSource {
  filters: PodFilter[] = [];
  async podMetrics(filter: PodFilter = {}): Promise<PodUsage[]> {
    this.filters.push(filter);
    return USAGE.filter((u) => (filter.namespace === undefined || u.namespace === filter.namespace) && (filter.name === undefined || u.name === filter.name));
  }
  async nodeMetrics(): Promise<NodeUsage[]> { return NODE_USAGE; }
}

function options(o: Partial<MetricsHandlerOptions> = {}): MetricsHandlerOptions {
  return {
    metrics: new FakeMetrics(),
    listPods: async (ns) => PODS.filter((p) => ns === undefined || p.metadata.namespace === ns),
    listNodes: async () => [node("pillion")],
    clock,
    ...o,
  };
}

function request(path: string, method = "GET", accept = "application/json"): ApiRequest {
  const url = new URL(path, "https://127.0.0.1");
  return { method, path: url.pathname, query: url.searchParams, headers: { accept }, body: new Uint8Array(), signal: new AbortController().signal };
}

/** The handler as the API server runs it: a rejection becomes its Status response. */
async function call(path: string, o = options(), method = "GET", accept?: string): Promise<{ status: number; body: Record<string, unknown>; type: string }> {
  const p = handleMetricsRequest(request(path, method, accept), o);
  assert.ok(p, `${path} is a metrics path`);
  let r: ApiResponse;
  try { r = await p; } catch (e) { r = errorResponse(e, () => undefined); }
  assert.ok("body" in r);
  return { status: r.status, body: JSON.parse(String(r.body)) as Record<string, unknown>, type: r.headers["content-type"] ?? "" };
}

const BASE = "/apis/metrics.k8s.io/v1beta1";
const names = (body: Record<string, unknown>): string[] =>
  (body.items as { metadata: { namespace?: string; name: string } }[]).map((i) => (i.metadata.namespace ? `${i.metadata.namespace}/${i.metadata.name}` : i.metadata.name));

test("metrics: a namespace's PodMetricsList has metrics-server's shape, fields and formats", async () => {
  const r = await call(`${BASE}/namespaces/default/pods`);
  assert.equal(r.status, 200);
  assert.equal(r.type, "application/json");
  assert.deepEqual(r.body, {
    kind: "PodMetricsList", apiVersion: "metrics.k8s.io/v1beta1", metadata: {},
    items: [
      {
        metadata: { name: "db", namespace: "default", creationTimestamp: "2025-11-22T10:10:00Z", labels: { app: "db" } },
        timestamp: "2025-11-22T10:09:59Z", window: "10s",
        containers: [{ name: "main", usage: { cpu: "2", memory: "1Gi" } }],
      },
      {
        metadata: { name: "web", namespace: "default", creationTimestamp: "2025-11-22T10:10:00Z", labels: { app: "web" } },
        timestamp: "2025-11-22T10:09:57Z", window: "10.268s",
        containers: [
          { name: "proxy", usage: { cpu: "0", memory: "4Ki" } },
          { name: "main", usage: { cpu: "250m", memory: "10Mi" } },
          { name: "side", usage: { cpu: "1234567n", memory: "1204Ki" } },
        ],
      },
    ],
  });
});

test("metrics: which pods each path and selector returns", async () => {
  const cases: { name: string; path: string; want: string[] }[] = [
    { name: "all namespaces, ordered by namespace then name", path: `${BASE}/pods`, want: ["default/db", "default/web", "other/job"] },
    { name: "one namespace", path: `${BASE}/namespaces/other/pods`, want: ["other/job"] },
    { name: "an unknown namespace is empty", path: `${BASE}/namespaces/nope/pods`, want: [] },
    { name: "labelSelector over the pods' labels", path: `${BASE}/namespaces/default/pods?labelSelector=app%3Dweb`, want: ["default/web"] },
    { name: "set-based selector across namespaces", path: `${BASE}/pods?labelSelector=app+in+(db,batch)`, want: ["default/db", "other/job"] },
    { name: "fieldSelector on metadata.name", path: `${BASE}/pods?fieldSelector=metadata.name%21%3Ddb`, want: ["default/web", "other/job"] },
    { name: "fieldSelector on metadata.namespace", path: `${BASE}/pods?fieldSelector=metadata.namespace%3Dother`, want: ["other/job"] },
  ];
  for (const c of cases) {
    const r = await call(c.path);
    assert.equal(r.status, 200, c.name);
    assert.deepEqual(names(r.body), c.want, c.name);
  }
});

test("metrics: GET of one pod's metrics is a PodMetrics with kind and apiVersion", async () => {
  const m = new FakeMetrics();
  const r = await call(`${BASE}/namespaces/other/pods/job`, options({ metrics: m }));
  assert.equal(r.status, 200);
  assert.deepEqual(r.body, {
    kind: "PodMetrics", apiVersion: "metrics.k8s.io/v1beta1",
    metadata: { name: "job", namespace: "other", creationTimestamp: "2025-11-22T10:10:00Z", labels: { app: "batch" } },
    timestamp: "2025-11-22T10:10:00Z", window: "15s",
    containers: [{ name: "main", usage: { cpu: "5n", memory: "1500" } }],
  });
  assert.deepEqual(m.filters, [{ namespace: "other", name: "job" }], "asks the source for that pod only");
});

test("metrics: NodeMetricsList and NodeMetrics carry the node's labels", async () => {
  const item = {
    metadata: { name: "pillion", creationTimestamp: "2025-11-22T10:10:00Z", labels: { "kubernetes.io/hostname": "pillion" } },
    timestamp: "2025-11-22T10:09:58Z", window: "10s", usage: { cpu: "750m", memory: "2Gi" },
  };
  assert.deepEqual((await call(`${BASE}/nodes`)).body, { kind: "NodeMetricsList", apiVersion: "metrics.k8s.io/v1beta1", metadata: {}, items: [item] });
  assert.deepEqual((await call(`${BASE}/nodes/pillion`)).body, { kind: "NodeMetrics", apiVersion: "metrics.k8s.io/v1beta1", ...item });
  assert.deepEqual(names((await call(`${BASE}/nodes?labelSelector=kubernetes.io%2Fhostname%3Dother`)).body), []);
  assert.deepEqual(names((await call(`${BASE}/nodes`, options({ metrics: { podMetrics: async () => [], nodeMetrics: async () => [] } }))).body), [],
    "a node with one sample is left out of the list");
});

test("metrics: errors as metrics-server and the apiserver answer them", async () => {
  const noNodeMetrics = options({ metrics: { podMetrics: async () => [], nodeMetrics: async () => [] } });
  const cases: { name: string; path: string; method?: string; o?: MetricsHandlerOptions; status: number; reason: string; message: string; details?: unknown }[] = [
    {
      name: "a pod without metrics yet", path: `${BASE}/namespaces/default/pods/new`, status: 404, reason: "NotFound",
      message: 'podmetrics.metrics.k8s.io "default/new" not found', details: { name: "default/new", group: "metrics.k8s.io", kind: "podmetrics" },
    },
    { name: "a pod that does not exist", path: `${BASE}/namespaces/default/pods/nope`, status: 404, reason: "NotFound", message: 'pods "nope" not found' },
    { name: "a pod of another namespace", path: `${BASE}/namespaces/other/pods/web`, status: 404, reason: "NotFound", message: 'pods "web" not found' },
    { name: "a node that does not exist", path: `${BASE}/nodes/nope`, status: 404, reason: "NotFound", message: 'nodes "nope" not found' },
    {
      name: "a node without metrics yet", path: `${BASE}/nodes/pillion`, o: noNodeMetrics, status: 404, reason: "NotFound",
      message: 'nodemetrics.metrics.k8s.io "pillion" not found',
    },
    {
      name: "watch is not served", path: `${BASE}/pods?watch=true`, status: 405, reason: "MethodNotAllowed",
      message: 'watch is not supported on resources of kind "pods.metrics.k8s.io"', details: { group: "metrics.k8s.io", kind: "pods" },
    },
    { name: "create", path: `${BASE}/namespaces/default/pods`, method: "POST", status: 405, reason: "MethodNotAllowed", message: "the server does not allow this method on the requested resource", details: {} },
    { name: "delete", path: `${BASE}/nodes/pillion`, method: "DELETE", status: 405, reason: "MethodNotAllowed", message: "the server does not allow this method on the requested resource" },
    { name: "patch", path: `${BASE}/namespaces/default/pods/web`, method: "PATCH", status: 405, reason: "MethodNotAllowed", message: "the server does not allow this method on the requested resource" },
    { name: "a pod by name without namespace", path: `${BASE}/pods/web`, status: 404, reason: "NotFound", message: "the server could not find the requested resource" },
    { name: "nodes are not namespaced", path: `${BASE}/namespaces/default/nodes`, status: 404, reason: "NotFound", message: "the server could not find the requested resource" },
    { name: "no subresources", path: `${BASE}/namespaces/default/pods/web/status`, status: 404, reason: "NotFound", message: "the server could not find the requested resource" },
    { name: "a malformed labelSelector", path: `${BASE}/pods?labelSelector=a%3D%3D%3Db`, status: 400, reason: "BadRequest", message: 'unable to parse requirement: "a===b"' },
    { name: "an unsupported field", path: `${BASE}/pods?fieldSelector=status.phase%3DRunning`, status: 400, reason: "BadRequest", message: "field label not supported: status.phase" },
  ];
  for (const c of cases) {
    const r = await call(c.path, c.o ?? options(), c.method ?? "GET");
    assert.equal(r.status, c.status, c.name);
    assert.equal(r.body.kind, "Status", c.name);
    assert.equal(r.body.reason, c.reason, c.name);
    assert.equal(r.body.message, c.message, c.name);
    if (c.details !== undefined) assert.deepEqual(r.body.details, c.details, c.name);
  }
});

test("metrics: other paths are left to the caller", () => {
  for (const path of ["/api/v1/pods", "/apis/metrics.k8s.io/v1/pods", "/apis/metrics.k8s.io/v1beta1/things", "/apis/metrics.k8s.io", "/apis/metrics.k8s.io/v1beta1", "/apis/apps/v1/deployments"]) {
    assert.equal(handleMetricsRequest(request(path), options()), undefined, path);
  }
});

test("metrics: kubectl get asks for a Table: Name, cpu, memory (a pod's summed) and Window", async () => {
  const accept = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";
  const r = await call(`${BASE}/namespaces/default/pods`, options(), "GET", accept);
  assert.equal(r.type, "application/json;as=Table;v=v1;g=meta.k8s.io");
  assert.deepEqual((r.body.columnDefinitions as { name: string; format: string }[]).map((c) => [c.name, c.format]),
    [["Name", "name"], ["cpu", "quantity"], ["memory", "quantity"], ["Window", "duration"]]);
  const rows = r.body.rows as { cells: unknown[]; object: { kind: string; metadata: { name: string } } }[];
  assert.deepEqual(rows.map((row) => row.cells), [["db", "2", "1Gi", "10s"], ["web", "251234567n", "11448Ki", "10.268s"]]);
  assert.equal(rows[0]?.object.kind, "PartialObjectMetadata");
  const nodes = await call(`${BASE}/nodes`, options(), "GET", accept);
  assert.deepEqual((nodes.body.rows as { cells: unknown[] }[]).map((row) => row.cells), [["pillion", "750m", "2Gi", "10s"]]);
  const empty = await call(`${BASE}/namespaces/nope/pods`, options(), "GET", accept);
  assert.deepEqual([empty.body.columnDefinitions, empty.body.rows], [null, []], "metrics-server defines columns from its first row");
});

test("metrics: storeListers reads pods and nodes from the served registries", async () => {
  // The store and registries alone (not the whole API handler): what the lead's wiring passes.
  const client = createInProcessClient({ store: new SqliteStore({ path: ":memory:" }), clock, kubernetesMinor: 33, nodeName: "pillion", garbageCollection: false });
  await client.pods.create({ metadata: { name: "web", namespace: "default", labels: { app: "web" } }, spec: { containers: [{ name: "main", image: "b" }] } });
  await client.nodes.create({ metadata: { name: "pillion" } });
  const listers = storeListers(ServedResources.fromClient(client));
  assert.deepEqual((await listers.listPods("default")).map((p) => p.metadata.name), ["web"]);
  assert.deepEqual((await listers.listPods("other")).map((p) => p.metadata.name), []);
  assert.deepEqual((await listers.listPods()).map((p) => p.metadata.name), ["web"]);
  assert.deepEqual((await listers.listNodes()).map((n) => n.metadata.name), ["pillion"]);
});
