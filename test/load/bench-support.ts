// Shared pieces of the API benchmarks (bench/api-*.bench.ts): quantiles, a free port, the floor
// server as a child process, and polling an HTTPS URL until it answers 200.
import { spawn, type ChildProcess } from "node:child_process";
import { request } from "node:https";
import { createServer } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { join } from "node:path";
import { REPO_ROOT } from "../kubectl/pillion-up.ts";

export const quantile = (xs: readonly number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
};
export const ms = (x: number): string => `${x.toFixed(x < 10 ? 2 : 1)} ms`;
export const summary = (xs: readonly number[]): string => `p50 ${ms(quantile(xs, 0.5))}  p90 ${ms(quantile(xs, 0.9))}  p99 ${ms(quantile(xs, 0.99))}  (n=${xs.length})`;

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const a = s.address();
      s.close(() => (a && typeof a === "object" ? resolve(a.port) : reject(new Error("no port"))));
    });
  });
}

/** One GET on a fresh TLS connection (ca undefined: unverified); the status, or 0 when the connection fails. */
export function getStatus(url: string, ca: string | undefined): Promise<number> {
  return new Promise((resolve) => {
    const req = request(url, { ...(ca ? { ca } : { rejectUnauthorized: false }), agent: false }, (res) => { res.resume(); res.on("end", () => resolve(res.statusCode ?? 0)); });
    req.on("error", () => resolve(0));
    req.end();
  });
}

/** Polls url every intervalMs until it answers 200; ms from t0 (performance.now()) to that answer. */
export async function untilOk(url: string, ca: string | undefined, t0: number, o: { intervalMs?: number; timeoutMs?: number } = {}): Promise<number> {
  for (;;) {
    if ((await getStatus(url, ca)) === 200) return performance.now() - t0;
    if (performance.now() - t0 > (o.timeoutMs ?? 30_000)) throw new Error(`${url} not ready after ${o.timeoutMs ?? 30_000} ms`);
    await sleep(o.intervalMs ?? 2);
  }
}

export interface FloorServer { child: ChildProcess; port: number; stop(): Promise<void> }

/** Starts test/load/floor-server.ts with pillion's certificate; resolves once it listens. */
export async function startFloorServer(o: { certFile: string; keyFile: string; port?: number; bodyFile?: string }): Promise<FloorServer> {
  const port = o.port ?? (await freePort());
  const child = spawn(process.execPath, [join(REPO_ROOT, "test", "load", "floor-server.ts"), o.certFile, o.keyFile, String(port), ...(o.bodyFile ? [o.bodyFile] : [])], { stdio: ["ignore", "pipe", "inherit"] });
  await new Promise<void>((resolve, reject) => {
    child.stdout.setEncoding("utf8").on("data", (s: string) => { if (s.includes("listening")) resolve(); });
    child.on("exit", (code) => reject(new Error(`floor server exited ${code}`)));
  });
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  return { child, port, stop: async () => { child.kill("SIGTERM"); await exited; } };
}
