// What a container of the fake runtime does, scripted per container. A FakeProgram describes the
// process's behaviour on the fake clock: what it prints and when, whether and how it exits, how it
// reacts to the stop signal, which ports it listens on, how exec inside it behaves. The fake
// runtime (fake-runtime.ts) plays it; the defaults describe the common case: a process that runs
// until it is signalled and dies of SIGTERM (143).
import type { Duplex } from "node:stream";
import type { ContainerConfig, RuntimeSandbox, TerminalSize } from "./runtime.ts";

/** The container's view of files: its own root file system plus its volume mounts. */
export interface FakeFiles {
  /** The content of path, or undefined when there is no such file. */
  read(path: string): string | undefined;
  /** Writes path; false when the path is on a read-only mount (the write fails). */
  write(path: string, content: string): boolean;
}

export interface FakeOutputLine {
  afterMs: number;
  stream: "stdout" | "stderr";
  /** One line (no newline), or several separated by "\n"; a function is read when printed. */
  text: string | ((files: FakeFiles) => string);
}

export interface FakeHttpResponse {
  statusCode: number;
  body: string;
  headers?: Record<string, string>;
}

export interface FakeListener {
  port: number;
  /** Listening from this long after start (default 0). */
  afterMs?: number;
  /** Answers HTTP GETs (default: 200 with an empty body). */
  http?: (path: string, headers: [string, string][]) => FakeHttpResponse;
  /** Takes this long to answer (HTTP and gRPC); beyond the caller's timeoutMs the call times out. */
  responseDelayMs?: number;
  /** grpc.health.v1 status name ("SERVING", "NOT_SERVING", ...); absent: not a gRPC health server. */
  grpcStatus?: string;
  /**
   * Serves one TCP connection made by dialPort: socket is the server's end. Default: an HTTP/1.1
   * server answering from http when http is given, else an echo of every byte. The socket is
   * destroyed when the container exits.
   */
  connection?: (socket: Duplex) => void;
}

export interface FakeExecOutcome {
  exitCode: number;
  output?: string;
  /** Clock time the command takes (default 0). Beyond the exec's timeoutMs: timedOut. */
  durationMs?: number;
}

/**
 * What an exec run by execStream sees (FakeProgram.execStream). Time passes only through sleep,
 * on the fake clock. Once the process is killed (close(), or its container exits) signal aborts,
 * sleep rejects, stdin ends and whatever is written is dropped.
 */
export interface FakeExecIo {
  readonly tty: boolean;
  readonly files: FakeFiles;
  /** The process's stdin, chunk by chunk until EOF (at once when opened without stdin). */
  readonly stdin: AsyncIterable<Buffer>;
  /** Writes to stdout; resolves once the reader has room for more (back-pressure). tty: "\n" → "\r\n". */
  stdout(data: string | Uint8Array): Promise<void>;
  /** Writes to stderr; with a tty, to the terminal (stdout) like stdout. */
  stderr(data: string | Uint8Array): Promise<void>;
  /** The terminal's size as the last resize() set it; undefined without a tty or before any resize. */
  terminalSize(): TerminalSize | undefined;
  /** Lets ms of clock time pass. */
  sleep(ms: number): Promise<void>;
  readonly signal: AbortSignal;
}

/** The main process's reaction to its stdin (a container created with stdin, written through attach). */
export interface FakeStdinReader {
  /** Each complete line (without its "\n"); a returned string is printed as a stdout line. */
  onLine?: (line: string) => string | undefined;
  /**
   * Exits with this code at the end of its stdin (default: runs on). A container created without
   * stdin has /dev/null: it ends at once. A last line without "\n" is dropped, as `read` does.
   */
  eofExitCode?: number;
}

export interface FakeProgram {
  /** Lines printed at times after start. Lines with afterMs ≤ 0 are printed by startContainer itself. */
  output?: FakeOutputLine[];
  /** Files written at times after start (default afterMs 0: by startContainer itself). */
  writes?: { afterMs?: number; path: string; content: string }[];
  /** Exits by itself this long after start (default: runs until killed). */
  exitAfterMs?: number;
  /** The code of that exit (default 0). */
  exitCode?: number;
  /**
   * The reaction to the stop signal (default "exit"):
   * "exit": dies of it at once, 128 + the signal's number (143 for SIGTERM);
   * "ignore": like a shell as PID 1, only the SIGKILL at the end of the timeout ends it (137);
   * { exitAfterMs, exitCode }: a handler that exits with exitCode after exitAfterMs.
   */
  onStopSignal?: "exit" | "ignore" | { exitAfterMs: number; exitCode: number };
  /** Ports it listens on inside the sandbox's network. */
  listens?: FakeListener[];
  /** What exec runs (default: exit 0, no output). */
  exec?: (argv: string[], files: FakeFiles) => FakeExecOutcome;
  /**
   * What execStream runs: resolves with the exit code (a rejection counts as exit 1). Default:
   * the exec handler's outcome, its output on stdout after its durationMs.
   */
  execStream?: (argv: string[], io: FakeExecIo) => Promise<number>;
  /** Reads stdin (see FakeStdinReader); default: stdin is ignored. */
  stdin?: FakeStdinReader;
  /** CPU burned continuously while running, in millicores (capped by the CPU quota); default 0. */
  cpuMillicores?: number;
  /** Working set while running, bytes; default 0. */
  memoryBytes?: number;
  /** createContainer rejects RuntimeError("CreateFailed", createError). */
  createError?: string;
  /** startContainer rejects RuntimeError("StartFailed", startError); the container ends exited 128, StartError. */
  startError?: string;
  /** Killed by the OOM killer this long after start: 137, reason OOMKilled. */
  oomAfterMs?: number;
  /** The container's termination message (else: the file at terminationMessagePath, if written). */
  terminationMessage?: string;
}

/** Chooses the program of a container being created; undefined: ask the next source. */
export type FakeProgramResolver = (config: ContainerConfig, sandbox: RuntimeSandbox) => FakeProgram | undefined;

/** Runs until signalled; dies of the stop signal (143 for SIGTERM). */
export const DEFAULT_FAKE_PROGRAM: FakeProgram = Object.freeze({});

// Linux signal numbers (x86-64/arm64), for 128 + n exit codes.
const SIGNALS: Record<string, number> = {
  SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGABRT: 6, SIGKILL: 9, SIGUSR1: 10, SIGUSR2: 12,
  SIGPIPE: 13, SIGALRM: 14, SIGTERM: 15, SIGSTOP: 19, SIGWINCH: 28, SIGPWR: 30,
};

/** "SIGTERM", "TERM" or "15" → 15; unknown names → 15 (the default stop signal). */
export function signalNumber(signal: string): number {
  if (/^\d+$/.test(signal)) return Number(signal);
  const name = signal.toUpperCase();
  return SIGNALS[name.startsWith("SIG") ? name : `SIG${name}`] ?? 15;
}
