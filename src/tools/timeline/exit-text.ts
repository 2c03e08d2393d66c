// What an exit line says: the code, and why when the timeline shows it — a SIGKILL after the
// grace period (the stop signal, event Killing, came first and the process outlived it), a
// SIGTERM honoured, an OOM kill. Same wording as `pillion run` (src/cli/run/render-timeline.ts).
import { humanDuration } from "../../printers/human-duration.ts";
import type { TimelineMark } from "./pod-timeline.ts";

const SIGNALS: Record<number, string> = { 1: "SIGHUP", 2: "SIGINT", 3: "SIGQUIT", 6: "SIGABRT", 9: "SIGKILL", 11: "SIGSEGV", 15: "SIGTERM" };

/** The text of an Exited mark; `marks` is the pod's sorted marks (for the Killing before it). */
export function exitText(exit: TimelineMark, marks: readonly TimelineMark[]): string {
  const code = exit.exitCode ?? 0;
  const own = marks.filter((m) => m.container === exit.container && m.timeMs <= exit.timeMs);
  const startIdx = own.findLastIndex((m) => m.kind === "Started" && m !== exit);
  const killing = own.slice(Math.max(0, startIdx)).findLast((m) => m.kind === "Killing");
  const signal = code > 128 ? SIGNALS[code - 128] : undefined;
  let why: string;
  if (exit.reason === "OOMKilled") why = "OOMKilled";
  else if (killing && signal === "SIGKILL") why = `SIGKILL after ${humanDuration(exit.timeMs - killing.timeMs)} grace`;
  else if (signal) why = signal;
  else why = exit.reason ?? "";
  return why ? `exited ${code} (${why})` : `exited ${code}`;
}
