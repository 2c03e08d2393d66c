import { test } from "node:test";
import assert from "node:assert/strict";
import { FakeClock } from "../machinery/fake-clock.ts";
import {
  LABEL_CONTAINER_NAME, LABEL_POD_NAME, LABEL_POD_NAMESPACE, LABEL_POD_UID, type ContainerStats, type RuntimeContainer,
} from "../runtime/runtime.ts";
import { MetricsCollector } from "./metrics-collector.ts";
import type { StatsSource } from "./metrics-source.ts";

const SEC = 1_000_000_000; // ns

/** A stats source whose counters the test moves: cpu in ns, memory in bytes, read at the clock's time. */
class FakeStats implements StatsSource {
  readonly containers = new Map<string, { c: RuntimeContainer; cpuNs: number; memory: number }>();
  node = { cpuNs: 0, memory: 1 << 30 };
  listCalls = 0;
  nodeFails = false;
  readonly #clock: FakeClock;
  constructor(clock: FakeClock) { this.#clock = clock; }

  add(id: string, pod: string, container: string, namespace = "default"): void {
    const labels = { [LABEL_POD_NAME]: pod, [LABEL_POD_NAMESPACE]: namespace, [LABEL_POD_UID]: `uid-${pod}`, [LABEL_CONTAINER_NAME]: container };
    this.containers.set(id, {
      c: { id, sandboxId: `sb-${pod}`, name: container, attempt: 0, state: "running", createdAt: this.#clock.now(), image: "b", imageRef: "b", labels, annotations: {} },
      cpuNs: 0, memory: 4096,
    });
  }
  burn(id: string, cpuNs: number, memory?: number): void {
    const e = this.containers.get(id);
    if (!e) throw new Error(id);
    e.cpuNs += cpuNs;
    if (memory !== undefined) e.memory = memory;
  }
  exit(id: string): void {
    const e = this.containers.get(id);
    if (e) e.c = { ...e.c, state: "exited", exitCode: 0 };
  }

  async listContainers(): Promise<RuntimeContainer[]> {
    this.listCalls++;
    return [...this.containers.values()].map((e) => e.c);
  }
  async containerStats(id: string): Promise<ContainerStats | undefined> {
    const e = this.containers.get(id);
    if (!e || e.c.state !== "running") return undefined;
    return { timestamp: this.#clock.now(), cpuUsageNanoSeconds: e.cpuNs, memoryWorkingSetBytes: e.memory };
  }
  async nodeStats(): Promise<ContainerStats> {
    if (this.nodeFails) throw new Error("cannot read /sys/fs/cgroup");
    return { timestamp: this.#clock.now(), cpuUsageNanoSeconds: this.node.cpuNs, memoryWorkingSetBytes: this.node.memory };
  }
}

function setup(): { clock: FakeClock; stats: FakeStats; collector: MetricsCollector; logs: string[] } {
  const clock = new FakeClock();
  const stats = new FakeStats(clock);
  const logs: string[] = [];
  const collector = new MetricsCollector({ runtime: stats, clock, nodeName: "pillion", log: (m) => logs.push(m) });
  return { clock, stats, collector, logs };
}

test("collector: 2.5 s of cpu over a 10 s window is 250m; memory is the latest working set", async () => {
  const { clock, stats, collector } = setup();
  const t0 = clock.now();
  stats.add("c1", "web", "main");
  collector.start();
  await clock.step(0); // the first sample
  stats.burn("c1", 2.5 * SEC, 10 * 1024 * 1024);
  stats.node.cpuNs += 5 * SEC;
  await clock.step(10_000); // the periodic sample
  assert.deepEqual(await collector.podMetrics(), [{
    namespace: "default", name: "web", timestampMs: t0 + 10_000, windowMs: 10_000,
    containers: [{ name: "main", cpuNanoCores: 250_000_000, memoryWorkingSetBytes: 10 * 1024 * 1024 }],
  }]);
  assert.deepEqual(await collector.nodeMetrics(), [{
    name: "pillion", timestampMs: t0 + 10_000, windowMs: 10_000, cpuNanoCores: 500_000_000, memoryWorkingSetBytes: 1 << 30,
  }]);
  assert.equal(stats.listCalls, 2, "a fresh sample is reused, not taken again");
  collector.stop();
});

test("collector: a container with one sample is not reported, its pod neither, until a second sample", async () => {
  const { clock, stats, collector } = setup();
  stats.add("a", "web", "main");
  collector.start();
  await clock.step(0);
  await clock.step(10_000);
  stats.add("b", "web", "sidecar"); // a second container of the same pod, new since the last sample
  stats.add("x", "db", "main");
  await clock.step(5_000); // a request 5 s after the last sample samples again: b and x have one point
  assert.deepEqual(await collector.podMetrics(), []);
  stats.burn("b", SEC / 2);
  await clock.step(3_000);
  const pods = await collector.podMetrics(); // and again: now every container has two
  assert.deepEqual(pods.map((p) => [p.name, p.windowMs, p.containers.map((c) => [c.name, c.cpuNanoCores])]).sort(), [
    ["db", 3_000, [["main", 0]]],
    ["web", 3_000, [["main", 0], ["sidecar", 166_666_666]].sort()],
  ].sort());
  collector.stop();
});

test("collector: a request within the freshness period answers from the stored samples", async () => {
  const { clock, stats, collector } = setup();
  stats.add("a", "web", "main");
  collector.start();
  await clock.step(0);
  await clock.step(10_000);
  await clock.step(2_000); // exactly 2 s old: still fresh
  await collector.podMetrics();
  assert.equal(stats.listCalls, 2);
  await clock.step(1);
  await collector.podMetrics();
  assert.equal(stats.listCalls, 3, "older than 2 s: sampled on demand");
  collector.stop();
});

test("collector: an on-demand sample pushes the periodic one back by a full resolution", async () => {
  const { clock, stats, collector } = setup();
  const t0 = clock.now();
  stats.add("a", "web", "main");
  collector.start();
  await clock.step(0);
  assert.equal(clock.nextTimerAt(), t0 + 10_000);
  await clock.step(4_000);
  await collector.nodeMetrics();
  assert.equal(clock.nextTimerAt(), t0 + 14_000);
  collector.stop();
  assert.equal(clock.hasWaiters(), false, "stop cancels the timer");
});

test("collector: concurrent requests share one sampling pass", async () => {
  const { stats, collector } = setup();
  stats.add("a", "web", "main");
  await Promise.all([collector.podMetrics(), collector.podMetrics(), collector.nodeMetrics()]);
  assert.equal(stats.listCalls, 1);
});

test("collector: a stopped container disappears at the next sample, and with it its pod", async () => {
  const { clock, stats, collector } = setup();
  stats.add("a", "web", "main");
  stats.add("b", "web", "side");
  collector.start();
  await clock.step(0);
  await clock.step(10_000);
  assert.deepEqual((await collector.podMetrics())[0]?.containers.map((c) => c.name).sort(), ["main", "side"]);
  stats.exit("b");
  await clock.step(10_000);
  assert.deepEqual((await collector.podMetrics())[0]?.containers.map((c) => c.name), ["main"], "the pod's running containers only");
  stats.exit("a");
  await clock.step(10_000);
  assert.deepEqual(await collector.podMetrics(), []);
  collector.stop();
});

test("collector: a restarted container (a new container ID) starts a new series", async () => {
  const { clock, stats, collector } = setup();
  stats.add("a1", "web", "main");
  collector.start();
  await clock.step(0);
  await clock.step(10_000);
  stats.exit("a1");
  stats.add("a2", "web", "main");
  await clock.step(10_000);
  assert.deepEqual(await collector.podMetrics(), [], "one sample of the new instance");
  await clock.step(10_000);
  assert.equal((await collector.podMetrics()).length, 1);
  collector.stop();
});

test("collector: filters by namespace and name", async () => {
  const { clock, stats, collector } = setup();
  stats.add("a", "web", "main");
  stats.add("b", "web", "main", "other");
  stats.add("c", "db", "main", "other");
  collector.start();
  await clock.step(0);
  await clock.step(10_000);
  const names = async (f: Parameters<MetricsCollector["podMetrics"]>[0]): Promise<string[]> =>
    (await collector.podMetrics(f)).map((p) => `${p.namespace}/${p.name}`).sort();
  assert.deepEqual(await names({}), ["default/web", "other/db", "other/web"]);
  assert.deepEqual(await names({ namespace: "other" }), ["other/db", "other/web"]);
  assert.deepEqual(await names({ namespace: "other", name: "web" }), ["other/web"]);
  collector.stop();
});

test("collector: a failed node read is logged and the node needs two samples again", async () => {
  const { clock, stats, collector, logs } = setup();
  collector.start();
  await clock.step(0);
  await clock.step(10_000);
  assert.equal((await collector.nodeMetrics()).length, 1);
  stats.nodeFails = true;
  await clock.step(10_000);
  assert.deepEqual(await collector.nodeMetrics(), []);
  assert.match(logs.join("\n"), /node stats: cannot read/);
  stats.nodeFails = false;
  await clock.step(10_000);
  assert.deepEqual(await collector.nodeMetrics(), []);
  await clock.step(10_000);
  assert.equal((await collector.nodeMetrics()).length, 1);
  collector.stop();
});

test("collector: containers without the kubelet's pod labels are ignored", async () => {
  const { clock, stats, collector } = setup();
  stats.add("a", "web", "main");
  const e = stats.containers.get("a");
  if (e) e.c = { ...e.c, labels: {} };
  await collector.sample();
  await clock.step(10_000);
  await collector.sample();
  assert.deepEqual(await collector.podMetrics(), []);
});
