// The metrics.k8s.io/v1beta1 objects (k8s.io/metrics pkg/apis/metrics/v1beta1/types.go) as
// metrics-server fills them (pkg/storage/pod.go, node.go GetMetrics): metadata carries the
// name, namespace, the pod's or node's labels and a creationTimestamp of "now"; timestamp and
// window say which interval the usage covers. Field order is the Go structs'.
import { rfc3339 } from "../machinery/clock.ts";
import { cpuQuantity, goDuration, memoryQuantity } from "./metrics-format.ts";
import type { NodeUsage, PodUsage } from "./metrics-source.ts";

export const METRICS_GROUP = "metrics.k8s.io";
export const METRICS_VERSION = "v1beta1";
export const METRICS_API_VERSION = `${METRICS_GROUP}/${METRICS_VERSION}`;

export interface ResourceUsage {
  cpu: string;
  memory: string;
}

export interface MetricsMeta {
  name: string;
  namespace?: string;
  creationTimestamp: string;
  labels?: Record<string, string>;
}

export interface PodMetrics {
  kind?: "PodMetrics";
  apiVersion?: string;
  metadata: MetricsMeta;
  timestamp: string;
  window: string;
  containers: { name: string; usage: ResourceUsage }[];
}

export interface NodeMetrics {
  kind?: "NodeMetrics";
  apiVersion?: string;
  metadata: MetricsMeta;
  timestamp: string;
  window: string;
  usage: ResourceUsage;
}

const usageOf = (cpuNanoCores: number, memoryBytes: number): ResourceUsage =>
  ({ cpu: cpuQuantity(cpuNanoCores), memory: memoryQuantity(memoryBytes) });

function meta(name: string, namespace: string | undefined, nowMs: number, labels: Record<string, string> | undefined): MetricsMeta {
  return {
    name,
    ...(namespace !== undefined ? { namespace } : {}),
    creationTimestamp: rfc3339(nowMs),
    ...(labels && Object.keys(labels).length ? { labels: { ...labels } } : {}),
  };
}

export interface PodMetricsOptions {
  nowMs: number;
  /** The pod's labels (metrics-server copies them from its pod lister). */
  labels?: Record<string, string> | undefined;
  /**
   * Container names in the order to list them (the pod spec's); others follow by name.
   * metrics-server walks a Go map, so its order is arbitrary: a fixed one is kinder to diffs.
   */
  containerOrder?: readonly string[];
}

/** One PodMetrics as a list item (no kind/apiVersion: a typed list's items carry none). */
export function podMetricsItem(u: PodUsage, o: PodMetricsOptions): PodMetrics {
  const order = o.containerOrder ?? [];
  const rank = (n: string): number => (order.includes(n) ? order.indexOf(n) : order.length);
  const containers = [...u.containers]
    .sort((a, b) => rank(a.name) - rank(b.name) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((c) => ({ name: c.name, usage: usageOf(c.cpuNanoCores, c.memoryWorkingSetBytes) }));
  return { metadata: meta(u.name, u.namespace, o.nowMs, o.labels), timestamp: rfc3339(u.timestampMs), window: goDuration(u.windowMs), containers };
}

export function nodeMetricsItem(u: NodeUsage, o: { nowMs: number; labels?: Record<string, string> | undefined }): NodeMetrics {
  return {
    metadata: meta(u.name, undefined, o.nowMs, o.labels), timestamp: rfc3339(u.timestampMs), window: goDuration(u.windowMs),
    usage: usageOf(u.cpuNanoCores, u.memoryWorkingSetBytes),
  };
}

/** A single object as GET returns it: kind and apiVersion first. */
export function withTypeMeta<T extends PodMetrics | NodeMetrics>(kind: "PodMetrics" | "NodeMetrics", obj: T): T {
  return { kind, apiVersion: METRICS_API_VERSION, ...obj };
}

/** A PodMetricsList / NodeMetricsList (list metadata is empty: metrics-server sets no resourceVersion). */
export function metricsList(kind: "PodMetricsList" | "NodeMetricsList", items: readonly (PodMetrics | NodeMetrics)[]): Record<string, unknown> {
  return { kind, apiVersion: METRICS_API_VERSION, metadata: {}, items };
}
