// Conversion between events.k8s.io/v1 and core/v1 Events (pkg/apis/events/v1/conversion.go):
// Kubernetes keeps one `events` resource and serves it in both shapes, so an event the kubelet
// records through core/v1 is listed by events.k8s.io/v1 too. Fields neither shape knows are
// carried over as they are.
import type { Event } from "../../api/core.ts";
import type { EventV1 } from "../../api/events.ts";

/** v1 field → core field; the rest (metadata, eventTime, series, action, reason, related, type, reportingInstance) keeps its name. */
const RENAMES: readonly [keyof EventV1, string][] = [
  ["regarding", "involvedObject"], ["note", "message"], ["reportingController", "reportingComponent"],
  ["deprecatedSource", "source"], ["deprecatedFirstTimestamp", "firstTimestamp"],
  ["deprecatedLastTimestamp", "lastTimestamp"], ["deprecatedCount", "count"],
];

function rename(input: object, pairs: readonly (readonly [string, string])[]): Record<string, unknown> {
  const out: Record<string, unknown> = { ...structuredClone(input as Record<string, unknown>) };
  for (const [from, to] of pairs) {
    if (!(from in out)) continue;
    const v = out[from];
    delete out[from];
    if (v !== undefined) out[to] = v;
  }
  return out;
}

export function eventV1ToCore(e: EventV1): Event {
  const out = rename(e, RENAMES) as unknown as Event;
  out.apiVersion = "v1";
  out.kind = "Event";
  out.involvedObject ??= {};
  return out;
}

export function eventCoreToV1(e: Event): EventV1 {
  const out = rename(e, RENAMES.map(([a, b]) => [b, a] as const)) as unknown as EventV1;
  out.apiVersion = "events.k8s.io/v1";
  out.kind = "Event";
  return out;
}
