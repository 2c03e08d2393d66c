// The container runtime, CRI-shaped (k8s.io/cri-api RuntimeService, trimmed to what the
// kubelet uses). Two implementations pass one conformance suite (runtime.suite.ts):
// the stateful fake (src/runtime/fake-runtime.ts) and the OCI runtime (src/oci/).
//
// Deliberate differences from CRI, because pillion has no separate volume manager, CNI or cAdvisor:
// - the sandbox config carries the pod's volumes and the runtime prepares them;
// - network probes (httpGet, tcpSocket, grpc) are runtime calls, because only the runtime can
//   enter the pod's network namespace. The kubelet's prober applies Kubernetes' rules
//   (status ranges, redirects, messages) on top of these raw calls;
// - exec/attach/port-forward are streams handed to the caller (CRI returns a URL of the runtime's
//   own streaming server instead); the API server speaks kubectl's protocols over them;
// - containerStats/nodeStats read the cgroups directly (the kubelet asks cAdvisor for the node).
import type { Duplex, Readable, Writable } from "node:stream";

/** CRI container states. "unknown": the runtime lost track of it (e.g. conmon died). */
export type RuntimeContainerState = "created" | "running" | "exited" | "unknown";

export interface SandboxVolume {
  name: string;
  emptyDir?: { medium?: "" | "Memory"; sizeLimitBytes?: number };
  hostPath?: { path: string; type?: string };
}

export interface PodSandboxConfig {
  podUid: string;
  name: string;
  namespace: string;
  /** The pod's hostname (UTS namespace). */
  hostname: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  volumes: SandboxVolume[];
}

export interface RuntimeSandbox {
  id: string;
  podUid: string;
  name: string;
  namespace: string;
  state: "ready" | "notready";
  createdAt: number;
  /** The pod's IP, when it has one beyond loopback. */
  ip?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export interface Mount {
  /** A volume of the sandbox. */
  volumeName: string;
  containerPath: string;
  readOnly: boolean;
  subPath?: string;
}

export interface LinuxResources {
  memoryLimitBytes?: number;
  /** CFS quota and period, µs. */
  cpuQuota?: number;
  cpuPeriod?: number;
  cpuShares?: number;
  pidsLimit?: number;
}

export interface ContainerSecurity {
  runAsUser?: number;
  runAsGroup?: number;
  privileged?: boolean;
  readOnlyRootFilesystem?: boolean;
  allowPrivilegeEscalation?: boolean;
  capabilitiesAdd?: string[];
  capabilitiesDrop?: string[];
}

export interface ContainerConfig {
  /** The container's name in the pod spec. */
  name: string;
  /** Restart count of this instance (0 for the first). */
  attempt: number;
  image: string;
  /** Already expanded ($(VAR) references resolved by the kubelet). Empty: the image's entrypoint. */
  command: string[];
  /** Already expanded. Empty: the image's default arguments. */
  args: string[];
  /** Fully resolved (valueFrom included), in spec order. */
  env: { name: string; value: string }[];
  workingDir?: string;
  mounts: Mount[];
  resources: LinuxResources;
  security: ContainerSecurity;
  stdin: boolean;
  stdinOnce: boolean;
  tty: boolean;
  /** Signal name to stop with (default "SIGTERM"). */
  stopSignal?: string;
  /** Path inside the container whose content becomes the termination message. */
  terminationMessagePath?: string;
  /** Kept with the container and returned by list(): how the kubelet re-adopts it. */
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export interface RuntimeContainer {
  id: string;
  sandboxId: string;
  name: string;
  attempt: number;
  state: RuntimeContainerState;
  /** Epoch ms. */
  createdAt: number;
  startedAt?: number;
  finishedAt?: number;
  exitCode?: number;
  /** "Completed" | "Error" | "OOMKilled" | "StartError" | "ContainerCannotRun"... as CRI-O reports. */
  reason?: string;
  /** The termination message or the runtime's error text. */
  message?: string;
  image: string;
  imageRef: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export interface ExecResult {
  exitCode: number;
  /** Combined stdout and stderr, capped (the kubelet keeps at most 10 KiB). */
  output: string;
  timedOut: boolean;
}

export interface ExecOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface LogLine {
  /** Epoch ms, from the CRI log timestamp. */
  time: number;
  /** RFC 3339 with nanoseconds, exactly as the log file has it. */
  timestamp: string;
  stream: "stdout" | "stderr";
  /** P: partial line (no newline yet); F: full line. */
  tag: "P" | "F";
  text: string;
}

export interface LogOptions {
  /** Keep reading until the container exits (and its log is drained) or the signal aborts. */
  follow?: boolean;
  signal?: AbortSignal;
}

export interface HttpProbeRequest {
  scheme: "HTTP" | "HTTPS";
  /** Inside the pod's network: "127.0.0.1" when the probe gives no host. */
  host: string;
  port: number;
  path: string;
  /** In order; the kubelet has already applied defaults and removals. */
  headers: [string, string][];
  timeoutMs: number;
}

export interface HttpProbeResponse {
  statusCode: number;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  /** At most 10 KiB. */
  body: string;
}

export interface TerminalSize {
  width: number;
  height: number;
}

export interface StreamOptions {
  /** The caller writes the process's stdin (else the process gets none: /dev/null for exec). */
  stdin: boolean;
  /** A terminal: one output stream (stdout), stderr is null, resize() applies. */
  tty: boolean;
}

/**
 * A process's standard streams, for kubectl exec and attach. Output streams carry raw bytes
 * (binary-safe: kubectl cp sends tar through them) and honour back-pressure.
 */
export interface StreamSession {
  /** null unless opened with stdin. end() closes the process's stdin (EOF). */
  readonly stdin: Writable | null;
  /** stdout, or in tty mode the terminal's output. Ends when the process (exec) or the attachment (attach) ends. */
  readonly stdout: Readable;
  /** null in tty mode. */
  readonly stderr: Readable | null;
  /** Sets the terminal's size (SIGWINCH to the process); ignored without a tty. */
  resize(size: TerminalSize): void;
  /**
   * exec: the exit code, once the process has exited and stdout/stderr have ended (a process killed
   * by a signal: 128 + its number). attach: the container's exit code when it exits while attached,
   * or null when close() detached first.
   */
  readonly exit: Promise<number | null>;
  /** exec: kills the process (the client went away); attach: detaches. Idempotent. */
  close(): void;
}

export interface ContainerStats {
  /** Epoch ms of the reading. */
  timestamp: number;
  /** Cumulative CPU time used, ns (cpuacct.usage). */
  cpuUsageNanoSeconds: number;
  /** The kubelet's working set: memory usage minus inactive file pages. */
  memoryWorkingSetBytes: number;
}

/** Errors a runtime call rejects with; message is the text shown to the user. */
export class RuntimeError extends Error {
  readonly code: RuntimeErrorCode;
  constructor(code: RuntimeErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "RuntimeError";
    this.code = code;
  }
}

export type RuntimeErrorCode =
  | "NotFound" // no such sandbox/container
  | "ImageNotFound" // the image cannot be resolved (→ ErrImagePull)
  | "CreateFailed" // create failed (→ CreateContainerError)
  | "StartFailed" // start failed (→ RunContainerError)
  | "NotRunning" // exec or network call on a container/sandbox that is not running
  | "MissingDependency" // a system binary or package is missing
  | "Network" // a network probe call failed (message as Go prints it: "dial tcp 127.0.0.1:80: connect: connection refused")
  | "Timeout"
  | "Internal";

export type RuntimeEvent =
  | { type: "ContainerCreated" | "ContainerStarted" | "ContainerStopped" | "ContainerDeleted"; containerId: string; sandboxId: string }
  | { type: "SandboxChanged"; sandboxId: string };

export interface ContainerRuntime {
  /** "fake", "crun", "runc": the prefix of containerIDs ("crun://abc"). */
  readonly name: string;

  runPodSandbox(config: PodSandboxConfig): Promise<RuntimeSandbox>;
  /** Stops every container of the sandbox (SIGKILL) and tears down its namespaces. Idempotent. */
  stopPodSandbox(sandboxId: string): Promise<void>;
  /** Removes a stopped sandbox, its containers, their logs and its emptyDir volumes. Idempotent. */
  removePodSandbox(sandboxId: string): Promise<void>;
  listPodSandboxes(): Promise<RuntimeSandbox[]>;

  createContainer(sandboxId: string, config: ContainerConfig): Promise<RuntimeContainer>;
  startContainer(containerId: string): Promise<void>;
  /**
   * Sends the stop signal, waits up to timeoutSeconds, then SIGKILL; resolves once the container
   * has exited. A container already exited resolves at once. timeoutSeconds 0 → SIGKILL at once.
   */
  stopContainer(containerId: string, timeoutSeconds: number): Promise<void>;
  removeContainer(containerId: string): Promise<void>;
  /** All containers (every instance), optionally of one sandbox. */
  listContainers(filter?: { sandboxId?: string }): Promise<RuntimeContainer[]>;
  containerStatus(containerId: string): Promise<RuntimeContainer>;

  /** Runs argv inside a running container. */
  exec(containerId: string, argv: string[], options?: ExecOptions): Promise<ExecResult>;
  /** The container's log from the start (CRI format entries). */
  logs(containerId: string, options?: LogOptions): AsyncIterable<LogLine>;

  /**
   * Runs argv inside a running container with its standard streams handed to the caller
   * (kubectl exec, kubectl cp). Rejects NotFound / NotRunning before starting anything.
   */
  execStream(containerId: string, argv: string[], options: StreamOptions): Promise<StreamSession>;
  /**
   * Attaches to a running container's main process: its output from now on and, when the
   * container was created with stdin (and the caller asks), its stdin; otherwise the session's
   * stdin is null. Rejects NotFound / NotRunning.
   */
  attach(containerId: string, options: StreamOptions): Promise<StreamSession>;
  /**
   * A TCP connection to 127.0.0.1:port inside the sandbox's network namespace (port-forward).
   * Rejects RuntimeError "Network" with Go's text ("dial tcp4 127.0.0.1:9: connect: connection
   * refused") or "NotFound"/"NotRunning" for the sandbox. Destroying the Duplex closes it.
   */
  dialPort(sandboxId: string, port: number): Promise<Duplex>;
  /** CPU and memory of a running container; undefined when it is not running. */
  containerStats(containerId: string): Promise<ContainerStats | undefined>;
  /** CPU and memory of the whole node (the root cgroup, as the kubelet's summary API). */
  nodeStats(): Promise<ContainerStats>;

  /** A raw HTTP GET inside the sandbox's network namespace. Rejects with RuntimeError "Network"/"Timeout". */
  httpGet(sandboxId: string, request: HttpProbeRequest): Promise<HttpProbeResponse>;
  /** A TCP connect inside the sandbox's network namespace, closed at once. */
  tcpConnect(sandboxId: string, host: string, port: number, timeoutMs: number): Promise<void>;
  /** grpc.health.v1 Check inside the sandbox network; resolves with the serving status name. */
  grpcHealthCheck(sandboxId: string, host: string, port: number, service: string, timeoutMs: number): Promise<string>;

  /** PLEG: called on every state change. Returns an unsubscribe function. */
  subscribe(listener: (event: RuntimeEvent) => void): () => void;
  /** Releases watchers and file handles; containers keep running. */
  close(): Promise<void>;
}

/** Labels the kubelet puts on every container, as the real kubelet does (kuberuntime labels.go). */
export const LABEL_POD_NAME = "io.kubernetes.pod.name";
export const LABEL_POD_NAMESPACE = "io.kubernetes.pod.namespace";
export const LABEL_POD_UID = "io.kubernetes.pod.uid";
export const LABEL_CONTAINER_NAME = "io.kubernetes.container.name";
export const ANNOTATION_CONTAINER_HASH = "io.kubernetes.container.hash";
export const ANNOTATION_RESTART_COUNT = "io.kubernetes.container.restartCount";
