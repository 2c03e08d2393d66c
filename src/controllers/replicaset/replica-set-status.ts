// A ReplicaSet's status from its active pods. Mirrors calculateStatus and
// updateReplicaSetStatus's steady-state test (pkg/controller/replicaset/replica_set_utils.go)
// and podutil.IsPodAvailable, Kubernetes 1.33 (DeploymentReplicaSetTerminatingReplicas off:
// no terminatingReplicas).
import type { ReplicaSet, ReplicaSetCondition, ReplicaSetStatus } from "../../api/apps.ts";
import type { Pod } from "../../api/core.ts";
import { parseTime, rfc3339 } from "../../machinery/clock.ts";
import { isPodReady } from "./pod-state.ts";
import { messageOf } from "./apps-client.ts";

/**
 * podutil.IsPodAvailable: ready, and ready for longer than minReadySeconds (strictly: a pod
 * ready at t is available after t + minReadySeconds).
 */
export function isPodAvailable(pod: Pod, minReadySeconds: number, nowMs: number): boolean {
  if (!isPodReady(pod)) return false;
  if (minReadySeconds === 0) return true;
  const since = parseTime((pod.status?.conditions ?? []).find((c) => c.type === "Ready")?.lastTransitionTime);
  return !Number.isNaN(since) && since + minReadySeconds * 1000 < nowMs;
}

const labelsMatch = (want: Record<string, string> | undefined, have: Record<string, string> | undefined): boolean =>
  Object.entries(want ?? {}).every(([k, v]) => have?.[k] === v);

/**
 * calculateStatus: counts of the active pods (fully labeled: carrying every template label),
 * and the ReplicaFailure condition while creating or deleting pods fails.
 */
export function calculateReplicaSetStatus(rs: ReplicaSet, activePods: readonly Pod[], manageError: unknown, nowMs: number): ReplicaSetStatus {
  const status: ReplicaSetStatus = structuredClone(rs.status ?? {});
  const minReady = rs.spec.minReadySeconds ?? 0;
  let fullyLabeled = 0, ready = 0, available = 0;
  for (const pod of activePods) {
    if (labelsMatch(rs.spec.template.metadata?.labels, pod.metadata.labels)) fullyLabeled++;
    if (isPodReady(pod)) {
      ready++;
      if (isPodAvailable(pod, minReady, nowMs)) available++;
    }
  }
  const failure = (status.conditions ?? []).find((c) => c.type === "ReplicaFailure");
  if (manageError !== undefined && !failure) {
    const diff = activePods.length - (rs.spec.replicas ?? 1);
    const cond: ReplicaSetCondition = {
      type: "ReplicaFailure", status: "True", lastTransitionTime: rfc3339(nowMs),
      reason: diff < 0 ? "FailedCreate" : diff > 0 ? "FailedDelete" : "",
      message: messageOf(manageError),
    };
    status.conditions = [...(status.conditions ?? []), cond];
  } else if (manageError === undefined && failure) {
    status.conditions = (status.conditions ?? []).filter((c) => c.type !== "ReplicaFailure");
  }
  if (status.conditions?.length === 0) delete status.conditions;
  status.replicas = activePods.length;
  setOrOmit(status, "fullyLabeledReplicas", fullyLabeled);
  setOrOmit(status, "readyReplicas", ready);
  setOrOmit(status, "availableReplicas", available);
  return status;
}

/** Go's omitempty: a zero counter is left out of the JSON. */
function setOrOmit(status: ReplicaSetStatus, key: "fullyLabeledReplicas" | "readyReplicas" | "availableReplicas" | "observedGeneration", n: number): void {
  if (n === 0) delete status[key]; else status[key] = n;
}

/** updateReplicaSetStatus's steady state: nothing to write. */
export function replicaSetStatusUnchanged(rs: ReplicaSet, next: ReplicaSetStatus): boolean {
  const cur = rs.status ?? {};
  return (cur.replicas ?? 0) === (next.replicas ?? 0)
    && (cur.fullyLabeledReplicas ?? 0) === (next.fullyLabeledReplicas ?? 0)
    && (cur.readyReplicas ?? 0) === (next.readyReplicas ?? 0)
    && (cur.availableReplicas ?? 0) === (next.availableReplicas ?? 0)
    && (rs.metadata.generation ?? 0) === (cur.observedGeneration ?? 0)
    && JSON.stringify(cur.conditions ?? []) === JSON.stringify(next.conditions ?? []);
}

/** The status written: the generation acted on, counters as Go's JSON prints them. */
export function withObservedGeneration(rs: ReplicaSet, next: ReplicaSetStatus): ReplicaSetStatus {
  const status = structuredClone(next);
  setOrOmit(status, "observedGeneration", rs.metadata.generation ?? 0);
  return status;
}
