// The kubelet-owned pod conditions (spec/kubelet-lifecycle.md §10). Mirrors
// pkg/kubelet/status/generate.go (GeneratePodInitializedCondition,
// GenerateContainersReadyCondition, GeneratePodReadyCondition,
// GeneratePodReadyToStartContainersCondition) and the status manager's
// updateLastTransitionTime. Messages use Go's %s of a []string: "[a b]".
import type { ConditionStatus, ContainerStatus, Pod, PodCondition, PodPhase } from "../../api/core.ts";
import { isSidecar } from "../../api/core.ts";

/** Condition types the kubelet owns (kubetypes.PodConditionByKubelet); others are kept as they are. */
export const KUBELET_CONDITIONS: readonly string[] = [
  "PodScheduled", "Ready", "Initialized", "ContainersReady", "PodReadyToStartContainers", "PodResizePending", "PodResizeInProgress",
];

interface Generated {
  type: string;
  status: ConditionStatus;
  reason?: string;
  message?: string;
}

function goList(names: readonly string[]): string {
  return `[${names.join(" ")}]`;
}

function withMessages(c: Generated, reason: string, messages: string[]): Generated {
  return messages.length ? { ...c, status: "False", reason, message: messages.join(", ") } : c;
}

function anyMainStarted(pod: Pod, statuses: readonly ContainerStatus[]): boolean {
  const mains = new Set(pod.spec.containers.map((c) => c.name));
  return statuses.some((s) => mains.has(s.name) && (s.state.running !== undefined || s.state.terminated !== undefined));
}

export function initializedCondition(pod: Pod, statuses: readonly ContainerStatus[], phase: PodPhase): Generated {
  const byName = new Map(statuses.map((s) => [s.name, s] as const));
  const unknown: string[] = [];
  const incomplete: string[] = [];
  for (const c of pod.spec.initContainers ?? []) {
    const s = byName.get(c.name);
    if (!s) { unknown.push(c.name); continue; }
    const done = isSidecar(c) ? s.started === true : s.ready;
    if (!done) incomplete.push(c.name);
  }
  const base: Generated = { type: "Initialized", status: "True" };
  if (phase === "Succeeded" && unknown.length === 0) return { ...base, reason: "PodCompleted" };
  // Once a main container ran, the pod stays initialized even while sidecars restart.
  if (anyMainStarted(pod, statuses)) return base;
  const messages: string[] = [];
  if (unknown.length) messages.push(`containers with unknown status: ${goList(unknown)}`);
  if (incomplete.length) messages.push(`containers with incomplete status: ${goList(incomplete)}`);
  return withMessages(base, "ContainersNotInitialized", messages);
}

export function containersReadyCondition(pod: Pod, statuses: readonly ContainerStatus[], phase: PodPhase): Generated {
  const byName = new Map(statuses.map((s) => [s.name, s] as const));
  const unknown: string[] = [];
  const unready: string[] = [];
  const check = (name: string): void => {
    const s = byName.get(name);
    if (!s) unknown.push(name);
    else if (!s.ready) unready.push(name);
  };
  for (const c of pod.spec.initContainers ?? []) if (isSidecar(c)) check(c.name);
  for (const c of pod.spec.containers) check(c.name);
  const base: Generated = { type: "ContainersReady", status: "True" };
  if (phase === "Succeeded" && unknown.length === 0) return { ...base, status: "False", reason: "PodCompleted" };
  if (phase === "Failed") return { ...base, status: "False", reason: "PodFailed" };
  const messages: string[] = [];
  if (unknown.length) messages.push(`containers with unknown status: ${goList(unknown)}`);
  if (unready.length) messages.push(`containers with unready status: ${goList(unready)}`);
  return withMessages(base, "ContainersNotReady", messages);
}

/** Ready: ContainersReady's verdict, then the readiness gates against `conditions`. */
export function readyCondition(pod: Pod, conditions: readonly PodCondition[], containersReady: Generated): Generated {
  if (containersReady.status !== "True") {
    const out: Generated = { type: "Ready", status: containersReady.status };
    if (containersReady.reason !== undefined) out.reason = containersReady.reason;
    if (containersReady.message !== undefined) out.message = containersReady.message;
    return out;
  }
  const messages: string[] = [];
  for (const gate of pod.spec.readinessGates ?? []) {
    const c = conditions.find((x) => x.type === gate.conditionType);
    if (!c) messages.push(`corresponding condition of pod readiness gate "${gate.conditionType}" does not exist.`);
    else if (c.status !== "True") messages.push(`the status of pod readiness gate "${gate.conditionType}" is not "True", but ${c.status}`);
  }
  return withMessages({ type: "Ready", status: "True" }, "ReadinessGatesNotReady", messages);
}

export interface ConditionsInput {
  pod: Pod;
  statuses: readonly ContainerStatus[];
  phase: PodPhase;
  sandboxReady: boolean;
  /** Conditions not owned by the kubelet, kept in front (e.g. DisruptionTarget, custom gates). */
  foreign: readonly PodCondition[];
  /** The previous conditions: lastTransitionTime is kept when the status did not change. */
  previous: readonly PodCondition[] | undefined;
  /** RFC 3339 time of this generation. */
  now: string;
}

/**
 * All conditions, in generateAPIPodStatus' order: foreign ones, PodReadyToStartContainers,
 * Initialized, Ready, ContainersReady, PodScheduled.
 */
export function generateConditions(input: ConditionsInput): PodCondition[] {
  const { pod, statuses, phase } = input;
  const out: PodCondition[] = input.foreign.map((c) => structuredClone(c));
  const push = (g: Generated): void => {
    const old = input.previous?.find((c) => c.type === g.type);
    const keep = old && old.status === g.status && old.lastTransitionTime;
    const c: PodCondition = { type: g.type, status: g.status, lastProbeTime: null, lastTransitionTime: keep ? old.lastTransitionTime : input.now };
    if (g.reason !== undefined) c.reason = g.reason;
    if (g.message !== undefined) c.message = g.message;
    out.push(c);
  };
  push({ type: "PodReadyToStartContainers", status: input.sandboxReady ? "True" : "False" });
  push(initializedCondition(pod, statuses, phase));
  const containersReady = containersReadyCondition(pod, statuses, phase);
  push(readyCondition(pod, out, containersReady));
  push(containersReady);
  push({ type: "PodScheduled", status: "True" });
  return out;
}
