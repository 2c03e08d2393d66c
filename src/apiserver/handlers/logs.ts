// pods/log (spec §6): the container is chosen and checked as LogLocation does
// (pkg/registry/core/pod/strategy.go), its state as the kubelet's validateContainerLogStatus
// does (pkg/kubelet/kubelet_pods.go) — both answer 400 BadRequest with Kubernetes' texts — then
// the lines come from the kubelet's LogSource, filtered by sinceSeconds/sinceTime, cut to
// tailLines and limitBytes, prefixed with their RFC3339Nano timestamp when asked, and
// streamed (follow) until the container exits or the client goes away.
import type { Container, ContainerStatus, Pod } from "../../api/core.ts";
import type { LogLine } from "../../runtime/runtime.ts";
import { newBadRequest } from "../../machinery/status-error.ts";
import type { ApiStreamResponse } from "../api-types.ts";
import type { HandlerContext } from "./handler-context.ts";

const names = (cs: readonly Container[] | undefined): string => (cs ?? []).map((c) => c.name).join(" ");

/** LogLocation's container choice. */
export function chooseContainer(pod: Pod, requested: string): string {
  const name = pod.metadata.name ?? "";
  if (requested) {
    const all = [...pod.spec.containers, ...(pod.spec.initContainers ?? []), ...((pod.spec as { ephemeralContainers?: Container[] }).ephemeralContainers ?? [])];
    if (!all.some((c) => c.name === requested)) throw newBadRequest(`container ${requested} is not valid for pod ${name}`);
    return requested;
  }
  if (pod.spec.containers.length === 1) return pod.spec.containers[0]?.name ?? "";
  if (pod.spec.containers.length === 0) throw newBadRequest(`a container name must be specified for pod ${name}`);
  let msg = `a container name must be specified for pod ${name}, choose one of: [${names(pod.spec.containers)}]`;
  if (pod.spec.initContainers?.length) msg += ` or one of the init containers: [${names(pod.spec.initContainers)}]`;
  throw newBadRequest(msg);
}

/** validateContainerLogStatus: the errors a container's state gives before any log is read. */
export function checkContainerLogStatus(pod: Pod, container: string, previous: boolean): void {
  const podName = pod.metadata.name ?? "";
  const st = pod.status ?? {};
  const all: ContainerStatus[] = [...(st.containerStatuses ?? []), ...(st.initContainerStatuses ?? [])];
  const cs = all.find((c) => c.name === container);
  const q = (s: string): string => JSON.stringify(s);
  if (!cs) {
    // No status yet: the pod was just created and the kubelet has not reported.
    throw newBadRequest(`container ${q(container)} in pod ${q(podName)} is waiting to start: ContainerCreating`);
  }
  const last = cs.lastState.terminated;
  const { waiting, running, terminated } = cs.state;
  if (previous) {
    if (!last?.containerID) throw newBadRequest(`previous terminated container ${q(container)} in pod ${q(podName)} not found`);
    return;
  }
  if (running) return;
  if (terminated) {
    if (!terminated.containerID && !last?.containerID) throw newBadRequest(`container ${q(container)} in pod ${q(podName)} is terminated`);
    return;
  }
  if (last) {
    if (!last.containerID) throw newBadRequest(`container ${q(container)} in pod ${q(podName)} is terminated`);
    return;
  }
  if (waiting) {
    const reason = waiting.reason ?? "";
    if (reason === "ErrImagePull") throw newBadRequest(`container ${q(container)} in pod ${q(podName)} is waiting to start: image can't be pulled`);
    if (reason === "ImagePullBackOff") throw newBadRequest(`container ${q(container)} in pod ${q(podName)} is waiting to start: trying and failing to pull image`);
    throw newBadRequest(`container ${q(container)} in pod ${q(podName)} is waiting to start: ${reason}`);
  }
  throw newBadRequest(`container ${q(container)} in pod ${q(podName)} is waiting to start - no logs yet`);
}

interface LogQuery {
  container: string;
  follow: boolean;
  previous: boolean;
  timestamps: boolean;
  tailLines?: number;
  limitBytes?: number;
  sinceMs?: number;
}

function intParam(q: URLSearchParams, name: string): number | undefined {
  const v = q.get(name);
  if (v === null || v === "") return undefined;
  if (!/^-?\d+$/.test(v)) throw newBadRequest(`strconv.ParseInt: parsing ${JSON.stringify(v)}: invalid syntax`);
  return Number(v);
}

function parseLogQuery(ctx: HandlerContext): LogQuery {
  const q = ctx.req.query;
  const bool = (n: string): boolean => ["true", "1"].includes(q.get(n) ?? "");
  const out: LogQuery = { container: q.get("container") ?? "", follow: bool("follow"), previous: bool("previous"), timestamps: bool("timestamps") };
  const tail = intParam(q, "tailLines");
  if (tail !== undefined) out.tailLines = Math.max(0, tail);
  const limit = intParam(q, "limitBytes");
  if (limit !== undefined) {
    if (limit < 1) throw newBadRequest(`PodLogOptions "" is invalid: limitBytes: Invalid value: ${limit}: must be greater than 0`);
    out.limitBytes = limit;
  }
  const since = intParam(q, "sinceSeconds");
  if (since !== undefined) {
    if (since < 1) throw newBadRequest(`PodLogOptions "" is invalid: sinceSeconds: Invalid value: ${since}: must be greater than 0`);
    out.sinceMs = ctx.clock.now() - since * 1000;
  }
  const sinceTime = q.get("sinceTime");
  if (sinceTime) {
    const t = Date.parse(sinceTime);
    if (Number.isNaN(t)) throw newBadRequest(`parsing time ${JSON.stringify(sinceTime)} as "2006-01-02T15:04:05Z07:00": cannot parse`);
    out.sinceMs = t;
  }
  return out;
}

const render = (l: LogLine, timestamps: boolean): string => `${timestamps ? `${l.timestamp} ` : ""}${l.text}${l.tag === "F" ? "\n" : ""}`;

export async function handleLogs(ctx: HandlerContext): Promise<ApiStreamResponse> {
  const logs = ctx.logs;
  if (!logs) throw newBadRequest("pods/log is not served by this server (no kubelet)");
  const pod = await ctx.served.registry.get(ctx.info.namespace, ctx.info.name) as Pod;
  const o = parseLogQuery(ctx);
  const container = chooseContainer(pod, o.container);
  checkContainerLogStatus(pod, container, o.previous);
  const ns = ctx.info.namespace;
  const name = ctx.info.name;
  const abort = new AbortController();
  ctx.req.signal.addEventListener("abort", () => abort.abort(), { once: true });
  const keep = (l: LogLine): boolean => o.sinceMs === undefined || l.time >= o.sinceMs;

  // tailLines: count the lines there are now, then skip all but the last N of the same stream
  // (with follow, the lines written meanwhile still arrive after them).
  let skip = 0;
  if (o.tailLines !== undefined) {
    let total = 0;
    for await (const l of logs.containerLogs(ns, name, container, { previous: o.previous, signal: abort.signal })) if (keep(l)) total++;
    skip = Math.max(0, total - o.tailLines);
  }
  const source = logs.containerLogs(ns, name, container, { previous: o.previous, follow: o.follow, signal: abort.signal })[Symbol.asyncIterator]();
  // The first line is read before answering, so an error of the kubelet (no such instance)
  // is a 400 Status and not a 200 cut short.
  let firstLine: IteratorResult<LogLine>;
  try {
    firstLine = await source.next();
  } catch (e) {
    abort.abort();
    if (e instanceof Error && !("status" in e)) throw newBadRequest(e.message);
    throw e;
  }
  async function* lines(): AsyncGenerator<LogLine> {
    for (let r = firstLine; !r.done; r = await source.next()) yield r.value;
  }
  async function* stream(): AsyncGenerator<string | Uint8Array> {
    let budget = o.limitBytes ?? Number.POSITIVE_INFINITY;
    try {
      for await (const l of lines()) {
        if (!keep(l)) continue;
        if (skip > 0) { skip--; continue; }
        const bytes = new TextEncoder().encode(render(l, o.timestamps));
        if (bytes.length >= budget) { yield bytes.subarray(0, budget); return; }
        budget -= bytes.length;
        yield bytes;
      }
    } finally {
      abort.abort();
      await source.return?.();
    }
  }
  return { status: 200, headers: { "content-type": "text/plain" }, stream: stream() };
}
