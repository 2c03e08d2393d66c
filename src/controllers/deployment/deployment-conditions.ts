// Deployment status and conditions, mirroring calculateStatus (pkg/controller/deployment/sync.go)
// and the condition helpers and progress predicates of util/deployment_util.go (Kubernetes
// 1.33). Reasons and messages are Kubernetes' own.
import type { Deployment, DeploymentCondition, DeploymentStatus, ReplicaSet } from "../../api/apps.ts";
import type { ConditionStatus } from "../../api/core.ts";
import { parseTime, rfc3339 } from "../../machinery/clock.ts";
import { actualReplicas, availableReplicas, maxUnavailable, readyReplicas, replicasOf, specReplicas } from "./deployment-util.ts";

// Progressing reasons.
export const REPLICA_SET_UPDATED_REASON = "ReplicaSetUpdated";
export const FAILED_RS_CREATE_REASON = "ReplicaSetCreateError";
export const NEW_REPLICA_SET_REASON = "NewReplicaSetCreated";
export const FOUND_NEW_RS_REASON = "FoundNewReplicaSet";
export const NEW_RS_AVAILABLE_REASON = "NewReplicaSetAvailable";
export const TIMED_OUT_REASON = "ProgressDeadlineExceeded";
export const PAUSED_DEPLOY_REASON = "DeploymentPaused";
export const RESUMED_DEPLOY_REASON = "DeploymentResumed";
// Available reasons.
export const MINIMUM_REPLICAS_AVAILABLE = "MinimumReplicasAvailable";
export const MINIMUM_REPLICAS_UNAVAILABLE = "MinimumReplicasUnavailable";

/** math.MaxInt32: progressDeadlineSeconds that means "no deadline". */
const MAX_INT32 = 2147483647;

export const hasProgressDeadline = (d: Deployment): boolean =>
  d.spec.progressDeadlineSeconds !== undefined && d.spec.progressDeadlineSeconds !== MAX_INT32;

export function newDeploymentCondition(type: string, status: ConditionStatus, reason: string, message: string, nowMs: number): DeploymentCondition {
  const at = rfc3339(nowMs);
  return { type, status, lastUpdateTime: at, lastTransitionTime: at, reason, message };
}

export const getDeploymentCondition = (status: DeploymentStatus | undefined, type: string): DeploymentCondition | undefined =>
  (status?.conditions ?? []).find((c) => c.type === type);

/**
 * SetDeploymentCondition: nothing when the same status and reason are there already; keeps
 * lastTransitionTime when only the reason changes; the condition moves to the end.
 */
export function setDeploymentCondition(status: DeploymentStatus, condition: DeploymentCondition): void {
  const current = getDeploymentCondition(status, condition.type);
  if (current && current.status === condition.status && current.reason === condition.reason) return;
  const next = { ...condition };
  if (current && current.status === condition.status) next.lastTransitionTime = current.lastTransitionTime ?? null;
  status.conditions = [...(status.conditions ?? []).filter((c) => c.type !== condition.type), next];
}

export function removeDeploymentCondition(status: DeploymentStatus, type: string): void {
  const kept = (status.conditions ?? []).filter((c) => c.type !== type);
  if (kept.length) status.conditions = kept; else delete status.conditions;
}

/** Go's omitempty for the counters: a zero is left out of the JSON. */
function putCount(status: DeploymentStatus, key: "observedGeneration" | "replicas" | "updatedReplicas" | "readyReplicas" | "availableReplicas" | "unavailableReplicas", n: number): void {
  if (n !== 0) status[key] = n;
}

/** calculateStatus: the counters from the ReplicaSets, and the Available condition. */
export function calculateStatus(allRSs: readonly (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined, d: Deployment, nowMs: number): DeploymentStatus {
  const available = availableReplicas(allRSs);
  const unavailable = Math.max(0, specReplicas(allRSs) - available);
  const status: DeploymentStatus = {};
  putCount(status, "observedGeneration", d.metadata.generation ?? 0);
  putCount(status, "replicas", actualReplicas(allRSs));
  putCount(status, "updatedReplicas", actualReplicas([newRS]));
  putCount(status, "readyReplicas", readyReplicas(allRSs));
  putCount(status, "availableReplicas", available);
  putCount(status, "unavailableReplicas", unavailable);
  if (d.status?.conditions?.length) status.conditions = d.status.conditions.map((c) => ({ ...c }));
  if (d.status?.collisionCount !== undefined) status.collisionCount = d.status.collisionCount;
  if (available >= replicasOf(d) - maxUnavailable(d)) {
    setDeploymentCondition(status, newDeploymentCondition("Available", "True", MINIMUM_REPLICAS_AVAILABLE, "Deployment has minimum availability.", nowMs));
  } else {
    setDeploymentCondition(status, newDeploymentCondition("Available", "False", MINIMUM_REPLICAS_UNAVAILABLE, "Deployment does not have minimum availability.", nowMs));
  }
  return status;
}

/** DeploymentComplete: every replica updated and available, and the generation observed. */
export function deploymentComplete(d: Deployment, s: DeploymentStatus): boolean {
  const replicas = replicasOf(d);
  return (s.updatedReplicas ?? 0) === replicas && (s.replicas ?? 0) === replicas && (s.availableReplicas ?? 0) === replicas
    && (s.observedGeneration ?? 0) >= (d.metadata.generation ?? 0);
}

/** DeploymentProgressing: more updated, fewer old, more ready or more available pods than before. */
export function deploymentProgressing(d: Deployment, s: DeploymentStatus): boolean {
  const old = d.status ?? {};
  const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
  const newOld = (s.replicas ?? 0) - (s.updatedReplicas ?? 0);
  return (s.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) || newOld < oldOld
    || (s.readyReplicas ?? 0) > (old.readyReplicas ?? 0) || (s.availableReplicas ?? 0) > (old.availableReplicas ?? 0);
}

/** DeploymentTimedOut: no progress for progressDeadlineSeconds since the Progressing condition's lastUpdateTime. */
export function deploymentTimedOut(d: Deployment, s: DeploymentStatus, nowMs: number): boolean {
  if (!hasProgressDeadline(d)) return false;
  const cond = getDeploymentCondition(s, "Progressing");
  if (!cond || cond.reason === NEW_RS_AVAILABLE_REASON) return false;
  if (cond.reason === TIMED_OUT_REASON) return true;
  return parseTime(cond.lastUpdateTime) + (d.spec.progressDeadlineSeconds ?? 0) * 1000 < nowMs;
}
