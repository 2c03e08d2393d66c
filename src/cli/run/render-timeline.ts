// The lifecycle timeline `pillion run` prints at the end (the seeds' "10:10:01 - Sidecar 시작"
// in English): one block per pod, one line per journal entry, times relative to one origin.
//
//   pod/batch-job-native-x7k2p
//      +0.00s  sidecar  created
//      +1.05s  sidecar  startup probe passed
//      +41.2s  sidecar  exited 137 (SIGKILL after 30s grace)
import type { JournalEntry, JournalKind } from "../../kubelet/journal.ts";
import { humanDuration } from "../../printers/human-duration.ts";
import { formatOffset } from "../../printers/format-offset.ts";

export interface TimelineOptions {
  /** Epoch ms that is +0: by default the first entry's time (so pods of one run line up). */
  originMs?: number;
}


const TEXT: Record<JournalKind, string> = {
  Scheduled: "scheduled", SandboxCreated: "sandbox created", Created: "created", Started: "started",
  StartupProbeSucceeded: "startup probe passed", StartupProbeFailed: "startup probe failed", Ready: "ready",
  NotReady: "not ready", LivenessProbeFailed: "liveness probe failed", PostStartHookFinished: "postStart hook finished",
  PreStopHookStarted: "preStop hook started", Signalled: "signalled", Exited: "exited", BackOff: "back-off",
  Killing: "killing", PodTerminated: "pod terminated",
};

/** What one entry says; signals before an exit explain the exit code. */
function describe(e: JournalEntry, lastSignal: Map<string, { term?: number; kill?: number }>): string {
  const base = TEXT[e.kind];
  if (e.kind === "Signalled") {
    const sig = lastSignal.get(e.container) ?? {};
    if (e.detail === "SIGKILL") sig.kill = e.time;
    else sig.term = e.time;
    lastSignal.set(e.container, sig);
    return `${base} ${e.detail ?? ""}`.trimEnd();
  }
  if (e.kind === "Exited") {
    const sig = lastSignal.get(e.container);
    lastSignal.delete(e.container);
    const code = e.exitCode ?? 0;
    let why = e.detail ?? "";
    if (sig?.kill !== undefined && sig.term !== undefined) why = `SIGKILL after ${humanDuration(sig.kill - sig.term)} grace`;
    else if (sig?.kill !== undefined) why = "SIGKILL";
    else if (sig?.term !== undefined) why = code === 143 ? "SIGTERM" : `after SIGTERM${why ? `, ${why}` : ""}`;
    return why ? `${base} ${code} (${why})` : `${base} ${code}`;
  }
  return e.detail ? `${base} (${e.detail})` : base;
}

/** Renders the timeline of the given entries, one block per pod, in order of first entry. */
export function renderTimeline(entries: readonly JournalEntry[], opts: TimelineOptions = {}): string {
  const sorted = [...entries].sort((a, b) => a.time - b.time);
  const first = sorted[0];
  if (!first) return "";
  const origin = opts.originMs ?? first.time;
  const pods = new Map<string, JournalEntry[]>();
  for (const e of sorted) {
    const list = pods.get(e.podUid) ?? [];
    list.push(e);
    pods.set(e.podUid, list);
  }
  const blocks: string[] = [];
  for (const list of pods.values()) {
    const lastSignal = new Map<string, { term?: number; kill?: number }>();
    const rows = list.map((e) => ({ at: formatOffset(e.time - origin), who: e.container || "(pod)", what: describe(e, lastSignal) }));
    const atWidth = Math.max(...rows.map((r) => r.at.length));
    const whoWidth = Math.max(...rows.map((r) => r.who.length));
    const lines = rows.map((r) => `  ${r.at.padStart(atWidth)}  ${r.who.padEnd(whoWidth)}  ${r.what}`);
    blocks.push([`pod/${list[0]?.pod ?? ""}`, ...lines].join("\n") + "\n");
  }
  return blocks.join("\n");
}
