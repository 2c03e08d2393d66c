// The Job benchmark (docs/benchmarks.md, "Job"): a Job of 200 completions, parallelism 20, of a
// trivial container (busybox `echo done`) on a full pillion node stack — created through the
// in-process client, timed until its Complete condition — beside the floor: 200 bare
// conmon + crun starts of the same command, 20 at a time, each one run to its exit and removed.
// The ratio is the pillion time over the floor time. Needs root.
//
//   . scripts/env.sh && node bench/job-completions.bench.ts [--completions 200] [--parallelism 20] [--json]
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { cpus, loadavg, release } from "node:os";
import type { Job } from "../src/api/batch.ts";
import { startNodeStack } from "../src/cmd/node-stack.ts";
import { discoverHostTools } from "../src/oci/host-tools.ts";
import { FloorRunner } from "./floor-runner.ts";
import { epochMs, sleepMs } from "./hr-time.ts";

const COMMAND = ["sh", "-c", "echo done"];
const progress = (s: string): void => { process.stderr.write(`${s}\n`); };

function flag(argv: readonly string[], name: string, fallback: number): number {
  const i = argv.indexOf(name);
  const v = i >= 0 ? Number(argv[i + 1]) : fallback;
  if (!Number.isInteger(v) || v <= 0) throw new Error(`${name} needs a positive integer`);
  return v;
}

/** Runs the bare starts n at a time; resolves with the wall time from the first launch to the last removal. */
async function floorRun(floor: FloorRunner, completions: number, parallelism: number): Promise<number> {
  const ids: string[] = [];
  for (let i = 0; i < completions; i++) ids.push(await floor.prepare()); // bundles are not timed
  let next = 0;
  const t0 = epochMs();
  await Promise.all(Array.from({ length: parallelism }, async () => {
    for (let id = ids[next++]; id !== undefined; id = ids[next++]) {
      await floor.launch(id);
      await floor.remove(id);
    }
  }));
  return epochMs() - t0;
}

async function main(argv: string[]): Promise<number> {
  if (process.getuid?.() !== 0) { progress("error: the Job benchmark needs root (crun, conmon, namespaces)"); return 1; }
  const completions = flag(argv, "--completions", 200);
  const parallelism = flag(argv, "--parallelism", 20);
  const dir = await mkdtemp("/tmp/pillion-jobbench-");
  await mkdir(`${dir}/floor`, { recursive: true });
  const stackLog: string[] = [];
  const stack = await startNodeStack({ stateDir: `${dir}/node`, kubernetesMinor: 33, log: (m) => stackLog.push(m) });
  const tools = await discoverHostTools({ preferred: stack.runtime.name === "runc" ? "runc" : "crun", wrapperPath: `${dir}/floor/crun-hybrid-cgroups.sh` });
  const floor = await FloorRunner.open({ dir: `${dir}/floor`, tools, command: COMMAND });
  let pillionMs = Number.NaN, floorMs = Number.NaN, maxActive = 0;
  let status: Job["status"];
  try {
    const job: Job = {
      apiVersion: "batch/v1", kind: "Job", metadata: { name: "bench", namespace: "default" },
      spec: {
        completions, parallelism, backoffLimit: 0,
        template: { spec: { restartPolicy: "Never", terminationGracePeriodSeconds: 0, containers: [{ name: "main", image: "busybox:1.36", command: COMMAND }] } },
      },
    };
    const t0 = epochMs();
    await stack.client.jobs.create(job);
    for (;;) {
      const j = await stack.client.jobs.get("default", "bench");
      maxActive = Math.max(maxActive, j.status?.active ?? 0);
      const done = j.status?.conditions?.find((c) => (c.type === "Complete" || c.type === "Failed") && c.status === "True");
      if (done) { pillionMs = epochMs() - t0; status = j.status; break; }
      await sleepMs(20);
    }
    progress(`pillion: ${completions} completions in ${(pillionMs / 1000).toFixed(2)} s`);
    await stack.client.jobs.delete("default", "bench", { propagationPolicy: "Background" });
    floorMs = await floorRun(floor, completions, parallelism);
    progress(`floor: ${completions} bare starts in ${(floorMs / 1000).toFixed(2)} s`);
  } finally {
    await floor.close();
    await stack.stop({ removePods: true });
    await rm(dir, { recursive: true, force: true }).catch(() => undefined);
  }
  const result = {
    machine: { cpus: cpus().length, kernel: release(), runtime: tools.runtimeName, loadAvg: loadavg()[0] ?? 0 },
    completions, parallelism, command: COMMAND,
    succeeded: status?.succeeded ?? 0, failed: status?.failed ?? 0, maxActiveSeen: maxActive,
    pillionMs: Math.round(pillionMs), floorMs: Math.round(floorMs), ratio: Number((pillionMs / floorMs).toFixed(2)),
    perCompletionMs: { pillion: Number((pillionMs / completions).toFixed(1)), floor: Number((floorMs / completions).toFixed(1)) },
    nodeStackProblems: stackLog.length,
  };
  if (argv.includes("--json")) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else {
    process.stdout.write([
      `Job: ${completions} completions, parallelism ${parallelism}, \`${COMMAND.join(" ")}\` (${result.machine.cpus} CPUs, ${result.machine.runtime}, ${release()})`,
      `  pillion  ${(pillionMs / 1000).toFixed(2)} s  (${result.perCompletionMs.pillion} ms a completion; succeeded ${result.succeeded}, failed ${result.failed}, max active seen ${maxActive})`,
      `  floor    ${(floorMs / 1000).toFixed(2)} s  (${result.perCompletionMs.floor} ms a start; ${completions} bare conmon + crun starts, ${parallelism} at a time)`,
      `  ratio    ${result.ratio}`,
      "",
    ].join("\n"));
  }
  if (stackLog.length) progress(`node stack reported ${stackLog.length} problem(s); first: ${stackLog[0] ?? ""}`);
  return result.succeeded === completions ? 0 : 1;
}

process.exitCode = await main(process.argv.slice(2));
