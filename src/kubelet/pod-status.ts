// The API status of a pod from a runtime snapshot. Mirrors Kubelet.generateAPIPodStatus
// (pkg/kubelet/kubelet_pods.go) plus the parts of the status manager that shape what is
// written (updateLastTransitionTime, startTime kept, terminal phase kept), and TerminatePod.
// See docs/kubelet-status.md for the state diagrams.
//
// Addresses: pillion is one node that everything reaches on loopback, so hostIP and
// hostIPs are "127.0.0.1"; podIP(s) are the sandbox's IP, or "127.0.0.1" (the pod's own
// loopback, where port-forward and probes connect) while a ready sandbox has none. Without a
// ready sandbox the previous pod IPs are kept (Kubernetes reports none for a torn-down
// sandbox; keeping them keeps `kubectl get -o wide` of finished pods informative).
import type { ContainerStatus, Pod, PodCondition, PodStatus } from "../api/core.ts";
import { rfc3339 } from "../machinery/clock.ts";
import { KUBELET_CONDITIONS, generateConditions } from "./status/conditions.ts";
import { MESSAGE_STATUS_UNKNOWN, convertContainerStatuses } from "./status/container-statuses.ts";
import { getPhase } from "./status/phase.ts";
import type { PodSnapshot } from "./types.ts";

export interface GeneratePodStatusOptions {
  /** The pod is on the termination path: phase becomes Succeeded/Failed once all stopped. */
  podIsTerminal: boolean;
  /** The emulated minor version (default 33); < 33 uses the pre-#128516 initialization test. */
  kubernetesMinor?: number;
  /** The runtime's name, the prefix of containerIDs: "crun://…". */
  runtimeName: string;
  /** The node's IP as pods see it. Default "127.0.0.1". */
  hostIP?: string;
}

const isTerminal = (phase: string | undefined): phase is "Succeeded" | "Failed" => phase === "Succeeded" || phase === "Failed";

export function generatePodStatus(s: PodSnapshot, opts: GeneratePodStatusOptions): PodStatus {
  const { pod } = s;
  const api = pod.status ?? {};
  const old = s.previousStatus ?? api;
  const now = rfc3339(s.now);
  const sandboxReady = s.sandbox?.state === "ready";

  const initContainerStatuses = convertContainerStatuses({
    snapshot: s, containers: pod.spec.initContainers ?? [], previous: old.initContainerStatuses, isInit: true, runtimeName: opts.runtimeName,
  });
  const containerStatuses = convertContainerStatuses({
    snapshot: s, containers: pod.spec.containers, previous: old.containerStatuses, isInit: false, runtimeName: opts.runtimeName,
  }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const all: ContainerStatus[] = [...initContainerStatuses, ...containerStatuses];

  const podHasInitialized = (opts.kubernetesMinor ?? 33) >= 33
    ? sandboxReady && s.containers.some((c) => c.sandboxId === s.sandbox?.id && pod.spec.containers.some((m) => m.name === c.name))
    : containerStatuses.some((c) => c.state.running !== undefined || c.state.terminated !== undefined);

  let phase = getPhase({ pod, statuses: all, podIsTerminal: opts.podIsTerminal, podHasInitialized });
  // Three-way merge: a terminal phase seen by the kubelet or the API is never left.
  if (!isTerminal(phase)) {
    if (isTerminal(old.phase)) phase = old.phase;
    else if (isTerminal(api.phase)) phase = api.phase;
  }
  if (isTerminal(api.phase)) phase = api.phase;

  const status: PodStatus = { phase };
  if (phase === old.phase) {
    const reason = old.reason || api.reason;
    const message = old.message || api.message;
    if (reason) status.reason = reason;
    if (message) status.message = message;
  }

  const foreign: PodCondition[] = (api.conditions ?? []).filter((c) => !KUBELET_CONDITIONS.includes(c.type) && c.type !== "DisruptionTarget");
  const disruption = old.conditions?.find((c) => c.type === "DisruptionTarget") ?? api.conditions?.find((c) => c.type === "DisruptionTarget");
  if (disruption) foreign.push(disruption);
  status.conditions = generateConditions({ pod, statuses: all, phase, sandboxReady, foreign, previous: old.conditions, now });

  const hostIP = opts.hostIP ?? "127.0.0.1";
  status.hostIP = hostIP;
  status.hostIPs = [{ ip: hostIP }];
  const podIP = sandboxReady ? (s.sandbox?.ip ?? "127.0.0.1") : (old.podIP ?? api.podIP);
  if (podIP) {
    status.podIP = podIP;
    status.podIPs = sandboxReady ? [{ ip: podIP }] : structuredClone(old.podIPs ?? api.podIPs ?? [{ ip: podIP }]);
  }
  status.startTime = old.startTime ?? api.startTime ?? now;
  if (initContainerStatuses.length) status.initContainerStatuses = initContainerStatuses;
  status.containerStatuses = containerStatuses;
  const qos = old.qosClass ?? api.qosClass;
  if (qos) status.qosClass = qos;
  return status;
}

const unknownTerminated = (): ContainerStatus["state"] => ({
  terminated: { exitCode: 137, reason: "ContainerStatusUnknown", message: MESSAGE_STATUS_UNKNOWN },
});

/**
 * The status manager's TerminatePod (§8.4 step 3), applied to the last generated status at
 * the end of the pod's life: once the pod initialized, any main status that is not
 * terminated becomes ContainerStatusUnknown (exit 137); so do init statuses up to the last
 * one that ever started; Pending/Running become Failed. Kubernetes decides "initialized" from
 * the API pod's status; here it is `status` itself (the status about to be written).
 */
export function terminatePodStatus(status: PodStatus, pod: Pod, now: number): PodStatus {
  const out = structuredClone(status);
  if (hasPodInitialized(pod, out)) {
    for (const cs of out.containerStatuses ?? []) {
      if (!cs.state.terminated) cs.state = unknownTerminated();
    }
  }
  const inits = out.initContainerStatuses ?? [];
  for (const cs of initializedContainers(inits)) {
    if (!cs.state.terminated) cs.state = unknownTerminated();
  }
  if (!isTerminal(out.phase)) out.phase = "Failed";
  out.startTime ??= rfc3339(now);
  return out;
}

/** hasPodInitialized (status_manager.go): evidence that a main container ever started. */
function hasPodInitialized(pod: Pod, status: PodStatus): boolean {
  if ((pod.spec.initContainers ?? []).length === 0) return true;
  if ((status.containerStatuses ?? []).some((s) => s.lastState.terminated !== undefined || s.state.waiting === undefined)) return true;
  const last = status.initContainerStatuses?.at(-1);
  if (last?.lastState.terminated?.exitCode === 0 || last?.state.terminated?.exitCode === 0) return true;
  return false;
}

/** initializedContainers: all but the trailing never-started ones; at least the first. */
function initializedContainers(statuses: ContainerStatus[]): ContainerStatus[] {
  for (let i = statuses.length - 1; i >= 0; i--) {
    const s = statuses[i];
    if (s && (s.state.waiting === undefined || s.lastState.terminated !== undefined)) return statuses.slice(0, i + 1);
  }
  return statuses.slice(0, 1);
}
