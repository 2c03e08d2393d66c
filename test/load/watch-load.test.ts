// Load, bounded in time: 50 concurrent HTTPS watch streams on a namespace's ConfigMaps against a
// real `pillion up` while 100 writes per second (a create for every fourth write, JSON merge
// patches of already created ConfigMaps for the rest) go in for 60 s.
//
// Pinned: every watcher receives exactly the events the writes acknowledged — each once, with
// the type the write implies (ADDED for a create, MODIFIED for a patch), in resourceVersion
// order, nothing else; the writer keeps up with 100/s; and the pillion process's RSS stays flat.
//
// The memory bound: RSS is sampled from /proc/<pid>/status every 2 s during the write phase and
// the mean of the last third must stay within 1.25× + 16 MiB of the first third's. The workload
// is steady state (1,500 small ConfigMaps at the end; the store's event history is capped at
// 10,000 rows and lives in SQLite, not the JS heap), so what RSS still does is V8 growing its
// committed heap lazily: measured with test/load/memory-trace.ts, RSS 120 → 157 MiB while
// heapTotal went 37 → 63 MiB, heapUsed saw-toothed between 23 and 38 MiB, external stayed at
// ~11 MiB, and the one full mark-compact at the end left 26 MiB live. Two runs: last/first third
// 1.20× and 1.21× (131 → 157, 133 → 161 MiB), under the bound of ~180 MiB. What the bound
// catches is retention per event, per watcher or per request: one retained event per watcher
// is 50 × 4,000 × ~0.5 KB ≈ 100 MiB between the thirds.
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { skipReason, startPillionUp } from "../kubectl/pillion-up.ts";
import { apiClient, pillionPid, rssBytes, targetFromKubeconfig, type WatchEvent, type WatchStream } from "./api-client.ts";

const WATCHERS = 50;
const WRITES_PER_SECOND = 100;
const DURATION_S = 60;
const MAX_IN_FLIGHT = 64;
const NS = "load";

interface Ack { rv: number; type: "ADDED" | "MODIFIED"; name: string }

const quantile = (xs: readonly number[], q: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? NaN;
const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const MiB = (b: number): string => `${(b / 1048576).toFixed(1)} MiB`;

test("50 watchers see every one of 100 writes/s for 60 s exactly once, in order; RSS stays flat", { skip: skipReason(33), timeout: 110_000 }, async (t) => {
  // PILLION_NODE_OPTIONS (e.g. --cpu-prof --cpu-prof-dir=DIR, --trace-gc) goes to the server's
  // NODE_OPTIONS for diagnosing it; LOAD_OUTPUT=FILE keeps what it printed.
  const nodeOptions = process.env.PILLION_NODE_OPTIONS;
  const cluster = await startPillionUp(nodeOptions ? { env: { NODE_OPTIONS: nodeOptions } } : {});
  const client = apiClient(targetFromKubeconfig(cluster.kubeconfig));
  const watches: WatchStream[] = [];
  try {
    const pid = pillionPid(cluster.dataDir);
    assert.equal((await client.request("POST", "/api/v1/namespaces", { metadata: { name: NS } })).status, 201);
    const list = (await client.request("GET", `/api/v1/namespaces/${NS}/configmaps`)).json() as { metadata: { resourceVersion: string }; items: unknown[] };
    const startRv = list.metadata.resourceVersion;

    const seen: WatchEvent[][] = [];
    const endErrors: string[] = [];
    for (let w = 0; w < WATCHERS; w++) {
      const mine: WatchEvent[] = [];
      seen.push(mine);
      watches.push(client.watch(`/api/v1/namespaces/${NS}/configmaps?watch=true&resourceVersion=${startRv}&timeoutSeconds=300`,
        (e) => mine.push(e), (err) => endErrors.push(`watcher ${w} ended early${err ? `: ${err.message}` : ""}`)));
    }
    await Promise.all(watches.map((s) => s.ready));

    const rss: number[] = [];
    const cpuTicks = (): number => { const f = (/\) \S+ (.*)$/.exec(readStat(pid).trim())?.[1] ?? "").split(" "); return Number(f[10]) + Number(f[11]); };
    const cpu0 = cpuTicks();
    const sampler = setInterval(() => rss.push(rssBytes(pid)), 2000);

    const acks: Ack[] = [];
    const failures: string[] = [];
    const latencies: number[] = [];
    const created: string[] = [];
    const inFlight = new Set<Promise<void>>();
    let maxInFlight = 0;
    const total = WRITES_PER_SECOND * DURATION_S;
    const t0 = performance.now();
    for (let i = 0; i < total; i++) {
      const due = t0 + (i * 1000) / WRITES_PER_SECOND;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      while (inFlight.size >= MAX_IN_FLIGHT) await Promise.race(inFlight);
      const create = i % 4 === 0 || created.length === 0;
      const name = create ? `cm-${i}` : created[(i * 7919) % created.length] ?? "";
      const started = performance.now();
      const p = (create
        ? client.request("POST", `/api/v1/namespaces/${NS}/configmaps`, { metadata: { name }, data: { n: String(i) } })
        : client.request("PATCH", `/api/v1/namespaces/${NS}/configmaps/${name}`, { data: { n: String(i) } }, "application/merge-patch+json")
      ).then((r) => {
        latencies.push(performance.now() - started);
        if (r.status !== (create ? 201 : 200)) { failures.push(`${create ? "create" : "patch"} ${name}: ${r.status} ${r.body}`); return; }
        const obj = r.json() as { metadata: { resourceVersion: string } };
        acks.push({ rv: Number(obj.metadata.resourceVersion), type: create ? "ADDED" : "MODIFIED", name });
        if (create) created.push(name);
      }, (e: unknown) => { failures.push(`${name}: ${String(e)}`); }).finally(() => inFlight.delete(p));
      inFlight.add(p);
      maxInFlight = Math.max(maxInFlight, inFlight.size);
    }
    await Promise.all(inFlight);
    const writeSeconds = (performance.now() - t0) / 1000;
    clearInterval(sampler);
    const cpuSeconds = (cpuTicks() - cpu0) / 100;

    // Drain: every watcher has the newest acknowledged event, or 15 s pass.
    const last = Math.max(...acks.map((a) => a.rv));
    const drained = performance.now();
    while (seen.some((s) => Number(s.at(-1)?.object.metadata.resourceVersion ?? 0) < last) && performance.now() - drained < 15_000) await sleep(50);
    const drainMs = performance.now() - drained;

    const third = Math.floor(rss.length / 3);
    const firstMean = mean(rss.slice(0, third));
    const lastMean = mean(rss.slice(-third));
    t.diagnostic(`writes: ${acks.length}/${total} in ${writeSeconds.toFixed(1)} s = ${(acks.length / writeSeconds).toFixed(1)}/s; latency p50 ${quantile(latencies, 0.5).toFixed(1)} ms, p99 ${quantile(latencies, 0.99).toFixed(1)} ms, max in flight ${maxInFlight}`);
    t.diagnostic(`pillion CPU ${cpuSeconds.toFixed(1)} s over ${writeSeconds.toFixed(1)} s (${((100 * cpuSeconds) / writeSeconds).toFixed(0)}% of one core); watchers drained ${drainMs.toFixed(0)} ms after the last write`);
    t.diagnostic(`RSS samples (MiB): ${rss.map((b) => (b / 1048576).toFixed(0)).join(" ")}`);
    t.diagnostic(`RSS first third mean ${MiB(firstMean)}, last third mean ${MiB(lastMean)} (${(lastMean / firstMean).toFixed(3)}×)`);

    assert.deepEqual(failures, []);
    assert.deepEqual(endErrors, []);
    assert.equal(acks.length, total);
    // The achieved rate is a measurement (reported above; 100.0/s in every run so far), not a
    // pass/fail figure: speed belongs to benchmarks. Only a collapse — the load not applied at
    // all — fails here, so that the correctness checks below mean what they say.
    assert.ok(writeSeconds <= DURATION_S * 2, `writes took ${writeSeconds.toFixed(1)} s for ${DURATION_S} s of schedule: the load was not applied`);

    const expected = [...acks].sort((a, b) => a.rv - b.rv).map((a) => `${a.rv} ${a.type} ${a.name}`);
    assert.equal(new Set(expected.map((e) => e.split(" ")[0])).size, total, "every write got its own resourceVersion");
    for (const [w, events] of seen.entries()) {
      const got = events.map((e) => `${e.object.metadata.resourceVersion} ${e.type} ${e.object.metadata.name}`);
      if (got.length !== expected.length || got.some((g, i) => g !== expected[i])) {
        const i = got.findIndex((g, k) => g !== expected[k]);
        assert.fail(`watcher ${w}: ${got.length} events for ${expected.length} writes; first difference at #${i}: got ${got[i]}, want ${expected[i]}`);
      }
    }

    assert.ok(rss.length >= 24, `only ${rss.length} RSS samples`);
    assert.ok(lastMean <= firstMean * 1.25 + 16 * 1048576, `RSS grew from ${MiB(firstMean)} to ${MiB(lastMean)}`);
  } finally {
    if (process.env.LOAD_OUTPUT) writeFileSync(process.env.LOAD_OUTPUT, cluster.output());
    for (const w of watches) w.close();
    client.close();
    await cluster.destroy();
  }
});

function readStat(pid: number): string { return readFileSync(`/proc/${pid}/stat`, "utf8"); }
