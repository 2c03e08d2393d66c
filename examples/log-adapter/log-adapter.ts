// The adapter container of seed 003: follows the main container's plain log file on the shared
// emptyDir (like `tail -n+1 -F`) and prints each line as one JSON object on stdout —
// {"time","level","message"} — which a log collector reads from the container's log. The app
// is not changed; only its interface is adapted.
//
// As a native sidecar it is stopped after the app has exited: on SIGTERM it reads what is left
// of the file, prints it, and exits 0, so no line is lost and no grace period is waited out.
//
// Environment: LOG_FILE (/var/log/app/app.log), POLL_MS (200).
import { closeSync, openSync, readSync, statSync } from "node:fs";

const logFile = process.env["LOG_FILE"] ?? "/var/log/app/app.log";
const pollMs = Number(process.env["POLL_MS"] ?? 200);

const LINE = /^(\d{4}-\d\d-\d\dT\S+)\s+(TRACE|DEBUG|INFO|WARN|WARNING|ERROR|FATAL)\s+(.*)$/;

/** One plain line → one JSON line; a line in another format keeps its text as the message. */
export function toJson(line: string, now: () => string = () => new Date().toISOString()): string {
  const m = LINE.exec(line);
  const entry = m
    ? { time: m[1], level: (m[2] === "WARNING" ? "warn" : m[2] ?? "info").toLowerCase(), message: m[3] }
    : { time: now(), level: "info", message: line };
  return JSON.stringify(entry);
}

let offset = 0;
let partial = "";

/** Prints every complete line added since the last call; starts over if the file shrank. */
function drain(): void {
  let size: number;
  try {
    size = statSync(logFile).size;
  } catch {
    return; // not written yet
  }
  if (size < offset) offset = 0; // truncated or rotated
  if (size === offset) return;
  const buf = Buffer.alloc(size - offset);
  const fd = openSync(logFile, "r");
  try {
    offset += readSync(fd, buf, 0, buf.length, offset);
  } finally {
    closeSync(fd);
  }
  const lines = (partial + buf.toString("utf8")).split("\n");
  partial = lines.pop() ?? "";
  for (const line of lines) if (line.trim() !== "") console.log(toJson(line));
}

if (import.meta.main) {
  console.error(`log adapter: following ${logFile}`);
  const timer = setInterval(drain, pollMs);
  process.on("SIGTERM", () => {
    clearInterval(timer);
    drain();
    if (partial.trim() !== "") console.log(toJson(partial));
    console.error("log adapter: SIGTERM, flushed; exiting");
    process.exit(0);
  });
}
