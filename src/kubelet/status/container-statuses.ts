// API container statuses from runtime instances (spec/kubelet-lifecycle.md §11). Mirrors
// Kubelet.convertToAPIContainerStatuses (pkg/kubelet/kubelet_pods.go) followed by the prober
// manager's UpdatePodStatus (pkg/kubelet/prober/prober_manager.go), which sets `started` and
// `ready`. Feature-gated paths that are off in 1.33 (RestartAllContainers, resize, image
// volumes, user, stop signal) are left out.
import type { Container, ContainerState, ContainerStatus, Pod } from "../../api/core.ts";
import { isSidecar } from "../../api/core.ts";
import { rfc3339 } from "../../machinery/clock.ts";
import type { RuntimeContainer } from "../../runtime/runtime.ts";
import { instancesOf, newestInstance, restartCountOf, shouldContainerBeRestarted } from "../should-restart.ts";
import type { PodSnapshot, ProbeResults } from "../types.ts";

export const MESSAGE_STATUS_UNKNOWN = "The container could not be located when the pod was terminated";

interface ConvertInput {
  snapshot: PodSnapshot;
  containers: readonly Container[];
  previous: readonly ContainerStatus[] | undefined;
  isInit: boolean;
  runtimeName: string;
}

function clone<T>(v: T): T {
  return structuredClone(v);
}

/** One instance → a status (convertContainerStatus). */
function convertInstance(cs: RuntimeContainer, old: ContainerStatus | undefined, runtimeName: string): ContainerStatus {
  const cid = `${runtimeName}://${cs.id}`;
  const status: ContainerStatus = {
    name: cs.name, state: {}, lastState: {}, ready: false, restartCount: restartCountOf(cs),
    image: cs.image, imageID: cs.imageRef, containerID: cid,
  };
  switch (cs.state) {
    case "running":
      status.state = { running: { startedAt: rfc3339(cs.startedAt ?? cs.createdAt) } };
      break;
    case "created":
      status.state = { waiting: {} }; // created but not running: "waiting to be running"
      break;
    case "exited": {
      const t: NonNullable<ContainerState["terminated"]> = { exitCode: cs.exitCode ?? 0 };
      if (cs.reason) t.reason = cs.reason;
      if (cs.message) t.message = cs.message;
      if (cs.startedAt !== undefined) t.startedAt = rfc3339(cs.startedAt);
      if (cs.finishedAt !== undefined) t.finishedAt = rfc3339(cs.finishedAt);
      t.containerID = cid;
      status.state = { terminated: t };
      break;
    }
    case "unknown":
      if (old?.state.running) {
        // It ran and vanished: report a failure rather than "never ran" (runOnce pods
        // would otherwise run twice); the CRI has no count for it, so add one.
        status.state = { terminated: { exitCode: 137, reason: "ContainerStatusUnknown", message: MESSAGE_STATUS_UNKNOWN } };
        status.restartCount = old.restartCount + 1;
      } else {
        status.state = { waiting: {} };
      }
      break;
  }
  return status;
}

/** convertToAPIContainerStatuses: statuses in spec order (sorting is the caller's). */
export function convertContainerStatuses(input: ConvertInput): ContainerStatus[] {
  const { snapshot: s, containers, isInit, runtimeName } = input;
  const pod = s.pod;
  const hasInits = (pod.spec.initContainers ?? []).length > 0;
  const defaultReason = hasInits ? "PodInitializing" : "ContainerCreating";
  const olds = new Map((input.previous ?? []).map((st) => [st.name, st] as const));
  const statuses = new Map<string, ContainerStatus>();

  for (const c of containers) {
    let status: ContainerStatus = {
      name: c.name, state: { waiting: { reason: defaultReason } }, lastState: {}, ready: false, restartCount: 0, image: c.image ?? "", imageID: "",
    };
    const old = olds.get(c.name);
    if (old) {
      if (old.state.terminated) status = clone(old); // terminal states do not flicker back
      else {
        status.restartCount = old.restartCount;
        status.lastState = clone(old.lastState);
      }
    }
    statuses.set(c.name, status);
  }

  // A container that was running and whose record vanished is shown as stopped, not as
  // waiting (which would push the pod back to Pending).
  for (const c of containers) {
    if (s.containers.some((i) => i.name === c.name)) continue;
    const old = olds.get(c.name);
    const status = statuses.get(c.name);
    if (!old || !status || old.state.terminated || !old.state.running) continue;
    if (status.state.waiting?.reason !== defaultReason || status.lastState.terminated) continue;
    status.lastState = {
      terminated: {
        exitCode: 137, reason: "ContainerStatusUnknown",
        message: "The container could not be located when the pod was deleted.  The container used to be Running",
      },
    };
    if (!pod.metadata.deletionTimestamp) status.restartCount += 1;
  }

  // Newest instance → state, second newest → lastState.
  for (const c of containers) {
    const [newest, previous] = instancesOf(s.containers, c.name);
    if (!newest) continue;
    const status = convertInstance(newest, olds.get(c.name), runtimeName);
    if (previous) status.lastState = convertInstance(previous, olds.get(c.name), runtimeName).state;
    statuses.set(c.name, status);
  }

  // Containers that will be restarted in the next sync and whose last start failed wait.
  for (const c of containers) {
    const status = statuses.get(c.name);
    if (!status) continue;
    if (isInit) {
      const newest = newestInstance(s.containers, c.name);
      if (newest?.state === "exited" && (newest.exitCode ?? 0) === 0) continue;
      if (!newest && !isSidecar(c) && status.state.waiting && anyMainCreated(pod, s.containers)) {
        status.state = {
          terminated: {
            exitCode: 0, reason: "Completed",
            message: "Unable to get init container status from container runtime and pod has been initialized, treat it as exited normally",
          },
        };
        continue;
      }
    }
    if (!shouldContainerBeRestarted(c, pod, s.containers)) continue;
    const err = s.startErrors.get(c.name);
    if (!err) continue;
    if (status.state.terminated) status.lastState = status.state;
    status.state = { waiting: { reason: err.reason, message: err.message } };
  }

  const out = containers.map((c) => statuses.get(c.name)).filter((st): st is ContainerStatus => st !== undefined);
  for (const st of out) applyProbes(st, containers.find((c) => c.name === st.name), input.isInit, s.probes);
  return out;
}

function anyMainCreated(pod: Pod, instances: readonly RuntimeContainer[]): boolean {
  return pod.spec.containers.some((c) => {
    const st = newestInstance(instances, c.name)?.state;
    return st === "created" || st === "running" || st === "exited";
  });
}

/** The runtime id inside "<runtime>://<id>". */
function instanceId(containerID: string | undefined): string {
  if (!containerID) return "";
  const i = containerID.indexOf("://");
  return i < 0 ? containerID : containerID.slice(i + 3);
}

/**
 * prober manager UpdatePodStatus: started = running && (startup result Success, or no
 * startup probe); ready (mains, sidecars) = started && running && (readiness Success or no
 * readiness probe); a regular init container is ready once it terminated with exit 0.
 */
function applyProbes(st: ContainerStatus, c: Container | undefined, isInit: boolean, probes: ProbeResults): void {
  const id = instanceId(st.containerID);
  let started = false;
  if (st.state.running) {
    const r = probes.get(id, "startup");
    started = r !== undefined ? r === "Success" : !c?.startupProbe;
  }
  st.started = started;
  if (isInit && c && !isSidecar(c)) {
    if (st.state.terminated?.exitCode === 0) st.ready = true;
    return;
  }
  if (!started) return;
  if (!st.state.running) st.ready = false;
  else if (probes.get(id, "readiness") === "Success") st.ready = true;
  else st.ready = !c?.readinessProbe;
}
