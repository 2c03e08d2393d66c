// One exec/attach session between a transport (WebSocket channels or SPDY streams) and the
// process's streams, whichever protocol carries it. Mirrors ServeExec/ServeAttach: the streams are
// ready, then the runtime starts; its output is copied to the client until it ends; then the
// session's Status is handed back to the transport, which writes it and closes.
//
//   created ──run()──▶ starting ──start() resolves──▶ streaming ──exit + output drained──▶ done(Status)
//                         │                               │
//                         │ start() rejects               │ clientGone(): session.close() (exec: kill,
//                         ▼                               ▼  attach: detach); run() resolves undefined
//                      done(failure Status)            gone
//
// Contract: run() is called once; clientGone() may come at any time, also before start() settles
// (the session is then closed as soon as it exists). Nothing the process writes is read faster than
// the transport sends it: each output chunk waits for its sink.
import type { Readable } from "node:stream";
import type { StreamSession, TerminalSize } from "../../../runtime/runtime.ts";
import type { RemoteCommandOptions } from "./remote-command-options.ts";
import { exitStatus, internalErrorStatus, startFailureStatus, type RemoteCommandOperation, type WireStatus } from "./remote-command-status.ts";
import { StdinRelay } from "./stdin-relay.ts";

/** Sends one output chunk to the client; resolves when the transport can take more. */
export type OutputSink = (chunk: Uint8Array) => Promise<void>;

export type StartSession = (streams: RemoteCommandOptions) => Promise<StreamSession>;

export interface RemoteCommandSessionOptions {
  streams: RemoteCommandOptions;
  operation: RemoteCommandOperation;
  start: StartSession;
  /** null: the client did not ask for that stream; the process's output is read and dropped. */
  stdout: OutputSink | null;
  stderr: OutputSink | null;
  log: (m: string) => void;
}

export class RemoteCommandSession {
  readonly stdin: StdinRelay;
  readonly #o: RemoteCommandSessionOptions;
  #session: StreamSession | undefined;
  #pendingSize: TerminalSize | undefined;
  #gone = false;
  /** The process has ended on its own: a later disconnect has nothing left to close. */
  #ended = false;
  #resolveGone!: () => void;
  readonly #goneSignal: Promise<void>;

  constructor(options: RemoteCommandSessionOptions) {
    this.#o = options;
    this.stdin = new StdinRelay({ log: options.log });
    this.#goneSignal = new Promise((resolve) => { this.#resolveGone = resolve; });
  }

  get gone(): boolean {
    return this.#gone;
  }

  /** A terminal size from the client; kept until the session exists. Ignored without a tty. */
  resize(size: TerminalSize): void {
    if (!this.#o.streams.tty || this.#gone) return;
    if (this.#session) this.#session.resize(size);
    else this.#pendingSize = size;
  }

  /** The client went away: the process is killed (exec) or detached (attach), input is dropped. */
  clientGone(): void {
    if (this.#gone) return;
    this.#gone = true;
    this.#resolveGone();
    this.stdin.abandon();
    if (!this.#ended) this.#session?.close();
  }

  /** Runs the session to its end: the Status to send, or undefined when the client is gone. */
  async run(): Promise<WireStatus | undefined> {
    let session: StreamSession;
    try {
      session = await this.#o.start(this.#o.streams);
    } catch (e) {
      this.stdin.abandon();
      if (this.#gone) return undefined;
      this.#o.log(`${this.#o.operation}: ${e instanceof Error ? e.message : String(e)}`);
      return startFailureStatus(e, this.#o.operation);
    }
    this.#session = session;
    if (this.#gone) {
      session.close();
      return undefined;
    }
    if (this.#pendingSize) session.resize(this.#pendingSize);
    this.stdin.attach(this.#o.streams.stdin ? session.stdin : null);
    if (!this.#o.streams.stdin) session.stdin?.end();

    let code: number | null;
    try {
      [, , code] = await Promise.all([
        this.#pump(session.stdout, this.#o.stdout, "stdout"),
        this.#pump(session.stderr, this.#o.stderr, "stderr"),
        session.exit,
      ]);
    } catch (e) {
      this.stdin.abandon();
      session.close();
      return this.#gone ? undefined : internalErrorStatus(e instanceof Error ? e.message : String(e));
    }
    this.#ended = true;
    this.stdin.abandon();
    return this.#gone ? undefined : exitStatus(code, this.#o.operation);
  }

  /** Copies one output stream to its sink, one chunk at a time; drops it once the client is gone. */
  async #pump(source: Readable | null, sink: OutputSink | null, name: string): Promise<void> {
    if (!source) return;
    try {
      for await (const chunk of source as AsyncIterable<Uint8Array | string>) {
        if (!sink || this.#gone) continue;
        const bytes = typeof chunk === "string" ? new TextEncoder().encode(chunk) : chunk;
        await Promise.race([sink(bytes), this.#goneSignal]);
      }
    } catch (e) {
      this.#o.log(`${name}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}
