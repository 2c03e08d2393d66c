// The pod-start benchmark (docs/benchmarks.md): "applied → process running" for one-container
// busybox pods on a full pillion node stack (SQLite store, in-process client, kubelet, OCI
// runtime), beside the floor — a bare conmon + crun start of the same command — measured in the
// same run, interleaved sample by sample so machine load hits both alike; then a burst of pods
// created at once beside as many bare starts at once. Needs root.
//
//   . scripts/env.sh && node bench/pod-start.bench.ts [--pods 100] [--burst 50] [--profile] [--json]
import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { cpus, loadavg, release } from "node:os";
import { startNodeStack, type NodeStack } from "../src/cmd/node-stack.ts";
import { discoverHostTools, type HostTools } from "../src/oci/host-tools.ts";
import { BENCH_USAGE, BenchUsageError, parseBenchArgs, type BenchArgs } from "./bench-args.ts";
import { renderReport, type BenchResult, type BurstResult } from "./bench-report.ts";
import { computeBreakdown } from "./breakdown.ts";
import { FloorRunner, type FloorSample } from "./floor-runner.ts";
import { epochMs } from "./hr-time.ts";
import { checkLeaks, hiddenUnifiedDirs, isClean, type LeakReport } from "./leak-check.ts";
import { PodRunner, type PodSample } from "./pod-runner.ts";
import { installSpawnTrace } from "./spawn-trace.ts";
import { summarize } from "./summary.ts";

/** The container's first instruction is the echo; TERM ends it at once, so deletes are quick. */
const COMMAND = ["sh", "-c", "trap 'exit 0' TERM; echo started; sleep 3600 & wait"];
const TARGET_RATIO = 1.5;

const progress = (s: string): void => { process.stderr.write(`${s}\n`); };

function version(file: string): string {
  try {
    return execFileSync(file, ["--version"], { encoding: "utf8" }).split("\n")[0]?.trim() ?? file;
  } catch {
    return file;
  }
}

async function sequential(pods: PodRunner, floor: FloorRunner, tag: string, n: number): Promise<{ pods: PodSample[]; floors: FloorSample[] }> {
  const out = { pods: [] as PodSample[], floors: [] as FloorSample[] };
  for (let i = 0; i < n; i++) {
    // Alternate which side goes first, so neither always runs right after the other's teardown.
    const order = i % 2 === 0 ? ["pod", "floor"] : ["floor", "pod"];
    for (const side of order) {
      if (side === "pod") {
        const s = await pods.start(`${tag}-${i}`);
        await pods.delete([s.name]);
        out.pods.push(s);
      } else {
        const s = await floor.startOne();
        await floor.remove(s.id);
        out.floors.push(s);
      }
    }
    if ((i + 1) % 20 === 0 || i + 1 === n) progress(`${tag}: ${i + 1}/${n}`);
  }
  return out;
}

function burstResult(samples: { t0: number; firstLineAt: number }[]): BurstResult {
  const start = Math.min(...samples.map((s) => s.t0));
  return {
    size: samples.length,
    allRunningMs: Math.max(...samples.map((s) => s.firstLineAt)) - start,
    perPod: summarize(samples.map((s) => s.firstLineAt - start)),
  };
}

async function burst(size: number, pods: PodRunner, floor: FloorRunner): Promise<{ pillion: BurstResult; floor: BurstResult }> {
  const names = Array.from({ length: size }, (_, i) => `burst-${i}`);
  const podSamples = await Promise.all(names.map((n) => pods.start(n)));
  await pods.delete(names);
  progress(`burst: ${size} pods`);
  const ids = await Promise.all(names.map(() => floor.prepare()));
  const floorSamples = await Promise.all(ids.map((id) => floor.launch(id)));
  await Promise.all(ids.map((id) => floor.remove(id)));
  progress(`burst: ${size} bare starts`);
  return { pillion: burstResult(podSamples), floor: burstResult(floorSamples) };
}

async function settledLeaks(o: Parameters<typeof checkLeaks>[0]): Promise<LeakReport> {
  // conmon exits just after it writes the exit file: give stragglers a moment.
  let r = await checkLeaks(o);
  for (let i = 0; i < 20 && !isClean(r); i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    r = await checkLeaks(o);
  }
  return r;
}

async function main(argv: string[]): Promise<number> {
  let args: BenchArgs;
  try {
    args = parseBenchArgs(argv);
  } catch (e) {
    if (!(e instanceof BenchUsageError)) throw e;
    process.stderr.write(`error: ${e.message}\n${BENCH_USAGE}`);
    return 2;
  }
  if (args.help) { process.stdout.write(BENCH_USAGE); return 0; }
  if (process.getuid?.() !== 0) { process.stderr.write("error: the pod-start benchmark needs root (crun, conmon, namespaces)\n"); return 1; }
  if (args.profile) installSpawnTrace();

  const began = epochMs();
  const loadAvgStart = loadavg()[0] ?? 0;
  const dir = args.stateDir ?? (await mkdtemp("/tmp/pillion-bench-"));
  await mkdir(`${dir}/floor`, { recursive: true });
  const stackLog: string[] = [];
  const stack: NodeStack = await startNodeStack({ stateDir: `${dir}/node`, kubernetesMinor: 33, log: (m) => stackLog.push(m) });
  const tools: HostTools = await discoverHostTools({ preferred: stack.runtime.name === "runc" ? "runc" : "crun", wrapperPath: `${dir}/floor/crun-hybrid-cgroups.sh` });
  const floor = await FloorRunner.open({ dir: `${dir}/floor`, tools, command: COMMAND });
  const pods = new PodRunner({ stack, command: COMMAND });
  let seq: { pods: PodSample[]; floors: FloorSample[] } | undefined;
  let burstOut: { pillion: BurstResult; floor: BurstResult } | undefined;
  try {
    await sequential(pods, floor, "warmup", args.warmup);
    seq = await sequential(pods, floor, "pod", args.pods);
    if (args.burst > 0) burstOut = await burst(args.burst, pods, floor);
  } finally {
    await pods.close().catch((e: unknown) => progress(`closing pods: ${String(e)}`));
    await floor.close();
    await stack.stop({ removePods: true });
  }
  const uids = pods.uids;
  const leaks = await settledLeaks({
    dir, runtime: tools.runtime, runtimeRoots: [`${dir}/node/runtime/oci`, `${dir}/floor/oci`],
    cgroups: ["/pillion-bench", ...uids.map((u) => `/pillion/pod${u}`)],
  });
  if (tools.createRuntime !== tools.runtime) {
    // Found, reported, then removed: pillion's are a pillion bug (docs/benchmarks.md), the floor's are ours.
    leaks.hiddenCgroups.pillion = (await hiddenUnifiedDirs(tools.unshare, uids.map((u) => `/pillion/pod${u}`), true)).length;
    leaks.hiddenCgroups.floor = (await hiddenUnifiedDirs(tools.unshare, ["/pillion-bench"], true)).length;
  }
  const clean = isClean(leaks);
  if (leaks.mounts.length === 0 && !args.stateDir) await rm(dir, { recursive: true, force: true });
  if (stackLog.length) progress(`node stack reported ${stackLog.length} problem(s); first: ${stackLog[0] ?? ""}`);

  const result: BenchResult = {
    machine: {
      cpus: cpus().length, kernel: release(), runtime: version(tools.runtime), conmon: version(tools.conmon),
      hybridCgroupWrapper: tools.createRuntime !== tools.runtime, loadAvgStart, loadAvgEnd: loadavg()[0] ?? 0,
    },
    command: COMMAND, pods: args.pods, warmup: args.warmup,
    pillion: summarize(seq.pods.map((s) => s.firstLineAt - s.t0)),
    floor: summarize(seq.floors.map((s) => s.firstLineAt - s.t0)),
    ratioP50: 0, targetRatio: TARGET_RATIO,
    pillionRunningSeen: summarize(seq.pods.map((s) => s.runningSeenAt - s.t0)),
    floorStartReturned: summarize(seq.floors.map((s) => s.startedAt - s.t0)),
    cleanup: { ...leaks, clean },
    clockSkewMs: Math.abs(Date.now() - epochMs()),
    durationS: (epochMs() - began) / 1000,
  };
  result.ratioP50 = result.pillion.p50 / result.floor.p50;
  if (burstOut) result.burst = burstOut;
  if (args.profile) result.breakdown = computeBreakdown(seq.pods, seq.floors);
  process.stdout.write(renderReport(result));
  if (args.json) process.stdout.write(`${JSON.stringify(result)}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (e: unknown) => { process.stderr.write(`pod-start bench failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`); process.exitCode = 1; },
);
