// One container's log in the fake runtime: CRI log entries kept in memory, read from the start,
// optionally followed until the container exits.
import type { LogLine, LogOptions } from "./runtime.ts";

/**
 * Milliseconds → RFC 3339 with nine fractional digits, as the kubelet prints CRI log timestamps
 * (RFC3339NanoFixed in pkg/kubelet/kuberuntime/logs/logs.go): "2025-11-22T10:10:00.123000000Z".
 */
export function rfc3339NanoFixed(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, (_m, frac: string) => `.${frac}000000Z`);
}

export class FakeLog {
  readonly lines: LogLine[] = [];
  #ended = false;
  #wake: (() => void)[] = [];
  readonly #watchers = new Set<(line: LogLine) => void>();

  /** Appends full lines (tag F), one per "\n"-separated part of text. No-op once ended. */
  append(now: number, stream: LogLine["stream"], text: string): void {
    if (this.#ended) return;
    for (const part of text.split("\n")) {
      const line: LogLine = { time: now, timestamp: rfc3339NanoFixed(now), stream, tag: "F", text: part };
      this.lines.push(line);
      for (const w of this.#watchers) w(line);
    }
    this.#notify();
  }

  /** Calls fn, synchronously, with every line appended from now on (attach); returns the unwatch function. */
  watch(fn: (line: LogLine) => void): () => void {
    const own = (line: LogLine): void => { fn(line); };
    this.#watchers.add(own);
    return () => { this.#watchers.delete(own); };
  }

  /** The writer is gone (the container exited or was removed): followers stop once drained. */
  end(): void {
    this.#ended = true;
    this.#notify();
  }

  /** Existing lines, then (follow) new ones until end() or until a signal aborts. */
  async *read(options: LogOptions, closed: AbortSignal): AsyncGenerator<LogLine> {
    const stop = options.signal ? AbortSignal.any([options.signal, closed]) : closed;
    let next = 0;
    for (;;) {
      while (next < this.lines.length) {
        const line = this.lines[next++];
        if (line) yield line;
      }
      if (!options.follow || this.#ended || stop.aborted) return;
      await new Promise<void>((resolve) => {
        const done = (): void => { stop.removeEventListener("abort", done); resolve(); };
        this.#wake.push(done);
        stop.addEventListener("abort", done, { once: true });
      });
    }
  }

  #notify(): void {
    const wake = this.#wake;
    this.#wake = [];
    for (const w of wake) w();
  }
}
