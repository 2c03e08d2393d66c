// Test doubles for the remote-command tests: a client's WebSocket, a client's SPDY connection and
// a process's streams. Stateful, not recorders: a session ends, a socket closes once, a process
// that is closed is killed.
import { duplexPair, PassThrough, type Duplex, type Readable } from "node:stream";
import type { ApiRequest, WebSocketConnection } from "../../api-types.ts";
import type { StreamSession, TerminalSize } from "../../../runtime/runtime.ts";
import type { SpdyServerConnection, SpdyStream } from "../spdy/spdy-types.ts";

/** Lets queued stream callbacks (process.nextTick) and promise chains run; no timers involved. */
export async function ticks(rounds = 30): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((resolve) => process.nextTick(resolve));
}

/** Everything a readable produces until its end. */
export async function collect(r: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of r as AsyncIterable<Buffer>) chunks.push(c);
  return Buffer.concat(chunks);
}

export function makeRequest(query: string, headers: Record<string, string>): ApiRequest {
  return {
    method: "GET", path: "/api/v1/namespaces/default/pods/web/exec", query: new URLSearchParams(query),
    headers, body: new Uint8Array(), signal: new AbortController().signal,
  };
}

export const WEBSOCKET_HEADERS = (protocols?: string): Record<string, string> => ({
  connection: "Upgrade", upgrade: "websocket", "sec-websocket-version": "13",
  ...(protocols === undefined ? {} : { "sec-websocket-protocol": protocols }),
});

export const SPDY_HEADERS = (protocols: string): Record<string, string> => ({
  connection: "Upgrade", upgrade: "SPDY/3.1", "x-stream-protocol-version": protocols,
});

/** The client's end of a WebSocket; the server code holds it as a WebSocketConnection. */
export class FakeWebSocket implements WebSocketConnection {
  /** Every message the server sent, in order. */
  readonly sent: Uint8Array[] = [];
  closedBy: "server" | "client" | undefined;
  /** When true, send() resolves only when releaseSend() says so (a slow client). */
  holdSends = false;
  readonly closed: Promise<void>;
  #resolveClosed!: () => void;
  #held: (() => void)[] = [];
  #onMessage: ((d: Uint8Array) => void)[] = [];
  #onClose: (() => void)[] = [];

  constructor() {
    this.closed = new Promise((resolve) => { this.#resolveClosed = resolve; });
  }

  send(data: Uint8Array): Promise<void> {
    if (this.closedBy) return Promise.resolve(); // as the listener: a closed socket drops the send
    this.sent.push(Uint8Array.from(data));
    if (!this.holdSends) return Promise.resolve();
    return new Promise((resolve) => this.#held.push(resolve));
  }

  /** Lets the oldest held send complete; false when none is waiting. */
  releaseSend(): boolean {
    const next = this.#held.shift();
    next?.();
    return next !== undefined;
  }

  onMessage(listener: (data: Uint8Array) => void): void { this.#onMessage.push(listener); }
  onClose(listener: () => void): void { this.#onClose.push(listener); }

  close(): void { this.#closeBy("server"); }

  /** The client sends one message. */
  receive(...bytes: (number | string | Uint8Array)[]): void {
    const parts = bytes.map((b) => (typeof b === "number" ? Uint8Array.of(b) : typeof b === "string" ? Buffer.from(b) : b));
    const message = Buffer.concat(parts);
    for (const l of this.#onMessage) l(message);
  }

  /** The client goes away (a dropped connection, Ctrl-C). */
  clientClose(): void { this.#closeBy("client"); }

  /** The sent messages as [channel, payload text]. */
  frames(): [number, string][] {
    return this.sent.map((m) => [m[0] ?? -1, Buffer.from(m.subarray(1)).toString("latin1")]);
  }

  #closeBy(who: "server" | "client"): void {
    if (this.closedBy) return;
    this.closedBy = who;
    for (const release of this.#held.splice(0)) release();
    for (const l of this.#onClose) l();
    this.#resolveClosed();
  }
}

/** A process's streams as the runtime hands them over; `client*` names what a test feeds or reads. */
export interface FakeProcess {
  readonly session: StreamSession;
  /** What the process reads from its stdin (null without stdin). */
  readonly stdin: PassThrough | null;
  readonly stdout: PassThrough;
  readonly stderr: PassThrough | null;
  readonly resizes: TerminalSize[];
  readonly closeCalls: () => number;
  /** The process exits: its output ends, then exit resolves with the code. */
  exit(code: number | null): void;
}

export function makeFakeProcess(o: { stdin: boolean; tty: boolean; stdout?: Readable; killedExitCode?: number | null }): FakeProcess {
  const stdin = o.stdin ? new PassThrough() : null;
  const stdout = new PassThrough();
  const stderr = o.tty ? null : new PassThrough();
  const resizes: TerminalSize[] = [];
  let closeCalls = 0;
  let resolveExit!: (code: number | null) => void;
  let exited = false;
  const exitPromise = new Promise<number | null>((resolve) => { resolveExit = resolve; });
  const exit = (code: number | null): void => {
    if (exited) return;
    exited = true;
    stdout.end();
    stderr?.end();
    if (o.stdout && !o.stdout.readableEnded) o.stdout.push(null);
    resolveExit(code);
  };
  const session: StreamSession = {
    stdin,
    stdout: o.stdout ?? stdout,
    stderr,
    resize: (size) => { resizes.push(size); },
    exit: exitPromise,
    close: () => { closeCalls++; exit(o.killedExitCode === undefined ? 137 : o.killedExitCode); },
  };
  return { session, stdin, stdout, stderr, resizes, closeCalls: () => closeCalls, exit };
}

/** One SPDY stream: the server holds `server`, the test plays the client on `client`. */
export interface FakeSpdyStream extends SpdyStream {
  readonly client: Duplex;
  /** Everything the server wrote on the stream, once the server ended it (or it was destroyed). */
  readonly received: Promise<Buffer>;
}

/** The client's side of a SPDY connection, as a SpdyServerConnection the server code is handed. */
export class FakeSpdyConnection implements SpdyServerConnection {
  readonly closed: Promise<void>;
  closedByServer = false;
  readonly streams: FakeSpdyStream[] = [];
  #resolveClosed!: () => void;
  #listeners: ((s: SpdyStream) => void)[] = [];
  #nextId = 1;

  constructor() {
    this.closed = new Promise((resolve) => { this.#resolveClosed = resolve; });
  }

  onStream(listener: (stream: SpdyStream) => void): void { this.#listeners.push(listener); }

  close(): void {
    if (this.closedByServer) return;
    this.closedByServer = true;
    for (const s of this.streams) s.stream.destroy();
    this.#resolveClosed();
  }

  /** The client opens a stream (SYN_STREAM) with this streamtype. */
  open(streamtype: string): FakeSpdyStream {
    const [server, client] = duplexPair();
    const id = this.#nextId;
    this.#nextId += 2;
    const chunks: Buffer[] = [];
    const received = new Promise<Buffer>((resolve) => {
      client.on("data", (c: Buffer) => chunks.push(c));
      client.on("end", () => resolve(Buffer.concat(chunks)));
      client.on("close", () => resolve(Buffer.concat(chunks)));
      client.on("error", () => resolve(Buffer.concat(chunks)));
    });
    const s: FakeSpdyStream = { id, headers: { streamtype }, stream: server, client, received, reset: () => server.destroy() };
    this.streams.push(s);
    for (const l of this.#listeners) l(s);
    return s;
  }

  /** The client's connection drops. */
  clientGone(): void {
    for (const s of this.streams) s.client.destroy();
    this.#resolveClosed();
  }
}
