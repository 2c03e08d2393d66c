// pillion's metrics-server: samples every running container's and the node's CPU and memory on
// the injected clock and answers the metrics.k8s.io questions from the last two samples of each
// series, with metrics-server's rules (pkg/storage): cpu = Δcpu/Δt between the two latest
// samples, memory = the latest working set, a series with one sample is not reported, a pod is
// reported only when every one of its running containers has two samples.
//
// Deliberate differences from metrics-server (docs/metrics.md):
// - one node, read in process (no kubelet Summary API scrape);
// - the default resolution is 10 s (metrics-server's manifests use 15 s, its flag defaults to 60 s);
// - a request that finds the latest sample older than freshnessMs takes a new sample first, so
//   `kubectl top` right after a start (or after an idle period) shows the last few seconds;
//   the periodic sample then comes resolutionMs after that one, so samples stay ≥ freshnessMs apart;
// - no "fresh container" shortcut (metrics-server uses the start time as a zero point for a
//   container first seen 10 s or more after its start): on-demand sampling covers that case.
import type { Clock, Timer } from "../machinery/clock.ts";
import { LABEL_CONTAINER_NAME, LABEL_POD_NAME, LABEL_POD_NAMESPACE, type ContainerStats, type RuntimeContainer } from "../runtime/runtime.ts";
import type { ContainerUsage, MetricsSource, NodeUsage, PodFilter, PodUsage, StatsSource } from "./metrics-source.ts";
import { resourceUsage, storePoint, type MetricsPoint, type PointPair } from "./resource-usage.ts";

export interface MetricsCollectorOptions {
  runtime: StatsSource;
  clock: Clock;
  /** The name NodeMetrics carry (the Node object's name). */
  nodeName: string;
  /** Time between samples. Default 10 000. */
  resolutionMs?: number;
  /** A request finding the latest sample older than this samples again first. Default 2 000. */
  freshnessMs?: number;
  log?: (message: string) => void;
}

interface ContainerSeries {
  namespace: string;
  pod: string;
  container: string;
  pair: PointPair;
}

export class MetricsCollector implements MetricsSource {
  readonly #o: MetricsCollectorOptions;
  readonly #resolutionMs: number;
  readonly #freshnessMs: number;
  /** By container ID: a restarted container is a new series. */
  #containers = new Map<string, ContainerSeries>();
  #node: PointPair | undefined;
  /** Clock time of the latest completed sample. */
  #sampledAt: number | undefined;
  #inFlight: Promise<void> | undefined;
  #timer: Timer | undefined;
  #running = false;

  constructor(o: MetricsCollectorOptions) {
    this.#o = o;
    this.#resolutionMs = o.resolutionMs ?? 10_000;
    this.#freshnessMs = o.freshnessMs ?? 2_000;
  }

  /** Samples now, then every resolutionMs after the latest sample. */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#schedule(0);
  }

  stop(): void {
    this.#running = false;
    this.#timer?.cancel();
    this.#timer = undefined;
  }

  /**
   * One sampling pass over every running container and the node (the single step of the loop;
   * concurrent callers share one pass). Never rejects: a failed read is logged and that series
   * is absent from this pass, so it needs two new samples again (as a missed scrape does).
   */
  sample(): Promise<void> {
    this.#inFlight ??= this.#collect().finally(() => { this.#inFlight = undefined; });
    return this.#inFlight;
  }

  async podMetrics(filter: PodFilter = {}): Promise<PodUsage[]> {
    await this.#ensureFresh();
    const pods = new Map<string, ContainerSeries[]>();
    for (const s of this.#containers.values()) {
      if (filter.namespace !== undefined && s.namespace !== filter.namespace) continue;
      if (filter.name !== undefined && s.pod !== filter.name) continue;
      const key = `${s.namespace}/${s.pod}`;
      pods.set(key, [...pods.get(key) ?? [], s]);
    }
    const out: PodUsage[] = [];
    for (const series of pods.values()) {
      const pod = podUsage(series);
      if (pod) out.push(pod);
    }
    return out;
  }

  async nodeMetrics(): Promise<NodeUsage[]> {
    await this.#ensureFresh();
    const u = this.#node && resourceUsage(this.#node);
    return u ? [{ name: this.#o.nodeName, ...u }] : [];
  }

  async #ensureFresh(): Promise<void> {
    if (this.#inFlight) return this.#inFlight;
    if (this.#sampledAt === undefined || this.#o.clock.now() - this.#sampledAt > this.#freshnessMs) await this.sample();
  }

  #schedule(delayMs: number): void {
    this.#timer?.cancel();
    this.#timer = undefined;
    if (!this.#running) return;
    this.#timer = this.#o.clock.setTimer(delayMs, () => { void this.sample(); });
  }

  async #collect(): Promise<void> {
    const at = this.#o.clock.now();
    try {
      const listed = await this.#o.runtime.listContainers();
      const next = new Map<string, ContainerSeries>();
      // One series per pod container: two running instances of one container (a restart caught
      // mid-way) keep the first listed, as metrics-server drops a duplicate container point.
      const byName = new Map<string, RuntimeContainer>();
      for (const c of listed) {
        if (!isPodContainer(c)) continue;
        const key = `${c.labels[LABEL_POD_NAMESPACE]}/${c.labels[LABEL_POD_NAME]}/${c.labels[LABEL_CONTAINER_NAME]}`;
        if (!byName.has(key)) byName.set(key, c);
      }
      await Promise.all([...byName.values()].map(async (c) => {
        const stats = await this.#o.runtime.containerStats(c.id).catch((e: unknown) => { this.#warn(`stats of container ${c.id}`, e); });
        if (!stats) return; // not running any more
        next.set(c.id, {
          namespace: c.labels[LABEL_POD_NAMESPACE] ?? "", pod: c.labels[LABEL_POD_NAME] ?? "", container: c.labels[LABEL_CONTAINER_NAME] ?? "",
          pair: storePoint(this.#containers.get(c.id)?.pair, toPoint(stats)),
        });
      }));
      this.#containers = next;
      const node = await this.#o.runtime.nodeStats().catch((e: unknown) => { this.#warn("node stats", e); });
      this.#node = node ? storePoint(this.#node, toPoint(node)) : undefined;
    } catch (e) {
      this.#warn("listing containers", e);
    }
    this.#sampledAt = at;
    this.#schedule(this.#resolutionMs);
  }

  #warn(what: string, e: unknown): void {
    this.#o.log?.(`metrics: ${what}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

const toPoint = (s: ContainerStats): MetricsPoint =>
  ({ timestampMs: s.timestamp, cpuUsageNanoSeconds: s.cpuUsageNanoSeconds, memoryWorkingSetBytes: s.memoryWorkingSetBytes });

const isPodContainer = (c: RuntimeContainer): boolean =>
  c.state === "running" && !!c.labels[LABEL_POD_NAME] && !!c.labels[LABEL_POD_NAMESPACE] && !!c.labels[LABEL_CONTAINER_NAME];

/**
 * A pod's usage (podStorage.GetMetrics): undefined while any container lacks a second sample;
 * a container whose counter went backwards is skipped; the pod's timestamp and window are those
 * of the container with the earliest latest sample.
 */
function podUsage(series: readonly ContainerSeries[]): PodUsage | undefined {
  const first = series[0];
  if (!first || series.some((s) => !s.pair.prev)) return undefined;
  const containers: ContainerUsage[] = [];
  let timestampMs = Number.POSITIVE_INFINITY;
  let windowMs = 0;
  for (const s of series) {
    const u = resourceUsage(s.pair);
    if (!u) continue;
    containers.push({ name: s.container, cpuNanoCores: u.cpuNanoCores, memoryWorkingSetBytes: u.memoryWorkingSetBytes });
    if (u.timestampMs < timestampMs) { timestampMs = u.timestampMs; windowMs = u.windowMs; }
  }
  if (!containers.length) return undefined; // every container skipped: nothing to report (metrics-server would report zero-time)
  return { namespace: first.namespace, name: first.pod, timestampMs, windowMs, containers };
}
