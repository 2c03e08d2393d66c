// Advice for long-running pods: a well-known helper still in `containers`.
import type { Rule } from "../finding.ts";
import { containerPath } from "../pod-analysis.ts";
import { q } from "./rule-text.ts";

/**
 * In a Deployment a traditional sidecar works, but with no order: the proxy or log shipper
 * starts with the app (first requests or log lines lost) and gets SIGTERM at the same time as
 * the app, so it may be gone while the app still drains. Native sidecars start first and stop
 * after the main containers (§3, §8.2).
 */
export const preferNativeSidecar: Rule = {
  meta: {
    id: "prefer-native-sidecar",
    severity: "info",
    title: "A well-known sidecar image in `containers` of a long-running pod",
    description: "A traditional sidecar starts and stops together with the app; as a native sidecar it starts before the app and stops after it.",
  },
  check({ analysis }) {
    if (analysis.site.runToCompletion) return [];
    return analysis.traditionalSidecars.flatMap(({ ref, evidence }) => {
      const image = evidence.find((e) => e.kind === "image");
      if (!image) return [];
      return [{
        ruleId: "prefer-native-sidecar",
        message: `${q(ref.container.name)} (${image.product.replace(/^the /, "")}) starts and stops together with the app: it may not be ready for the app's first requests and may exit while the app still drains; as a native sidecar it starts first and stops last — \`pillion migrate\` does it`,
        path: containerPath(ref),
        fix: { description: `move ${q(ref.container.name)} to initContainers with restartPolicy: Always`, automated: "pillion migrate" as const },
      }];
    });
  },
};
