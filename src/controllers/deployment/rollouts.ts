// The two rollout strategies: rolloutRolling (pkg/controller/deployment/rolling.go) and
// rolloutRecreate (recreate.go), Kubernetes 1.33. Each returns when to look again for a
// progress check, or undefined.
import type { Deployment, ReplicaSet } from "../../api/apps.ts";
import type { Pod } from "../../api/core.ts";
import { deploymentComplete } from "./deployment-conditions.ts";
import type { DeploymentSync } from "./deployment-sync.ts";
import {
  activeReplicaSets, availableReplicas, maxUnavailable, newRSNewReplicas, olderFirst, replicasOf, specReplicas,
} from "./deployment-util.ts";
import { syncRolloutStatus } from "./progress.ts";

/**
 * rolloutRolling: scale the new ReplicaSet up within maxSurge; if it did not move, scale the
 * old ones down within maxUnavailable (unhealthy replicas first); clean up history once the
 * rollout is complete.
 */
export async function rolloutRolling(sync: DeploymentSync, d: Deployment, rsList: ReplicaSet[]): Promise<number | undefined> {
  const [newRS, oldRSs] = await sync.getAllReplicaSetsAndSyncRevision(d, rsList, true);
  if (!newRS) throw new Error("no new ReplicaSet after creating it");
  const allRSs = [...oldRSs, newRS];
  if (await reconcileNewReplicaSet(sync, allRSs, newRS, d)) return syncRolloutStatus(sync, allRSs, newRS, d);
  if (await reconcileOldReplicaSets(sync, allRSs, activeReplicaSets(oldRSs), newRS, d)) return syncRolloutStatus(sync, allRSs, newRS, d);
  if (deploymentComplete(d, d.status ?? {})) await sync.cleanupDeployment(oldRSs, d);
  return syncRolloutStatus(sync, allRSs, newRS, d);
}

async function reconcileNewReplicaSet(sync: DeploymentSync, allRSs: ReplicaSet[], newRS: ReplicaSet, d: Deployment): Promise<boolean> {
  if (replicasOf(newRS) === replicasOf(d)) return false;
  if (replicasOf(newRS) > replicasOf(d)) return (await sync.scaleReplicaSetAndRecordEvent(newRS, replicasOf(d), d))[0];
  return (await sync.scaleReplicaSetAndRecordEvent(newRS, newRSNewReplicas(d, allRSs, newRS), d))[0];
}

/**
 * reconcileOldReplicaSets: at most allPods - minAvailable - (new pods not yet available) go.
 * Errors while scaling down are swallowed (false), as in Kubernetes: the next sync retries.
 */
async function reconcileOldReplicaSets(sync: DeploymentSync, allRSs: ReplicaSet[], oldRSs: ReplicaSet[], newRS: ReplicaSet, d: Deployment): Promise<boolean> {
  if (specReplicas(oldRSs) === 0) return false;
  const minAvailable = replicasOf(d) - maxUnavailable(d);
  const newUnavailable = replicasOf(newRS) - (newRS.status?.availableReplicas ?? 0);
  const maxScaledDown = specReplicas(allRSs) - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return false;
  try {
    const [cleaned, cleanupCount] = await cleanupUnhealthyReplicas(sync, oldRSs, d, maxScaledDown);
    const scaledDown = await scaleDownOldReplicaSetsForRollingUpdate(sync, [...cleaned, newRS], cleaned, d);
    return cleanupCount + scaledDown > 0;
  } catch {
    return false;
  }
}

/** cleanupUnhealthyReplicas: old ReplicaSets lose their unavailable replicas first, oldest first. */
async function cleanupUnhealthyReplicas(sync: DeploymentSync, oldRSs: ReplicaSet[], d: Deployment, maxCleanup: number): Promise<[ReplicaSet[], number]> {
  const sorted = [...oldRSs].sort(olderFirst);
  let total = 0;
  for (const [i, rs] of sorted.entries()) {
    if (total >= maxCleanup) break;
    const available = rs.status?.availableReplicas ?? 0;
    if (replicasOf(rs) === 0 || replicasOf(rs) === available) continue;
    const count = Math.min(maxCleanup - total, replicasOf(rs) - available);
    const [, updated] = await sync.scaleReplicaSetAndRecordEvent(rs, replicasOf(rs) - count, d);
    total += count;
    sorted[i] = updated;
  }
  return [sorted, total];
}

/** scaleDownOldReplicaSetsForRollingUpdate: only what is available beyond minAvailable goes, oldest first. */
async function scaleDownOldReplicaSetsForRollingUpdate(sync: DeploymentSync, allRSs: ReplicaSet[], oldRSs: ReplicaSet[], d: Deployment): Promise<number> {
  const minAvailable = replicasOf(d) - maxUnavailable(d);
  const available = availableReplicas(allRSs);
  if (available <= minAvailable) return 0;
  const toScaleDown = available - minAvailable;
  let total = 0;
  for (const rs of [...oldRSs].sort(olderFirst)) {
    if (total >= toScaleDown) break;
    if (replicasOf(rs) === 0) continue;
    const count = Math.min(replicasOf(rs), toScaleDown - total);
    await sync.scaleReplicaSetAndRecordEvent(rs, replicasOf(rs) - count, d);
    total += count;
  }
  return total;
}

/**
 * rolloutRecreate: scale every old ReplicaSet to 0; wait until no old pod is left running
 * (terminating ones included); only then create the new ReplicaSet at full size.
 */
export async function rolloutRecreate(sync: DeploymentSync, d: Deployment, rsList: ReplicaSet[], podMap: Map<string, Pod[]>): Promise<number | undefined> {
  let [newRS, oldRSs] = await sync.getAllReplicaSetsAndSyncRevision(d, rsList, false);
  let allRSs: (ReplicaSet | undefined)[] = [...oldRSs, newRS];
  let scaledDown = false;
  for (const rs of activeReplicaSets(oldRSs)) {
    if ((await sync.scaleReplicaSetAndRecordEvent(rs, 0, d))[0]) scaledDown = true;
  }
  if (scaledDown) return syncRolloutStatus(sync, allRSs, newRS, d);
  if (oldPodsRunning(newRS, oldRSs, podMap)) return syncRolloutStatus(sync, allRSs, newRS, d);
  if (!newRS) {
    [newRS, oldRSs] = await sync.getAllReplicaSetsAndSyncRevision(d, rsList, true);
    allRSs = [...oldRSs, newRS];
  }
  if (newRS) await sync.scaleReplicaSetAndRecordEvent(newRS, replicasOf(d), d);
  if (deploymentComplete(d, d.status ?? {})) await sync.cleanupDeployment(oldRSs, d);
  return syncRolloutStatus(sync, allRSs, newRS, d);
}

/** oldPodsRunning: an old ReplicaSet reports pods, or a pod of one is not yet Succeeded/Failed. */
export function oldPodsRunning(newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[], podMap: Map<string, Pod[]>): boolean {
  if (oldRSs.some((rs) => (rs.status?.replicas ?? 0) > 0)) return true;
  for (const [uid, pods] of podMap) {
    if (newRS && newRS.metadata.uid === uid) continue;
    if (pods.some((p) => p.status?.phase !== "Succeeded" && p.status?.phase !== "Failed")) return true;
  }
  return false;
}
