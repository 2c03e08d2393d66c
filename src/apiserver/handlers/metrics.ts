// metrics.k8s.io/v1beta1 as metrics-server serves it (sigs.k8s.io/metrics-server pkg/api/pod.go,
// node.go): `kubectl top pod|node` and `kubectl get podmetrics|nodemetrics`. The pods and nodes
// come from the store (metrics-server reads them from its informers: their labels answer
// labelSelector, a missing one is `pods "x" not found`), the usage from a MetricsSource (the
// collector); an object that exists without usage yet is `podmetrics.metrics.k8s.io "ns/x" not
// found` on GET and left out of a LIST. Only get and list are served, as by metrics-server
// releases: watch is 405 (ListResource's NewMethodNotSupported), writes are go-restful's 405.
import type { Node, Pod } from "../../api/core.ts";
import type { KubeObject } from "../../api/meta.ts";
import type { Clock } from "../../machinery/clock.ts";
import { matches, parseSelector } from "../../machinery/labels.ts";
import { parseQuantity } from "../../machinery/quantity.ts";
import { newNotFound, StatusError } from "../../machinery/status-error.ts";
import type { MetricsSource, NodeUsage, PodUsage } from "../../metrics/metrics-source.ts";
import {
  metricsList, METRICS_GROUP, METRICS_VERSION, nodeMetricsItem, podMetricsItem, withTypeMeta, type NodeMetrics, type PodMetrics,
} from "../../metrics/metrics-objects.ts";
import { cpuQuantity, memoryQuantity } from "../../metrics/metrics-format.ts";
import { jsonResponse, type ApiRequest, type ApiResponse } from "../api-types.ts";
import type { StaticApiGroup } from "../discovery.ts";
import { newMethodNotSupported, newPathNotFound } from "../errors.ts";
import { matchesFields, parseFieldSelector } from "../field-selector.ts";
import { negotiateOutput, type OutputFormat } from "../negotiation.ts";
import { parseRequestInfo, type ResourceRequestInfo } from "../request-info.ts";
import type { ServedResources } from "../served-resources.ts";
import { buildTable } from "../tables/build-table.ts";
import type { TablePrinter } from "../tables/table-printer.ts";
import { tableContentType } from "../table-convert.ts";

/** The group for discovery (aggregated and legacy), as metrics-server registers it. */
export const METRICS_API_GROUP: StaticApiGroup = {
  group: METRICS_GROUP,
  version: METRICS_VERSION,
  resources: [
    // metrics-server's GetSingularName() returns "": discovery shows an empty singular name.
    { resource: "nodes", kind: "NodeMetrics", namespaced: false, singular: "", verbs: ["get", "list"] },
    { resource: "pods", kind: "PodMetrics", namespaced: true, singular: "", verbs: ["get", "list"] },
  ],
};

export interface MetricsHandlerOptions {
  metrics: MetricsSource;
  /** The pods in the store, of one namespace or (undefined) of all. */
  listPods: (namespace?: string) => Promise<readonly Pod[]>;
  listNodes: () => Promise<readonly Node[]>;
  clock: Clock;
}

/** listPods and listNodes over the served registries. */
export function storeListers(resources: ServedResources): Pick<MetricsHandlerOptions, "listPods" | "listNodes"> {
  return {
    listPods: async (namespace) =>
      (await resources.lookup("", "v1", "pods")?.registry.list(namespace ? { namespace } : {}))?.items as Pod[] | undefined ?? [],
    listNodes: async () => (await resources.lookup("", "v1", "nodes")?.registry.list())?.items as Node[] | undefined ?? [],
  };
}

/**
 * Serves a metrics.k8s.io/v1beta1 pods or nodes request; undefined for any other path (the
 * caller routes it on). The promise rejects with a StatusError for the caller's error mapping.
 */
export function handleMetricsRequest(req: ApiRequest, o: MetricsHandlerOptions): Promise<ApiResponse> | undefined {
  const info = parseRequestInfo(req.method, req.path, req.query);
  if (!info || info.group !== METRICS_GROUP || info.version !== METRICS_VERSION) return undefined;
  if (info.resource !== "pods" && info.resource !== "nodes") return undefined;
  return serve(req, info, o);
}

async function serve(req: ApiRequest, info: ResourceRequestInfo, o: MetricsHandlerOptions): Promise<ApiResponse> {
  const pods = info.resource === "pods";
  if (info.subresource || (!pods && info.namespace) || (pods && info.name && !info.namespace)) throw newPathNotFound();
  switch (info.verb) {
    case "get": case "list": break;
    case "watch": {
      const e = newMethodNotSupported(`${info.resource}.${METRICS_GROUP}`, "watch");
      e.status.details = { group: METRICS_GROUP, kind: info.resource };
      throw e;
    }
    case "create": case "update": case "patch": case "delete": case "deletecollection":
      throw methodNotAllowed();
  }
  const output = negotiateOutput(req.headers.accept, req.query);
  const nowMs = o.clock.now();
  if (pods) {
    const items = await selectPodMetrics(req, info, o, nowMs);
    return respond(output, "PodMetrics", items, info.name !== "");
  }
  const items = await selectNodeMetrics(req, info, o, nowMs);
  return respond(output, "NodeMetrics", items, info.name !== "");
}

async function selectPodMetrics(req: ApiRequest, info: ResourceRequestInfo, o: MetricsHandlerOptions, nowMs: number): Promise<PodMetrics[]> {
  const ns = info.namespace;
  let pods: readonly Pod[];
  if (info.name) {
    const pod = (await o.listPods(ns)).find((p) => p.metadata.name === info.name);
    if (!pod) throw newNotFound({ group: "", resource: "pods" }, info.name);
    pods = [pod];
  } else {
    pods = filterObjects(await o.listPods(ns || undefined), req, "pods");
  }
  const usage = new Map<string, PodUsage>();
  for (const u of await o.metrics.podMetrics({ ...(ns ? { namespace: ns } : {}), ...(info.name ? { name: info.name } : {}) })) {
    usage.set(`${u.namespace}/${u.name}`, u);
  }
  const items: PodMetrics[] = [];
  for (const pod of pods) {
    const u = usage.get(`${pod.metadata.namespace ?? ""}/${pod.metadata.name ?? ""}`);
    if (!u) continue;
    const containerOrder = [...pod.spec.initContainers ?? [], ...pod.spec.containers].map((c) => c.name);
    items.push(podMetricsItem(u, { nowMs, labels: pod.metadata.labels, containerOrder }));
  }
  if (info.name && !items.length) throw newNotFound({ group: METRICS_GROUP, resource: "podmetrics" }, `${ns}/${info.name}`);
  // pod.go getMetrics: ordered by namespace, then name.
  return items.sort((a, b) => compare(a.metadata.namespace ?? "", b.metadata.namespace ?? "") || compare(a.metadata.name, b.metadata.name));
}

async function selectNodeMetrics(req: ApiRequest, info: ResourceRequestInfo, o: MetricsHandlerOptions, nowMs: number): Promise<NodeMetrics[]> {
  let nodes: readonly Node[];
  if (info.name) {
    const node = (await o.listNodes()).find((n) => n.metadata.name === info.name);
    if (!node) throw newNotFound({ group: "", resource: "nodes" }, info.name);
    nodes = [node];
  } else {
    nodes = filterObjects(await o.listNodes(), req, "nodes");
  }
  const usage = new Map<string, NodeUsage>((await o.metrics.nodeMetrics()).map((u) => [u.name, u]));
  const items: NodeMetrics[] = [];
  for (const node of nodes) {
    const u = usage.get(node.metadata.name ?? "");
    if (u) items.push(nodeMetricsItem(u, { nowMs, labels: node.metadata.labels }));
  }
  if (info.name && !items.length) throw newNotFound({ group: METRICS_GROUP, resource: "nodemetrics" }, info.name);
  return items.sort((a, b) => compare(a.metadata.name, b.metadata.name));
}

/**
 * labelSelector over the object's labels; fieldSelector over metadata.name and
 * metadata.namespace (metrics-server's filters match generic.ObjectMetaFieldsSet only).
 */
function filterObjects<T extends KubeObject>(objects: readonly T[], req: ApiRequest, resource: string): T[] {
  const labels = parseSelector(req.query.get("labelSelector") ?? undefined);
  const fields = parseFieldSelector(req.query.get("fieldSelector") ?? undefined, METRICS_GROUP, resource);
  return objects.filter((obj) => matches(labels, obj.metadata.labels) && matchesFields(fields, obj, METRICS_GROUP, resource));
}

function respond(output: OutputFormat, kind: "PodMetrics" | "NodeMetrics", items: readonly (PodMetrics | NodeMetrics)[], single: boolean): ApiResponse {
  if (output.as === "Table") {
    const table = buildTable(metricsPrinter, items, { now: 0, includeObject: output.includeObject, resourceVersion: "" });
    delete table.metadata.resourceVersion;
    // metrics-server defines the columns with its first row: an empty list has none.
    const body = { ...table, apiVersion: `meta.k8s.io/${output.version}`, columnDefinitions: items.length ? table.columnDefinitions : null };
    return jsonResponse(200, body, tableContentType(output.version));
  }
  // PartialObjectMetadata is not offered by metrics-server's storage either: plain JSON.
  const first = items[0];
  if (single && first) return jsonResponse(200, withTypeMeta(kind, first));
  return jsonResponse(200, metricsList(kind === "PodMetrics" ? "PodMetricsList" : "NodeMetricsList", items));
}

/**
 * addPodMetricsToTable / addNodeMetricsToTable: Name, one quantity column per resource (sorted:
 * cpu, memory; a pod's is the sum over its containers) and the window.
 */
const metricsPrinter: TablePrinter = {
  columns: [
    { name: "Name", type: "string", format: "name", description: "Name of the resource", priority: 0 },
    { name: "cpu", type: "string", format: "quantity", description: "", priority: 0 },
    { name: "memory", type: "string", format: "quantity", description: "", priority: 0 },
    { name: "Window", type: "string", format: "duration", description: "", priority: 0 },
  ],
  rows(obj) {
    const m = obj as PodMetrics | NodeMetrics;
    if ("usage" in m) return [{ cells: [m.metadata.name, m.usage.cpu, m.usage.memory, m.window] }];
    let cpuNanos = 0n;
    let memoryBytes = 0n;
    for (const c of m.containers) {
      cpuNanos += (parseQuantity(c.usage.cpu)?.nanos ?? 0n);
      memoryBytes += (parseQuantity(c.usage.memory)?.nanos ?? 0n) / 1_000_000_000n;
    }
    return [{ cells: [m.metadata.name, cpuQuantity(Number(cpuNanos)), memoryQuantity(Number(memoryBytes)), m.window] }];
  },
};

/** go-restful's 405 for a method with no route, as genericapiserver's serviceErrorHandler writes it. */
function methodNotAllowed(): StatusError {
  return new StatusError({
    kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure",
    message: "the server does not allow this method on the requested resource", reason: "MethodNotAllowed", details: {}, code: 405,
  });
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
