// Container logs as the kubelet serves them (pods/log): by pod and container name, the current
// instance or the previous one, optionally followed.
import type { LogLine } from "../runtime/runtime.ts";

export interface ContainerLogOptions {
  follow?: boolean;
  previous?: boolean;
  signal?: AbortSignal;
}

export interface LogSource {
  /**
   * Lines of one instance of a container. With follow, keeps going until that instance exits
   * and its log is drained. Rejects (NotFound-like) when the container has no such instance.
   */
  containerLogs(namespace: string, pod: string, container: string, options?: ContainerLogOptions): AsyncIterable<LogLine>;
  /** Calls back whenever a new container instance of some pod starts (to follow every restart). */
  onContainerStarted(listener: (e: ContainerInstanceInfo) => void): () => void;
  /** The newest instance of every container that already ran before the caller subscribed (a resumed run). */
  existingContainers(): Promise<ContainerInstanceInfo[]>;
}

export interface ContainerInstanceInfo {
  namespace: string;
  pod: string;
  podUid: string;
  container: string;
  attempt: number;
  containerId: string;
}
