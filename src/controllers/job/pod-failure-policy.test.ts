import { test } from "node:test";
import assert from "node:assert/strict";
import type { PodFailurePolicy } from "../../api/batch.ts";
import type { Pod } from "../../api/core.ts";
import { matchPodFailurePolicy, type PodFailurePolicyMatch } from "./pod-failure-policy.ts";
import { terminatedStatus } from "./job-test-support.ts";

function failedPod(exits: Record<string, number>, conditions: [string, "True" | "False"][] = [], initExits: Record<string, number> = {}): Pod {
  return {
    metadata: { name: "x-abc", namespace: "default" },
    spec: { containers: [] },
    status: {
      phase: "Failed",
      containerStatuses: Object.entries(exits).map(([n, code]) => terminatedStatus(n, code, 0)),
      initContainerStatuses: Object.entries(initExits).map(([n, code]) => terminatedStatus(n, code, 0)),
      conditions: conditions.map(([type, status]) => ({ type, status, lastProbeTime: null, lastTransitionTime: null })),
    },
  };
}

void test("matchPodFailurePolicy: the first matching rule decides, with Kubernetes' FailJob messages", () => {
  const exit42: PodFailurePolicy = { rules: [{ action: "FailJob", onExitCodes: { operator: "In", values: [42] } }] };
  const cases: { name: string; policy: PodFailurePolicy | undefined; pod: Pod; want: PodFailurePolicyMatch }[] = [
    { name: "no policy: counted", policy: undefined, pod: failedPod({ main: 1 }), want: { countFailed: true } },
    {
      name: "FailJob on exit code 42", policy: exit42, pod: failedPod({ main: 42 }),
      want: { countFailed: true, action: "FailJob", failJobMessage: "Container main for pod default/x-abc failed with exit code 42 matching FailJob rule at index 0" },
    },
    { name: "exit code not in the rule: no match, counted", policy: exit42, pod: failedPod({ main: 1 }), want: { countFailed: true } },
    {
      name: "NotIn matches any other non-zero code", policy: { rules: [{ action: "Ignore", onExitCodes: { operator: "NotIn", values: [1, 2] } }] },
      pod: failedPod({ main: 3 }), want: { countFailed: false, action: "Ignore" },
    },
    {
      name: "exit code 0 never matches NotIn", policy: { rules: [{ action: "Ignore", onExitCodes: { operator: "NotIn", values: [1] } }] },
      pod: failedPod({ main: 0, side: 1 }), want: { countFailed: true },
    },
    {
      name: "containerName restricts the rule to that container",
      policy: { rules: [{ action: "FailJob", onExitCodes: { containerName: "side", operator: "In", values: [42] } }] },
      pod: failedPod({ main: 42, side: 1 }), want: { countFailed: true },
    },
    {
      name: "init containers are matched after regular ones", policy: exit42, pod: failedPod({}, [], { setup: 42 }),
      want: { countFailed: true, action: "FailJob", failJobMessage: "Container setup for pod default/x-abc failed with exit code 42 matching FailJob rule at index 0" },
    },
    {
      name: "onPodConditions DisruptionTarget: Ignore",
      policy: { rules: [{ action: "FailJob", onExitCodes: { operator: "In", values: [42] } }, { action: "Ignore", onPodConditions: [{ type: "DisruptionTarget", status: "True" }] }] },
      pod: failedPod({ main: 137 }, [["DisruptionTarget", "True"]]), want: { countFailed: false, action: "Ignore" },
    },
    {
      name: "onPodConditions FailJob message names the condition and the rule's index",
      policy: { rules: [{ action: "Count", onExitCodes: { operator: "In", values: [5] } }, { action: "FailJob", onPodConditions: [{ type: "ConfigIssue", status: "True" }] }] },
      pod: failedPod({ main: 1 }, [["ConfigIssue", "True"]]),
      want: { countFailed: true, action: "FailJob", failJobMessage: "Pod default/x-abc has condition ConfigIssue matching FailJob rule at index 1" },
    },
    {
      name: "a condition with another status does not match",
      policy: { rules: [{ action: "Ignore", onPodConditions: [{ type: "DisruptionTarget", status: "True" }] }] },
      pod: failedPod({ main: 1 }, [["DisruptionTarget", "False"]]), want: { countFailed: true },
    },
    { name: "Count counts", policy: { rules: [{ action: "Count", onExitCodes: { operator: "In", values: [1] } }] }, pod: failedPod({ main: 1 }), want: { countFailed: true, action: "Count" } },
    { name: "FailIndex counts", policy: { rules: [{ action: "FailIndex", onExitCodes: { operator: "In", values: [1] } }] }, pod: failedPod({ main: 1 }), want: { countFailed: true, action: "FailIndex" } },
  ];
  for (const c of cases) assert.deepEqual(matchPodFailurePolicy(c.policy, c.pod), c.want, c.name);
});
