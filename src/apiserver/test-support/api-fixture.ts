// Test fixture: the API handler over an in-memory store, the real registries and a FakeClock,
// driven with plain ApiRequests (no socket), plus a LogSource serving scripted lines.
import type { ContainerLogOptions, LogSource } from "../../kubelet/log-source.ts";
import { FakeClock } from "../../machinery/fake-clock.ts";
import { createInProcessClient, type InProcessClient } from "../../registry/in-process-client.ts";
import type { LogLine } from "../../runtime/runtime.ts";
import { SqliteStore } from "../../storage/sqlite-store.ts";
import { createApiHandler } from "../api-handler.ts";
import type { ApiHandler, ApiResponse } from "../api-types.ts";
import { ServedResources } from "../served-resources.ts";
import { versionInfo } from "../version-info.ts";

export const TOKEN = "test-token";

export class ScriptedLogs implements LogSource {
  readonly lines = new Map<string, LogLine[]>();
  set(ns: string, pod: string, container: string, texts: readonly string[], startMs = 0): void {
    this.lines.set(`${ns}/${pod}/${container}`, texts.map((text, i) => ({
      time: startMs + i * 1000, timestamp: new Date(startMs + i * 1000).toISOString().replace("Z", "000000Z"), stream: "stdout", tag: "F", text,
    })));
  }
  async *containerLogs(namespace: string, pod: string, container: string, _o?: ContainerLogOptions): AsyncIterable<LogLine> {
    const l = this.lines.get(`${namespace}/${pod}/${container}`);
    if (!l) throw new Error(`container "${container}" in pod "${pod}" is waiting to start: ContainerCreating`);
    yield* l;
  }
  onContainerStarted(): () => void { return () => undefined; }
  async existingContainers(): Promise<never[]> { return []; }
}

export interface Call {
  method?: string;
  body?: unknown;
  contentType?: string;
  accept?: string;
  token?: string | null;
  signal?: AbortSignal;
}

export interface Fixture {
  clock: FakeClock;
  client: InProcessClient;
  store: SqliteStore;
  logs: ScriptedLogs;
  handler: ApiHandler;
  call(path: string, c?: Call): Promise<ApiResponse>;
  /** call, then the JSON body (fails on a stream). */
  json(path: string, c?: Call): Promise<{ status: number; headers: Record<string, string>; body: Record<string, unknown> }>;
}

export function makeFixture(o: { historyLimit?: number } = {}): Fixture {
  const clock = new FakeClock();
  const store = new SqliteStore({ path: ":memory:", ...(o.historyLimit ? { historyLimit: o.historyLimit } : {}) });
  const client = createInProcessClient({ store, clock, kubernetesMinor: 33, nodeName: "pillion", garbageCollection: true });
  const logs = new ScriptedLogs();
  const handler = createApiHandler({
    resources: ServedResources.fromClient(client), clock, version: versionInfo("1.33", "linux/amd64"), token: TOKEN, logs, log: () => undefined,
  });
  const call = async (path: string, c: Call = {}): Promise<ApiResponse> => {
    const url = new URL(path, "https://127.0.0.1");
    const body = c.body === undefined ? new Uint8Array() : new TextEncoder().encode(typeof c.body === "string" ? c.body : JSON.stringify(c.body));
    const headers: Record<string, string | undefined> = { accept: c.accept ?? "application/json", "content-type": c.contentType ?? "application/json" };
    if (c.token !== null) headers.authorization = `Bearer ${c.token ?? TOKEN}`;
    return handler({ method: c.method ?? "GET", path: url.pathname, query: url.searchParams, headers, body, signal: c.signal ?? new AbortController().signal });
  };
  return {
    clock, client, store, logs, handler, call,
    async json(path, c) {
      const r = await call(path, c);
      if (!("body" in r)) throw new Error(`${path}: a stream, not a body`);
      return { status: r.status, headers: r.headers, body: JSON.parse(typeof r.body === "string" ? r.body : new TextDecoder().decode(r.body)) as Record<string, unknown> };
    },
  };
}

/** The text of a streamed (or whole) response, up to `max` chunks. */
export async function readStream(r: ApiResponse, max = Number.POSITIVE_INFINITY): Promise<string[]> {
  if ("body" in r) return [typeof r.body === "string" ? r.body : new TextDecoder().decode(r.body)];
  if ("upgrade" in r) throw new Error("a protocol upgrade, not a stream");
  const out: string[] = [];
  const it = r.stream[Symbol.asyncIterator]();
  while (out.length < max) {
    const n = await it.next();
    if (n.done) break;
    out.push(typeof n.value === "string" ? n.value : new TextDecoder().decode(n.value));
  }
  await it.return?.();
  return out;
}
