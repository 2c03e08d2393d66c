// The pod phase from the API container statuses (spec/kubelet-lifecycle.md §9). Mirrors
// getPhase (pkg/kubelet/kubelet_pods.go) as of 1.33 (PR #128516: a pending sidecar only
// keeps the pod Pending while the pod has not initialized), without ContainerRestartRules.
//
// Deliberate choice: later releases count pending *regular* init containers even after
// initialization; 1.33 (the version pillion emulates by default) does not, so neither do we.
import type { ContainerStatus, Pod, PodPhase } from "../../api/core.ts";
import { isSidecar } from "../../api/core.ts";

export interface PhaseInput {
  pod: Pod;
  /** Init and main container statuses (looked up by name). */
  statuses: readonly ContainerStatus[];
  /** The pod is being terminated (deleted, or its containers are all being stopped for good). */
  podIsTerminal: boolean;
  /** 1.33+: a main container exists in the current sandbox; older: one is running/terminated. */
  podHasInitialized: boolean;
}

export function getPhase({ pod, statuses, podIsTerminal, podHasInitialized }: PhaseInput): PodPhase {
  const byName = new Map(statuses.map((s) => [s.name, s] as const));
  const inits = pod.spec.initContainers ?? [];
  let pendingInit = 0;
  let failedInit = 0;

  for (const c of inits) {
    if (isSidecar(c)) continue;
    const s = byName.get(c.name);
    if (!s) { pendingInit++; continue; }
    if (s.state.running) pendingInit++;
    else if (s.state.terminated) { if (s.state.terminated.exitCode !== 0) failedInit++; }
    else if (s.state.waiting) {
      if (s.lastState.terminated) { if (s.lastState.terminated.exitCode !== 0) failedInit++; }
      else pendingInit++;
    } else pendingInit++;
  }

  let unknown = 0, running = 0, waiting = 0, stopped = 0, succeeded = 0;
  for (const c of inits) {
    if (!isSidecar(c)) continue;
    const s = byName.get(c.name);
    if (!s) { unknown++; continue; }
    if (s.state.running) {
      if (s.started !== true) pendingInit++;
      running++;
    } else if (s.state.terminated) {
      // terminated sidecars do not count towards the phase
    } else if (s.state.waiting) {
      if (!s.lastState.terminated) { pendingInit++; waiting++; }
    } else { pendingInit++; unknown++; }
  }

  for (const c of pod.spec.containers) {
    const s = byName.get(c.name);
    if (!s) { unknown++; continue; }
    if (s.state.running) running++;
    else if (s.state.terminated) {
      stopped++;
      if (s.state.terminated.exitCode === 0) succeeded++;
    } else if (s.state.waiting) {
      if (s.lastState.terminated) stopped++;
      else waiting++;
    } else unknown++;
  }

  const policy = pod.spec.restartPolicy ?? "Always";
  if (failedInit > 0 && policy === "Never") return "Failed";
  if ((pendingInit > 0 && !podHasInitialized) || waiting > 0) return "Pending";
  if (running > 0 && unknown === 0) return "Running";
  if (running === 0 && stopped > 0 && unknown === 0) {
    // A terminal pod's containers will not restart whatever the policy (static pods aside).
    if (podIsTerminal) return stopped === succeeded ? "Succeeded" : "Failed";
    if (policy === "Always") return "Running"; // all restarting
    if (stopped === succeeded) return "Succeeded";
    if (policy === "Never") return "Failed";
    return "Running"; // OnFailure, some failed and restarting
  }
  return "Pending";
}
