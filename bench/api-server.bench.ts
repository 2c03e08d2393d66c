// The API server under `pillion up`, each figure beside its floor (docs/benchmarks.md, "API"):
//  1. `kubectl get pods` server time with 1,000 pods: kubectl's own request (limit=500, the
//     Table Accept header), request → last byte over a kept-alive HTTPS connection; floor: the
//     same bytes served by a bare Node HTTPS server (test/load/floor-server.ts). Also the JSON list.
//  2. Create throughput: ConfigMaps over HTTPS, 16 in flight; floor: raw node:sqlite inserts of
//     the same stored JSON (WAL, synchronous=NORMAL as pillion's store), one per transaction.
//  3. Watch fan-out: a write → the last of N HTTPS watchers sees it; floor: a POST to the bare
//     server, re-emitted through an EventEmitter to N streams over the same kind of sockets.
// The 1,000 pods are bound to another node (spec.nodeName), so the kubelet leaves them alone:
// what is measured is the API alone.
//   node bench/api-server.bench.ts [--pods N] [--creates N] [--watchers N] [--samples N]   (root)
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { startPillionUp } from "../test/kubectl/pillion-up.ts";
import { apiClient, targetFromKubeconfig, type ApiClient } from "../test/load/api-client.ts";
import { quantile, startFloorServer, summary } from "../test/load/bench-support.ts";

const flag = (name: string, dflt: number): number => { const i = process.argv.indexOf(name); return i > 0 ? Number(process.argv[i + 1]) : dflt; };
const PODS = flag("--pods", 1000);
const CREATES = flag("--creates", 2000);
const WATCHERS = flag("--watchers", 50);
const SAMPLES = flag("--samples", 100);
const TABLE_ACCEPT = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";
const ratio = (a: readonly number[], b: readonly number[]): string => `${(quantile(a, 0.5) / quantile(b, 0.5)).toFixed(2)}×`;

/** Runs jobs with `width` in flight; resolves with the wall time in ms. */
async function pool(count: number, width: number, job: (i: number) => Promise<void>): Promise<number> {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: width }, async () => { while (next < count) await job(next++); }));
  return performance.now() - t0;
}

async function timedGets(client: ApiClient, path: string, accept: string, n: number): Promise<{ times: number[]; body: string }> {
  const times: number[] = [];
  let body = "";
  for (let i = 0; i < n + 3; i++) {
    const t0 = performance.now();
    const r = await client.request("GET", path, undefined, undefined, { accept });
    if (r.status !== 200) throw new Error(`GET ${path}: ${r.status}`);
    if (i >= 3) times.push(performance.now() - t0); // three warm-up requests
    body = r.body;
  }
  return { times, body };
}

/** Opens N watch streams; each event line's arrival time goes to onLine(watcher, line). */
async function fanOut(client: ApiClient, path: string, n: number, write: (i: number) => Promise<void>, marker: (i: number) => string, samples: number): Promise<number[]> {
  let pending = new Set<number>();
  let done: () => void = () => undefined;
  const streams = Array.from({ length: n }, (_, w) => client.watchRaw(path, (line) => {
    if (pending.has(w) && line.includes(current)) { pending.delete(w); if (pending.size === 0) done(); }
  }));
  await Promise.all(streams.map((s) => s.ready));
  let current = "";
  const times: number[] = [];
  for (let i = 0; i < samples + 5; i++) {
    current = marker(i);
    pending = new Set(streams.map((_, w) => w));
    const all = new Promise<void>((resolve) => { done = resolve; });
    const t0 = performance.now();
    await write(i);
    await all;
    if (i >= 5) times.push(performance.now() - t0);
  }
  for (const s of streams) s.close();
  return times;
}

const cluster = await startPillionUp();
const tmp = mkdtempSync("/tmp/pb-api-");
try {
  const client = apiClient(targetFromKubeconfig(cluster.kubeconfig), { maxSockets: WATCHERS + 32 });
  const pki = join(cluster.dataDir, "pki");
  const cert = { certFile: join(pki, "apiserver.crt"), keyFile: join(pki, "apiserver.key") };
  for (const ns of ["bench", "fan"]) await client.request("POST", "/api/v1/namespaces", { metadata: { name: ns } });

  // 1. 1,000 pods, then kubectl get pods' request.
  const podMs = await pool(PODS, 16, async (i) => {
    const r = await client.request("POST", "/api/v1/namespaces/bench/pods", { metadata: { name: `p-${i}`, labels: { app: "bench" } }, spec: { nodeName: "elsewhere", containers: [{ name: "main", image: "busybox:1.36", command: ["sleep", "3600"] }] } });
    if (r.status !== 201) throw new Error(`pod ${i}: ${r.status} ${r.body}`);
  });
  const table = await timedGets(client, "/api/v1/namespaces/bench/pods?limit=500", TABLE_ACCEPT, SAMPLES / 2);
  const json = await timedGets(client, "/api/v1/namespaces/bench/pods?limit=500", "application/json", SAMPLES / 2);
  const tableFile = join(tmp, "table.json");
  const jsonFile = join(tmp, "list.json");
  writeFileSync(tableFile, table.body);
  writeFileSync(jsonFile, json.body);
  const floorTimes = async (bodyFile: string): Promise<number[]> => {
    const floor = await startFloorServer({ ...cert, bodyFile });
    const fc = apiClient({ ...targetFromKubeconfig(cluster.kubeconfig), server: `https://127.0.0.1:${floor.port}` });
    const r = await timedGets(fc, "/list", "application/json", SAMPLES / 2);
    fc.close();
    await floor.stop();
    return r.times;
  };
  const tableFloor = await floorTimes(tableFile);
  const jsonFloor = await floorTimes(jsonFile);

  // 2. Create throughput, and the floor: the same stored JSON into raw SQLite.
  const stored: string[] = [];
  const createMs = await pool(CREATES, 16, async (i) => {
    const r = await client.request("POST", "/api/v1/namespaces/bench/configmaps", { metadata: { name: `c-${i}`, labels: { app: "bench" } }, data: { key: `value-${i}`, other: "x".repeat(64) } });
    if (r.status !== 201) throw new Error(`configmap ${i}: ${r.status}`);
    stored.push(r.body);
  });
  const db = new DatabaseSync(join(tmp, "floor.db"));
  db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; CREATE TABLE objects (key TEXT PRIMARY KEY, rv INTEGER, data TEXT NOT NULL)");
  const insert = db.prepare("INSERT INTO objects (key, rv, data) VALUES (?, ?, ?)");
  const s0 = performance.now();
  stored.forEach((data, i) => insert.run(`configmaps/bench/c-${i}`, i, data));
  const sqliteMs = performance.now() - s0;
  db.close();

  // 3. Watch fan-out.
  await client.request("POST", "/api/v1/namespaces/fan/configmaps", { metadata: { name: "f" }, data: { n: "-1" } });
  const rv = ((await client.request("GET", "/api/v1/namespaces/fan/configmaps")).json() as { metadata: { resourceVersion: string } }).metadata.resourceVersion;
  const fan = await fanOut(client, `/api/v1/namespaces/fan/configmaps?watch=true&resourceVersion=${rv}`, WATCHERS,
    async (i) => { await client.request("PATCH", "/api/v1/namespaces/fan/configmaps/f", { data: { n: `sample-${i}` } }, "application/merge-patch+json"); },
    (i) => `"sample-${i}"`, SAMPLES);
  const floor = await startFloorServer(cert);
  const fc = apiClient({ ...targetFromKubeconfig(cluster.kubeconfig), server: `https://127.0.0.1:${floor.port}` }, { maxSockets: WATCHERS + 8 });
  const line = JSON.stringify({ type: "MODIFIED", object: JSON.parse(stored[0] ?? "{}") as unknown });
  const fanFloor = await fanOut(fc, "/watch", WATCHERS, async (i) => { await fc.request("POST", "/write", line.replace("value-0", `sample-${i}`)); }, (i) => `"sample-${i}"`, SAMPLES);
  fc.close();
  await floor.stop();
  client.close();

  const perSec = (n: number, tookMs: number): string => `${((n * 1000) / tookMs).toFixed(0)}/s`;
  console.log(`kubectl get pods (${PODS} pods, Table ${(table.body.length / 1024).toFixed(0)} KiB):  pillion ${summary(table.times)}`);
  console.log(`  floor: the same bytes from bare node https:        ${summary(tableFloor)}   ratio p50 ${ratio(table.times, tableFloor)}`);
  console.log(`JSON list (${PODS} pods, ${(json.body.length / 1024).toFixed(0)} KiB):               pillion ${summary(json.times)}`);
  console.log(`  floor: the same bytes from bare node https:        ${summary(jsonFloor)}   ratio p50 ${ratio(json.times, jsonFloor)}`);
  console.log(`create ConfigMaps (${CREATES}, 16 in flight): pillion ${perSec(CREATES, createMs)}; floor raw SQLite inserts ${perSec(CREATES, sqliteMs)}; ratio ${(createMs / sqliteMs).toFixed(1)}× (pods: ${perSec(PODS, podMs)})`);
  console.log(`watch fan-out (${WATCHERS} watchers), write → last watcher: pillion ${summary(fan)}`);
  console.log(`  floor: POST → EventEmitter → ${WATCHERS} https streams:  ${summary(fanFloor)}   ratio p50 ${ratio(fan, fanFloor)}`);
} finally {
  await cluster.destroy();
  rmSync(tmp, { recursive: true, force: true });
}
