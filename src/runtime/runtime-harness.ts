// What the shared runtime conformance suite (runtime.suite.ts) needs from each implementation.
// The suite speaks of abstract programs; each harness turns a program into a container config
// its runtime runs: the OCI harness into a busybox `sh -c` script, the fake harness into a
// scripted fake program. Time passes through the harness too: the fake steps its FakeClock,
// the real one waits.
import type { ContainerConfig, ContainerRuntime } from "./runtime.ts";

export type Program =
  /**
   * Prints the lines (stdout, then stderr), then exits with code. sleepSeconds (added for the
   * re-adoption test: an exit that happens while no runtime instance is open): sleeps that long
   * after printing, before exiting (default 0).
   */
  | { kind: "exit"; code: number; stdout?: string[]; stderr?: string[]; sleepSeconds?: number }
  /** Prints the lines, then runs until killed. ignoresSigterm: like a shell as PID 1 (exit 137 after the grace). */
  | { kind: "runForever"; ignoresSigterm: boolean; stdout?: string[] }
  /** Runs until SIGTERM, then exits with exitCode (a `trap 'exit N' TERM`). */
  | { kind: "exitOnSigterm"; exitCode: number }
  /** Serves HTTP on 127.0.0.1:port in its pod's network namespace: 200 and body for every path. */
  | { kind: "httpServer"; port: number; body: string }
  /** Prints the values of these environment variables, one `NAME=value` line each, then exits 0. */
  | { kind: "printEnv"; names: string[] }
  /** Prints its working directory, then exits 0. */
  | { kind: "printCwd" }
  /** Writes content to path, then runs forever (volume sharing). */
  | { kind: "writeFile"; path: string; content: string }
  /** Prints the content of path (or "missing"), then exits 0. */
  | { kind: "readFile"; path: string }
  /** Allocates memory beyond its limit (the config gives memoryLimitBytes) and is OOM-killed. */
  | { kind: "allocate"; megabytes: number }
  // ---- added for streams and stats (issue 5) ----
  /** Listens on 127.0.0.1:port in its pod's network and echoes every byte of every connection back (many at once). */
  | { kind: "echoServer"; port: number }
  /** Burns one CPU in a busy loop, forever. */
  | { kind: "burnCpu" }
  /** Allocates about this much anonymous memory, keeps it, and runs forever. */
  | { kind: "holdMemory"; megabytes: number }
  /**
   * Created with stdin (ContainerConfig.stdin true): copies each line of its stdin to stdout
   * as `got: <line>`; exits 0 at the end of its stdin.
   */
  | { kind: "echoStdin" };

/**
 * A command run by exec inside a running container (argv made by RuntimeHarness.execArgv).
 * Added with the suite: exec argv is runtime-specific (`sh -c` on the OCI runtime).
 */
export type ExecCommand =
  /** Prints the lines on stdout (then stderr), then exits with code. */
  | { kind: "exit"; code: number; stdout?: string[]; stderr?: string[] }
  /** Copies its stdin to stdout byte for byte until EOF, then exits 0 (`cat`). */
  | { kind: "cat" }
  /** After afterSeconds, prints whether stdin is a terminal and its size: `tty <rows> <cols>` or `notty`; exits 0. */
  | { kind: "printTerminal"; afterSeconds: number }
  /** Sleeps (for exec timeouts), then exits 0. */
  | { kind: "sleep"; seconds: number };

export interface RuntimeHarness {
  readonly name: string;
  /** A fresh runtime with its own state. */
  newRuntime(): Promise<ContainerRuntime>;
  /** A runtime over the same state as `previous` (which has been closed): re-adoption. */
  reopenRuntime?(previous: ContainerRuntime): Promise<ContainerRuntime>;
  /** image, command and args that make this runtime run the program. */
  program(p: Program): Pick<ContainerConfig, "image" | "command" | "args">;
  /** The argv that makes exec run this command in a container started from any program. */
  execArgv(c: ExecCommand): string[];
  /** An image name createContainer must reject with RuntimeError "ImageNotFound". */
  readonly unknownImage: string;
  /** Resolves with fn's first defined value; fails after timeoutMs of (fake or real) time. */
  waitFor<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs: number): Promise<T>;
  /** Lets ms of time pass. */
  elapse(ms: number): Promise<void>;
  /** Runs fn while time advances (the fake steps its clock until fn settles). */
  during<T>(fn: () => Promise<T>, maxMs: number): Promise<T>;
  /**
   * Which optional capabilities this runtime has (skipped tests say why). The flags added with
   * the streams suite are optional: absent means the runtime has the capability.
   */
  readonly capabilities: {
    oomKill: boolean;
    readopt: boolean;
    /** execStream with tty: a terminal whose size resize() sets. */
    tty?: boolean;
    /** attach with stdin: writing to a container's main process's stdin (conmon's attach socket). */
    attachStdin?: boolean;
  };
  cleanup(): Promise<void>;
}
