// `kubectl get events`: printEvent of printers.go. The wide columns interleave with the
// others (Subobject and Source come before Message), so cells follow the definitions' order.
import { translateTimestampSince } from "../../printers/human-duration.ts";
import { column } from "./columns.ts";
import type { TablePrinter } from "./table-printer.ts";

interface EventLike {
  metadata?: { name?: string };
  involvedObject?: { kind?: string; name?: string; fieldPath?: string };
  type?: string;
  reason?: string;
  message?: string;
  count?: number;
  firstTimestamp?: string;
  lastTimestamp?: string;
  eventTime?: string;
  series?: { count?: number; lastObservedTime?: string };
  source?: { component?: string; host?: string };
  reportingComponent?: string;
  reportingInstance?: string;
}

/** events.k8s.io/v1 spells the same event differently; printEvent sees the internal type. */
function fromEventsV1(e: Record<string, unknown>): EventLike {
  if (!("regarding" in e) && !("note" in e)) return e;
  const pick = <T>(k: string): T | undefined => e[k] as T | undefined;
  const out: EventLike = {};
  const set = <K extends keyof EventLike>(k: K, v: EventLike[K] | undefined): void => { if (v !== undefined) out[k] = v; };
  set("metadata", pick("metadata"));
  set("involvedObject", pick("regarding"));
  set("type", pick("type"));
  set("reason", pick("reason"));
  set("message", pick("note"));
  set("count", pick("deprecatedCount"));
  set("firstTimestamp", pick("deprecatedFirstTimestamp"));
  set("lastTimestamp", pick("deprecatedLastTimestamp"));
  set("eventTime", pick("eventTime"));
  set("series", pick("series"));
  set("source", pick("deprecatedSource"));
  set("reportingComponent", pick("reportingController"));
  set("reportingInstance", pick("reportingInstance"));
  return out;
}

/** formatEventSource: `component, host`, each falling back to the reporting controller/instance. */
function source(e: EventLike): string {
  const component = e.source?.component || e.reportingComponent || "";
  const instance = e.source?.host || e.reportingInstance || "";
  return instance ? `${component}, ${instance}` : component;
}

export const eventPrinter: TablePrinter = {
  columns: [
    column("Last Seen", "string", "The time at which the most recent occurrence of this event was recorded."),
    column("Type", "string", "Type of this event (Normal, Warning), new types could be added in the future"),
    column("Reason", "string", "This should be a short, machine understandable string that gives the reason for the transition into the object's current status."),
    column("Object", "string", "The object that this event is about."),
    column("Subobject", "string", "If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement.", 1),
    column("Source", "string", "The component reporting this event. Should be a short machine understandable string.", 1),
    column("Message", "string", "A human-readable description of the status of this operation."),
    column("First Seen", "string", "The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)", 1),
    column("Count", "string", "The number of times this event has occurred.", 1),
    { ...column("Name", "string", "Name must be unique within a namespace.", 1), format: "name" },
  ],
  rows(obj, now) {
    const e = fromEventsV1(obj as Record<string, unknown>);
    const first = e.firstTimestamp ? translateTimestampSince(e.firstTimestamp, now) : translateTimestampSince(e.eventTime, now);
    let last = e.lastTimestamp ? translateTimestampSince(e.lastTimestamp, now) : first;
    let count = e.count ?? 0;
    if (e.series) {
      last = translateTimestampSince(e.series.lastObservedTime, now);
      count = e.series.count ?? 0;
    } else if (count === 0) {
      count = 1; // singleton events of the new API carry no count
    }
    const kind = (e.involvedObject?.kind ?? "").toLowerCase();
    const target = e.involvedObject?.name ? `${kind}/${e.involvedObject.name}` : kind;
    return [{
      cells: [last, e.type ?? "", e.reason ?? "", target, e.involvedObject?.fieldPath ?? "", source(e), (e.message ?? "").trim(), first, count, e.metadata?.name ?? ""],
    }];
  },
};
