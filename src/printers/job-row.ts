// One `kubectl get jobs` row. Mirrors printJob (pkg/printers/internalversion/printers.go,
// 1.33): NAME, STATUS, COMPLETIONS, DURATION, AGE, and -o wide CONTAINERS, IMAGES, SELECTOR.
import type { Job, JobCondition } from "../api/batch.ts";
import type { LabelSelector } from "../api/meta.ts";
import { humanDuration, translateTimestampSince } from "./human-duration.ts";

export interface JobRow {
  name: string;
  status: string;
  completions: string;
  duration: string;
  age: string;
  containers: string;
  images: string;
  selector: string;
}

export const JOB_COLUMNS = ["Name", "Status", "Completions", "Duration", "Age", "Containers", "Images", "Selector"] as const;

/** hasJobCondition: the first condition of that type decides, and it must be True. */
function hasCondition(conditions: readonly JobCondition[] | undefined, type: JobCondition["type"]): boolean {
  const c = (conditions ?? []).find((x) => x.type === type);
  return c?.status === "True";
}

export function jobRow(job: Job, now: number): JobRow {
  const st = job.status ?? {};
  const succeeded = st.succeeded ?? 0;
  let completions: string;
  if (job.spec.completions !== undefined) completions = `${succeeded}/${job.spec.completions}`;
  else if ((job.spec.parallelism ?? 0) > 1) completions = `${succeeded}/1 of ${job.spec.parallelism ?? 0}`;
  else completions = `${succeeded}/1`;

  let duration = "";
  const start = st.startTime ? Date.parse(st.startTime) : Number.NaN;
  if (!Number.isNaN(start)) {
    const end = st.completionTime ? Date.parse(st.completionTime) : now;
    duration = humanDuration(end - start);
  }

  let status = "Running";
  if (hasCondition(st.conditions, "Complete")) status = "Complete";
  else if (hasCondition(st.conditions, "Failed")) status = "Failed";
  else if (job.metadata.deletionTimestamp) status = "Terminating";
  else if (hasCondition(st.conditions, "Suspended")) status = "Suspended";
  else if (hasCondition(st.conditions, "FailureTarget")) status = "FailureTarget";

  const containers = job.spec.template.spec.containers;
  return {
    name: job.metadata.name ?? "",
    status,
    completions,
    duration,
    age: translateTimestampSince(job.metadata.creationTimestamp, now),
    containers: containers.map((c) => c.name).join(","),
    images: containers.map((c) => c.image ?? "").join(","),
    selector: formatLabelSelector(job.spec.selector),
  };
}

/**
 * metav1.FormatLabelSelector: requirements sorted by key — `k=v`, `k in (a,b)`,
 * `k notin (a,b)` (values sorted), `k`, `!k` — joined by ","; "<none>" when empty or unset.
 */
export function formatLabelSelector(sel: LabelSelector | undefined): string {
  if (!sel) return "<none>";
  const reqs: { key: string; text: string }[] = [];
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) reqs.push({ key: k, text: `${k}=${v}` });
  for (const e of sel.matchExpressions ?? []) {
    const values = [...new Set(e.values ?? [])].sort();
    switch (e.operator) {
      case "In": reqs.push({ key: e.key, text: `${e.key} in (${values.join(",")})` }); break;
      case "NotIn": reqs.push({ key: e.key, text: `${e.key} notin (${values.join(",")})` }); break;
      case "Exists": reqs.push({ key: e.key, text: e.key }); break;
      case "DoesNotExist": reqs.push({ key: e.key, text: `!${e.key}` }); break;
    }
  }
  reqs.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return reqs.length ? reqs.map((r) => r.text).join(",") : "<none>";
}
