// Where each object of a run stands: running, succeeded, failed, or a "service" (a bare Pod
// with restartPolicy Always, which never finishes and is not waited for). Pure.
import type { Job } from "../../api/batch.ts";
import type { Pod } from "../../api/core.ts";
import type { RunObject } from "./check-manifests.ts";

export type RunState = "running" | "succeeded" | "failed" | "service";

export interface ObjectOutcome {
  object: RunObject;
  state: RunState;
  /** Why it failed, for the failure line. */
  why?: string;
}

function podFailure(pod: Pod): string {
  const st = pod.status ?? {};
  if (st.reason) return `${st.reason}${st.message ? `: ${st.message}` : ""}`;
  const exits = [...(st.initContainerStatuses ?? []), ...(st.containerStatuses ?? [])]
    .filter((s) => (s.state.terminated?.exitCode ?? 0) !== 0)
    .map((s) => `container ${JSON.stringify(s.name)} exited ${s.state.terminated?.exitCode ?? 0}${s.state.terminated?.reason ? ` (${s.state.terminated.reason})` : ""}`);
  return exits.join(", ") || "the pod failed";
}

/** The state of one object from its live version (undefined: it is gone). */
export function outcomeOf(object: RunObject, live: Pod | Job | undefined): ObjectOutcome {
  if (!live) return { object, state: "failed", why: "it was deleted" };
  if (object.kind === "Job") {
    const conds = (live as Job).status?.conditions ?? [];
    if (conds.some((c) => c.type === "Complete" && c.status === "True")) return { object, state: "succeeded" };
    const failed = conds.find((c) => c.type === "Failed" && c.status === "True");
    if (failed) return { object, state: "failed", why: `${failed.reason ?? "Failed"}: ${failed.message ?? ""}` };
    return { object, state: "running" };
  }
  const pod = live as Pod;
  if (pod.status?.phase === "Succeeded") return { object, state: "succeeded" };
  if (pod.status?.phase === "Failed") return { object, state: "failed", why: podFailure(pod) };
  if ((pod.spec.restartPolicy ?? "Always") === "Always") return { object, state: "service" };
  return { object, state: "running" };
}

/** Finished: nothing is running and something was waited for (services alone never finish). */
export function isRunFinished(outcomes: readonly ObjectOutcome[]): boolean {
  return outcomes.every((o) => o.state !== "running") && outcomes.some((o) => o.state !== "service");
}
