// One execStream process of the fake runtime (kubectl exec, kubectl cp): a StreamSession whose
// process is the container program's execStream script, run on the fake clock. It keeps the
// contract the OCI runtime's `crun exec` has:
// - stdout/stderr are byte streams with back-pressure (a script's write resolves once the
//   reader has room); with a tty there is one output stream, and the terminal's line discipline
//   turns "\n" into "\r\n" (onlcr) as a real pty does (it does not echo stdin: deliberate);
// - exit resolves with the script's code once stdout and stderr have ended;
// - close() kills the process (SIGKILL: 137) and resolves exit at once; the container's exit
//   kills it too (the exec shares the container's PID namespace), then exit waits for the
//   reader as usual.
import { PassThrough, type Writable } from "node:stream";
import { finished } from "node:stream/promises";
import type { Clock } from "../machinery/clock.ts";
import type { FakeContainer, FakeExecRecord } from "./fake-container.ts";
import type { FakeExecIo, FakeProgram } from "./fake-program.ts";
import type { StreamOptions, StreamSession, TerminalSize } from "./runtime.ts";

/** 128 + SIGKILL. */
const KILLED = 137;

export interface FakeExecSessionOptions {
  container: FakeContainer;
  argv: string[];
  options: StreamOptions;
  clock: Clock;
}

export class FakeExecSession implements StreamSession {
  readonly stdin: Writable | null;
  readonly stdout = new PassThrough();
  readonly stderr: PassThrough | null;
  readonly exit: Promise<number>;
  readonly #record: FakeExecRecord;
  readonly #killed = new AbortController();
  #resolveExit: (code: number) => void = () => {};
  #done = false;

  constructor(o: FakeExecSessionOptions) {
    const { container, argv, options } = o;
    const stdin = options.stdin ? new PassThrough() : undefined;
    this.stdin = stdin ?? null;
    this.stderr = options.tty ? null : new PassThrough();
    this.#record = { argv: [...argv], stdin: options.stdin, tty: options.tty, resizes: [] };
    container.execs.push(this.#record);
    this.exit = new Promise((resolve) => { this.#resolveExit = resolve; });

    const signal = this.#killed.signal;
    const io: FakeExecIo = {
      tty: options.tty,
      files: container.files,
      stdin: readStdin(stdin, signal),
      stdout: (data) => this.#write(this.stdout, data),
      stderr: (data) => this.#write(this.stderr ?? this.stdout, data),
      terminalSize: () => {
        const last = this.#record.resizes.at(-1);
        return last && { ...last };
      },
      sleep: (ms) => o.clock.sleep(ms, signal),
      signal,
    };
    const script = container.program.execStream ?? execHandlerScript(container.program);
    void script([...argv], io).then((code) => this.#finish(code, false), () => this.#finish(1, false));
    void container.exited().then(() => { this.#kill(false); });
  }

  /** Records the size (visible to the script through terminalSize()); ignored without a tty. */
  resize(size: TerminalSize): void {
    if (!this.#record.tty || this.#done) return;
    this.#record.resizes.push({ width: size.width, height: size.height });
  }

  close(): void {
    this.#kill(true);
  }

  #kill(closing: boolean): void {
    if (this.#done) return;
    this.#killed.abort();
    void this.#finish(KILLED, closing);
  }

  /** Ends the output streams, then resolves exit (closing: at once, the caller no longer reads). */
  async #finish(code: number, closing: boolean): Promise<void> {
    if (this.#done) return;
    this.#done = true;
    this.#record.exitCode = code;
    const outputs = this.stderr ? [this.stdout, this.stderr] : [this.stdout];
    for (const s of outputs) s.end();
    if (!closing) await Promise.all(outputs.map((s) => finished(s, { readable: false }).catch(() => undefined)));
    this.#resolveExit(code);
  }

  /**
   * Resolves at once while the reader keeps up (so a script's timing on the fake clock does not
   * depend on stream ticks), else on 'drain'. Once the process has exited, writes are dropped.
   */
  async #write(stream: PassThrough, data: string | Uint8Array): Promise<void> {
    if (this.#done || stream.destroyed) return;
    const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : Buffer.from(data);
    if (stream.write(this.#record.tty ? onlcr(bytes) : bytes)) return;
    await new Promise<void>((resolve) => {
      const done = (): void => { stream.off("drain", done); stream.off("close", done); resolve(); };
      stream.on("drain", done);
      stream.on("close", done);
    });
  }
}

/** The exec's stdin chunks until EOF, or until the process is killed. */
async function* readStdin(stdin: PassThrough | undefined, killed: AbortSignal): AsyncGenerator<Buffer> {
  if (!stdin) return;
  for await (const chunk of stdin.iterator({ destroyOnReturn: false })) {
    if (killed.aborted) return;
    yield Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
  }
}

/** A program without execStream: its exec handler's outcome, the output on stdout after durationMs. */
function execHandlerScript(program: FakeProgram): NonNullable<FakeProgram["execStream"]> {
  return async (argv, io) => {
    const outcome = program.exec?.(argv, io.files) ?? { exitCode: 0 };
    if (outcome.durationMs) await io.sleep(outcome.durationMs);
    if (outcome.output) await io.stdout(outcome.output);
    return outcome.exitCode;
  };
}

const CRLF = Buffer.from("\r\n");

/** A terminal's output processing (termios onlcr): every "\n" is sent as "\r\n". */
export function onlcr(bytes: Buffer): Buffer {
  const parts: Buffer[] = [];
  let start = 0;
  for (let nl = bytes.indexOf(10); nl >= 0; nl = bytes.indexOf(10, start)) {
    parts.push(bytes.subarray(start, nl), CRLF);
    start = nl + 1;
  }
  if (start === 0) return bytes;
  parts.push(bytes.subarray(start));
  return Buffer.concat(parts);
}
