// One `kubectl get pods` row. Mirrors printPod (pkg/printers/internalversion/printers.go):
// NAME, READY, STATUS, RESTARTS, AGE, and the -o wide columns IP, NODE, NOMINATED NODE,
// READINESS GATES. See spec/kubelet-lifecycle.md §12 for the rules in prose.
import type { Container, ContainerStatus, Pod } from "../api/core.ts";
import { isSidecar } from "../api/core.ts";
import { humanDuration, translateTimestampSince } from "./human-duration.ts";

export interface PodRow {
  name: string;
  ready: string;
  status: string;
  restarts: string;
  age: string;
  ip: string;
  node: string;
  nominatedNode: string;
  readinessGates: string;
}

/** Which columns the table has; the wide ones print only with `-o wide`. */
export const POD_COLUMNS = ["Name", "Ready", "Status", "Restarts", "Age", "IP", "Node", "Nominated Node", "Readiness Gates"] as const;

function finishedAt(s: ContainerStatus): number {
  const t = s.lastState.terminated?.finishedAt;
  return t ? Date.parse(t) : 0;
}

function terminatedReason(t: NonNullable<ContainerStatus["state"]["terminated"]>): string {
  return t.signal ? `Signal:${t.signal}` : `ExitCode:${t.exitCode}`;
}

export function podRow(pod: Pod, now: number): PodRow {
  const status = pod.status ?? {};
  const inits = pod.spec.initContainers ?? [];
  const initByName = new Map<string, Container>(inits.map((c) => [c.name, c]));
  const conditionTrue = (type: string): boolean => (status.conditions ?? []).some((c) => c.type === type && c.status === "True");

  let restarts = 0;
  let sidecarRestarts = 0;
  let ready = 0;
  const total = pod.spec.containers.length + inits.filter(isSidecar).length;
  let lastRestart = 0;
  let lastSidecarRestart = 0;
  let reason: string = status.reason || status.phase || "";
  if ((status.conditions ?? []).some((c) => c.type === "PodScheduled" && c.reason === "SchedulingGated")) reason = "SchedulingGated";

  let initializing = false;
  const initStatuses = status.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const cs = initStatuses[i];
    if (!cs) continue;
    const spec = initByName.get(cs.name);
    const sidecar = spec !== undefined && isSidecar(spec);
    restarts += cs.restartCount;
    lastRestart = Math.max(lastRestart, finishedAt(cs));
    if (sidecar) {
      sidecarRestarts += cs.restartCount;
      lastSidecarRestart = Math.max(lastSidecarRestart, finishedAt(cs));
    }
    const t = cs.state.terminated;
    if (t && t.exitCode === 0) continue;
    if (sidecar && cs.started === true) {
      if (cs.ready) ready++;
      continue;
    }
    if (t) reason = `Init:${t.reason || terminatedReason(t)}`;
    else if (cs.state.waiting?.reason && cs.state.waiting.reason !== "PodInitializing") reason = `Init:${cs.state.waiting.reason}`;
    else reason = `Init:${i}/${inits.length}`;
    initializing = true;
    break;
  }

  if (!initializing || conditionTrue("Initialized")) {
    restarts = sidecarRestarts;
    lastRestart = lastSidecarRestart;
    let hasRunning = false;
    const statuses = status.containerStatuses ?? [];
    for (let i = statuses.length - 1; i >= 0; i--) {
      const cs = statuses[i];
      if (!cs) continue;
      restarts += cs.restartCount;
      lastRestart = Math.max(lastRestart, finishedAt(cs));
      const t = cs.state.terminated;
      if (cs.state.waiting?.reason) reason = cs.state.waiting.reason;
      else if (t?.reason) reason = t.reason;
      else if (t) reason = terminatedReason(t);
      else if (cs.ready && cs.state.running) {
        hasRunning = true;
        ready++;
      }
    }
    // Back to "Running" if a container still runs after another completed.
    if (reason === "Completed" && hasRunning) reason = conditionTrue("Ready") ? "Running" : "NotReady";
  }

  const terminal = status.phase === "Succeeded" || status.phase === "Failed";
  if (pod.metadata.deletionTimestamp && status.reason === "NodeLost") reason = "Unknown";
  else if (pod.metadata.deletionTimestamp && !terminal) reason = "Terminating";

  const restartsStr = restarts !== 0 && lastRestart > 0
    ? `${restarts} (${humanDuration(now - lastRestart)} ago)`
    : String(restarts);

  const gates = pod.spec.readinessGates ?? [];
  const trueGates = gates.filter((g) => (status.conditions ?? []).find((c) => c.type === g.conditionType)?.status === "True").length;
  const nominated = (status as { nominatedNodeName?: string }).nominatedNodeName;
  return {
    name: pod.metadata.name ?? "",
    ready: `${ready}/${total}`,
    status: reason,
    restarts: restartsStr,
    age: translateTimestampSince(pod.metadata.creationTimestamp, now),
    ip: status.podIPs?.[0]?.ip || "<none>",
    node: pod.spec.nodeName || "<none>",
    nominatedNode: nominated || "<none>",
    readinessGates: gates.length ? `${trueGates}/${gates.length}` : "<none>",
  };
}
