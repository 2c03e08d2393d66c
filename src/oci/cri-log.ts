// The CRI log format conmon writes (`--log-path k8s-file:`), one entry per line:
//   <RFC 3339 with nanoseconds> <stdout|stderr> <P|F> <text>
// P marks a partial line (the process wrote no newline yet), F a full one. Mirrors
// pkg/kubelet/kuberuntime/logs/logs.go parseCRILog.
import { open } from "node:fs/promises";
import type { LogLine } from "../runtime/runtime.ts";

/** "2026-11-21T21:25:18.018243751+00:00" → epoch ms (sub-millisecond digits dropped). */
export function parseCriTime(ts: string): number {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/.exec(ts);
  if (!m) return Number.NaN;
  const ms = (m[2] ?? "").padEnd(3, "0").slice(0, 3);
  return Date.parse(`${m[1]}.${ms}${m[3]}`);
}

/** One log file line (without its newline) → LogLine; undefined when malformed. */
export function parseCriLogLine(line: string): LogLine | undefined {
  const s1 = line.indexOf(" ");
  const s2 = line.indexOf(" ", s1 + 1);
  if (s1 <= 0 || s2 < 0) return undefined;
  const timestamp = line.slice(0, s1);
  const stream = line.slice(s1 + 1, s2);
  if (stream !== "stdout" && stream !== "stderr") return undefined;
  let tag: "P" | "F" = "F";
  let text: string;
  const s3 = line.indexOf(" ", s2 + 1);
  const tagText = s3 < 0 ? line.slice(s2 + 1) : line.slice(s2 + 1, s3);
  if (tagText === "P" || tagText === "F") {
    tag = tagText;
    text = s3 < 0 ? "" : line.slice(s3 + 1);
  } else {
    text = line.slice(s2 + 1); // the older format without a tag
  }
  const time = parseCriTime(timestamp);
  if (Number.isNaN(time)) return undefined;
  return { time, timestamp, stream, tag, text };
}

export interface FollowOptions {
  follow: boolean;
  signal?: AbortSignal;
  /** True once the writer (the container) is gone: after that, EOF ends the stream. */
  writerDone: () => boolean;
  /** Waits for more data or the writer's end (resolves early on either; never rejects). */
  waitForMore: () => Promise<void>;
}

/**
 * Reads the log from the start; with follow, tails it until the writer is done and the file is
 * drained, or the signal aborts. A missing file is an empty log.
 */
export async function* readCriLog(path: string, options: FollowOptions): AsyncGenerator<LogLine> {
  let handle;
  try {
    handle = await open(path, "r");
  } catch {
    return;
  }
  try {
    let position = 0;
    let rest = "";
    const chunk = Buffer.alloc(64 * 1024);
    for (;;) {
      if (options.signal?.aborted) return;
      const doneBefore = options.writerDone();
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, position);
      if (bytesRead > 0) {
        position += bytesRead;
        rest += chunk.toString("utf8", 0, bytesRead);
        const lines = rest.split("\n");
        rest = lines.pop() ?? "";
        for (const l of lines) {
          const parsed = parseCriLogLine(l);
          if (parsed) yield parsed;
        }
        continue;
      }
      if (!options.follow || doneBefore) return;
      await options.waitForMore();
    }
  } finally {
    await handle.close();
  }
}
