// The conformance-suite harness for the fake runtime. Each abstract Program is registered under a
// generated image name ("fake.invalid/program-3") and turned into a FakeProgram when a container
// of that image is created (printEnv and printCwd need the container's config). Time is a
// FakeClock that the harness steps: waitFor and during advance it in small steps (stepMs), so the
// suite's generous real-runtime timeouts cost nothing here.
import { FakeClock } from "../machinery/fake-clock.ts";
import type { FakeExecIo, FakeProgram } from "./fake-program.ts";
import { FakeRuntime } from "./fake-runtime.ts";
import type { ExecCommand, Program, RuntimeHarness } from "./runtime-harness.ts";
import type { ContainerConfig, ContainerRuntime } from "./runtime.ts";

const EXEC_MARKER = "fake-exec";

export class FakeHarness implements RuntimeHarness {
  readonly name = "fake";
  readonly clock: FakeClock;
  readonly capabilities = { oomKill: true, readopt: true, tty: true, attachStdin: true };
  readonly unknownImage = "fake.invalid/no-such-image:1.0";
  /** How far waitFor and during step the clock between looks. */
  readonly stepMs: number;
  readonly #programs = new Map<string, Program>();
  #nextProgram = 1;

  constructor(options: { clock?: FakeClock; stepMs?: number } = {}) {
    this.clock = options.clock ?? new FakeClock();
    this.stepMs = options.stepMs ?? 10;
  }

  async newRuntime(): Promise<FakeRuntime> {
    const rt = new FakeRuntime({ clock: this.clock });
    rt.setProgram((config) => {
      const p = this.#programs.get(config.image);
      return p && fakeProgramOf(p, config);
    });
    rt.missingImages.add(this.unknownImage);
    return rt;
  }

  async reopenRuntime(previous: ContainerRuntime): Promise<FakeRuntime> {
    if (!(previous instanceof FakeRuntime)) throw new TypeError("FakeHarness.reopenRuntime: not a FakeRuntime");
    return previous.reopen();
  }

  program(p: Program): Pick<ContainerConfig, "image" | "command" | "args"> {
    const image = `fake.invalid/program-${this.#nextProgram++}`;
    this.#programs.set(image, p);
    return { image, command: [], args: [] };
  }

  execArgv(c: ExecCommand): string[] {
    return [EXEC_MARKER, JSON.stringify(c)];
  }

  async waitFor<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
    const deadline = this.clock.now() + timeoutMs;
    for (;;) {
      const value = await fn();
      if (value !== undefined) return value;
      if (this.clock.now() >= deadline) throw new Error(`timed out after ${timeoutMs} ms (fake clock) waiting for ${what}`);
      await this.#step(this.stepMs);
    }
  }

  async elapse(ms: number): Promise<void> {
    await this.#step(ms);
  }

  async during<T>(fn: () => Promise<T>, maxMs: number): Promise<T> {
    let settled = false;
    const p = fn();
    p.then(() => { settled = true; }, () => { settled = true; });
    const deadline = this.clock.now() + maxMs;
    await this.#step(0);
    while (!settled) {
      if (this.clock.now() >= deadline) throw new Error(`still pending after ${maxMs} ms (fake clock)`);
      await this.#step(this.stepMs);
    }
    return p;
  }

  /** Steps the clock, then lets stream events run (see drainTicks). */
  async #step(ms: number): Promise<void> {
    await this.clock.step(ms);
    await drainTicks();
  }

  async cleanup(): Promise<void> {
    this.#programs.clear();
  }
}

/**
 * Lets process.nextTick callbacks run: FakeClock.step settles promise jobs only, and a chain of
 * promise jobs never yields to the tick queue, where Node streams emit 'readable', 'end' and
 * 'finish'. Each round waits for one tick, by which time the ticks queued before it have run.
 */
export async function drainTicks(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((resolve) => { process.nextTick(resolve); });
}

/** The FakeProgram that behaves as Program p does on the OCI runtime (runtime-harness.ts). */
export function fakeProgramOf(p: Program, config: ContainerConfig): FakeProgram {
  const base: FakeProgram = { exec: fakeExec, execStream: fakeExecStream };
  const print = (stream: "stdout" | "stderr", lines: readonly string[] = []) => lines.map((text) => ({ afterMs: 0, stream, text }));
  switch (p.kind) {
    case "exit":
      return {
        ...base, output: [...print("stdout", p.stdout), ...print("stderr", p.stderr)],
        exitAfterMs: (p.sleepSeconds ?? 0) * 1000, exitCode: p.code,
      };
    case "runForever":
      return { ...base, output: print("stdout", p.stdout), onStopSignal: p.ignoresSigterm ? "ignore" : "exit" };
    case "exitOnSigterm":
      return { ...base, onStopSignal: { exitAfterMs: 0, exitCode: p.exitCode } };
    case "httpServer":
      return { ...base, listens: [{ port: p.port, http: () => ({ statusCode: 200, body: p.body }) }] };
    case "printEnv": {
      // The last definition of a name wins, as in the process environment the kubelet builds.
      const value = (name: string): string => config.env.findLast((e) => e.name === name)?.value ?? "";
      return { ...base, output: print("stdout", p.names.map((n) => `${n}=${value(n)}`)), exitAfterMs: 0, exitCode: 0 };
    }
    case "printCwd":
      return { ...base, output: print("stdout", [config.workingDir || "/"]), exitAfterMs: 0, exitCode: 0 };
    case "writeFile":
      return { ...base, writes: [{ path: p.path, content: p.content }] };
    case "readFile":
      return {
        ...base, exitAfterMs: 0, exitCode: 0,
        output: [{ afterMs: 0, stream: "stdout", text: (files) => files.read(p.path)?.replace(/\n$/, "") ?? "missing" }],
      };
    case "allocate":
      return overLimit(p.megabytes, config) ? { ...base, oomAfterMs: 100 } : base;
    case "echoServer":
      return { ...base, listens: [{ port: p.port }] }; // a listener's connections echo by default
    case "burnCpu":
      return { ...base, cpuMillicores: 1000 };
    case "holdMemory":
      return { ...base, memoryBytes: p.megabytes * MiB, ...(overLimit(p.megabytes, config) ? { oomAfterMs: 100 } : {}) };
    case "echoStdin":
      return { ...base, stdin: { onLine: (line) => `got: ${line}`, eofExitCode: 0 } };
  }
}

const MiB = 1024 * 1024;

/** More than the container's memory limit: the OOM killer ends it. */
function overLimit(megabytes: number, config: ContainerConfig): boolean {
  const limit = config.resources.memoryLimitBytes;
  return limit !== undefined && megabytes * MiB > limit;
}

function decodeExec(argv: string[]): ExecCommand | undefined {
  return argv[0] === EXEC_MARKER && argv[1] !== undefined ? JSON.parse(argv[1]) as ExecCommand : undefined;
}

const lines = (l: readonly string[] = []): string => l.map((x) => `${x}\n`).join("");

/** Runs an ExecCommand encoded by FakeHarness.execArgv (exec: no stdin, no terminal); any other argv exits 0 silently. */
function fakeExec(argv: string[]): { exitCode: number; output?: string; durationMs?: number } {
  const c = decodeExec(argv);
  switch (c?.kind) {
    case undefined:
    case "cat": // stdin is /dev/null
      return { exitCode: 0 };
    case "exit":
      return { exitCode: c.code, output: lines(c.stdout) + lines(c.stderr) };
    case "printTerminal":
      return { exitCode: 0, output: "notty\n", durationMs: c.afterSeconds * 1000 };
    case "sleep":
      return { exitCode: 0, durationMs: c.seconds * 1000 };
  }
}

/** Runs an ExecCommand encoded by FakeHarness.execArgv with its standard streams (execStream). */
async function fakeExecStream(argv: string[], io: FakeExecIo): Promise<number> {
  const c = decodeExec(argv);
  switch (c?.kind) {
    case undefined:
      return 0;
    case "exit":
      await io.stdout(lines(c.stdout));
      await io.stderr(lines(c.stderr));
      return c.code;
    case "cat":
      for await (const chunk of io.stdin) await io.stdout(chunk);
      return 0;
    case "printTerminal": {
      await io.sleep(c.afterSeconds * 1000);
      // `stty size` prints rows then columns; a pty nobody has sized is 0 0.
      const size = io.terminalSize() ?? { width: 0, height: 0 };
      await io.stdout(io.tty ? `tty ${size.height} ${size.width}\n` : "notty\n");
      return 0;
    }
    case "sleep":
      await io.sleep(c.seconds * 1000);
      return 0;
  }
}
