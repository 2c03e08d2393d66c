// The pod predicates the ReplicaSet and Deployment controllers read (controller.IsPodActive,
// podutil.IsPodReady), kept here so these controllers do not depend on the Job controller's files.
import type { Pod } from "../../api/core.ts";

/** controller.IsPodActive: not Succeeded or Failed, and not being deleted. */
export const isPodActive = (pod: Pod): boolean =>
  pod.status?.phase !== "Succeeded" && pod.status?.phase !== "Failed" && !pod.metadata.deletionTimestamp;

/** podutil.IsPodReady: the Ready condition is True. */
export const isPodReady = (pod: Pod): boolean =>
  (pod.status?.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True");
