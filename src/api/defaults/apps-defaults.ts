// apps/v1 defaulting, mirroring pkg/apis/apps/v1/defaults.go (SetDefaults_Deployment,
// SetDefaults_ReplicaSet) with the pod template's SetDefaults_PodSpec (applyPodTemplateDefaults).
// apps/v1 does not copy template labels to the object's labels (extensions/v1beta1 did).
import type { Deployment, ReplicaSet } from "../apps.ts";
import { applyPodTemplateDefaults } from "./job-defaults.ts";

export const DEFAULT_REVISION_HISTORY_LIMIT = 10;
export const DEFAULT_PROGRESS_DEADLINE_SECONDS = 600;

export function applyDeploymentDefaults(d: Deployment): void {
  // A manifest without spec gets Go's zero spec; validation then reports what is missing.
  const spec = (d.spec ??= {} as Deployment["spec"]);
  spec.replicas ??= 1;
  const strategy = (spec.strategy ??= {});
  if (!strategy.type) strategy.type = "RollingUpdate";
  if (strategy.type === "RollingUpdate") {
    const ru = (strategy.rollingUpdate ??= {});
    ru.maxUnavailable ??= "25%";
    ru.maxSurge ??= "25%";
  }
  spec.revisionHistoryLimit ??= DEFAULT_REVISION_HISTORY_LIMIT;
  spec.progressDeadlineSeconds ??= DEFAULT_PROGRESS_DEADLINE_SECONDS;
  if (spec.template?.spec) applyPodTemplateDefaults(spec.template);
}

export function applyReplicaSetDefaults(rs: ReplicaSet): void {
  (rs.spec ??= {} as ReplicaSet["spec"]).replicas ??= 1;
  if (rs.spec.template?.spec) applyPodTemplateDefaults(rs.spec.template);
}
