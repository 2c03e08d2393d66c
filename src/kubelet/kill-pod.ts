// Kills every running container of a pod, then stops its sandbox: killPodWithSyncResult and
// killContainersWithSyncResult (pkg/kubelet/kuberuntime/kuberuntime_container.go). All kills
// run concurrently (every preStop starts at t=0); when the pod has a native sidecar they share a
// TerminationOrdering, so mains stop first and sidecars in reverse order. The sandbox is stopped
// even when a kill failed; failures are reported together afterwards (the sync then errs and is
// retried, as kuberuntime's SyncResult errors make it).
import type { Container, Pod } from "../api/core.ts";
import { isSidecar } from "../api/core.ts";
import type { Clock } from "../machinery/clock.ts";
import { RuntimeError, type ContainerRuntime } from "../runtime/runtime.ts";
import { killContainer } from "./kill-container.ts";
import { TerminationOrdering } from "./termination-ordering.ts";
import type { EventRecorder } from "./types.ts";

export interface KillPodOptions {
  runtime: ContainerRuntime;
  clock: Clock;
  recorder: EventRecorder;
  pod: Pod;
  /** The running instances (one per container name). */
  running: { container: Container; containerId: string }[];
  sandboxId: string;
  gracePeriodOverrideSeconds?: number;
  kubernetesMinor?: number;
}

/** Resolves when every container has exited and the sandbox is stopped; rejects (AggregateError) when some step failed. */
export async function killPod(opts: KillPodOptions): Promise<void> {
  const { runtime, clock, recorder, pod } = opts;
  const ordering = (pod.spec.initContainers ?? []).some(isSidecar)
    ? new TerminationOrdering({ clock, pod, runningContainerNames: opts.running.map((r) => r.container.name) })
    : undefined;
  const kills = await Promise.allSettled(opts.running.map(({ container, containerId }) => killContainer({
    runtime, clock, recorder, pod, container, containerId, sandboxId: opts.sandboxId, reason: "PodKill",
    ...(opts.gracePeriodOverrideSeconds !== undefined ? { gracePeriodOverrideSeconds: opts.gracePeriodOverrideSeconds } : {}),
    ...(ordering ? { ordering } : {}),
    ...(opts.kubernetesMinor !== undefined ? { kubernetesMinor: opts.kubernetesMinor } : {}),
  })));
  const errors: unknown[] = [];
  for (const k of kills) if (k.status === "rejected") errors.push(k.reason);
  try {
    await runtime.stopPodSandbox(opts.sandboxId);
  } catch (err) {
    if (!(err instanceof RuntimeError && err.code === "NotFound")) errors.push(err);
  }
  if (errors.length > 0) throw new AggregateError(errors, `failed to kill pod ${pod.metadata.namespace ?? ""}/${pod.metadata.name ?? ""}: ${errors.length} step(s) failed`);
}
