// The data the kubelet's pure parts exchange. The pod worker (pod-worker.ts) gathers a
// PodSnapshot from the runtime and the prober, asks computePodActions (compute-pod-actions.ts)
// for a plan, executes it, then asks generatePodStatus (pod-status.ts) for the API status.
import type { Container, Pod, PodStatus } from "../api/core.ts";
import type { RuntimeContainer, RuntimeSandbox } from "../runtime/runtime.ts";

export type ProbeType = "startup" | "liveness" | "readiness";
export type ProbeResult = "Success" | "Failure" | "Unknown";

/** Published probe results, per container instance (runtime container id) and probe type. */
export interface ProbeResults {
  get(containerId: string, type: ProbeType): ProbeResult | undefined;
}

/** Why a container's last start attempt failed (kuberuntime's startContainer errors). */
export type StartErrorReason =
  | "CrashLoopBackOff"
  | "ErrImagePull"
  | "ImagePullBackOff"
  | "CreateContainerConfigError"
  | "CreateContainerError"
  | "RunContainerError"
  | "PostStartHookError"
  | "PreStartHookError"
  | "PreCreateHookError";

export interface StartError {
  reason: StartErrorReason;
  message: string;
}

/** Everything known about one pod at one instant: the input of every pure kubelet function. */
export interface PodSnapshot {
  pod: Pod;
  /** The pod's newest sandbox, if any. */
  sandbox?: RuntimeSandbox;
  /** Every instance of every container of the pod, newest first (by createdAt). */
  containers: RuntimeContainer[];
  probes: ProbeResults;
  /** Last start error per container name, cleared on a successful start. */
  startErrors: ReadonlyMap<string, StartError>;
  /** The previous API status (terminal container states are kept, §11.2). */
  previousStatus?: PodStatus;
  /** Epoch ms. */
  now: number;
}

export type KillReason = "StartupProbe" | "LivenessProbe" | "ImageChanged" | "Unknown" | "PostStartHookFailed";

export interface ContainerToKill {
  /** The runtime instance to kill. */
  containerId: string;
  name: string;
  container: Container;
  reason: KillReason;
  /** The Killing event message, e.g. "Container main failed liveness probe, will be restarted". */
  message: string;
}

/** kuberuntime's podActions. */
export interface PodActions {
  /** Kill every running container (sidecar ordering applies) and stop the sandbox. */
  killPod: boolean;
  /** Create a new sandbox first (none, or the current one is not ready). */
  createSandbox: boolean;
  /** Indices into spec.initContainers, in spec order. */
  initContainersToStart: number[];
  /** Indices into spec.containers, in spec order. */
  containersToStart: number[];
  /** Single-container kills, executed one at a time before any start. */
  containersToKill: ContainerToKill[];
  /** Whether initialization is complete (§3.3). */
  podHasInitialized: boolean;
}

/**
 * Records Kubernetes events about a pod (record.EventRecorder). fieldPath is the container
 * reference the kubelet uses, e.g. "spec.containers{main}" or "spec.initContainers{sidecar}".
 */
export interface EventRecorder {
  event(pod: Pod, type: "Normal" | "Warning", reason: string, message: string, fieldPath?: string): void;
}

/** The kubelet's container reference path: "spec.initContainers{name}" or "spec.containers{name}". */
export function containerFieldPath(pod: Pod, name: string): string {
  return pod.spec.initContainers?.some((c) => c.name === name) ? `spec.initContainers{${name}}` : `spec.containers{${name}}`;
}
