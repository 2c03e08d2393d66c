// Whether a container should be (re)started in the next sync. Mirrors
// kubecontainer.ShouldContainerBeRestarted (pkg/kubelet/container/helpers.go, 1.33: no
// ContainerRestartRules). Used by computePodActions for main containers and by the status
// generator to decide whether a recorded start error (CrashLoopBackOff…) shows as waiting.
import type { Container, Pod } from "../api/core.ts";
import type { RuntimeContainer } from "../runtime/runtime.ts";
import { ANNOTATION_RESTART_COUNT } from "../runtime/runtime.ts";

/**
 * podStatus.FindContainerStatusByName: the newest instance (by createdAt; the first listed
 * wins a tie) of the container called `name`, or undefined if it never ran or was removed.
 */
export function newestInstance(instances: readonly RuntimeContainer[], name: string): RuntimeContainer | undefined {
  let best: RuntimeContainer | undefined;
  for (const c of instances) {
    if (c.name === name && (!best || c.createdAt > best.createdAt)) best = c;
  }
  return best;
}

/** Instances of `name`, newest first (stable for equal createdAt). */
export function instancesOf(instances: readonly RuntimeContainer[], name: string): RuntimeContainer[] {
  return instances.filter((c) => c.name === name).sort((a, b) => b.createdAt - a.createdAt);
}

/** The instance's restart count, from the annotation the kubelet wrote, else its attempt. */
export function restartCountOf(instance: RuntimeContainer): number {
  const n = Number(instance.annotations[ANNOTATION_RESTART_COUNT]);
  return Number.isInteger(n) && n >= 0 ? n : instance.attempt;
}

/**
 * false once the pod has a deletionTimestamp; true if the container never ran; false while
 * its newest instance runs; true for created/unknown instances; otherwise the pod's
 * restartPolicy decides (Never → false, OnFailure → last exit code ≠ 0, Always → true).
 *
 * Like Kubernetes 1.33, sidecars get no special case here: with restartPolicy Never a
 * crashed sidecar is still restarted by computePodActions, but its status stays terminated.
 */
export function shouldContainerBeRestarted(c: Container, pod: Pod, instances: readonly RuntimeContainer[]): boolean {
  if (pod.metadata.deletionTimestamp) return false;
  const s = newestInstance(instances, c.name);
  if (!s) return true;
  if (s.state === "running") return false;
  if (s.state === "unknown" || s.state === "created") return true;
  const policy = pod.spec.restartPolicy ?? "Always";
  if (policy === "Never") return false;
  if (policy === "OnFailure") return (s.exitCode ?? 0) !== 0;
  return true;
}
