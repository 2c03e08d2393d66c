// Pods that cannot finish or cannot start because a long-running helper sits in the wrong list.
import { containerPath, describeEvidence } from "../pod-analysis.ts";
import type { Rule } from "../finding.ts";
import { completingThing, list, q } from "./rule-text.ts";

/**
 * A traditional sidecar in a pod that must finish. The kubelet ends a pod only when every
 * container in `containers` has exited (Job pods use restartPolicy Never/OnFailure); a helper
 * that never exits keeps the pod Running, so the Job never counts a completion. Native sidecars
 * (initContainers with restartPolicy: Always) are stopped by the kubelet once the main
 * containers are done (spec/kubelet-lifecycle.md §8.2).
 */
export const traditionalSidecarBlocksCompletion: Rule = {
  meta: {
    id: "traditional-sidecar-blocks-completion",
    severity: "error",
    title: "A long-running helper in `containers` of a Job, CronJob or run-once Pod",
    description: "The pod ends only when all of its containers have exited. A helper that keeps running after the main container is done keeps the pod Running, so the Job never completes.",
  },
  check({ analysis }) {
    if (!analysis.site.runToCompletion) return [];
    const sidecarRefs = new Set(analysis.traditionalSidecars.map((s) => s.ref));
    const mains = analysis.mains.filter((m) => !sidecarRefs.has(m)).map((m) => m.container.name);
    const what = completingThing(analysis.site.object.kind);
    return analysis.traditionalSidecars.map(({ ref, evidence }) => ({
      ruleId: "traditional-sidecar-blocks-completion",
      message: `${what} will never complete: container ${q(ref.container.name)} keeps running after the main container${mains.length > 1 ? "s" : ""} ${list(mains)} exit${mains.length > 1 ? "" : "s"} (${evidence.map(describeEvidence).join("; ")}); make it a native sidecar (move it to initContainers with restartPolicy: Always) — \`pillion migrate\` does it`,
      path: containerPath(ref),
      fix: { description: `move ${q(ref.container.name)} to initContainers with restartPolicy: Always`, automated: "pillion migrate" },
    }));
  },
};

/**
 * A regular init container (no restartPolicy) that never exits: init containers run one at a
 * time and each must exit 0 before the next starts (§3.1), so the pod stays Pending in
 * `Init:i/n` forever. This is what a sidecar moved to initContainers without `restartPolicy:
 * Always` does — and what every native sidecar becomes on a 1.27 cluster.
 */
export const initContainerNeverExits: Rule = {
  meta: {
    id: "init-container-never-exits",
    severity: "error",
    title: "A regular init container that never exits",
    description: "Init containers without restartPolicy run to completion one after the other; one that never exits holds the pod in Init forever and the main containers never start.",
  },
  check({ analysis }) {
    const n = analysis.inits.length;
    return analysis.blockingInits.map(({ ref, evidence }) => ({
      ruleId: "init-container-never-exits",
      message: `the pod will hang in Init:${ref.index}/${n}: init container ${q(ref.container.name)} never exits (${evidence.map(describeEvidence).join("; ")}), and the containers after it start only when it has exited 0; add restartPolicy: Always to make it a native sidecar — \`pillion migrate\` does it`,
      path: containerPath(ref),
      fix: { description: `add restartPolicy: Always to init container ${q(ref.container.name)}`, automated: "pillion migrate" },
    }));
  },
};
