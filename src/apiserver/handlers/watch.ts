// WATCH (spec §3): a chunked stream of `{"type":…,"object":…}\n`. resourceVersion absent or
// "0": synthetic ADDED for every current match first, then changes; N: every change after N
// (replayed from the store's history), or one ERROR event with a 410 Expired Status when N is
// older than the history. timeoutSeconds ends the stream (kubectl get -w exits 0; informers
// re-watch from their last RV); allowWatchBookmarks adds periodic BOOKMARKs. A Table Accept
// turns each object into a one-row Table (columns only in the first event, as the real server).
// Selectors are applied to each event's object; an object that stops matching a selector is
// sent as DELETED (the apiserver's watch cache does the same with the previous object).
import type { KubeObject, Status } from "../../api/meta.ts";
import { isStatusError } from "../../machinery/status-error.ts";
import type { WatchEventType } from "../../storage/store.ts";
import type { ApiStreamResponse } from "../api-types.ts";
import { AsyncQueue } from "../async-queue.ts";
import { matchesFields, parseFieldSelector } from "../field-selector.ts";
import { apiVersionOf } from "../served-resources.ts";
import { watchTableEvent } from "../table-convert.ts";
import type { HandlerContext } from "./handler-context.ts";
import { selectObjects } from "./read.ts";

/** When no timeoutSeconds is given: kube-apiserver picks 30–60 min; pillion uses 30 min. */
const DEFAULT_TIMEOUT_MS = 30 * 60_000;
const BOOKMARK_INTERVAL_MS = 60_000;

type OutType = WatchEventType | "BOOKMARK" | "ERROR";

export async function handleWatch(ctx: HandlerContext): Promise<ApiStreamResponse> {
  const q = ctx.req.query;
  const { group, resource, kind } = ctx.served.info;
  const fields = parseFieldSelector(q.get("fieldSelector") ?? undefined, group, resource);
  const labelSelector = q.get("labelSelector") ?? undefined;
  const rv = q.get("resourceVersion") ?? "";
  const timeoutSeconds = Number(q.get("timeoutSeconds") ?? "");
  const timeoutMs = Number.isFinite(timeoutSeconds) && timeoutSeconds > 0 ? timeoutSeconds * 1000 : DEFAULT_TIMEOUT_MS;
  const out = ctx.output;
  const queue = new AsyncQueue<string>();
  let first = true;
  let lastRv = rv;

  const encode = (type: OutType, object: unknown): string => {
    if (out.as === "Table" && (type === "ADDED" || type === "MODIFIED" || type === "DELETED")) {
      const e = watchTableEvent(type, object as KubeObject, { group, kind, version: out.version, includeObject: out.includeObject, now: ctx.clock.now(), first });
      first = false;
      return `${JSON.stringify(e)}\n`;
    }
    if (out.as === "PartialObjectMetadata" && type !== "ERROR" && type !== "BOOKMARK") {
      object = { kind: "PartialObjectMetadata", apiVersion: `meta.k8s.io/${out.version}`, metadata: (object as KubeObject).metadata };
    }
    return `${JSON.stringify({ type, object })}\n`;
  };
  const send = (type: OutType, obj: KubeObject): void => {
    lastRv = obj.metadata.resourceVersion ?? lastRv;
    queue.push(encode(type, obj));
  };

  const matching = new Set<string>();
  const keyOf = (o: KubeObject): string => `${o.metadata.namespace ?? ""}/${o.metadata.name ?? ""}`;
  const selected = (o: KubeObject): boolean => matchesFields(fields, o, group, resource);

  let from = rv;
  if (rv === "" || rv === "0") {
    const initial = await selectObjects(ctx);
    for (const o of initial.items) { matching.add(keyOf(o)); send("ADDED", o); }
    from = initial.resourceVersion;
    lastRv = from;
  }

  let stop: (() => void) | undefined;
  try {
    stop = ctx.served.registry.watch({
      ...(ctx.info.namespace ? { namespace: ctx.info.namespace } : {}),
      ...(labelSelector ? { labelSelector } : {}),
      resourceVersion: from,
    }, (e) => {
      const key = keyOf(e.object);
      if (e.type === "DELETED") {
        if (selected(e.object) || matching.has(key)) send("DELETED", e.object);
        matching.delete(key);
        return;
      }
      if (selected(e.object)) {
        matching.add(key);
        send(e.type, e.object);
      } else if (matching.delete(key)) {
        send("DELETED", e.object);
      }
    });
  } catch (e) {
    if (!isStatusError(e, "Expired") && !isStatusError(e, "Gone")) throw e;
    queue.push(encode("ERROR", e.status satisfies Status));
    queue.end();
  }

  const timers = [ctx.clock.setTimer(timeoutMs, () => queue.end())];
  if (["true", "1"].includes(q.get("allowWatchBookmarks") ?? "") && !queue.ended) {
    const bookmark = (): void => {
      if (queue.ended) return;
      queue.push(encode("BOOKMARK", { kind, apiVersion: apiVersionOf(ctx.served.info), metadata: { resourceVersion: lastRv || from } }));
      timers.push(ctx.clock.setTimer(BOOKMARK_INTERVAL_MS, bookmark));
    };
    timers.push(ctx.clock.setTimer(BOOKMARK_INTERVAL_MS, bookmark));
  }
  const cleanup = (): void => {
    stop?.();
    for (const t of timers) t.cancel();
    queue.end();
  };
  ctx.req.signal.addEventListener("abort", cleanup, { once: true });

  async function* stream(): AsyncGenerator<string> {
    try {
      yield* queue;
    } finally {
      cleanup();
    }
  }
  // The stream's media type is plain JSON even for Table events: client-go picks the stream
  // decoder by it, and each event's object says what it is.
  return { status: 200, headers: { "content-type": "application/json" }, stream: stream() };
}
