// Kills one container instance: kubeGenericRuntimeManager.killContainer
// (pkg/kubelet/kuberuntime/kuberuntime_container.go), on the injected clock.
//
//   grace ← deletionGracePeriodSeconds | probe TGPS (StartupProbe/LivenessProbe kills) | pod TGPS
//   grace ← override, when given (the pod-kill path)
//   Normal Killing event
//   preStop (running instance, grace > 0): wait for it at most grace s; grace −= whole s spent
//   ordering (pod kill with sidecars, grace > 0): wait for the turn ≤ grace s; grace −= whole s waited
//   grace ← max(grace, 2)               (minimumGracePeriodInSeconds)
//   runtime.stopContainer(id, grace)    (stop signal, SIGKILL after grace s)
//   ordering.containerTerminated(name)
//
// The preStop hook is not cancelled when its wait ends: it runs on until it finishes or fails
// with the container (then FailedPreStopHook is still recorded), as the kubelet's goroutine does.
import type { Container, Pod } from "../api/core.ts";
import type { Clock } from "../machinery/clock.ts";
import { RuntimeError, type ContainerRuntime } from "../runtime/runtime.ts";
import { runLifecycleHook } from "./lifecycle-hooks.ts";
import type { TerminationOrdering } from "./termination-ordering.ts";
import { containerFieldPath, type EventRecorder, type KillReason } from "./types.ts";

/** kuberuntime's minimumGracePeriodInSeconds: every container gets this long between the stop signal and SIGKILL. */
export const MINIMUM_GRACE_PERIOD_SECONDS = 2;

export interface KillContainerOptions {
  runtime: ContainerRuntime;
  clock: Clock;
  recorder: EventRecorder;
  pod: Pod;
  container: Container;
  containerId: string;
  sandboxId: string;
  /** Why; "PodKill" is a kill of the whole pod (kuberuntime's reasonUnknown). */
  reason: KillReason | "PodKill";
  /** The Killing event's message (default "Stopping container <name>"). */
  message?: string;
  /** The pod-kill path's grace (calculateEffectiveGracePeriod); supersedes every other value. */
  gracePeriodOverrideSeconds?: number;
  ordering?: TerminationOrdering;
  /** The emulated Kubernetes minor version (hook User-Agent). */
  kubernetesMinor?: number;
}

/** setTerminationGracePeriod. */
export function terminationGracePeriodSeconds(pod: Pod, container: Container, reason: KillReason | "PodKill"): number {
  const deletion = pod.metadata.deletionGracePeriodSeconds;
  if (deletion !== undefined && deletion !== null) return deletion;
  const podTgps = pod.spec.terminationGracePeriodSeconds;
  if (podTgps === undefined || podTgps === null) return MINIMUM_GRACE_PERIOD_SECONDS;
  if (reason === "StartupProbe" && container.startupProbe?.terminationGracePeriodSeconds !== undefined) {
    return container.startupProbe.terminationGracePeriodSeconds;
  }
  if (reason === "LivenessProbe" && container.livenessProbe?.terminationGracePeriodSeconds !== undefined) {
    return container.livenessProbe.terminationGracePeriodSeconds;
  }
  return podTgps;
}

/** Resolves once the container has exited; rejects when the runtime cannot stop it. */
export async function killContainer(opts: KillContainerOptions): Promise<void> {
  const { runtime, recorder, pod, container } = opts;
  const fieldPath = containerFieldPath(pod, container.name);
  let grace = terminationGracePeriodSeconds(pod, container, opts.reason);
  recorder.event(pod, "Normal", "Killing", opts.message || `Stopping container ${container.name}`, fieldPath);
  if (opts.gracePeriodOverrideSeconds !== undefined) grace = opts.gracePeriodOverrideSeconds;

  const preStop = container.lifecycle?.preStop;
  if (preStop && grace > 0 && (await isRunning(runtime, opts.containerId))) {
    grace -= await executePreStopHook(opts, preStop, grace);
  }
  if (opts.ordering && grace > 0) {
    // The grace period is in seconds: the time waited is truncated downward.
    grace -= Math.floor((await opts.ordering.waitForTurn(container.name, grace * 1000)) / 1000);
  }
  if (grace < MINIMUM_GRACE_PERIOD_SECONDS) grace = MINIMUM_GRACE_PERIOD_SECONDS;

  try {
    await runtime.stopContainer(opts.containerId, grace);
  } catch (err) {
    if (!(err instanceof RuntimeError && err.code === "NotFound")) throw err;
  }
  opts.ordering?.containerTerminated(container.name);
}

/** executePreStopHook: runs the hook, waits for it at most graceSeconds; returns the whole seconds spent. */
async function executePreStopHook(opts: KillContainerOptions, handler: NonNullable<Container["lifecycle"]>["preStop"] & object, graceSeconds: number): Promise<number> {
  const { clock, recorder, pod, container } = opts;
  const start = clock.now();
  const hook = runLifecycleHook({
    runtime: opts.runtime, clock, pod, container, containerId: opts.containerId, sandboxId: opts.sandboxId, handler, recorder,
    ...(opts.kubernetesMinor !== undefined ? { kubernetesMinor: opts.kubernetesMinor } : {}),
  }).then((outcome) => {
    // The message is not put in the event, so that secrets do not leak from the node.
    if (!outcome.ok) recorder.event(pod, "Warning", "FailedPreStopHook", "PreStopHook failed", containerFieldPath(pod, container.name));
  });
  const bounded = new AbortController();
  const graceOver = clock.sleep(graceSeconds * 1000, bounded.signal).catch(() => undefined);
  try {
    await Promise.race([hook, graceOver]);
  } finally {
    bounded.abort();
  }
  return Math.floor((clock.now() - start) / 1000);
}

/** Only a running instance gets its preStop hook (an exited one is just cleaned up). */
async function isRunning(runtime: ContainerRuntime, containerId: string): Promise<boolean> {
  try {
    return (await runtime.containerStatus(containerId)).state === "running";
  } catch {
    return false;
  }
}
