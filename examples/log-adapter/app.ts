// The main container of seed 003's adapter pattern: an app that writes its log the old way,
// plain lines "<time> <LEVEL> <message>" appended to a file on a shared emptyDir. It is not
// changed to log JSON: the adapter (log-adapter.ts) does that. Exits 0 after its last line.
//
// Environment: LOG_FILE (/var/log/app/app.log), LINE_INTERVAL_MS (500).
import { appendFileSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

const logFile = process.env["LOG_FILE"] ?? "/var/log/app/app.log";
const intervalMs = Number(process.env["LINE_INTERVAL_MS"] ?? 500);

const lines: [level: string, message: string][] = [
  ["INFO", "order service starting on :8080"],
  ["INFO", "connected to the database in 12ms"],
  ["DEBUG", "cache warmed: 128 products"],
  ["INFO", "order 1001 accepted: 2 items, 34.50 EUR"],
  ["WARN", "payment gateway slow: 1450ms"],
  ["INFO", "order 1002 accepted: 1 item, 9.90 EUR"],
  ["ERROR", "order 1003 rejected: card declined"],
  ["INFO", "order service stopping: 2 orders accepted, 1 rejected"],
];

mkdirSync(dirname(logFile), { recursive: true });
console.log(`writing ${lines.length} log lines to ${logFile}`);
for (const [level, message] of lines) {
  appendFileSync(logFile, `${new Date().toISOString()} ${level} ${message}\n`);
  await sleep(intervalMs);
}
console.log("done");
