// The output half of attach: the container's CRI log (cri-log.ts describes the format) followed
// from a byte offset, turned back into the bytes the container wrote. An `F` entry is a line
// that ended with "\n" (conmon stripped it); a `P` entry is a piece without one, so a partial
// line (a prompt, a progress bar) reaches the client at once and whole. Works on bytes, not
// strings: content that is not UTF-8 passes unchanged (but for "\n", whose place the tags keep).
import { open } from "node:fs/promises";
import type { Writable } from "node:stream";

const NEWLINE = Buffer.from("\n");

/** One log line (no newline) → its stream and the bytes the container wrote; undefined when malformed. */
export function criLogEntryBytes(line: Buffer): { stream: "stdout" | "stderr"; data: Buffer } | undefined {
  const s1 = line.indexOf(0x20);
  const s2 = s1 < 0 ? -1 : line.indexOf(0x20, s1 + 1);
  if (s1 <= 0 || s2 < 0) return undefined;
  const stream = line.toString("latin1", s1 + 1, s2);
  if (stream !== "stdout" && stream !== "stderr") return undefined;
  const s3 = line.indexOf(0x20, s2 + 1);
  const tag = line.toString("latin1", s2 + 1, s3 < 0 ? line.length : s3);
  if (tag === "P") return { stream, data: s3 < 0 ? Buffer.alloc(0) : line.subarray(s3 + 1) };
  if (tag === "F") return { stream, data: Buffer.concat([s3 < 0 ? Buffer.alloc(0) : line.subarray(s3 + 1), NEWLINE]) };
  return { stream, data: Buffer.concat([line.subarray(s2 + 1), NEWLINE]) }; // the older format without a tag
}

/** Writes with back-pressure; false when the stream was destroyed or the signal aborted. */
async function write(w: Writable, data: Buffer, signal: AbortSignal): Promise<boolean> {
  if (w.destroyed || signal.aborted) return false;
  if (data.length === 0 || w.write(data)) return true;
  await new Promise<void>((resolve) => {
    const done = (): void => {
      w.off("drain", done);
      w.off("close", done);
      signal.removeEventListener("abort", done);
      resolve();
    };
    w.on("drain", done);
    w.on("close", done);
    signal.addEventListener("abort", done, { once: true });
  });
  return !w.destroyed && !signal.aborted;
}

export interface CriLogFollowOptions {
  path: string;
  /** Where to start: the log's size when attaching (only what comes after). */
  offset: number;
  stdout: Writable;
  /** null: stderr entries go to stdout too (a terminal has one output stream). */
  stderr: Writable | null;
  /** True once the writer (the container) is gone: after that, EOF ends the follow. */
  writerDone: () => boolean;
  /** Waits for more data or the writer's end (resolves early on either; never rejects). */
  waitForMore: () => Promise<void>;
  /** Detach: stop at once. */
  signal: AbortSignal;
}

/**
 * Copies the log's entries from offset to stdout/stderr until the writer is done and the log is
 * drained (resolves true) or the signal aborts or a reader goes away (false). Never ends the
 * writables: the caller does.
 */
export async function followCriLog(o: CriLogFollowOptions): Promise<boolean> {
  let handle;
  while (!handle) {
    try {
      handle = await open(o.path, "r");
    } catch {
      if (o.signal.aborted) return false;
      if (o.writerDone()) return true; // no log was ever written
      await o.waitForMore();
    }
  }
  try {
    let position = o.offset;
    let rest = Buffer.alloc(0);
    const chunk = Buffer.alloc(64 * 1024);
    for (;;) {
      if (o.signal.aborted) return false;
      const doneBefore = o.writerDone();
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, position);
      if (bytesRead > 0) {
        position += bytesRead;
        let buf = Buffer.concat([rest, chunk.subarray(0, bytesRead)]);
        for (let nl = buf.indexOf(0x0a); nl >= 0; nl = buf.indexOf(0x0a)) {
          const entry = criLogEntryBytes(buf.subarray(0, nl));
          buf = buf.subarray(nl + 1);
          if (!entry) continue;
          const target = entry.stream === "stderr" && o.stderr ? o.stderr : o.stdout;
          if (!(await write(target, entry.data, o.signal))) return false;
        }
        rest = Buffer.from(buf);
        continue;
      }
      if (doneBefore) return true;
      await o.waitForMore();
    }
  } finally {
    await handle.close();
  }
}
