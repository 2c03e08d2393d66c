// computePodTimeline: a pod's lifecycle from what any cluster keeps about it — its status
// (container states, lastState, restartCount, started, conditions) and its core/v1 Events
// (Scheduled, Created, Started, Unhealthy, Killing, BackOff…, fieldPath "spec.containers{name}").
// Pure: the caller fetches; tests feed recorded objects.
//
// What no object records is estimated and marked so: the kubelet emits no event when a startup
// probe passes (`started` just becomes true), so for a sidecar it is placed at the next
// container's creation (the kubelet starts it in the same sync, kuberuntime_manager.go
// computeInitContainerActions), otherwise at the ContainersReady transition.
import type { ContainerState, ContainerStatus, Event, Pod } from "../../api/core.ts";
import type { Job } from "../../api/batch.ts";
import { parseTime } from "../../machinery/clock.ts";
import { exitText } from "./exit-text.ts";
import type { ContainerLane, ContainerRun, LaneKind, MarkKind, PodTimeline, TimelineMark } from "./pod-timeline.ts";

export interface PodTimelineInput {
  pod: Pod;
  /** Events of any objects: those not about this pod are ignored. */
  events: readonly Event[];
  /** The pod's Job: its Complete/Failed condition becomes a mark. */
  job?: Job;
  /** Where open runs end (the time of the query); default the last mark. Ignored when nothing runs. */
  nowMs?: number;
}

const FIELD_PATH = /^spec\.(initContainers|containers|ephemeralContainers)\{(.+)\}$/;
/** Event reasons left out: image pulls say nothing about the lifecycle's order. */
const SKIPPED = new Set(["Pulling", "Pulled"]);
const EVENT_KINDS: Record<string, MarkKind> = { Scheduled: "Scheduled", Created: "Created", Started: "Started", Unhealthy: "Unhealthy", Killing: "Killing", BackOff: "BackOff" };

function eventText(kind: MarkKind, e: Event): string {
  const msg = e.message ?? "";
  switch (kind) {
    case "Scheduled": return "scheduled";
    case "Created": return "created";
    case "Started": return "started";
    case "Unhealthy": return `unhealthy: ${msg}`;
    case "Killing": return `stop signal sent (Killing: ${msg})`;
    case "BackOff": return `back-off: ${msg}`;
    default: return msg ? `${e.reason ?? ""}: ${msg}` : e.reason ?? "";
  }
}

function isAbout(pod: Pod, e: Event): boolean {
  const o = e.involvedObject;
  if (o.kind !== "Pod") return false;
  if (o.uid && pod.metadata.uid) return o.uid === pod.metadata.uid;
  return o.name === pod.metadata.name && (o.namespace ?? "default") === (pod.metadata.namespace ?? "default");
}

/** A terminated state's run, or the running state's (open) run. */
function runOf(s: ContainerState | undefined): ContainerRun | undefined {
  const t = s?.terminated;
  if (t) {
    const startMs = parseTime(t.startedAt);
    const endMs = parseTime(t.finishedAt);
    if (Number.isNaN(endMs)) return undefined;
    return { startMs: Number.isNaN(startMs) ? endMs : startMs, endMs, exitCode: t.exitCode, ...(t.reason ? { reason: t.reason } : {}) };
  }
  const startMs = parseTime(s?.running?.startedAt);
  return Number.isNaN(startMs) ? undefined : { startMs };
}

export function computePodTimeline(input: PodTimelineInput): PodTimeline {
  const { pod } = input;
  const spec = pod.spec;
  const inits = spec.initContainers ?? [];
  const lanes: ContainerLane[] = [
    ...inits.map((c): ContainerLane => ({ name: c.name, kind: c.restartPolicy === "Always" ? "sidecar" : "init", runs: [], restartCount: 0 })),
    ...spec.containers.map((c): ContainerLane => ({ name: c.name, kind: "main", runs: [], restartCount: 0 })),
  ];
  const laneOf = new Map(lanes.map((l, i) => [l.name, { lane: l, index: i }]));
  const marks: TimelineMark[] = [];
  const add = (m: Omit<TimelineMark, "who" | "estimated"> & { estimated?: boolean; who?: string }): void => {
    if (Number.isNaN(m.timeMs)) return;
    marks.push({ estimated: false, who: m.container || "(pod)", ...m });
  };

  for (const e of input.events) {
    if (!isAbout(pod, e) || SKIPPED.has(e.reason ?? "")) continue;
    const container = FIELD_PATH.exec(e.involvedObject.fieldPath ?? "")?.[2] ?? "";
    const kind = EVENT_KINDS[e.reason ?? ""] ?? "Other";
    const first = parseTime(e.eventTime ?? e.firstTimestamp ?? e.metadata.creationTimestamp);
    const last = parseTime(e.lastTimestamp);
    const base = { kind, container, text: eventText(kind, e), ...(e.type === "Warning" ? { warning: true } : {}) };
    add({ ...base, timeMs: first });
    // An aggregated event (count > 1) also happened at lastTimestamp; the ones between are lost.
    if ((e.count ?? 1) > 1 && last > first) add({ ...base, timeMs: last, text: `${base.text} (×${e.count ?? 1} since ${new Date(first).toISOString().slice(11, 19)})` });
  }

  const statuses: ContainerStatus[] = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
  for (const s of statuses) {
    const found = laneOf.get(s.name);
    if (!found) continue;
    const { lane } = found;
    lane.restartCount = s.restartCount;
    if (s.state.waiting?.reason) lane.waiting = s.state.waiting.reason;
    const previous = runOf(s.lastState);
    const current = runOf(s.state);
    lane.runs = [previous, current].filter((r): r is ContainerRun => r !== undefined);
    for (const run of lane.runs) {
      const restart = run === current ? s.restartCount : s.restartCount - 1;
      const text = restart > 0 ? `restarted (restart ${restart})` : "started";
      // The status has each known run's start; an event at that second is the same start.
      const event = marks.find((m) => m.container === s.name && m.kind === "Started" && Math.abs(m.timeMs - run.startMs) < 1000);
      if (event) event.text = text;
      else add({ kind: "Started", container: s.name, timeMs: run.startMs, text });
      if (run.endMs !== undefined) add({ kind: "Exited", container: s.name, timeMs: run.endMs, text: "", exitCode: run.exitCode ?? 0, ...(run.reason ? { reason: run.reason } : {}) });
    }
  }

  addEstimates(input, lanes, marks);
  addPodMarks(input, marks);
  sortMarks(marks, lanes);
  for (const m of marks) if (m.kind === "Exited") m.text = exitText(m, marks);

  const times = [...marks.map((m) => m.timeMs), ...lanes.flatMap((l) => l.runs.flatMap((r) => [r.startMs, r.endMs ?? r.startMs]))];
  const startMs = times.length ? Math.min(...times) : 0;
  const lastMs = times.length ? Math.max(...times) : 0;
  return {
    namespace: pod.metadata.namespace ?? "default", name: pod.metadata.name ?? "", phase: pod.status?.phase ?? "Unknown",
    // Only a running container reaches to now: a finished pod's chart ends at its last moment.
    lanes, marks, startMs, endMs: lanes.some((l) => l.runs.some((r) => r.endMs === undefined)) ? Math.max(lastMs, input.nowMs ?? lastMs) : lastMs,
  };
}

/** Startup probe success (≈) for containers with a startup probe, and readiness (≈) for those with a readiness probe. */
function addEstimates(input: PodTimelineInput, lanes: readonly ContainerLane[], marks: TimelineMark[]): void {
  const { pod } = input;
  const containersReady = pod.status?.conditions?.find((c) => c.type === "ContainersReady" && c.status === "True");
  const readyAt = parseTime(containersReady?.lastTransitionTime);
  const specs = [...(pod.spec.initContainers ?? []), ...pod.spec.containers];
  const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
  lanes.forEach((lane, i) => {
    const c = specs[i];
    const s = statuses.find((x) => x.name === lane.name);
    const started = marks.filter((m) => m.container === lane.name && m.kind === "Started").map((m) => m.timeMs);
    const firstStart = started.length ? Math.min(...started) : Number.NaN;
    if (!c || Number.isNaN(firstStart)) return;
    if (c.startupProbe) {
      let at = Number.NaN;
      const next = lanes[i + 1];
      if (lane.kind === "sidecar" && next) {
        const created = marks.filter((m) => m.container === next.name && (m.kind === "Created" || m.kind === "Started") && m.timeMs >= firstStart).map((m) => m.timeMs);
        if (created.length) at = Math.min(...created);
      }
      if (Number.isNaN(at) && (s?.started === true || s?.ready === true) && readyAt >= firstStart) at = readyAt;
      if (!Number.isNaN(at)) marks.push({ kind: "StartupProbeSucceeded", container: lane.name, who: lane.name, timeMs: at, estimated: true, text: "startup probe passed" });
    }
    if (c.readinessProbe && s?.ready === true && readyAt >= firstStart) {
      marks.push({ kind: "Ready", container: lane.name, who: lane.name, timeMs: readyAt, estimated: true, text: "ready" });
    }
  });
}

function addPodMarks(input: PodTimelineInput, marks: TimelineMark[]): void {
  const { pod, job } = input;
  const ready = pod.status?.conditions?.find((c) => c.type === "Ready");
  const readyAt = parseTime(ready?.lastTransitionTime);
  if (ready && !Number.isNaN(readyAt)) {
    if (ready.status === "True") marks.push({ kind: "PodReady", container: "", who: "(pod)", timeMs: readyAt, estimated: false, text: "ready" });
    else if (ready.reason === "PodCompleted") marks.push({ kind: "PodNotReady", container: "", who: "(pod)", timeMs: readyAt, estimated: false, text: "not ready (PodCompleted)" });
  }
  const phase = pod.status?.phase;
  const exits = marks.filter((m) => m.kind === "Exited").map((m) => m.timeMs);
  if ((phase === "Succeeded" || phase === "Failed") && exits.length) {
    // The phase has no timestamp: it changes with the last container's exit.
    marks.push({ kind: "PodFinished", container: "", who: "(pod)", timeMs: Math.max(...exits), estimated: true, text: phase });
  }
  const done = job?.status?.conditions?.find((c) => (c.type === "Complete" || c.type === "Failed") && c.status === "True");
  if (job && done) {
    const text = done.type === "Complete" ? "Complete" : `Failed${done.reason ? ` (${done.reason})` : ""}`;
    marks.push({ kind: "JobFinished", container: "", who: `job/${job.metadata.name ?? ""}`, timeMs: parseTime(done.lastTransitionTime), estimated: false, text });
  }
}

/**
 * Time first; within one timestamp (Kubernetes times have whole seconds) the lifecycle's order:
 * the pod is scheduled; containers start in spec order (created, started, probe passed, an init
 * container's exit); then probe failures and back-offs; then termination — main containers are
 * stopped and exit before the kubelet stops sidecars, in reverse order (KEP-753); then the pod's
 * phase and the Job.
 */
function sortMarks(marks: TimelineMark[], lanes: readonly ContainerLane[]): void {
  const index = new Map(lanes.map((l, i) => [l.name, i]));
  const kindOf = new Map<string, LaneKind>(lanes.map((l) => [l.name, l.kind]));
  const STARTUP: Partial<Record<MarkKind, number>> = { Created: 0, Started: 1, StartupProbeSucceeded: 2, Ready: 3 };
  const key = (m: TimelineMark): [number, number, number] => {
    const i = index.get(m.container) ?? 0;
    const laneKind = kindOf.get(m.container);
    switch (m.kind) {
      case "Scheduled": return [0, -1, 0];
      case "Created": case "Started": case "StartupProbeSucceeded": case "Ready": return [0, i, STARTUP[m.kind] ?? 0];
      case "PodReady": return [1, 0, 0];
      case "Unhealthy": case "BackOff": case "Other": return [2, i, 0];
      case "Killing": case "Exited": {
        const rank = m.kind === "Killing" ? 0 : 1;
        if (laneKind === "init") return [0, i, 4];
        if (laneKind === "sidecar") return [4, lanes.length - i, rank];
        return [3, i, rank];
      }
      case "PodNotReady": return [5, 0, 0];
      case "PodFinished": return [6, 0, 0];
      case "JobFinished": return [7, 0, 0];
    }
  };
  marks.sort((a, b) => {
    if (a.timeMs !== b.timeMs) return a.timeMs - b.timeMs;
    const ka = key(a);
    const kb = key(b);
    return ka[0] - kb[0] || ka[1] - kb[1] || ka[2] - kb[2];
  });
}
