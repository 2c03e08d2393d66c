// What the admission plugins a plain kube-apiserver enables by default add to every new Pod,
// so that a pod read back from pillion looks like one read back from a kubeadm/kind cluster:
//  - Priority (plugin/pkg/admission/priority): with no priorityClassName and no global-default
//    PriorityClass, spec.priority = 0 (scheduling.DefaultPriorityWhenNoDefaultClassExists) and
//    spec.preemptionPolicy = PreemptLowerPriority.
//  - DefaultTolerationSeconds (plugin/pkg/admission/defaulttolerationseconds): NoExecute
//    tolerations for node.kubernetes.io/not-ready and /unreachable with tolerationSeconds 300,
//    unless the pod already tolerates them.
// Deliberately not done: the ServiceAccount plugin (serviceAccountName "default" and the
// kube-api-access-* projected token volume) — pillion issues no service-account tokens.
// Create only: admission mutates on create, never on update.
import type { Pod } from "../core.ts";

/** v1 Toleration (core.ts types tolerations as unknown[]). */
export interface Toleration {
  key?: string;
  operator?: "Exists" | "Equal";
  value?: string;
  effect?: "NoSchedule" | "PreferNoSchedule" | "NoExecute" | "";
  tolerationSeconds?: number;
}

export const DEFAULT_TOLERATION_SECONDS = 300;
const NOT_READY = "node.kubernetes.io/not-ready";
const UNREACHABLE = "node.kubernetes.io/unreachable";

function tolerates(list: readonly Toleration[], key: string): boolean {
  return list.some((t) => (t.key === key || !t.key) && (t.effect === "NoExecute" || !t.effect));
}

export function applyPodAdmissionDefaults(pod: Pod): void {
  const spec = pod.spec;
  spec.priority ??= 0;
  spec.preemptionPolicy ??= "PreemptLowerPriority";
  const tolerations = (spec.tolerations ?? []) as Toleration[];
  const add: Toleration[] = [];
  for (const key of [NOT_READY, UNREACHABLE]) {
    if (!tolerates(tolerations, key)) {
      add.push({ key, operator: "Exists", effect: "NoExecute", tolerationSeconds: DEFAULT_TOLERATION_SECONDS });
    }
  }
  if (add.length) spec.tolerations = [...tolerations, ...add];
}
