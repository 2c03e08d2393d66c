// Manifests the API server rejects, with Kubernetes' exact error (spec/kubelet-lifecycle.md §13,
// mirroring pkg/apis/core/validation validateContainers/validateInitContainers and
// pkg/apis/batch/validation validateJobSpec, as src/registry/validation does).
import { forbidden, notSupported, required } from "../../../machinery/field-errors.ts";
import type { Rule, RuleFinding } from "../finding.ts";
import { containerPath } from "../pod-analysis.ts";
import { kubectlInvalid, q } from "./rule-text.ts";

const set = (v: unknown): boolean => v !== undefined && v !== null;

export const mainContainerRestartPolicy: Rule = {
  meta: {
    id: "main-container-restart-policy",
    severity: "error",
    title: "restartPolicy on an entry of `containers`",
    description: "Only init containers may set restartPolicy (Always makes a native sidecar); the API server rejects it on a regular container.",
  },
  check({ analysis, apiPath }) {
    const out: RuleFinding[] = [];
    for (const ref of analysis.mains) {
      if (!set(ref.container.restartPolicy)) continue;
      const path = [...containerPath(ref), "restartPolicy"];
      const err = kubectlInvalid(analysis.site.object, forbidden(apiPath(path), "may not be set for non-init containers"));
      const sidecar = ref.container.restartPolicy === "Always";
      out.push({
        ruleId: "main-container-restart-policy",
        message: `the API server rejects this ${analysis.site.object.kind}: ${err}; ${sidecar ? `to make ${q(ref.container.name)} a native sidecar, move it to initContainers — \`pillion migrate\` does it` : "remove the field"}`,
        path,
        fix: sidecar ? { description: `move ${q(ref.container.name)} to initContainers`, automated: "pillion migrate" } : { description: "remove restartPolicy from the container" },
      });
    }
    return out;
  },
};

export const jobPodRestartPolicy: Rule = {
  meta: {
    id: "job-pod-restart-policy",
    severity: "error",
    title: "A Job or CronJob pod template with restartPolicy Always or none",
    description: "A Job's pods must finish: the API server requires restartPolicy OnFailure or Never in the template (the Pod default, Always, is rejected).",
  },
  check({ analysis, apiPath }) {
    if (!analysis.site.jobTemplate) return [];
    const rp = analysis.site.spec.restartPolicy ?? "";
    if (rp === "OnFailure" || rp === "Never") return [];
    const path = ["restartPolicy"];
    const fe = rp === "Always" || rp === "" ? required(apiPath(path), 'valid values: "OnFailure", "Never"') : notSupported(apiPath(path), rp, ["OnFailure", "Never"]);
    return [{
      ruleId: "job-pod-restart-policy",
      message: `the API server rejects this ${analysis.site.object.kind}: ${kubectlInvalid(analysis.site.object, fe)}; set restartPolicy: Never (a failed pod is replaced by a new one) or OnFailure (the kubelet restarts failed containers in place)`,
      path,
      fix: { description: "set the pod template's restartPolicy to Never or OnFailure" },
    }];
  },
};

export const initContainerRestartPolicy: Rule = {
  meta: {
    id: "init-container-restart-policy",
    severity: "error",
    title: "An init container restartPolicy other than Always",
    description: "The only restartPolicy an init container may set is Always (a native sidecar); the API server rejects any other value.",
  },
  check({ analysis, apiPath }) {
    return analysis.inits.filter((r) => set(r.container.restartPolicy) && r.container.restartPolicy !== "Always").map((ref) => {
      const path = [...containerPath(ref), "restartPolicy"];
      return {
        ruleId: "init-container-restart-policy",
        message: `the API server rejects this ${analysis.site.object.kind}: ${kubectlInvalid(analysis.site.object, notSupported(apiPath(path), ref.container.restartPolicy, ["Always"]))}; use Always for a native sidecar, or remove the field for a regular init container`,
        path,
        fix: { description: "set restartPolicy: Always or remove it" },
      };
    });
  },
};

const INIT_ONLY_SIDECAR_FIELDS = ["lifecycle", "livenessProbe", "readinessProbe", "startupProbe"] as const;

export const initContainerProbesOrHooks: Rule = {
  meta: {
    id: "init-container-probes-or-hooks",
    severity: "error",
    title: "Probes or lifecycle hooks on a regular init container",
    description: "Only native sidecars (restartPolicy: Always) may have probes and lifecycle hooks among init containers; the API server rejects them on a regular init container.",
  },
  check({ analysis, apiPath }) {
    const out: RuleFinding[] = [];
    for (const ref of analysis.inits) {
      if (set(ref.container.restartPolicy)) continue;
      const blocking = analysis.blockingInits.some((b) => b.ref === ref);
      for (const f of INIT_ONLY_SIDECAR_FIELDS) {
        if (!set(ref.container[f])) continue;
        const path = [...containerPath(ref), f];
        const err = kubectlInvalid(analysis.site.object, forbidden(apiPath(path), "may not be set for init containers without restartPolicy=Always"));
        out.push({
          ruleId: "init-container-probes-or-hooks",
          message: `the API server rejects this ${analysis.site.object.kind}: ${err}; add restartPolicy: Always if ${q(ref.container.name)} is a sidecar${blocking ? " (it never exits, so it is one — `pillion migrate` does it)" : ""}, or remove ${f}`,
          path,
          fix: blocking ? { description: `add restartPolicy: Always to ${q(ref.container.name)}`, automated: "pillion migrate" } : { description: `add restartPolicy: Always or remove ${f}` },
        });
      }
    }
    return out;
  },
};
