// What the kubelet's streaming server does for exec, attach and port-forward (pkg/kubelet/
// server/server.go getExec/getAttach/getPortForward with a CRI runtime): find the pod's running
// container or ready sandbox and hand out the runtime's streams. The API server has already
// checked the pod and the container name (its ExecLocation); what fails here fails as the real
// kubelet's does, with a plain-text error before the protocol switch (kubectl prints
// `error: unable to upgrade connection: <text>`).
import type { Duplex } from "node:stream";
import type { Pod } from "../api/core.ts";
import { LABEL_CONTAINER_NAME, LABEL_POD_UID, RuntimeError, type ContainerRuntime, type StreamOptions, type StreamSession } from "../runtime/runtime.ts";

/** A failure before the protocol switch: the kubelet's streaming.WriteError (HTTP 500, plain text). */
export class StreamTargetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StreamTargetError";
  }
}

export interface PodStreams {
  /** The running instance of a container; rejects StreamTargetError `container not found ("name")`. */
  findContainer(pod: Pod, container: string): Promise<{ containerId: string }>;
  exec(containerId: string, argv: string[], options: StreamOptions): Promise<StreamSession>;
  attach(containerId: string, options: StreamOptions): Promise<StreamSession>;
  /** The pod's ready sandbox; rejects StreamTargetError `pod not found ("name_namespace")`. */
  findSandbox(pod: Pod): Promise<{ sandboxId: string }>;
  /**
   * A connection to localhost:port in the sandbox's network. Rejects with the text containerd
   * gives (it becomes `error forwarding port … to pod <sandboxId>, uid : <text>` on the error stream).
   */
  dialPort(sandboxId: string, port: number): Promise<Duplex>;
}

/** Kubernetes' GetPodFullName: name_namespace. */
const podFullName = (pod: Pod): string => `${pod.metadata.name ?? ""}_${pod.metadata.namespace ?? ""}`;

export function podStreams(runtime: ContainerRuntime): PodStreams {
  return {
    async findContainer(pod, container) {
      // findContainer looks at running containers only (GetPods(all=false)).
      const running = (await runtime.listContainers())
        .filter((c) => c.state === "running" && c.labels[LABEL_POD_UID] === pod.metadata.uid && c.labels[LABEL_CONTAINER_NAME] === container)
        .sort((a, b) => b.createdAt - a.createdAt)[0];
      if (!running) throw new StreamTargetError(`container not found (${JSON.stringify(container)})`);
      return { containerId: running.id };
    },
    exec: (containerId, argv, options) => runtime.execStream(containerId, argv, options),
    attach: (containerId, options) => runtime.attach(containerId, options),
    async findSandbox(pod) {
      const sandbox = (await runtime.listPodSandboxes())
        .filter((s) => s.state === "ready" && s.podUid === pod.metadata.uid)
        .sort((a, b) => b.createdAt - a.createdAt)[0];
      if (!sandbox) throw new StreamTargetError(`pod not found (${JSON.stringify(podFullName(pod))})`);
      return { sandboxId: sandbox.id };
    },
    async dialPort(sandboxId, port) {
      try {
        return await runtime.dialPort(sandboxId, port);
      } catch (e) {
        // containerd's message (its portforward for Linux); pillion dials IPv4 only.
        const why = e instanceof RuntimeError || e instanceof Error ? e.message : String(e);
        throw new Error(`failed to connect to localhost:${port} inside namespace ${JSON.stringify(sandboxId)}, IPv4: ${why} `, { cause: e });
      }
    },
  };
}
