// An attachment to a fake container's main process (kubectl attach, kubectl run -i): a
// StreamSession that carries what the container prints from now on (its log lines as they are
// appended; nothing printed before is replayed) and, when the container was created with stdin
// and the caller asks for it, the container's stdin.
//
// stdinOnce (ContainerConfig), as CRI runtimes implement it (conmon without --leave-stdin-open):
// the container's stdin is closed when the first attachment holding it ends its stdin or detaches.
// Several attachments may be open at once; each sees all output.
import { PassThrough, Writable } from "node:stream";
import type { FakeContainer } from "./fake-container.ts";
import type { StreamOptions, StreamSession, TerminalSize } from "./runtime.ts";

export class FakeAttachSession implements StreamSession {
  readonly stdin: Writable | null;
  readonly stdout = new PassThrough();
  readonly stderr: PassThrough | null;
  readonly exit: Promise<number | null>;
  readonly #container: FakeContainer;
  readonly #unwatch: () => void;
  #resolveExit: (code: number | null) => void = () => {};
  #done = false;

  constructor(container: FakeContainer, options: StreamOptions) {
    this.#container = container;
    this.stderr = options.tty ? null : new PassThrough();
    this.exit = new Promise((resolve) => { this.#resolveExit = resolve; });
    this.stdin = options.stdin && container.config.stdin ? this.#stdinWriter() : null;
    this.#unwatch = container.log.watch((line) => {
      if (this.#done) return;
      const out = line.stream === "stderr" && this.stderr ? this.stderr : this.stdout;
      out.write(`${line.text}\n`);
    });
    void container.exited().then(() => { this.#end(container.status().exitCode ?? null); });
  }

  /** The container's terminal is its own; pillion does not resize a container's tty (ignored). */
  resize(_size: TerminalSize): void {}

  /** Detaches: the container runs on; exit resolves null. */
  close(): void {
    this.#end(null);
  }

  #stdinWriter(): Writable {
    const container = this.#container;
    return new Writable({
      write: (chunk: Buffer, _encoding, callback) => {
        if (!this.#done) container.writeStdin(chunk);
        callback();
      },
      final: (callback) => {
        if (!this.#done && container.config.stdinOnce) container.closeStdin();
        callback();
      },
    });
  }

  #end(code: number | null): void {
    if (this.#done) return;
    if (code === null && this.stdin && this.#container.config.stdinOnce) this.#container.closeStdin();
    this.#done = true;
    this.#unwatch();
    this.stdout.end();
    this.stderr?.end();
    this.#resolveExit(code);
  }
}
