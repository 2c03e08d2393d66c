// What `kubectl rollout status deployment/x` prints for a Deployment, and whether it is done
// (DeploymentStatusViewer.Status, staging/src/k8s.io/kubectl/pkg/polymorphichelpers/
// rollout_status.go). Used by tests to check that the status the controller writes reads as
// Kubernetes' does.
import type { Deployment } from "../../api/apps.ts";
import { TIMED_OUT_REASON, getDeploymentCondition } from "./deployment-conditions.ts";

export interface RolloutStatus {
  message: string;
  done: boolean;
  error?: string;
}

export function rolloutStatus(d: Deployment): RolloutStatus {
  const name = d.metadata.name ?? "";
  const s = d.status ?? {};
  if ((d.metadata.generation ?? 0) > (s.observedGeneration ?? 0)) return { message: "Waiting for deployment spec update to be observed...", done: false };
  if (getDeploymentCondition(s, "Progressing")?.reason === TIMED_OUT_REASON) {
    return { message: "", done: false, error: `deployment ${JSON.stringify(name)} exceeded its progress deadline` };
  }
  const replicas = d.spec.replicas ?? 1, updated = s.updatedReplicas ?? 0, total = s.replicas ?? 0, available = s.availableReplicas ?? 0;
  const waiting = `Waiting for deployment ${JSON.stringify(name)} rollout to finish:`;
  if (updated < replicas) return { message: `${waiting} ${updated} out of ${replicas} new replicas have been updated...`, done: false };
  if (total > updated) return { message: `${waiting} ${total - updated} old replicas are pending termination...`, done: false };
  if (available < updated) return { message: `${waiting} ${available} of ${updated} updated replicas are available...`, done: false };
  return { message: `deployment ${JSON.stringify(name)} successfully rolled out`, done: true };
}
