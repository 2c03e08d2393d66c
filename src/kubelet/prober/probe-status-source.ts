// What a probe worker needs to know about its pod and container, provided by the kubelet. In
// Kubernetes the worker reads the status manager's cached pod status (the status the kubelet
// last generated), so these answers must come from the kubelet's last observed view, not from
// a fresh runtime read: e.g. a container is seen "running" only once its start (postStart
// included) has been recorded.
import type { RuntimeContainer } from "../../runtime/runtime.ts";

export interface ProbeStatusSource {
  /** The newest instance of the worker's container, if any was created. */
  currentInstance(): RuntimeContainer | undefined;
  /** prober_manager isContainerStarted for that instance (running && startup probe passed). */
  isStarted(containerId: string): boolean;
  /** The pod's phase is Succeeded or Failed: probing ends. */
  podIsTerminal(): boolean;
  /** The pod has a deletionTimestamp: liveness and startup probing end (with Success). */
  podIsTerminating(): boolean;
  /** Whether an exited instance of this container will be restarted (sidecars: always; mains: restart policy). */
  canRestart(): boolean;
}
