// Reads what `pillion run` prints (docs/run.md): the streamed container lines, the
// `kubectl get`-style tables and the timeline.

export interface TimelineEvent {
  pod: string;
  /** Time since the run's first event. */
  atMs: number;
  /** A container name, or "(pod)". */
  subject: string;
  /** The rest of the line: "started", "exited 0 (Completed)", "signalled SIGTERM"... */
  what: string;
}

/** `+0.00s`, `+41.2s`, `+2m03.5s` → milliseconds. */
export function parseOffsetMs(text: string): number {
  const m = /^\+(?:(\d+)m)?(\d+(?:\.\d+)?)s$/.exec(text);
  if (!m) throw new Error(`not a timeline offset: ${JSON.stringify(text)}`);
  return Math.round((Number(m[1] ?? 0) * 60 + Number(m[2])) * 1000);
}

/** The events of the Timeline section, in printed order. */
export function parseTimeline(stdout: string): TimelineEvent[] {
  const lines = stdout.split("\n");
  const start = lines.indexOf("Timeline");
  if (start < 0) return [];
  const events: TimelineEvent[] = [];
  let pod = "";
  for (const line of lines.slice(start + 1)) {
    const header = /^pod\/(\S+)$/.exec(line);
    if (header) {
      pod = header[1] ?? "";
      continue;
    }
    const m = /^\s+(\+\S+s)\s+(\S+)\s+(.*)$/.exec(line);
    if (m) events.push({ pod, atMs: parseOffsetMs(m[1] ?? ""), subject: m[2] ?? "", what: (m[3] ?? "").trim() });
  }
  return events;
}

/** The streamed output lines of one container (`<pod>/<container> | <text>`), pod by prefix. */
export function containerOutput(stdout: string, podPrefix: string, container: string): string[] {
  const out: string[] = [];
  for (const line of stdout.split("\n")) {
    const m = /^(\S+)\/(\S+?)\s*\| (.*)$/.exec(line);
    if (m && (m[1] ?? "").startsWith(podPrefix) && m[2] === container) out.push(m[3] ?? "");
  }
  return out;
}

/** The columns of the table row whose NAME starts with namePrefix (columns are 2+ spaces apart). */
export function tableRow(stdout: string, namePrefix: string, header: RegExp): string[] | undefined {
  const lines = stdout.split("\n");
  const at = lines.findIndex((l) => header.test(l));
  if (at < 0) return undefined;
  for (const line of lines.slice(at + 1)) {
    if (line.trim() === "") return undefined;
    const cols = line.trim().split(/\s{2,}/);
    if ((cols[0] ?? "").startsWith(namePrefix)) return cols;
  }
  return undefined;
}

export const POD_TABLE = /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/;
export const JOB_TABLE = /^NAME\s+STATUS\s+COMPLETIONS\s+DURATION\s+AGE$/;

/** A view of one pod's timeline with lookups that fail loudly. */
export class PodTimeline {
  readonly events: readonly TimelineEvent[];

  constructor(o: { stdout: string; podPrefix: string }) {
    this.events = parseTimeline(o.stdout).filter((e) => e.pod.startsWith(o.podPrefix));
  }

  /** Index of the first event of `subject` whose text starts with `what`, or -1. */
  indexOf(subject: string, what: string): number {
    return this.events.findIndex((e) => e.subject === subject && e.what.startsWith(what));
  }

  has(subject: string, what: string): boolean {
    return this.indexOf(subject, what) >= 0;
  }

  /** The first such event; throws (with the whole timeline) when there is none. */
  get(subject: string, what: string): TimelineEvent & { index: number } {
    const index = this.indexOf(subject, what);
    const e = this.events[index];
    if (!e) throw new Error(`no timeline event "${subject} ${what}" in:\n${this.toString()}`);
    return { ...e, index };
  }

  /** The subjects of the events whose text starts with `what`, in order. */
  subjectsOf(what: string): string[] {
    return this.events.filter((e) => e.what.startsWith(what)).map((e) => e.subject);
  }

  toString(): string {
    return this.events.map((e) => `  ${e.pod} +${(e.atMs / 1000).toFixed(2)}s ${e.subject} ${e.what}`).join("\n");
  }
}
