// Why a pod (or a Job) has not finished, in one sentence a user can act on: what `pillion run`
// prints when --timeout runs out. Pure functions of the objects' status.
import type { Job } from "../../api/batch.ts";
import type { ContainerStatus, Pod } from "../../api/core.ts";
import { isSidecar } from "../../api/core.ts";

export interface ExplainOptions {
  /** The pod belongs to a Job (the advice names "a Job's pod"). */
  ownedByJob?: boolean;
}

const q = (s: string): string => JSON.stringify(s);

function names(list: readonly string[]): string {
  const quoted = list.map(q);
  if (quoted.length <= 1) return quoted.join("");
  return `${quoted.slice(0, -1).join(", ")} and ${quoted[quoted.length - 1] ?? ""}`;
}

function lastExit(s: ContainerStatus): string {
  const t = s.lastState.terminated ?? s.state.terminated;
  return t ? `, last exit code ${t.exitCode}` : "";
}

function waitingText(what: string, s: ContainerStatus): string | undefined {
  const w = s.state.waiting;
  if (!w?.reason || w.reason === "PodInitializing" || w.reason === "ContainerCreating") return undefined;
  if (w.reason === "CrashLoopBackOff") {
    return `${what} ${q(s.name)} is crash looping (${s.restartCount} restart${s.restartCount === 1 ? "" : "s"}${lastExit(s)})`;
  }
  return `${what} ${q(s.name)} is waiting: ${w.reason}${w.message ? `: ${w.message}` : ""}`;
}

/** Why this pod is still running (or has not started). */
export function explainUnfinished(pod: Pod, opts: ExplainOptions = {}): string {
  const st = pod.status ?? {};
  if (pod.metadata.deletionTimestamp) return "the pod is being deleted and its containers are stopping";
  if (st.phase === "Succeeded" || st.phase === "Failed") return `the pod has finished (${st.phase})`;
  if (!opts.ownedByJob && (pod.spec.restartPolicy ?? "Always") === "Always") {
    return "its restartPolicy is Always (the default for a Pod), so it never finishes on its own; use restartPolicy: Never or OnFailure for a Pod that runs to completion";
  }
  const inits = pod.spec.initContainers ?? [];
  const initStatus = new Map((st.initContainerStatuses ?? []).map((s) => [s.name, s]));
  for (const [i, c] of inits.entries()) {
    const s = initStatus.get(c.name);
    const progress = `Init:${i}/${inits.length}`;
    if (!s) return `init container ${q(c.name)} has not started yet (${progress})`;
    const what = isSidecar(c) ? "sidecar" : "init container";
    const waiting = waitingText(what, s);
    if (waiting) return `${waiting} (${progress})`;
    if (isSidecar(c)) {
      if (s.state.running && s.started !== true) {
        return c.startupProbe
          ? `sidecar ${q(c.name)} has not passed its startup probe, so the containers after it have not started (${progress})`
          : `sidecar ${q(c.name)} has not started yet (${progress})`;
      }
      continue;
    }
    if (s.state.terminated?.exitCode === 0) continue;
    if (s.state.running) return `init container ${q(c.name)} is still running, so the containers after it have not started (${progress})`;
    if (s.state.terminated) return `init container ${q(c.name)} exited ${s.state.terminated.exitCode} (${progress})`;
    return `init container ${q(c.name)} has not started yet (${progress})`;
  }
  const statuses = st.containerStatuses ?? [];
  if (!statuses.length) return `the pod has not started yet (${st.phase ?? "Pending"}${st.reason ? `: ${st.reason}` : ""})`;
  for (const s of statuses) {
    const waiting = waitingText("container", s);
    if (waiting) return waiting;
  }
  const done = statuses.filter((s) => s.state.terminated);
  const running = statuses.filter((s) => s.state.running).map((s) => s.name);
  if (done.length && running.length) {
    const finished = done.map((s) => `${q(s.name)} completed (exit ${s.state.terminated?.exitCode ?? 0})`).join(", ");
    const still = running.length === 1 ? `container ${names(running)} is still running` : `containers ${names(running)} are still running`;
    const whose = opts.ownedByJob ? "a Job's pod" : "the pod";
    const it = running.length === 1 ? "it" : "them";
    return `container ${finished} but ${still}; a regular container keeps ${whose} alive until it exits — make ${it} a native sidecar (an init container with restartPolicy: Always)`;
  }
  if (running.length) return running.length === 1 ? `container ${names(running)} is still running` : `containers ${names(running)} are still running`;
  return `the pod is ${st.phase ?? "Pending"}`;
}

/** Why a Job has not finished, given its pods. */
export function explainUnfinishedJob(job: Job, pods: readonly Pod[]): string {
  const st = job.status ?? {};
  const target = (st.conditions ?? []).find((c) => c.type === "FailureTarget" && c.status === "True");
  if (target) return `it is failing (${target.reason ?? ""}: ${target.message ?? ""}) and waits for its pods to stop`;
  if (job.spec.suspend) return "it is suspended (spec.suspend: true)";
  const active = pods.filter((p) => !p.metadata.deletionTimestamp && p.status?.phase !== "Succeeded" && p.status?.phase !== "Failed");
  if (active.length) return active.map((p) => `pod ${p.metadata.name ?? ""}: ${explainUnfinished(p, { ownedByJob: true })}`).join("; ");
  if ((st.failed ?? 0) > 0) {
    return `it waits out the back-off before creating a new pod (${st.failed ?? 0} failed of backoffLimit ${job.spec.backoffLimit ?? 6})`;
  }
  return "no pod has been created for it yet";
}
