// Runs `bin/pillion` as a child process for the end-to-end tests, and checks that a run left
// nothing behind. Each run gets its own TMPDIR, so the state directory `pillion run` makes with
// mkdtemp(os.tmpdir()/pillion-run-*) is known to belong to this run even when runs overlap.
import { spawn } from "node:child_process";
import { accessSync, constants, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { delimiter, dirname, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));
const PILLION = join(REPO_ROOT, "bin", "pillion");

export interface PillionRun {
  args: readonly string[];
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  elapsedMs: number;
  /** The TMPDIR given to the run: its pillion-run-* state dir was made in here. */
  tmpDir: string;
  /** True when the run outlived killAfterMs and was stopped by the test. */
  killed: boolean;
}

function onPath(name: string): boolean {
  return (process.env["PATH"] ?? "").split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, name), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** Why the real-runtime tests cannot run here, or undefined when they can. */
export function e2eSkipReason(): string | undefined {
  if (process.getuid?.() !== 0) return "pillion runs containers with crun and network namespaces, which need root";
  const missing = ["crun", "conmon"].filter((tool) => !onPath(tool));
  if (missing.length > 0) return `${missing.join(" and ")} not found on PATH (scripts/setup.sh installs them)`;
  return undefined;
}

/**
 * Runs `bin/pillion <args>` from the repository root. After killAfterMs the child gets SIGTERM
 * (pillion then stops its pods and removes its state), and SIGKILL 45 s later if still alive.
 */
export async function runPillion(args: readonly string[], o: { killAfterMs: number }): Promise<PillionRun> {
  // Short: the runtime's unix sockets live under the state dir (sun_path is 108 bytes).
  const tmpDir = mkdtempSync("/tmp/pe2e-");
  const started = Date.now();
  const child = spawn(PILLION, args, {
    cwd: REPO_ROOT,
    env: { ...process.env, TMPDIR: tmpDir, PATH: `${dirname(process.execPath)}${delimiter}${process.env["PATH"] ?? ""}` },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (s: string) => { stdout += s; });
  child.stderr.setEncoding("utf8").on("data", (s: string) => { stderr += s; });
  let killed = false;
  let hardKill: NodeJS.Timeout | undefined;
  const softKill = setTimeout(() => {
    killed = true;
    child.kill("SIGTERM");
    hardKill = setTimeout(() => child.kill("SIGKILL"), 45_000);
  }, o.killAfterMs);
  const [exitCode, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, sig) => resolve([code, sig]));
  });
  clearTimeout(softKill);
  clearTimeout(hardKill);
  return { args, exitCode, signal, stdout, stderr, elapsedMs: Date.now() - started, tmpDir, killed };
}

/** Every process whose command line names the directory (conmon, crun, netns proxies...). */
function processesMentioning(dir: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync("/proc")) {
    if (!/^\d+$/.test(pid) || Number(pid) === process.pid) continue;
    let cmdline: string;
    try {
      cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8");
    } catch {
      continue; // gone meanwhile
    }
    if (cmdline.includes(dir)) found.push(`pid ${pid}: ${cmdline.split("\0").join(" ").trim()}`);
  }
  return found;
}

/**
 * What the run left behind: a pillion-run-* state dir in its TMPDIR, or a live process (conmon
 * above all) naming that TMPDIR. Processes get up to 5 s to finish exiting. Removes the TMPDIR
 * when nothing is left (and only then: a leftover state dir may hold mounts).
 */
export async function leftoversOf(run: PillionRun): Promise<string[]> {
  let processes = processesMentioning(run.tmpDir);
  for (let waitedMs = 0; processes.length > 0 && waitedMs < 5_000; waitedMs += 250) {
    await sleep(250);
    processes = processesMentioning(run.tmpDir);
  }
  const stateDirs = readdirSync(run.tmpDir).filter((n) => n.startsWith("pillion-run-")).map((n) => `state dir ${join(run.tmpDir, n)}`);
  const leftovers = [...stateDirs, ...processes];
  if (leftovers.length === 0) rmSync(run.tmpDir, { recursive: true, force: true });
  return leftovers;
}

/** The run, for assertion messages: command, exit, both streams. */
export function describeRun(run: PillionRun): string {
  return [
    `$ pillion ${run.args.join(" ")}   # exit ${run.exitCode ?? run.signal}${run.killed ? " (killed by the test)" : ""}, ${(run.elapsedMs / 1000).toFixed(1)}s`,
    "--- stdout", run.stdout, "--- stderr", run.stderr,
  ].join("\n");
}
