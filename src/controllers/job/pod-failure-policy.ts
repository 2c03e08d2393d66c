// matchPodFailurePolicy of pkg/controller/job/pod_failure_policy.go (Kubernetes 1.33, with
// JobBackoffLimitPerIndex on): the first rule matching a failed pod decides what its failure
// means for the Job. Messages verbatim.
import type { PodFailurePolicy, PodFailurePolicyAction, PodFailurePolicyOnExitCodesRequirement, PodFailurePolicyOnPodConditionsPattern } from "../../api/batch.ts";
import type { ContainerStatus, Pod, PodCondition } from "../../api/core.ts";

export interface PodFailurePolicyMatch {
  /** Set when a FailJob rule matched: the message of the Job's PodFailurePolicy condition. */
  failJobMessage?: string;
  /** Whether the failure counts towards backoffLimit (false for Ignore). */
  countFailed: boolean;
  /** The action of the matching rule; undefined when no rule matched. */
  action?: PodFailurePolicyAction;
}

/** isOnExitCodesOperatorMatching. */
function operatorMatches(exitCode: number, req: PodFailurePolicyOnExitCodesRequirement): boolean {
  switch (req.operator) {
    case "In": return req.values.includes(exitCode);
    case "NotIn": return !req.values.includes(exitCode);
    default: return false;
  }
}

/**
 * getMatchingContainerFromList: the first terminated container (of that name, when the rule
 * names one) with a non-zero exit code the operator matches.
 */
function matchingContainer(statuses: readonly ContainerStatus[] | undefined, req: PodFailurePolicyOnExitCodesRequirement): ContainerStatus | undefined {
  return (statuses ?? []).find((s) => {
    const t = s.state.terminated;
    if (!t) return false; // still terminating: no exit code to match
    if (req.containerName !== undefined && req.containerName !== s.name) return false;
    return t.exitCode !== 0 && operatorMatches(t.exitCode, req);
  });
}

/** matchOnExitCodes: regular containers first, then init containers. */
const matchOnExitCodes = (pod: Pod, req: PodFailurePolicyOnExitCodesRequirement): ContainerStatus | undefined =>
  matchingContainer(pod.status?.containerStatuses, req) ?? matchingContainer(pod.status?.initContainerStatuses, req);

/** matchOnPodConditions: the first pod condition (in the pod's order) some pattern matches. */
function matchOnPodConditions(pod: Pod, patterns: readonly PodFailurePolicyOnPodConditionsPattern[]): PodCondition | undefined {
  return (pod.status?.conditions ?? []).find((c) => patterns.some((p) => c.type === p.type && c.status === p.status));
}

/** matchPodFailurePolicy: no policy or no matching rule counts the failure. */
export function matchPodFailurePolicy(policy: PodFailurePolicy | undefined, pod: Pod): PodFailurePolicyMatch {
  if (!policy) return { countFailed: true };
  const ref = `${pod.metadata.namespace ?? ""}/${pod.metadata.name ?? ""}`;
  for (const [index, rule] of (policy.rules ?? []).entries()) {
    let failJobMessage: (() => string) | undefined;
    if (rule.onExitCodes) {
      const cs = matchOnExitCodes(pod, rule.onExitCodes);
      if (!cs) continue;
      failJobMessage = () => `Container ${cs.name} for pod ${ref} failed with exit code ${cs.state.terminated?.exitCode ?? 0} matching ${rule.action} rule at index ${index}`;
    } else if (rule.onPodConditions) {
      const cond = matchOnPodConditions(pod, rule.onPodConditions);
      if (!cond) continue;
      failJobMessage = () => `Pod ${ref} has condition ${cond.type} matching ${rule.action} rule at index ${index}`;
    } else {
      continue;
    }
    switch (rule.action) {
      case "Ignore": return { countFailed: false, action: "Ignore" };
      case "FailIndex": return { countFailed: true, action: "FailIndex" };
      case "Count": return { countFailed: true, action: "Count" };
      case "FailJob": return { failJobMessage: failJobMessage(), countFailed: true, action: "FailJob" };
      default: continue; // an unknown action matches nothing (Go's switch falls out of the case)
    }
  }
  return { countFailed: true };
}
