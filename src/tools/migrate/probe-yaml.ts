// The YAML text `pillion migrate` inserts into a container: `restartPolicy: Always` and a
// startup probe under a review comment, indented like the surrounding manifest.
import { stringify } from "yaml";
import type { Probe } from "../../api/core.ts";

export const REVIEW_COMMENT = "# pillion migrate: review this startup probe";

export function restartPolicyLine(column: number, eol: string): string {
  return `${" ".repeat(column)}restartPolicy: Always${eol}`;
}

/** `startupProbe:` and its fields at `column`, nested by `step`, preceded by the review comment. */
export function startupProbeLines(probe: Probe, column: number, step: number, eol: string): string {
  const body = stringify({ startupProbe: probe }, { indent: step, indentSeq: true, lineWidth: 0 });
  const pad = " ".repeat(column);
  const lines = [REVIEW_COMMENT, ...body.replace(/\n$/, "").split("\n")];
  return lines.map((l) => `${pad}${l}${eol}`).join("");
}
