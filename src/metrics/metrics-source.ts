// What the metrics.k8s.io API reads: per-pod container usage and per-node usage, already turned
// into rates (metrics-server's storage answers the same questions: GetPodMetrics,
// GetNodeMetrics). The collector (metrics-collector.ts) is the one implementation; the API
// handler (src/apiserver/handlers/metrics.ts) only joins these with the pods and nodes in the
// store and formats them.
import type { ContainerRuntime } from "../runtime/runtime.ts";

/** What the collector needs of a runtime. */
export type StatsSource = Pick<ContainerRuntime, "listContainers" | "containerStats" | "nodeStats">;

/** The usage of one container over [timestampMs - windowMs, timestampMs]. */
export interface ContainerUsage {
  /** The container's name in the pod spec. */
  name: string;
  /** Δcpu / Δt over the window, in nano-cores (1e9 = one core), truncated as metrics-server does. */
  cpuNanoCores: number;
  /** The working set at the end of the window. */
  memoryWorkingSetBytes: number;
}

export interface PodUsage {
  namespace: string;
  name: string;
  /** The end of the window (epoch ms): the earliest of the containers' latest samples. */
  timestampMs: number;
  /** The window of the container that gave timestampMs. */
  windowMs: number;
  containers: ContainerUsage[];
}

export interface NodeUsage {
  name: string;
  timestampMs: number;
  windowMs: number;
  cpuNanoCores: number;
  memoryWorkingSetBytes: number;
}

export interface PodFilter {
  /** Only this namespace; absent: every namespace. */
  namespace?: string;
  /** Only this pod (with namespace). */
  name?: string;
}

export interface MetricsSource {
  /**
   * The pods whose every running container has a rate (two samples); a pod with one container
   * still waiting for its second sample is left out, as metrics-server does.
   */
  podMetrics(filter?: PodFilter): Promise<PodUsage[]>;
  /** The nodes with two samples (pillion has one node). */
  nodeMetrics(): Promise<NodeUsage[]>;
}
