// A minimal HTTPS client for the load test and the API benchmarks: the server, CA and token
// read from the kubeconfig `pillion up` wrote, one keep-alive agent with enough sockets for
// many concurrent watch streams, plain JSON requests and a newline-delimited watch reader.
// Deliberately not client-node: the load test must measure pillion, not a client library.
import { Agent, request as httpsRequest } from "node:https";
import { readdirSync, readFileSync } from "node:fs";
import { parse } from "yaml";

export interface ApiTarget { server: string; ca: string; token: string }

export function targetFromKubeconfig(path: string): ApiTarget {
  const kc = parse(readFileSync(path, "utf8")) as {
    clusters: { cluster: { server: string; "certificate-authority-data": string } }[];
    users: { user: { token: string } }[];
  };
  const cluster = kc.clusters[0]?.cluster;
  const token = kc.users[0]?.user.token;
  if (!cluster || !token) throw new Error(`${path}: no cluster or token`);
  return { server: cluster.server, ca: Buffer.from(cluster["certificate-authority-data"], "base64").toString("utf8"), token };
}

export interface ApiResult { status: number; body: string; json: () => unknown }

export interface WatchEvent { type: string; object: { metadata: { name: string; resourceVersion: string } } }

export interface WatchStream {
  /** Resolves once the response headers arrived (the server flushes them at once). */
  ready: Promise<void>;
  close(): void;
}

export interface ApiClient {
  request(method: string, path: string, body?: unknown, contentType?: string, headers?: Record<string, string>): Promise<ApiResult>;
  /** Opens a watch on path (query included); each decoded event goes to onEvent. */
  watch(path: string, onEvent: (e: WatchEvent) => void, onEnd?: (err?: Error) => void): WatchStream;
  /** The same, with each line undecoded (the benchmarks time arrival, not parsing). */
  watchRaw(path: string, onLine: (line: string) => void, onEnd?: (err?: Error) => void): WatchStream;
  close(): void;
}

export function apiClient(t: ApiTarget, o: { maxSockets?: number } = {}): ApiClient {
  const agent = new Agent({ ca: t.ca, keepAlive: true, maxSockets: o.maxSockets ?? 256 });
  const url = new URL(t.server);
  const base = { host: url.hostname, port: Number(url.port), agent, headers: { authorization: `Bearer ${t.token}`, accept: "application/json" } };
  return {
    request(method, path, body, contentType = "application/json", headers = {}) {
      const payload = body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body);
      return new Promise((resolve, reject) => {
        const req = httpsRequest({ ...base, method, path, headers: { ...base.headers, ...headers, ...(payload !== undefined ? { "content-type": contentType, "content-length": Buffer.byteLength(payload) } : {}) } }, (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            resolve({ status: res.statusCode ?? 0, body: text, json: () => JSON.parse(text) as unknown });
          });
          res.on("error", reject);
        });
        req.on("error", reject);
        req.end(payload);
      });
    },
    watch(path, onEvent, onEnd) {
      return this.watchRaw(path, (line) => onEvent(JSON.parse(line) as WatchEvent), onEnd);
    },
    watchRaw(path, onLine, onEnd) {
      let ended = false;
      const end = (err?: Error): void => { if (!ended) { ended = true; onEnd?.(err); } };
      let resolveReady!: () => void;
      let rejectReady!: (e: Error) => void;
      const ready = new Promise<void>((res, rej) => { resolveReady = res; rejectReady = rej; });
      const req = httpsRequest({ ...base, method: "GET", path }, (res) => {
        if (res.statusCode !== 200) { rejectReady(new Error(`watch ${path}: HTTP ${res.statusCode}`)); res.resume(); return; }
        resolveReady();
        let pending = "";
        res.setEncoding("utf8");
        res.on("data", (s: string) => {
          pending += s;
          let nl: number;
          while ((nl = pending.indexOf("\n")) >= 0) {
            const line = pending.slice(0, nl);
            pending = pending.slice(nl + 1);
            if (line.trim()) onLine(line);
          }
        });
        res.on("end", () => end());
        res.on("error", (e) => end(e));
      });
      req.on("error", (e) => { rejectReady(e); end(e); });
      req.end();
      return { ready, close: () => { ended = true; req.destroy(); } };
    },
    close: () => agent.destroy(),
  };
}

/** The pid of the `pillion up` process serving dataDir (bin/pillion execs node, so it is the node process). */
export function pillionPid(dataDir: string): number {
  for (const entry of readdirSyncSafe("/proc")) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const argv = readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0");
      if (argv.includes("up") && argv.includes(dataDir) && argv.some((a) => a.endsWith("pillion.ts"))) return Number(entry);
    } catch { /* gone */ }
  }
  throw new Error(`no pillion up process for ${dataDir}`);
}

function readdirSyncSafe(dir: string): string[] {
  try { return readdirSync(dir); } catch { return []; }
}

/** VmRSS of a process in bytes, from /proc/<pid>/status. */
export function rssBytes(pid: number): number {
  const m = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  if (!m?.[1]) throw new Error(`no VmRSS for ${pid}`);
  return Number(m[1]) * 1024;
}
