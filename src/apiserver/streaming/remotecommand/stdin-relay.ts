// The client's stdin on its way to the process. The client may send before the process exists
// (kubectl writes as soon as the connection is up; the kubelet's io.Pipe holds those bytes until
// the runtime reads), so chunks wait, in order, until attach(); after abandon() they are dropped.
import type { Writable } from "node:stream";

/**
 * Writes one chunk and resolves once the stream can take more (back-pressure), or at once when
 * the stream is gone: a writer never waits on a stream that will not drain.
 */
export function writeChunk(w: Writable, chunk: Uint8Array): Promise<void> {
  if (w.destroyed || w.writableEnded) return Promise.resolve();
  if (w.write(chunk)) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      w.off("drain", done);
      w.off("close", done);
      w.off("error", done);
      resolve();
    };
    w.on("drain", done);
    w.on("close", done);
    w.on("error", done);
  });
}

export class StdinRelay {
  #chain: Promise<void> = Promise.resolve();
  #resolveTarget!: (w: Writable | null) => void;
  readonly #target: Promise<Writable | null>;
  #abandoned = false;
  readonly #log: (m: string) => void;

  constructor(options: { log: (m: string) => void }) {
    this.#log = options.log;
    this.#target = new Promise((resolve) => { this.#resolveTarget = resolve; });
  }

  /** Queues a chunk; resolves once the process's stdin has taken it (or it was dropped). */
  write(chunk: Uint8Array): Promise<void> {
    return this.#enqueue(async (w) => {
      if (!this.#abandoned) await writeChunk(w, chunk);
    });
  }

  /** The client's stdin ended (v5 close signal, SPDY FIN): EOF to the process after what is queued. */
  end(): void {
    void this.#enqueue(async (w) => {
      if (!this.#abandoned && !w.writableEnded && !w.destroyed) w.end();
    });
  }

  /** The process's stdin, or null when it has none: queued and later chunks go there. */
  attach(w: Writable | null): void {
    // A process that exits before reading its stdin makes writes fail with EPIPE: not the
    // client's error, and an unhandled 'error' must not take the server down.
    w?.on("error", (e) => this.#log(`stdin: ${e.message}`));
    this.#resolveTarget(w);
  }

  /** The session is over (or never started): everything queued and later is dropped. */
  abandon(): void {
    this.#abandoned = true;
    this.#resolveTarget(null);
  }

  #enqueue(step: (w: Writable) => Promise<void>): Promise<void> {
    const next = this.#chain.then(async () => {
      const w = await this.#target;
      if (w) await step(w);
    }).catch((e: unknown) => this.#log(`stdin: ${e instanceof Error ? e.message : String(e)}`));
    this.#chain = next;
    return next;
  }
}
