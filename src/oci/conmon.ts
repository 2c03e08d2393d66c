// Starts conmon for one container the way CRI-O does (spec/runtime-oci.md §6): conmon
// double-forks and runs `<runtime> create`, then reports the container's pid, or the runtime's
// error, as one JSON line on the sync pipe (an extra stdio fd named by _OCI_SYNCPIPE). conmon
// then watches the container: it writes the CRI log and, at exit, `<exit-dir>/<id>` and
// `<persist-dir>/exit` (plus `oom` after an OOM kill). It survives this process.
import { spawn } from "node:child_process";
import type { Readable } from "node:stream";
import { RuntimeError } from "../runtime/runtime.ts";

export interface ConmonOptions {
  conmon: string;
  /** What conmon runs for create (crun, the hybrid-cgroup wrapper, or runc). */
  runtime: string;
  runtimeRoot: string;
  containerId: string;
  bundle: string;
  logPath: string;
  exitDir: string;
  persistDir: string;
  socketDir: string;
  containerPidFile: string;
  conmonPidFile: string;
  timeoutMs: number;
  /**
   * The container keeps a stdin pipe (`--stdin`) that attach clients write through conmon's
   * attach socket. Unless leaveStdinOpen (a container without stdinOnce), conmon closes it when
   * the first attach client half-closes (the container then reads EOF), as CRI-O does.
   */
  stdin?: boolean;
  leaveStdinOpen?: boolean;
}

export function conmonArgs(o: ConmonOptions): string[] {
  return [
    "--api-version", "1",
    "--cid", o.containerId,
    // The attach socket path is <socket-dir>/<cuuid>/attach: keep it short (sun_path is 108 bytes).
    "--cuuid", o.containerId.slice(0, 12),
    "--name", o.containerId,
    "--runtime", o.runtime,
    "--runtime-arg", `--root=${o.runtimeRoot}`,
    "--bundle", o.bundle,
    "--log-path", `k8s-file:${o.logPath}`,
    "--exit-dir", o.exitDir,
    "--persist-dir", o.persistDir,
    "--socket-dir-path", o.socketDir,
    "--container-pidfile", o.containerPidFile,
    "--conmon-pidfile", o.conmonPidFile,
    "--log-level", "error",
    ...(o.stdin ? ["--stdin", ...(o.leaveStdinOpen ? ["--leave-stdin-open"] : [])] : []),
  ];
}

/** Spawns conmon and resolves with the container's pid once `create` is done ("created" state). */
export function startConmon(o: ConmonOptions): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(o.conmon, conmonArgs(o), {
      stdio: ["ignore", "ignore", "pipe", "pipe"],
      env: { ...process.env, _OCI_SYNCPIPE: "3" },
      detached: false,
    });
    const sync = child.stdio[3] as Readable;
    let buffered = "";
    let stderr = "";
    let settled = false;
    const timer = setTimeout(() => finish(new RuntimeError("CreateFailed", `conmon did not report within ${o.timeoutMs} ms`)), o.timeoutMs);
    const finish = (result: number | RuntimeError): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      sync.destroy();
      child.stderr?.destroy();
      child.unref();
      if (typeof result === "number") resolve(result);
      else reject(result);
    };
    child.on("error", (err) => finish(new RuntimeError("CreateFailed", `conmon: ${err.message}`, { cause: err })));
    child.stderr?.setEncoding("utf8").on("data", (d: string) => { stderr += d; });
    sync.setEncoding("utf8");
    sync.on("data", (d: string) => {
      buffered += d;
      const nl = buffered.indexOf("\n");
      const line = nl >= 0 ? buffered.slice(0, nl) : buffered;
      let msg: { data?: number; pid?: number; message?: string };
      try {
        msg = JSON.parse(line) as typeof msg;
      } catch {
        return; // incomplete: wait for more
      }
      const pid = msg.data ?? msg.pid ?? -1;
      if (pid > 0) finish(pid);
      // CRI-O: fmt.Errorf("container create failed: %s", message)
      else finish(new RuntimeError("CreateFailed", `container create failed: ${(msg.message ?? "unknown error").replace(/\n+$/, "")}`));
    });
    sync.on("error", () => undefined);
    sync.on("close", () => {
      const text = stderr.trim() || "conmon exited without reporting the container's pid";
      finish(new RuntimeError("CreateFailed", `container create failed: ${text}`));
    });
  });
}
