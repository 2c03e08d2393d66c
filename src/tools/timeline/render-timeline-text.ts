// The text timeline: one block per pod, one line per mark, with the wall-clock time (UTC, as
// the seeds' "10:10:01 - Sidecar 시작") and the offset from one origin in `pillion run`'s format.
// An estimated time carries "≈".
//
//   pod/batch-job-native-x7k2p  default  Succeeded
//     lanes: sidecar (native sidecar), main (main)
//     10:10:01   +1.00s  sidecar  started
//     10:10:02  ≈+2.00s  sidecar  startup probe passed
import { formatOffset } from "../../printers/format-offset.ts";
import type { LaneKind, PodTimeline } from "./pod-timeline.ts";

export const LANE_TITLES: Record<LaneKind, string> = { init: "init container", sidecar: "native sidecar", main: "main" };

/** HH:MM:SS in UTC. */
export function clockTime(ms: number): string {
  return new Date(ms).toISOString().slice(11, 19);
}

/** Renders each pod's block; times are offsets from originMs (default: the earliest pod's start). */
export function renderTimelineText(timelines: readonly PodTimeline[], opts: { originMs?: number } = {}): string {
  if (!timelines.length) return "";
  const origin = opts.originMs ?? Math.min(...timelines.map((t) => t.startMs));
  return timelines.map((t) => {
    const rows = t.marks.map((m) => ({ clock: clockTime(m.timeMs), at: `${m.estimated ? "≈" : ""}${formatOffset(m.timeMs - origin)}`, who: m.who, what: m.text }));
    const atWidth = Math.max(0, ...rows.map((r) => r.at.length));
    const whoWidth = Math.max(0, ...rows.map((r) => r.who.length));
    const lanes = t.lanes.map((l) => `${l.name} (${LANE_TITLES[l.kind]}${l.restartCount ? `, ${l.restartCount} restarts` : ""}${l.waiting ? `, waiting: ${l.waiting}` : ""})`).join(", ");
    const lines = rows.map((r) => `  ${r.clock}  ${r.at.padStart(atWidth)}  ${r.who.padEnd(whoWidth)}  ${r.what}`.trimEnd());
    return [`pod/${t.name}  ${t.namespace}  ${t.phase}`, `  lanes: ${lanes}`, ...lines].join("\n") + "\n";
  }).join("\n");
}
