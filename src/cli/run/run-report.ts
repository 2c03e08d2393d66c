// The end of `pillion run`: the pods and Jobs as `kubectl get` prints them, then the timeline.
import type { Job } from "../../api/batch.ts";
import type { Pod } from "../../api/core.ts";
import type { JournalEntry } from "../../kubelet/journal.ts";
import { formatTable } from "../../printers/format-table.ts";
import { jobRow } from "../../printers/job-row.ts";
import { podRow } from "../../printers/pod-row.ts";
import { renderTimeline } from "./render-timeline.ts";

export interface ReportInput {
  pods: readonly Pod[];
  jobs: readonly Job[];
  entries: readonly JournalEntry[];
  nowMs: number;
  timeline: boolean;
}

export function renderReport(r: ReportInput): string {
  const parts: string[] = [];
  if (r.pods.length) {
    parts.push(formatTable(["NAME", "READY", "STATUS", "RESTARTS", "AGE"], r.pods.map((p) => {
      const row = podRow(p, r.nowMs);
      return [row.name, row.ready, row.status, row.restarts, row.age];
    })));
  }
  if (r.jobs.length) {
    parts.push(formatTable(["NAME", "STATUS", "COMPLETIONS", "DURATION", "AGE"], r.jobs.map((j) => {
      const row = jobRow(j, r.nowMs);
      return [row.name, row.status, row.completions, row.duration, row.age];
    })));
  }
  if (r.timeline && r.entries.length) parts.push(`Timeline\n${renderTimeline(r.entries)}`);
  return parts.length ? `\n${parts.join("\n")}` : "";
}
