// The conformance-suite harness for the fake runtime. Each abstract Program is registered under a
// generated image name ("fake.invalid/program-3") and turned into a FakeProgram when a container
// of that image is created (printEnv and printCwd need the container's config). Time is a
// FakeClock that the harness steps: waitFor and during advance it in small steps (stepMs), so the
// suite's generous real-runtime timeouts cost nothing here.
import { FakeClock } from "../machinery/fake-clock.ts";
import type { FakeProgram } from "./fake-program.ts";
import { FakeRuntime } from "./fake-runtime.ts";
import type { ExecCommand, Program, RuntimeHarness } from "./runtime-harness.ts";
import type { ContainerConfig, ContainerRuntime } from "./runtime.ts";

const EXEC_MARKER = "fake-exec";

export class FakeHarness implements RuntimeHarness {
  readonly name = "fake";
  readonly clock: FakeClock;
  readonly capabilities = { oomKill: true, readopt: true };
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
      await this.clock.step(this.stepMs);
    }
  }

  async elapse(ms: number): Promise<void> {
    await this.clock.step(ms);
  }

  async during<T>(fn: () => Promise<T>, maxMs: number): Promise<T> {
    let settled = false;
    const p = fn();
    p.then(() => { settled = true; }, () => { settled = true; });
    const deadline = this.clock.now() + maxMs;
    await this.clock.step(0);
    while (!settled) {
      if (this.clock.now() >= deadline) throw new Error(`still pending after ${maxMs} ms (fake clock)`);
      await this.clock.step(this.stepMs);
    }
    return p;
  }

  async cleanup(): Promise<void> {
    this.#programs.clear();
  }
}

/** The FakeProgram that behaves as Program p does on the OCI runtime (runtime-harness.ts). */
export function fakeProgramOf(p: Program, config: ContainerConfig): FakeProgram {
  const base: FakeProgram = { exec: fakeExec };
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
    case "allocate": {
      const limit = config.resources.memoryLimitBytes;
      return limit !== undefined && p.megabytes * 1024 * 1024 > limit ? { ...base, oomAfterMs: 100 } : base;
    }
  }
}

/** Runs an ExecCommand encoded by FakeHarness.execArgv; any other argv exits 0 silently. */
function fakeExec(argv: string[]): { exitCode: number; output?: string; durationMs?: number } {
  if (argv[0] !== EXEC_MARKER || argv[1] === undefined) return { exitCode: 0 };
  const c = JSON.parse(argv[1]) as ExecCommand;
  switch (c.kind) {
    case "exit":
      return { exitCode: c.code, output: (c.stdout ?? []).map((l) => `${l}\n`).join("") };
    case "sleep":
      return { exitCode: 0, durationMs: c.seconds * 1000 };
  }
}
