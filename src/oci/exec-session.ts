// kubectl exec (and cp) on the real runtime: `crun exec` with the caller's streams.
//
// Without a tty, crun hands its own stdio to the exec'd process, so our pipes are the process's
// stdin/stdout/stderr: binary-safe, with the pipes' back-pressure, and stdin's end() is its EOF.
//
// With a tty, `crun exec -t` needs a terminal on its stdin (spec/runtime-oci.md §7), so it runs
// under `script -qec` (util-linux), which gives it one. Two line disciplines then sit in the path:
// script's pty and the container's pty that crun makes. script's pty is put in raw mode without
// echo (`stty raw -echo` before crun starts) so it passes bytes untouched; the container's pty is
// a normal cooked terminal, as on a real node (it echoes input and turns "\n" into "\r\n").
// Measured without the stty: every input line was echoed twice and arrived with "\r\n". The
// caller's stdin is held back until the exec'd process exists (its pid file): bytes written
// earlier would reach script's pty before the stty ran and be echoed by it.
//
// resize(): `stty -F /proc/<exec'd pid>/fd/0 rows H cols W` from the host. The exec'd process's
// stdin is its pty slave; the kernel then sends SIGWINCH to the terminal's foreground group
// (measured: a `trap … WINCH` ran and `stty size` printed the new size).
//
// exit: the process's code (crun exec returns it, 128 + n for a signal; script -e passes it on).
// close(): SIGKILL to the exec'd process's whole session (process-session.ts), then crun exec ends.
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { readFile, rm } from "node:fs/promises";
import { PassThrough } from "node:stream";
import type { Readable, Writable } from "node:stream";
import { constants } from "node:os";
import type { StreamSession, TerminalSize } from "../runtime/runtime.ts";
import { RuntimeError } from "../runtime/runtime.ts";
import { requireBinary } from "./host-tools.ts";
import { killExecSession } from "./process-session.ts";
import type { ExecTarget } from "./runtime-exec.ts";
import { shQuote } from "./shell-quote.ts";

const PID_POLL_MS = 5;
/** After the session is killed, crun exec (or script) gets this long to end before SIGKILL. */
const CHILD_GRACE_MS = 2000;

/** The pid file is removed at the end. */
export interface ExecSessionOptions extends ExecTarget {
  stdin: boolean;
  tty: boolean;
}


/** The process's exit code from a child's close event (128 + n for a signal, as a shell reports it). */
export function exitCodeOf(code: number | null, signal: NodeJS.Signals | null): number {
  if (code !== null) return code;
  const n = signal ? (constants.signals as Record<string, number>)[signal] : undefined;
  return 128 + (n ?? 9);
}

/** Starts the exec; resolves once crun (or script) runs. Rejects MissingDependency without script/stty for a tty. */
export async function startExecSession(o: ExecSessionOptions): Promise<StreamSession> {
  const crunArgs = [`--root=${o.runtimeRoot}`, "exec", ...(o.tty ? ["-t"] : []), "--user", o.user, "--cwd", o.cwd, "--pid-file", o.pidFile, o.containerId, ...o.argv];
  let child: ChildProcess;
  let stty: string | undefined;
  if (o.tty) {
    const [script, found] = await Promise.all([requireBinary("script"), requireBinary("stty")]);
    stty = found;
    const command = `${shQuote(stty)} raw -echo && exec ${[o.runtime, ...crunArgs].map(shQuote).join(" ")}`;
    child = spawn(script, ["-qec", command, "/dev/null"], { stdio: ["pipe", "pipe", "ignore"], env: { ...process.env, SHELL: "/bin/sh" } });
  } else {
    child = spawn(o.runtime, crunArgs, { stdio: [o.stdin ? "pipe" : "ignore", "pipe", "pipe"] });
  }
  await new Promise<void>((resolve, reject) => {
    child.once("spawn", resolve);
    child.once("error", (err) => reject(new RuntimeError("Internal", `${o.tty ? "script" : o.runtime}: ${err.message}`, { cause: err })));
  });
  return new ExecSession({ child, options: o, stty });
}

class ExecSession implements StreamSession {
  readonly stdin: Writable | null;
  readonly stdout: Readable;
  readonly stderr: Readable | null;
  readonly exit: Promise<number | null>;
  readonly #child: ChildProcess;
  readonly #stty: string | undefined;
  readonly #pid: Promise<number | undefined>;
  #running = true;
  #closed = false;
  #resizes = Promise.resolve();

  constructor(init: { child: ChildProcess; options: ExecSessionOptions; stty: string | undefined }) {
    const { child, options: o } = init;
    this.#child = child;
    this.#stty = init.stty;
    this.stdout = child.stdout as Readable;
    this.stderr = o.tty ? null : child.stderr;
    const childStdin = child.stdin;
    // A process that exits without reading its stdin makes late writes fail with EPIPE: that is
    // the end of the session, not an error of this process.
    childStdin?.on("error", () => undefined);
    this.exit = new Promise((resolve) => {
      child.once("close", (code, signal) => {
        this.#running = false;
        void rm(o.pidFile, { force: true });
        resolve(exitCodeOf(code, signal));
      });
    });
    this.#pid = this.#waitForPid(o.pidFile);
    if (!o.tty) {
      this.stdin = o.stdin ? childStdin : null;
      return;
    }
    // tty: script's stdin is a pipe that stays open (its EOF would end the terminal); the caller's
    // bytes flow once the exec'd process exists (see the file comment).
    const input = o.stdin ? new PassThrough() : null;
    this.stdin = input;
    void this.#pid.then(() => {
      if (!childStdin || !this.#running) return;
      if (input) input.pipe(childStdin, { end: false });
    });
    void this.exit.then(() => {
      input?.unpipe();
      input?.resume(); // drain what the caller still writes
      childStdin?.destroy();
    });
  }

  /** The exec'd process's pid, once crun has written it; undefined if crun ended first. */
  async #waitForPid(pidFile: string): Promise<number | undefined> {
    for (;;) {
      try {
        const pid = Number((await readFile(pidFile, "utf8")).trim());
        if (pid > 0) return pid;
      } catch {
        // not written yet
      }
      if (!this.#running) return undefined;
      await new Promise((r) => setTimeout(r, PID_POLL_MS));
    }
  }

  resize(size: TerminalSize): void {
    const stty = this.#stty;
    if (!stty || this.#closed) return;
    const rows = Math.max(0, Math.floor(size.height));
    const cols = Math.max(0, Math.floor(size.width));
    // In order, after the process exists; a failure (the process just ended) changes nothing.
    this.#resizes = this.#resizes.then(async () => {
      const pid = await this.#pid;
      if (pid === undefined || !this.#running) return;
      await new Promise<void>((resolve) => {
        const p = spawn(stty, ["-F", `/proc/${pid}/fd/0`, "rows", String(rows), "cols", String(cols)], { stdio: "ignore" });
        p.once("error", () => resolve());
        p.once("close", () => resolve());
      });
    });
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    void this.#kill();
  }

  async #kill(): Promise<void> {
    const child = this.#child;
    if (!this.#running) return;
    const pid = await this.#pid;
    if (pid !== undefined && this.#running) await killExecSession(pid, [process.pid, ...(child.pid ? [child.pid] : [])]);
    else if (this.#running) child.kill("SIGTERM"); // crun forwards TERM to a process it is starting
    if (!this.#running) return;
    const timer = setTimeout(() => child.kill("SIGKILL"), CHILD_GRACE_MS);
    await this.exit;
    clearTimeout(timer);
  }
}
