// One container instance of the fake runtime and its state machine on the injected clock:
//
//   created ──start──▶ running ──(program exits | stop signal reaction | SIGKILL | OOM)──▶ exited
//      │                                                                                   ▲
//      └──────────────── start error (128, StartError) / SIGKILL (137) ────────────────────┘
//
// Exit codes and reasons are the ones containerd/CRI-O report (kubelet-lifecycle.md §8.5):
// exit 0 → Completed, n ≠ 0 → Error, death by signal s → 128+s with Error, OOM kill → 137 OOMKilled.
import { StringDecoder } from "node:string_decoder";
import type { Clock, Timer } from "../machinery/clock.ts";
import { FakeLog } from "./fake-log.ts";
import { signalNumber, type FakeFiles, type FakeListener, type FakeProgram } from "./fake-program.ts";
import {
  RuntimeError, type ContainerConfig, type ExecOptions, type ExecResult, type RuntimeContainer, type RuntimeContainerState,
  type TerminalSize,
} from "./runtime.ts";

/** Exec output is capped like the kubelet's prober keeps it (10 KiB). */
const MAX_EXEC_OUTPUT = 10 * 1024;
/** The termination message is capped at 4096 bytes, as the kubelet reads it. */
const MAX_TERMINATION_MESSAGE = 4096;

export interface FakeContainerOptions {
  id: string;
  sandboxId: string;
  config: ContainerConfig;
  program: FakeProgram;
  files: FakeFiles;
  imageRef: string;
  clock: Clock;
  /** Called on every transition (created is announced by the runtime). */
  emit: (type: "ContainerStarted" | "ContainerStopped") => void;
}

/** One execStream into the container, as the fake runtime records it (FakeRuntime.execRecords). */
export interface FakeExecRecord {
  argv: string[];
  stdin: boolean;
  tty: boolean;
  /** Every resize() of a tty exec, in order. */
  resizes: TerminalSize[];
  /** Set once the process has exited. */
  exitCode?: number;
}

export class FakeContainer {
  readonly id: string;
  readonly sandboxId: string;
  readonly config: ContainerConfig;
  readonly program: FakeProgram;
  readonly files: FakeFiles;
  readonly log = new FakeLog();
  /** Every signal delivered, in order. */
  readonly signals: { signal: string; at: number }[] = [];
  /** Every execStream, in order. */
  readonly execs: FakeExecRecord[] = [];
  readonly #imageRef: string;
  readonly #clock: Clock;
  readonly #emit: FakeContainerOptions["emit"];
  #state: RuntimeContainerState = "created";
  readonly #createdAt: number;
  #startedAt: number | undefined;
  #finishedAt: number | undefined;
  #exitCode: number | undefined;
  #reason: string | undefined;
  #message: string | undefined;
  #timers: Timer[] = [];
  #exitWaiters: (() => void)[] = [];
  /** The main process's stdin: open from creation when the config asks for it, until EOF. */
  #stdinOpen: boolean;
  #stdinPending = "";
  readonly #stdinDecoder = new StringDecoder("utf8");

  constructor(options: FakeContainerOptions) {
    this.id = options.id;
    this.sandboxId = options.sandboxId;
    this.config = options.config;
    this.program = options.program;
    this.files = options.files;
    this.#imageRef = options.imageRef;
    this.#clock = options.clock;
    this.#emit = options.emit;
    this.#createdAt = options.clock.now();
    this.#stdinOpen = options.config.stdin;
  }

  get state(): RuntimeContainerState {
    return this.#state;
  }

  status(): RuntimeContainer {
    const c = this.config;
    const s: RuntimeContainer = {
      id: this.id, sandboxId: this.sandboxId, name: c.name, attempt: c.attempt, state: this.#state,
      createdAt: this.#createdAt, image: c.image, imageRef: this.#imageRef,
      labels: { ...c.labels }, annotations: { ...c.annotations },
    };
    if (this.#startedAt !== undefined) s.startedAt = this.#startedAt;
    if (this.#finishedAt !== undefined) s.finishedAt = this.#finishedAt;
    if (this.#exitCode !== undefined) s.exitCode = this.#exitCode;
    if (this.#reason !== undefined) s.reason = this.#reason;
    if (this.#message !== undefined) s.message = this.#message;
    return s;
  }

  /** created → running, or → exited (128, StartError) and throws StartFailed when the program says so. */
  start(): void {
    const p = this.program;
    if (p.startError !== undefined) {
      this.#exit(128, "StartError", p.startError);
      throw new RuntimeError("StartFailed", p.startError);
    }
    this.#state = "running";
    this.#startedAt = this.#clock.now();
    this.#emit("ContainerStarted");
    // Same-time events happen in this order: writes, output, OOM, exit (timers fire in order).
    for (const w of p.writes ?? []) this.#at(w.afterMs ?? 0, () => { this.files.write(w.path, w.content); });
    for (const line of p.output ?? []) {
      this.#at(line.afterMs, () => {
        this.log.append(this.#clock.now(), line.stream, typeof line.text === "string" ? line.text : line.text(this.files));
      });
    }
    if (p.oomAfterMs !== undefined) this.#after(p.oomAfterMs, () => { this.#kill("OOMKilled"); });
    // Without stdin in its config, the process's stdin is /dev/null: a reader sees EOF at once.
    if (!this.config.stdin && p.stdin) this.#after(0, () => { this.#stdinEnded(); });
    if (p.exitAfterMs !== undefined) this.#after(p.exitAfterMs, () => { this.#exit(p.exitCode ?? 0); });
  }

  /**
   * Delivers the stop signal and applies the program's reaction; SIGKILL after timeoutSeconds
   * (at once when ≤ 0). Resolves once exited; an exited container resolves at once.
   */
  stop(timeoutSeconds: number, closed?: AbortSignal): Promise<void> {
    const done = this.exited();
    if (this.#state !== "running" || timeoutSeconds <= 0) {
      this.#kill();
      return done;
    }
    const signal = this.config.stopSignal ?? "SIGTERM";
    this.signals.push({ signal, at: this.#clock.now() });
    const reaction = this.program.onStopSignal ?? "exit";
    if (reaction === "exit") this.#exit(128 + signalNumber(signal));
    else if (reaction !== "ignore") this.#after(reaction.exitAfterMs, () => { this.#exit(reaction.exitCode); });
    if (this.#state !== "running") return done;
    // The SIGKILL at the end of the timeout is sent by the runtime's process (pillion): when that
    // runtime instance closes first, it is never sent, and the caller is told so.
    const killTimer = this.#clock.setTimer(timeoutSeconds * 1000, () => { this.#kill(); });
    this.#timers.push(killTimer);
    if (!closed) return done;
    return new Promise<void>((resolve, reject) => {
      const onClose = (): void => {
        killTimer.cancel();
        reject(new RuntimeError("Internal", "the runtime is closed: pillion is shutting down"));
      };
      if (closed.aborted) { onClose(); return; }
      closed.addEventListener("abort", onClose, { once: true });
      void done.then(() => { closed.removeEventListener("abort", onClose); resolve(); });
    });
  }

  /** Bytes for the main process's stdin (attach); dropped unless it is running with stdin open. */
  writeStdin(data: Uint8Array | string): void {
    if (this.#state !== "running" || !this.#stdinOpen) return;
    this.#stdinPending += typeof data === "string" ? data : this.#stdinDecoder.write(Buffer.from(data));
    for (let nl = this.#stdinPending.indexOf("\n"); nl >= 0; nl = this.#stdinPending.indexOf("\n")) {
      const line = this.#stdinPending.slice(0, nl);
      this.#stdinPending = this.#stdinPending.slice(nl + 1);
      const out = this.program.stdin?.onLine?.(line);
      if (out !== undefined) this.log.append(this.#clock.now(), "stdout", out);
    }
  }

  /** EOF on the main process's stdin (stdinOnce: when the first attach lets go of it). Idempotent. */
  closeStdin(): void {
    if (!this.#stdinOpen) return;
    this.#stdinOpen = false;
    this.#stdinPending = "";
    this.#stdinEnded();
  }

  /** SIGKILL now (created or running containers): exit 137. */
  kill(): void {
    this.#kill();
  }

  /** Resolves once the container has exited (at once if it has). */
  exited(): Promise<void> {
    if (this.#state === "exited") return Promise.resolve();
    return new Promise((resolve) => this.#exitWaiters.push(resolve));
  }

  /** The listener on port, when running and listening by now. */
  listener(port: number): FakeListener | undefined {
    if (this.#state !== "running" || this.#startedAt === undefined) return undefined;
    const elapsedMs = this.#clock.now() - this.#startedAt;
    return this.program.listens?.find((l) => l.port === port && (l.afterMs ?? 0) <= elapsedMs);
  }

  /**
   * Runs argv through the program's exec handler, taking its durationMs of clock time. Beyond
   * timeoutMs the command is SIGKILLed at the timeout: { timedOut: true, exitCode: 137, output: "" },
   * as the OCI runtime reports a killed exec. Callers decide on timedOut alone (the kubelet's exec
   * prober treats a timeout as failure whatever the code, like CRI's DeadlineExceeded).
   */
  async exec(argv: string[], options: ExecOptions): Promise<ExecResult> {
    const outcome = this.program.exec?.(argv, this.files) ?? { exitCode: 0 };
    const durationMs = outcome.durationMs ?? 0;
    const timeoutMs = options.timeoutMs;
    const timedOut = timeoutMs !== undefined && timeoutMs > 0 && durationMs > timeoutMs;
    const waitMs = timedOut ? timeoutMs : durationMs;
    if (waitMs > 0) await this.#clock.sleep(waitMs, options.signal);
    else options.signal?.throwIfAborted();
    if (timedOut) return { exitCode: 137, output: "", timedOut: true };
    return { exitCode: outcome.exitCode, output: (outcome.output ?? "").slice(0, MAX_EXEC_OUTPUT), timedOut: false };
  }

  #stdinEnded(): void {
    const code = this.program.stdin?.eofExitCode;
    if (code !== undefined && this.#state === "running") this.#exit(code);
  }

  #kill(reason?: "OOMKilled"): void {
    if (this.#state !== "running" && this.#state !== "created") return;
    if (reason === undefined) this.signals.push({ signal: "SIGKILL", at: this.#clock.now() });
    this.#exit(137, reason);
  }

  #exit(exitCode: number, reason?: string, message?: string): void {
    if (this.#state === "exited") return;
    for (const t of this.#timers) t.cancel();
    this.#timers = [];
    this.#state = "exited";
    this.#finishedAt = this.#clock.now();
    this.#exitCode = exitCode;
    this.#reason = reason ?? (exitCode === 0 ? "Completed" : "Error");
    const path = this.config.terminationMessagePath;
    const text = message ?? this.program.terminationMessage ?? (path ? this.files.read(path) : undefined);
    if (text !== undefined) this.#message = text.slice(0, MAX_TERMINATION_MESSAGE);
    this.log.end();
    this.#emit("ContainerStopped");
    const waiters = this.#exitWaiters;
    this.#exitWaiters = [];
    for (const w of waiters) w();
  }

  /** Runs fn afterMs from now; at once when afterMs ≤ 0 (startContainer does it itself). */
  #at(afterMs: number, fn: () => void): void {
    if (afterMs <= 0) fn();
    else this.#after(afterMs, fn);
  }

  #after(delayMs: number, fn: () => void): void {
    this.#timers.push(this.#clock.setTimer(delayMs, fn));
  }
}
