// syncRolloutStatus and requeueStuckDeployment (pkg/controller/deployment/progress.go,
// Kubernetes 1.33): the status during a rollout, with the Progressing condition telling
// NewReplicaSetAvailable, ReplicaSetUpdated (progress seen: lastUpdateTime moves) or
// ProgressDeadlineExceeded, and the ReplicaFailure condition of the ReplicaSets.
import type { Deployment, DeploymentCondition, ReplicaSet } from "../../api/apps.ts";
import { parseTime } from "../../machinery/clock.ts";
import {
  NEW_RS_AVAILABLE_REASON, REPLICA_SET_UPDATED_REASON, TIMED_OUT_REASON, calculateStatus, deploymentComplete,
  deploymentProgressing, deploymentTimedOut, getDeploymentCondition, hasProgressDeadline, newDeploymentCondition,
  removeDeploymentCondition, setDeploymentCondition,
} from "./deployment-conditions.ts";
import type { DeploymentSync } from "./deployment-sync.ts";
import { semanticEqual } from "./deployment-util.ts";

/**
 * syncRolloutStatus: writes the status when it changed. Returns when to look at the
 * Deployment again for a progress check (requeueStuckDeployment), or undefined.
 */
export async function syncRolloutStatus(sync: DeploymentSync, allRSs: (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined, d: Deployment): Promise<number | undefined> {
  const now = sync.clock.now();
  const status = calculateStatus(allRSs, newRS, d, now);
  if (!hasProgressDeadline(d)) removeDeploymentCondition(status, "Progressing");
  const current = getDeploymentCondition(d.status, "Progressing");
  const isComplete = (status.replicas ?? 0) === (status.updatedReplicas ?? 0) && current?.reason === NEW_RS_AVAILABLE_REASON;
  const subject = newRS ? `ReplicaSet ${JSON.stringify(newRS.metadata.name ?? "")}` : `Deployment ${JSON.stringify(d.metadata.name ?? "")}`;
  if (hasProgressDeadline(d) && !isComplete) {
    if (deploymentComplete(d, status)) {
      setDeploymentCondition(status, newDeploymentCondition("Progressing", "True", NEW_RS_AVAILABLE_REASON, `${subject} has successfully progressed.`, now));
    } else if (deploymentProgressing(d, status)) {
      // Progress moves lastUpdateTime even when the reason stays (SetDeploymentCondition would not).
      const cond = newDeploymentCondition("Progressing", "True", REPLICA_SET_UPDATED_REASON, `${subject} is progressing.`, now);
      if (current) {
        if (current.status === "True") cond.lastTransitionTime = current.lastTransitionTime ?? null;
        removeDeploymentCondition(status, "Progressing");
      }
      setDeploymentCondition(status, cond);
    } else if (deploymentTimedOut(d, status, now)) {
      setDeploymentCondition(status, newDeploymentCondition("Progressing", "False", TIMED_OUT_REASON, `${subject} has timed out progressing.`, now));
    }
  }
  const failure = replicaFailures(allRSs, newRS);
  if (failure) setDeploymentCondition(status, failure);
  else removeDeploymentCondition(status, "ReplicaFailure");

  if (semanticEqual(d.status, status)) return requeueStuckDeployment(d, status, now);
  d.status = status;
  await sync.updateStatus(d);
  return undefined;
}

/** getReplicaFailures: the new ReplicaSet's ReplicaFailure condition first, else an old one's. */
function replicaFailures(allRSs: (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined): DeploymentCondition | undefined {
  for (const rs of [newRS, ...allRSs]) {
    const c = (rs?.status?.conditions ?? []).find((x) => x.type === "ReplicaFailure");
    if (c) {
      // ReplicaSetToDeploymentCondition: both times are the ReplicaSet condition's transition time.
      return { type: c.type, status: c.status, lastUpdateTime: c.lastTransitionTime ?? null, lastTransitionTime: c.lastTransitionTime ?? null, reason: c.reason ?? "", message: c.message ?? "" };
    }
  }
  return undefined;
}

/**
 * requeueStuckDeployment: while a rollout is neither complete nor timed out, look again just
 * after its deadline (lastUpdateTime + progressDeadlineSeconds, plus a second against skew).
 * Kubernetes requeues at once (rate-limited) when less than a second is left; pillion waits
 * that remainder plus the second, which reaches the same verdict without spinning.
 */
export function requeueStuckDeployment(d: Deployment, newStatus: NonNullable<Deployment["status"]>, nowMs: number): number | undefined {
  const cond = getDeploymentCondition(d.status, "Progressing");
  if (!hasProgressDeadline(d) || !cond) return undefined;
  if (deploymentComplete(d, newStatus) || cond.reason === TIMED_OUT_REASON) return undefined;
  const afterMs = parseTime(cond.lastUpdateTime) + (d.spec.progressDeadlineSeconds ?? 0) * 1000 - nowMs;
  return Math.max(afterMs, 0) + 1000;
}
