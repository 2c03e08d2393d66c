// Termination: a sidecar whose shell is PID 1 and ignores SIGTERM.
import type { Rule, RuleFinding } from "../finding.ts";
import { containerPath, isSidecarRef } from "../pod-analysis.ts";
import { containerArgv } from "../known-sidecars.ts";
import { shellIgnoresSigterm } from "../shell-script.ts";
import { q } from "./rule-text.ts";

/**
 * `sh -c 'while true; do …; done'` as a sidecar: the shell is PID 1 of the container and has
 * no SIGTERM handler, and the kernel does not deliver default-action signals to a namespace's
 * PID 1. The kubelet's SIGTERM does nothing; after terminationGracePeriodSeconds it SIGKILLs
 * the container (exit 137, reason Error) — in the seeds' native Job, 30 s on every run.
 * With shareProcessNamespace the pause process is PID 1 and the shell dies normally.
 */
export const sidecarShellIgnoresSigterm: Rule = {
  meta: {
    id: "sidecar-shell-ignores-sigterm",
    severity: "warning",
    title: "A sidecar's shell is PID 1 and ignores SIGTERM",
    description: "A shell script as PID 1 without a TERM trap ignores the kubelet's SIGTERM; every stop waits the whole grace period and ends with SIGKILL (exit 137).",
  },
  check({ analysis }) {
    if (analysis.site.spec.shareProcessNamespace === true) return [];
    const grace = analysis.site.spec.terminationGracePeriodSeconds ?? 30;
    const kind = analysis.site.object.kind;
    const when = analysis.site.runToCompletion ? "after the main container is done, every run waits"
      : kind === "Pod" ? "every deletion of the pod waits" : "every rollout and pod deletion waits";
    const out: RuleFinding[] = [];
    for (const ref of [...analysis.inits, ...analysis.mains]) {
      if (!isSidecarRef(analysis, ref) || !shellIgnoresSigterm(containerArgv(ref.container))) continue;
      const name = q(ref.container.name);
      const field = ref.container.command?.length ? "command" : "args";
      out.push({
        ruleId: "sidecar-shell-ignores-sigterm",
        message: `the shell is PID 1 of ${name} and has no trap for TERM, so it ignores the kubelet's SIGTERM: ${when} the whole grace period (${grace}s) before the kubelet SIGKILLs ${name} (exit code 137); \`exec\` the long-running process or add \`trap 'exit 0' TERM\` to the script`,
        path: [...containerPath(ref), field],
        fix: { description: "start the script with `trap 'exit 0' TERM`, or `exec` the long-running process so it becomes PID 1" },
      });
    }
    return out;
  },
};
