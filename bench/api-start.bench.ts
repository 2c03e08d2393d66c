// `pillion up` to /readyz, beside its floor: a bare Node HTTPS server (`node -e`, the same node
// binary, pillion's own certificate) from spawn to its first
// response. Both are polled the same way (a fresh TLS connection every 2 ms), so the polling
// cost is on both sides. Runs alternate pillion/floor. The first pillion start on a fresh data
// directory (which makes the CA and serving certificate with openssl) is reported apart; the
// samples are restarts on that directory, as a user's `pillion up` mostly is.
//   node bench/api-start.bench.ts [--runs N]     (root, like pillion up)
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "../test/kubectl/pillion-up.ts";
import { freePort, quantile, summary, untilOk } from "../test/load/bench-support.ts";

const runsArg = process.argv.indexOf("--runs");
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 15;
const dataDir = mkdtempSync("/tmp/pb-start-");
const pki = join(dataDir, "pki");

async function pillionStart(): Promise<number> {
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn(join(REPO_ROOT, "bin", "pillion"), ["up", "--port", String(port), "--data-dir", dataDir], { stdio: "ignore" });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (c) => resolve(c)));
  // The CA exists only once pillion made it: poll without verification until then (first run).
  let ca: string | undefined;
  try { ca = readFileSync(join(pki, "ca.crt"), "utf8"); } catch { /* first start */ }
  const took = await untilOk(`https://127.0.0.1:${port}/readyz`, ca, t0);
  child.kill("SIGTERM");
  const code = await exited;
  if (code !== 0) throw new Error(`pillion up exited ${code}`);
  return took;
}

// The floor as plain JavaScript on `node -e`: no type stripping, nothing loaded but node:https
// and node:fs — the least a Node HTTPS server can do before its first response.
const FLOOR_JS = `const [cert, key, port] = process.argv.slice(1);
const fs = require("node:fs");
require("node:https").createServer({ cert: fs.readFileSync(cert), key: fs.readFileSync(key) }, (q, s) => s.end("ok")).listen(Number(port), "127.0.0.1");`;

async function floorStart(): Promise<number> {
  const port = await freePort();
  const ca = readFileSync(join(pki, "ca.crt"), "utf8");
  const t0 = performance.now();
  const child = spawn(process.execPath, ["-e", FLOOR_JS, join(pki, "apiserver.crt"), join(pki, "apiserver.key"), String(port)], { stdio: "ignore" });
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  const took = await untilOk(`https://127.0.0.1:${port}/readyz`, ca, t0);
  child.kill("SIGTERM");
  await exited;
  return took;
}

try {
  process.env.NODE_COMPILE_CACHE ??= join(process.env.HOME ?? "/root", ".cache", "pillion", "compile-cache");
  const first = await pillionStart();
  const pillion: number[] = [];
  const floor: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    if (i % 2 === 0) { pillion.push(await pillionStart()); floor.push(await floorStart()); } else { floor.push(await floorStart()); pillion.push(await pillionStart()); }
    process.stderr.write(".");
  }
  process.stderr.write("\n");
  console.log(`pillion up → /readyz, first start (makes the PKI): ${first.toFixed(0)} ms`);
  console.log(`pillion up → /readyz, restart:   ${summary(pillion)}`);
  console.log(`floor: bare node https → 200:    ${summary(floor)}`);
  console.log(`ratio p50: ${(quantile(pillion, 0.5) / quantile(floor, 0.5)).toFixed(2)}×`);
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
