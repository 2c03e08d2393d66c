// The benchmark's result as data (printed with --json) and as the human table. Pure.
import type { BreakdownRow } from "./breakdown.ts";
import type { LeakReport } from "./leak-check.ts";
import type { Summary } from "./summary.ts";

export interface Machine {
  cpus: number;
  kernel: string;
  runtime: string;
  conmon: string;
  hybridCgroupWrapper: boolean;
  loadAvgStart: number;
  loadAvgEnd: number;
}

export interface BurstResult {
  size: number;
  /** From the first create (or conmon spawn) to the last first log line. */
  allRunningMs: number;
  perPod: Summary;
}

export interface BenchResult {
  machine: Machine;
  command: string[];
  pods: number;
  warmup: number;
  /** Applied (just before client.pods.create) → first log line's CRI stamp. */
  pillion: Summary;
  /** conmon spawn → first log line's CRI stamp. */
  floor: Summary;
  ratioP50: number;
  targetRatio: number;
  /** Applied → a watch delivers the pod with its container running. */
  pillionRunningSeen: Summary;
  /** conmon spawn → `crun start` returned. */
  floorStartReturned: Summary;
  burst?: { pillion: BurstResult; floor: BurstResult };
  breakdown?: BreakdownRow[];
  cleanup: LeakReport & { clean: boolean };
  /** |wall clock − benchmark clock| at the end: bounds the error of comparing with CRI stamps. */
  clockSkewMs: number;
  durationS: number;
}

const ms = (v: number | undefined): string => (v === undefined || Number.isNaN(v) ? "–" : v.toFixed(1));
const ratio = (a: number, b: number): string => (b > 0 ? `${(a / b).toFixed(2)}×` : "–");

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length))) ?? [];
  return rows.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("   ")).join("\n");
}

function summaryRows(a: Summary, b: Summary): string[][] {
  return (["p50", "p90", "p99", "min", "max", "mean"] as const).map((k) => [k, ms(a[k]), ms(b[k]), ratio(a[k], b[k])]);
}

export function renderReport(r: BenchResult): string {
  const out: string[] = [];
  const m = r.machine;
  out.push(`machine: ${m.cpus} CPUs, Linux ${m.kernel}, ${m.runtime}, ${m.conmon}${m.hybridCgroupWrapper ? ", hybrid cgroups: crun create through the unshare wrapper (both sides)" : ""}`);
  out.push(`load average: ${m.loadAvgStart.toFixed(2)} at start, ${m.loadAvgEnd.toFixed(2)} at end; run took ${r.durationS.toFixed(0)} s`);
  out.push("");
  out.push(`applied → process running (first log line's CRI stamp), ms; ${r.pods} sequential samples each, interleaved, after ${r.warmup} warm-up rounds`);
  out.push(table([["metric", "pillion", "floor", "ratio"], ...summaryRows(r.pillion, r.floor)]));
  const met = r.ratioP50 <= r.targetRatio;
  out.push(`ratio (pillion p50 / floor p50): ${r.ratioP50.toFixed(2)}× — target ≤ ${r.targetRatio}×: ${met ? "met" : "NOT met"}`);
  out.push("");
  out.push("reported running, ms: pillion = applied → a watch sees the container running; floor = conmon spawn → crun start returned");
  out.push(table([["metric", "pillion", "floor", "ratio"], ...summaryRows(r.pillionRunningSeen, r.floorStartReturned).slice(0, 3)]));
  if (r.burst) {
    const { pillion: p, floor: f } = r.burst;
    out.push("");
    out.push(`burst: ${p.size} pods created at once, beside ${f.size} bare starts at once (ms from the burst's start)`);
    out.push(table([
      ["metric", "pillion", "floor", "ratio"],
      ["all running", ms(p.allRunningMs), ms(f.allRunningMs), ratio(p.allRunningMs, f.allRunningMs)],
      ["per-pod p50", ms(p.perPod.p50), ms(f.perPod.p50), ratio(p.perPod.p50, f.perPod.p50)],
      ["per-pod p99", ms(p.perPod.p99), ms(f.perPod.p99), ratio(p.perPod.p99, f.perPod.p99)],
    ]));
  }
  if (r.breakdown) {
    out.push("");
    out.push("where the time goes (medians of the sequential samples, ms; --profile)");
    out.push(table([["segment", "pillion", "floor"], ...r.breakdown.map((b) => [b.segment, ms(b.pillion), ms(b.floor)])]));
  }
  out.push("");
  const c = r.cleanup;
  out.push(`cleanup: ${c.clean ? "clean" : "LEFT OVER"} — conmon processes ${c.conmons.length}, mounts ${c.mounts.length} (netns pins ${c.nsfsMounts}), containers ${c.containers.length}, cgroup dirs ${c.cgroups.length}; clock skew ${r.clockSkewMs.toFixed(2)} ms`);
  if (c.hiddenCgroups.pillion + c.hiddenCgroups.floor > 0) {
    out.push(`hidden cgroup dirs under the cgroup2 mount (crun create via the hybrid wrapper; removed now): pillion pods ${c.hiddenCgroups.pillion}, floor ${c.hiddenCgroups.floor > 0 ? "yes" : "no"}`);
  }
  if (!c.clean) out.push(JSON.stringify({ conmons: c.conmons, mounts: c.mounts, containers: c.containers, cgroups: c.cgroups }));
  return `${out.join("\n")}\n`;
}
