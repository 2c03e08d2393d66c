// kubectl attach on the real runtime. Output: the container's CRI log followed from its end at
// the moment of attaching (cri-log-follower.ts), so the client sees what the container writes
// from now on, as the kubelet's attach does. Input: conmon's attach socket through a small
// bridge (attach-stdin-bridge.ts), only for a container created with stdin.
//
// Deliberate difference: pillion creates containers without a terminal (oci-spec.ts), so a tty
// attach has no terminal to resize: its one output stream carries stdout and stderr entries
// interleaved as logged, and resize() does nothing.
import type { ChildProcess } from "node:child_process";
import { stat } from "node:fs/promises";
import { PassThrough } from "node:stream";
import type { Readable, Writable } from "node:stream";
import type { StreamOptions, StreamSession } from "../runtime/runtime.ts";
import { startAttachStdinBridge } from "./attach-stdin-bridge.ts";
import { followCriLog } from "./cri-log-follower.ts";

export interface AttachSessionOptions extends StreamOptions {
  logPath: string;
  /** conmon's attach socket, when the container was created with stdin; else the session has no stdin. */
  attachSocket?: string;
  /** True once the container has exited (its log is then complete). */
  exited: () => boolean;
  /** The container's exit code, once exited. */
  exitCode: () => number | undefined;
  /** Resolves on more log output or the exit, or soon (a poll); never rejects. */
  waitForMore: (signal: AbortSignal) => Promise<void>;
}

export async function startAttachSession(o: AttachSessionOptions): Promise<StreamSession> {
  let offset = 0;
  try {
    offset = (await stat(o.logPath)).size;
  } catch {
    // no output yet: from the start
  }
  const bridge = o.stdin && o.attachSocket ? await startAttachStdinBridge(o.attachSocket) : undefined;
  return new AttachSession({ ...o, offset, bridge });
}

class AttachSession implements StreamSession {
  readonly stdin: Writable | null;
  readonly stdout: Readable;
  readonly stderr: Readable | null;
  readonly exit: Promise<number | null>;
  readonly #detach = new AbortController();
  readonly #bridge: ChildProcess | undefined;

  constructor(o: AttachSessionOptions & { offset: number; bridge: ChildProcess | undefined }) {
    this.#bridge = o.bridge;
    this.stdin = o.bridge?.stdin ?? null;
    const stdout = new PassThrough();
    const stderr = o.tty ? null : new PassThrough();
    this.stdout = stdout;
    this.stderr = stderr;
    const signal = this.#detach.signal;
    this.exit = followCriLog({
      path: o.logPath, offset: o.offset, stdout, stderr, signal,
      writerDone: o.exited, waitForMore: () => o.waitForMore(signal),
    }).then((drained) => {
      stdout.end();
      stderr?.end();
      if (!drained || signal.aborted) return null;
      this.#stopBridge();
      return o.exitCode() ?? null;
    }, (err: unknown) => {
      stdout.destroy(err instanceof Error ? err : new Error(String(err)));
      stderr?.destroy();
      this.#stopBridge();
      return null;
    });
  }

  resize(): void {
    // no terminal: see the file comment
  }

  close(): void {
    if (this.#detach.signal.aborted) return;
    this.#detach.abort();
    this.#stopBridge();
  }

  #stopBridge(): void {
    const b = this.#bridge;
    if (b && b.exitCode === null && b.signalCode === null) b.kill("SIGKILL");
  }
}
