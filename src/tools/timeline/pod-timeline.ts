// The data of `pillion timeline`: one pod's lifecycle as lanes (one per container, with the
// runs recorded in its status) and marks (instants: created, started, probe passed, signals,
// exits, back-off), each with where its time came from.

/** init: a regular init container; sidecar: an init container with restartPolicy Always (KEP-753). */
export type LaneKind = "init" | "sidecar" | "main";

export type MarkKind =
  | "Scheduled" | "Created" | "Started" | "StartupProbeSucceeded" | "Ready" | "Unhealthy" | "Killing"
  | "Exited" | "BackOff" | "Other" | "PodReady" | "PodNotReady" | "PodFinished" | "JobFinished";

export interface TimelineMark {
  timeMs: number;
  /** True when the time is inferred rather than recorded (printed with "≈"). */
  estimated: boolean;
  kind: MarkKind;
  /** The container's name; "" for marks of the pod or its Job. */
  container: string;
  /** The subject as printed: the container's name, "(pod)" or "job/NAME". */
  who: string;
  text: string;
  exitCode?: number;
  /** An exit's reason from the status: Completed, Error, OOMKilled. */
  reason?: string;
  warning?: boolean;
}

/** One run of a container: from its start to its exit (open while it runs). */
export interface ContainerRun {
  startMs: number;
  endMs?: number;
  exitCode?: number;
  reason?: string;
}

export interface ContainerLane {
  name: string;
  kind: LaneKind;
  /** Runs known from the status (the current one and lastState): earlier restarts only leave events. */
  runs: ContainerRun[];
  restartCount: number;
  /** The current waiting reason (ContainerCreating, CrashLoopBackOff, PodInitializing…). */
  waiting?: string;
}

export interface PodTimeline {
  namespace: string;
  name: string;
  phase: string;
  /** Init containers in spec order, then main containers. */
  lanes: ContainerLane[];
  /** In the order things happened (ties broken by the lifecycle's order, see compute-pod-timeline.ts). */
  marks: TimelineMark[];
  /** The first and last instants: marks and runs (an open run ends at the time given as nowMs). */
  startMs: number;
  endMs: number;
}
