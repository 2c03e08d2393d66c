// Native sidecars on clusters that lack them (spec/kubelet-lifecycle.md §14; KEP-753):
// ≤ 1.27 the field is unknown, 1.28 has it behind the alpha SidecarContainers gate (off).
import { strictDecodingError } from "../../../registry/validation/version-fields.ts";
import type { Rule, RuleFinding } from "../finding.ts";
import { containerPath } from "../pod-analysis.ts";
import { q } from "./rule-text.ts";

export const nativeSidecarVersion: Rule = {
  meta: {
    id: "native-sidecar-version",
    severity: "error",
    title: "Native sidecars on a Kubernetes version without them",
    description: "Kubernetes 1.27 and older do not know restartPolicy on containers; 1.28 drops it unless the SidecarContainers feature gate is on. Without it the sidecar is a regular init container that never exits and the pod hangs in Init.",
  },
  check({ analysis, options, apiPath }) {
    const minor = options.kubernetesMinor;
    if (minor >= 29) return [];
    const n = analysis.inits.length;
    const out: RuleFinding[] = [];
    for (const ref of analysis.inits) {
      if (ref.container.restartPolicy === undefined || ref.container.restartPolicy === null) continue;
      const path = [...containerPath(ref), "restartPolicy"];
      const name = q(ref.container.name);
      const hang = `${name} becomes a regular init container that never exits and the pod hangs in Init:${ref.index}/${n}`;
      if (minor <= 27) {
        out.push({
          ruleId: "native-sidecar-version",
          severity: "error",
          message: `Kubernetes 1.${minor} does not know native sidecars: kubectl apply fails with \`${strictDecodingError([apiPath(path)])}\`, and a client without strict field validation drops the field, so ${hang}; run on 1.29 or later (1.28 with the SidecarContainers feature gate), or keep ${name} in containers`,
          path,
          fix: { description: "target Kubernetes 1.29+ (sidecars on by default) or 1.28 with --feature-gates=SidecarContainers=true" },
        });
      } else {
        out.push({
          ruleId: "native-sidecar-version",
          severity: "warning",
          message: `native sidecars are alpha in Kubernetes 1.28: unless the SidecarContainers feature gate is on (kube-apiserver and kubelet --feature-gates=SidecarContainers=true) the API server drops restartPolicy and ${hang}; enable the gate or run on 1.29 or later`,
          path,
          fix: { description: "enable --feature-gates=SidecarContainers=true on kube-apiserver and kubelet, or target 1.29+" },
        });
      }
    }
    return out;
  },
};
