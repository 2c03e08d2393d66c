// Test fixtures for the kubelet's pure functions: a pod, runtime instances labelled the way
// the kubelet labels them, probe results, and a snapshot. Used by the table tests only.
import type { Container, Pod } from "../../api/core.ts";
import type { RuntimeContainer, RuntimeContainerState, RuntimeSandbox } from "../../runtime/runtime.ts";
import { ANNOTATION_CONTAINER_HASH, ANNOTATION_RESTART_COUNT, LABEL_CONTAINER_NAME } from "../../runtime/runtime.ts";
import { hashContainer } from "../container-hash.ts";
import type { PodSnapshot, ProbeResult, ProbeResults, ProbeType, StartError } from "../types.ts";

export const T0 = Date.UTC(2025, 10, 22, 10, 10, 0);

export function makePod(spec: Partial<Pod["spec"]> = {}): Pod {
  return {
    apiVersion: "v1", kind: "Pod",
    metadata: { name: "web", namespace: "default", uid: "uid-1", creationTimestamp: "2025-11-22T10:10:00Z" },
    spec: { restartPolicy: "Always", containers: [{ name: "main", image: "busybox:1.36" }], ...spec },
  };
}

export function sidecar(name: string, extra: Partial<Container> = {}): Container {
  return { name, image: "busybox:1.36", restartPolicy: "Always", ...extra };
}

export interface InstanceOptions {
  id?: string;
  exitCode?: number;
  reason?: string;
  /** Seconds after T0. */
  created?: number;
  started?: number;
  finished?: number;
  restartCount?: number;
  image?: string;
  sandboxId?: string;
}

let seq = 0;

/** One runtime instance of `c`, annotated with the hash of `c` (or of `image` when given). */
export function makeInstance(c: Container, state: RuntimeContainerState, o: InstanceOptions = {}): RuntimeContainer {
  const created = T0 + (o.created ?? seq++) * 1000;
  const hashed: Container = { ...c, image: o.image ?? c.image ?? "" };
  const inst: RuntimeContainer = {
    id: o.id ?? `${c.name}-${o.restartCount ?? 0}`, sandboxId: o.sandboxId ?? "sb-1", name: c.name, attempt: o.restartCount ?? 0, state,
    createdAt: created, image: hashed.image ?? "", imageRef: `sha256:${hashed.image ?? ""}`,
    labels: { [LABEL_CONTAINER_NAME]: c.name },
    annotations: { [ANNOTATION_CONTAINER_HASH]: hashContainer(hashed), [ANNOTATION_RESTART_COUNT]: String(o.restartCount ?? 0) },
  };
  if (state !== "created") inst.startedAt = o.started !== undefined ? T0 + o.started * 1000 : created;
  if (state === "exited") {
    inst.finishedAt = o.finished !== undefined ? T0 + o.finished * 1000 : created + 1000;
    inst.exitCode = o.exitCode ?? 0;
    inst.reason = o.reason ?? ((o.exitCode ?? 0) === 0 ? "Completed" : "Error");
  }
  return inst;
}

export function makeProbes(results: Record<string, Partial<Record<ProbeType, ProbeResult>>> = {}): ProbeResults {
  return { get: (id, type) => results[id]?.[type] };
}

export const readySandbox: RuntimeSandbox = {
  id: "sb-1", podUid: "uid-1", name: "web", namespace: "default", state: "ready", createdAt: T0, labels: {}, annotations: {},
};

export function makeSnapshot(pod: Pod, containers: RuntimeContainer[], extra: Partial<PodSnapshot> = {}): PodSnapshot {
  return {
    pod, sandbox: readySandbox, containers: [...containers].sort((a, b) => b.createdAt - a.createdAt), probes: makeProbes(),
    startErrors: new Map<string, StartError>(), now: T0 + 600_000, ...extra,
  };
}
