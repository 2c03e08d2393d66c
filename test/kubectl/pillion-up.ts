// Test harness for the kubectl suites: `bin/pillion up` as a child process on a temporary data
// directory and a free port, and the real kubectl (a pinned version, with a fresh cache dir and
// the kubeconfig pillion wrote) run against it.
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { accessSync, constants, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { delimiter, dirname, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const SEEDS = join(REPO_ROOT, "examples", "seeds");
const PILLION = join(REPO_ROOT, "bin", "pillion");
const KUBECTL_DIR = "/usr/lib/google-cloud-sdk/bin";

export const kubectlPath = (minor: number): string => join(KUBECTL_DIR, `kubectl.1.${minor}`);

/** Why these tests cannot run here, or undefined when they can. */
export function skipReason(minor = 33): string | undefined {
  if (process.getuid?.() !== 0) return "pillion up runs containers with crun and network namespaces, which need root";
  try {
    accessSync(kubectlPath(minor), constants.X_OK);
  } catch {
    return `${kubectlPath(minor)} is not installed`;
  }
  const onPath = (name: string): boolean => (process.env.PATH ?? "").split(delimiter).some((d) => {
    try { accessSync(join(d, name), constants.X_OK); return true; } catch { return false; }
  });
  const missing = ["crun", "conmon", "openssl"].filter((t) => !onPath(t));
  return missing.length ? `${missing.join(", ")} not found on PATH (scripts/setup.sh installs them)` : undefined;
}

export interface KubectlResult { code: number; stdout: string; stderr: string }

export interface Cluster {
  dataDir: string;
  kubeconfig: string;
  server: string;
  /** What `pillion up` printed so far. */
  output(): string;
  kubectl(args: readonly string[], o?: { minor?: number; timeoutMs?: number; stdin?: string | Buffer; env?: NodeJS.ProcessEnv }): Promise<KubectlResult>;
  /** Starts kubectl and returns the child (for -w); its stdout accumulates in .out. */
  spawnKubectl(args: readonly string[], minor?: number, env?: NodeJS.ProcessEnv, stdin?: "pipe"): { child: ChildProcess; out: () => string; err: () => string };
  /** Writes a manifest into the data dir and returns its path. */
  file(name: string, text: string): string;
  /** SIGTERM; resolves with the exit code. */
  stop(): Promise<number | null>;
  /** Processes (conmon, containers) running under the data dir's runtime. */
  runtimeProcesses(): number[];
  /** `<pid> <argv>` of every process naming the data dir whose argv has this word (e.g. "exec"). */
  processesWithArg(word: string): string[];
  /** Mount points under the data dir. */
  mounts(): string[];
  /** Force-deletes every pod, waits for the containers to go, stops pillion and removes the data dir. */
  destroy(): Promise<void>;
}

function processesMentioning(dir: string): number[] {
  const found: number[] = [];
  for (const pid of readdirSync("/proc")) {
    if (!/^\d+$/.test(pid) || Number(pid) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(dir)) found.push(Number(pid));
    } catch { /* gone */ }
  }
  return found;
}

function mountsUnder(dir: string): string[] {
  return readFileSync("/proc/mounts", "utf8").split("\n").map((l) => l.split(" ")[1] ?? "").filter((m) => m.startsWith(`${dir}/`));
}

export async function startPillionUp(o: { dataDir?: string; extraArgs?: readonly string[]; env?: NodeJS.ProcessEnv } = {}): Promise<Cluster> {
  // Short: the runtime's unix sockets live under the data dir (sun_path is 108 bytes).
  const dataDir = o.dataDir ?? mkdtempSync("/tmp/pk-");
  const kubeconfig = join(dataDir, "kubeconfig");
  const child = spawn(PILLION, ["up", "--port", "0", "--data-dir", dataDir, ...(o.extraArgs ?? [])], {
    cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...o.env, PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ""}` },
  });
  let output = "";
  child.stdout.setEncoding("utf8").on("data", (s: string) => { output += s; });
  child.stderr.setEncoding("utf8").on("data", (s: string) => { output += s; });
  const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  const server = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`pillion up did not come up in 20 s:\n${output}`)), 20_000);
    const check = (): void => {
      const m = /pillion is up: (https:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (m?.[1]) { clearTimeout(timer); resolve(m[1]); }
    };
    child.stdout.on("data", check);
    void exited.then((code) => { clearTimeout(timer); reject(new Error(`pillion up exited ${code}:\n${output}`)); });
  });
  const cacheDir = mkdtempSync(join(dataDir, "kc-"));
  const base = (minor: number): string[] => ["--kubeconfig", kubeconfig, "--cache-dir", join(cacheDir, String(minor))];
  const cluster: Cluster = {
    dataDir, kubeconfig, server, output: () => output,
    kubectl: (args, k = {}) => new Promise((resolve) => {
      const p = execFile(kubectlPath(k.minor ?? 33), [...base(k.minor ?? 33), ...args], { timeout: k.timeoutMs ?? 60_000, cwd: dataDir, env: { ...process.env, ...k.env } }, (err, stdout, stderr) => {
        resolve({ code: err ? (typeof err.code === "number" ? err.code : 1) : 0, stdout, stderr });
      });
      if (k.stdin !== undefined) p.stdin?.end(k.stdin);
    }),
    spawnKubectl(args, minor = 33, env = {}, stdin) {
      const c = spawn(kubectlPath(minor), [...base(minor), ...args], { stdio: [stdin ?? "ignore", "pipe", "pipe"], env: { ...process.env, ...env } });
      let out = "";
      let err = "";
      c.stdout?.setEncoding("utf8").on("data", (s: string) => { out += s; });
      c.stderr?.setEncoding("utf8").on("data", (s: string) => { err += s; });
      return { child: c, out: () => out, err: () => err };
    },
    file(name, text) {
      const p = join(dataDir, name);
      writeFileSync(p, text);
      return p;
    },
    async stop() {
      child.kill("SIGTERM");
      return exited;
    },
    runtimeProcesses: () => processesMentioning(join(dataDir, "runtime")),
    processesWithArg: (word) => processesMentioning(dataDir).flatMap((pid) => {
      try {
        const argv = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
        return argv.includes(word) ? [`${pid} ${argv.join(" ").trim()}`] : [];
      } catch { return []; }
    }),
    mounts: () => mountsUnder(dataDir),
    async destroy() {
      if (child.exitCode === null) {
        await cluster.kubectl(["delete", "pods,jobs", "--all", "--grace-period=0", "--force", "--wait=false"]);
        // The kubelet kills the deleted pods' containers (conmon names the runtime dir) before
        // pillion stops, which would leave them running.
        const busy = (): boolean => processesMentioning(join(dataDir, "runtime")).length > 0;
        for (let waited = 0; waited < 10_000 && busy(); waited += 250) await sleep(250);
        await cluster.stop();
      }
      for (const pid of processesMentioning(dataDir)) {
        try { process.kill(pid, "SIGKILL"); } catch { /* gone */ }
      }
      // Last resort for a sandbox the kubelet did not get to: its namespace bind mounts.
      for (const m of mountsUnder(dataDir).reverse()) await new Promise((resolve) => execFile("umount", ["-l", m], resolve));
      rmSync(dataDir, { recursive: true, force: true, maxRetries: 3 });
    },
  };
  return cluster;
}

/** Polls fn until it returns a value, or fails after timeoutMs. */
export async function eventually<T>(what: string, timeoutMs: number, fn: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(250);
  }
}

/** The rows of a kubectl table (header first), split on runs of 2+ spaces. */
export const tableRows = (text: string): string[][] => text.trim().split("\n").filter(Boolean).map((l) => l.trim().split(/\s{2,}/));
