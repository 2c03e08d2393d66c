// The kubelet's plan for one sync of one pod: a pure function of the runtime snapshot and
// the probe results. Mirrors kubeGenericRuntimeManager.computePodActions
// (pkg/kubelet/kuberuntime/kuberuntime_manager.go) and computeInitContainerActions
// (kuberuntime_container.go), 1.33 with LegacySidecarContainers off: one algorithm for every
// pod, init containers and native sidecars interleaved (spec/kubelet-lifecycle.md §3, §4).
//
// The executor (the pod worker) runs the plan in this order: if killPod, kill every running
// container (sidecar ordering) and stop the sandbox; otherwise kill containersToKill one at a
// time. Then, if createSandbox, create a new sandbox; then start initContainersToStart and
// containersToStart in spec order. killPod together with createSandbox means "tear down the
// old sandbox, then carry on with the new one" — it does not end the sync.
// The crash-loop back-off is checked by the executor at start time (crash-loop-backoff.ts).
import type { Container, Pod } from "../api/core.ts";
import { isSidecar } from "../api/core.ts";
import type { RuntimeContainer } from "../runtime/runtime.ts";
import { containerChanged } from "./container-hash.ts";
import { newestInstance, shouldContainerBeRestarted } from "./should-restart.ts";
import type { ContainerToKill, KillReason, PodActions, PodSnapshot } from "./types.ts";

/** isInitContainerFailed (kuberuntime_container.go): exited ≠ 0, OOM-killed, or unknown. */
function isInitContainerFailed(s: RuntimeContainer): boolean {
  if (s.reason === "OOMKilled") return true;
  if (s.state === "exited" && (s.exitCode ?? 0) !== 0) return true;
  return s.state === "unknown";
}

/** shouldRestartOnFailure: every restartPolicy except Never. */
function restartOnFailure(pod: Pod): boolean {
  return (pod.spec.restartPolicy ?? "Always") !== "Never";
}

function kill(s: RuntimeContainer, c: Container, reason: KillReason, message: string): ContainerToKill {
  return { containerId: s.id, name: c.name, container: c, reason, message };
}

export function computePodActions(s: PodSnapshot): PodActions {
  const { pod } = s;
  const sandboxReady = s.sandbox?.state === "ready";
  const actions: PodActions = {
    killPod: false, createSandbox: false, initContainersToStart: [], containersToStart: [], containersToKill: [], podHasInitialized: false,
  };

  // Deliberate difference: Kubernetes never calls computePodActions for a pod being deleted
  // (the pod worker switches to SyncTerminatingPod, which kills everything). Answering
  // "kill the pod, start nothing" gives the executor the same outcome from one entry point.
  if (pod.metadata.deletionTimestamp) {
    actions.killPod = true;
    actions.podHasInitialized = hasAnyMainCreatedOrRunning(pod, s.containers);
    return actions;
  }

  if (!sandboxReady) return sandboxActions(s, actions);

  const initialized = computeInitContainerActions(s, actions);
  actions.podHasInitialized = initialized;
  if (actions.killPod || !initialized) return actions;

  let keepCount = 0;
  pod.spec.containers.forEach((c, idx) => {
    const st = newestInstance(s.containers, c.name);
    if (!st || st.state !== "running") {
      if (shouldContainerBeRestarted(c, pod, s.containers)) {
        actions.containersToStart.push(idx);
        if (st?.state === "unknown") {
          actions.containersToKill.push(kill(st, c, "Unknown", `Container is in "unknown" state, try killing it before restart`));
        }
      }
      return;
    }
    let restart = restartOnFailure(pod);
    let message: string;
    let reason: KillReason;
    if (containerChanged(c, st)) {
      message = `Container ${c.name} definition changed`;
      reason = "ImageChanged";
      restart = true; // regardless of restartPolicy: the spec changed
    } else if (s.probes.get(st.id, "liveness") === "Failure") {
      message = `Container ${c.name} failed liveness probe`;
      reason = "LivenessProbe";
    } else if (s.probes.get(st.id, "startup") === "Failure") {
      message = `Container ${c.name} failed startup probe`;
      reason = "StartupProbe";
    } else {
      keepCount++;
      return;
    }
    if (restart) {
      message = `${message}, will be restarted`;
      actions.containersToStart.push(idx);
    }
    actions.containersToKill.push(kill(st, c, reason, message));
  });

  // Pod completion: nothing left to keep or start → kill the pod, and do not restart
  // sidecars ("to prevent the restartable init containers to keep pod alive").
  if (keepCount === 0 && actions.containersToStart.length === 0) {
    actions.killPod = true;
    actions.initContainersToStart = [];
  }
  return actions;
}

/**
 * The createPodSandbox branch: no ready sandbox. Everything starts from scratch, except that
 * a pod that must not restart and already ran in an earlier sandbox is only killed.
 */
function sandboxActions(s: PodSnapshot, actions: PodActions): PodActions {
  const { pod } = s;
  // Kubernetes sets KillPod whenever it creates a sandbox (killing an empty pod is a no-op
  // there). pillion sets it only when something of an earlier sandbox may still run, so an
  // executor that ends the sync after a pod kill re-creates the sandbox on the next one.
  const hadSandbox = s.sandbox !== undefined;
  actions.killPod = hadSandbox && s.containers.some((c) => c.state !== "exited");
  actions.createSandbox = true;
  // "attempt != 0 && len(ContainerStatuses) != 0": Never pods that ran are not re-created.
  if (!restartOnFailure(pod) && hadSandbox && s.containers.length > 0) {
    actions.createSandbox = false;
    actions.killPod = true;
    return actions;
  }
  const toStart: number[] = [];
  pod.spec.containers.forEach((c, idx) => {
    if (pod.spec.restartPolicy === "OnFailure" && containerSucceeded(c, s.containers)) return;
    toStart.push(idx);
  });
  if (toStart.length === 0 && hasAnyRegularContainerCreated(pod, s.containers)) {
    // Initialization is done and nothing is left to start: no new sandbox, just kill.
    actions.createSandbox = false;
    actions.killPod = true;
    return actions;
  }
  if ((pod.spec.initContainers ?? []).length > 0) {
    actions.initContainersToStart = [0];
    return actions;
  }
  actions.containersToStart = toStart;
  return actions;
}

function containerSucceeded(c: Container, instances: readonly RuntimeContainer[]): boolean {
  const st = newestInstance(instances, c.name);
  return st?.state === "exited" && (st.exitCode ?? 0) === 0;
}

/** hasAnyRegularContainerCreated: a main container's newest instance is created/running/exited. */
function hasAnyRegularContainerCreated(pod: Pod, instances: readonly RuntimeContainer[]): boolean {
  return pod.spec.containers.some((c) => {
    const st = newestInstance(instances, c.name)?.state;
    return st === "created" || st === "running" || st === "exited";
  });
}

/** computeInitContainerActions' podHasInitialized seed: exited mains do not count (reboot). */
function hasAnyMainCreatedOrRunning(pod: Pod, instances: readonly RuntimeContainer[]): boolean {
  return pod.spec.containers.some((c) => {
    const st = newestInstance(instances, c.name)?.state;
    return st === "created" || st === "running";
  });
}

/**
 * computeInitContainerActions: walks the init containers from last to first so that the
 * last one with a record decides where initialization stands (earlier records may have been
 * pruned), restarting sidecars on the way. Returns whether the pod has initialized.
 */
function computeInitContainerActions(s: PodSnapshot, actions: PodActions): boolean {
  const { pod } = s;
  const inits = pod.spec.initContainers ?? [];
  if (inits.length === 0) return true;

  let podHasInitialized = hasAnyMainCreatedOrRunning(pod, s.containers);
  let prevInit = podHasInitialized; // everything before the current index is done
  const onFailure = restartOnFailure(pod);
  const start = actions.initContainersToStart;

  for (let i = inits.length - 1; i >= 0; i--) {
    const c = inits[i];
    if (!c) continue;
    const sidecar = isSidecar(c);
    const st = newestInstance(s.containers, c.name);
    if (!st) {
      if (prevInit && sidecar) start.push(i); // record lost: re-create the sidecar
      continue;
    }
    if (prevInit && !sidecar) continue; // after initialization only sidecars are kept running

    switch (st.state) {
      case "created":
        start.push(i); // the runtime failed to start it: retry
        break;
      case "running": {
        if (!sidecar) break; // wait for the regular init container to finish
        if (c.startupProbe) {
          const r = s.probes.get(st.id, "startup");
          if (r === undefined) break; // not probed yet: wait
          if (r !== "Success") {
            if (r === "Failure") {
              actions.containersToKill.push(kill(st, c, "StartupProbe", `Init container ${c.name} failed startup probe`));
              start.push(i);
            }
            break;
          }
        }
        // The sidecar has started.
        if (i === inits.length - 1) podHasInitialized = true;
        else if (!prevInit) start.push(i + 1); // first time started: start the next one
        if (containerChanged(c, st)) {
          actions.containersToKill.push(kill(st, c, "ImageChanged", `Init container ${c.name} definition changed`));
          start.push(i);
          break;
        }
        if (c.livenessProbe) {
          const r = s.probes.get(st.id, "liveness");
          if (r === "Failure") {
            actions.containersToKill.push(kill(st, c, "LivenessProbe", `Init container ${c.name} failed liveness probe`));
            start.push(i);
          }
        }
        break;
      }
      case "exited":
        if (sidecar) {
          start.push(i); // sidecars always restart, whatever the pod's restartPolicy
        } else if (isInitContainerFailed(st)) {
          if (!onFailure) return failPod(actions);
          start.push(i);
        } else if (i === inits.length - 1) {
          podHasInitialized = true;
        } else {
          start.push(i + 1);
        }
        break;
      case "unknown":
        if (!sidecar && !onFailure) return failPod(actions);
        actions.containersToKill.push(kill(st, c, "Unknown", `Init container is in "unknown" state, try killing it before restart`));
        start.push(i);
        break;
    }
    prevInit = true;
  }
  if (!prevInit) start.push(0); // nothing started yet
  start.reverse();
  return podHasInitialized;
}

function failPod(actions: PodActions): false {
  actions.killPod = true;
  actions.initContainersToStart = [];
  return false;
}
