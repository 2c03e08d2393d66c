// `crun exec` (or runc) for probes and kubectl exec, without a TTY. Output is stdout and stderr
// interleaved, cut at 10 KiB as the kubelet does. On timeout the exec'd process itself is killed
// through its --pid-file: SIGKILL to `crun exec` would leave it running (spec/runtime-oci.md §7).
import { spawn } from "node:child_process";
import { readFile, rm } from "node:fs/promises";
import type { ExecResult } from "../runtime/runtime.ts";
import { RuntimeError } from "../runtime/runtime.ts";

const MAX_OUTPUT_BYTES = 10 * 1024;

/** What `crun exec` runs where: shared by probes (here) and kubectl exec (exec-session.ts). */
export interface ExecTarget {
  runtime: string;
  runtimeRoot: string;
  containerId: string;
  argv: string[];
  /** "uid:gid" and working dir of the container's process. */
  user: string;
  cwd: string;
  /** Where the runtime writes the exec'd process's pid (absolute, unique per call). */
  pidFile: string;
}

export interface RuntimeExecOptions extends ExecTarget {
  timeoutMs?: number;
  signal?: AbortSignal;
}

export function runtimeExec(o: RuntimeExecOptions): Promise<ExecResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(o.runtime, [`--root=${o.runtimeRoot}`, "exec", "--user", o.user, "--cwd", o.cwd, "--pid-file", o.pidFile, o.containerId, ...o.argv], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    const chunks: Buffer[] = [];
    let size = 0;
    const collect = (d: Buffer): void => {
      if (size >= MAX_OUTPUT_BYTES) return;
      chunks.push(d.subarray(0, MAX_OUTPUT_BYTES - size));
      size += Math.min(d.length, MAX_OUTPUT_BYTES - size);
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    let timedOut = false;
    let aborted = false;
    const killExecd = async (): Promise<void> => {
      try {
        const pid = Number((await readFile(o.pidFile, "utf8")).trim());
        if (pid > 0) process.kill(pid, "SIGKILL");
      } catch {
        // not started yet or gone: TERM is forwarded by crun to the process
      }
      child.kill("SIGTERM");
    };
    const timer = o.timeoutMs !== undefined && o.timeoutMs > 0
      ? setTimeout(() => { timedOut = true; void killExecd(); }, o.timeoutMs)
      : undefined;
    const onAbort = (): void => { aborted = true; void killExecd(); };
    o.signal?.addEventListener("abort", onAbort, { once: true });
    child.on("error", (err) => {
      clearTimeout(timer);
      reject(new RuntimeError("Internal", `${o.runtime} exec: ${err.message}`, { cause: err }));
    });
    child.on("close", (code, sig) => {
      clearTimeout(timer);
      o.signal?.removeEventListener("abort", onAbort);
      void rm(o.pidFile, { force: true });
      if (aborted) {
        const reason: unknown = o.signal?.reason;
        reject(reason instanceof Error ? reason : new Error("aborted", { cause: reason }));
        return;
      }
      const exitCode = code ?? (sig ? 128 + (sig === "SIGKILL" ? 9 : 15) : 1);
      resolve({ exitCode, output: Buffer.concat(chunks).toString("utf8"), timedOut });
    });
  });
}
