// Turns a pod's container spec into the runtime's ContainerConfig, as kuberuntime's
// generateContainerConfig does: environment (valueFrom included) and $(VAR) expansion,
// mounts, resources, security, labels for re-adoption. Failures are
// CreateContainerConfigError with Kubernetes' messages.
import type { Container, EnvVar, Pod } from "../api/core.ts";
import { milliValue, parseQuantity, quantityValue } from "../machinery/quantity.ts";
import {
  ANNOTATION_CONTAINER_HASH, ANNOTATION_RESTART_COUNT, LABEL_CONTAINER_NAME, LABEL_POD_NAME, LABEL_POD_NAMESPACE,
  LABEL_POD_UID, type ContainerConfig, type PodSandboxConfig, type SandboxVolume,
} from "../runtime/runtime.ts";
import { hashContainer } from "./container-hash.ts";
import { expand } from "./expansion.ts";

/** A config that cannot be built: the container waits with CreateContainerConfigError. */
export class ContainerConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ContainerConfigError";
  }
}

export interface PodEnvironment {
  nodeName: string;
  hostIP: string;
  podIP: string;
}

/** fieldRef values (pkg/fieldpath ExtractFieldPathAsString plus the kubelet's status fields). */
function fieldRefValue(pod: Pod, path: string, env: PodEnvironment): string {
  const m = /^metadata\.(labels|annotations)\['(.*)'\]$/.exec(path);
  if (m) return (m[1] === "labels" ? pod.metadata.labels : pod.metadata.annotations)?.[m[2] ?? ""] ?? "";
  switch (path) {
    case "metadata.name": return pod.metadata.name ?? "";
    case "metadata.namespace": return pod.metadata.namespace ?? "";
    case "metadata.uid": return pod.metadata.uid ?? "";
    case "metadata.labels": return formatMap(pod.metadata.labels);
    case "metadata.annotations": return formatMap(pod.metadata.annotations);
    case "spec.nodeName": return pod.spec.nodeName ?? env.nodeName;
    case "spec.serviceAccountName": return pod.spec.serviceAccountName ?? "";
    case "status.hostIP": case "status.hostIPs": return env.hostIP;
    case "status.podIP": case "status.podIPs": return env.podIP;
    default: throw new ContainerConfigError(`unsupported fieldPath: ${path}`);
  }
}

function formatMap(m: Record<string, string> | undefined): string {
  return Object.keys(m ?? {}).sort().map((k) => `${k}=${JSON.stringify(m?.[k] ?? "")}`).join("\n");
}

/** resourceFieldRef: ceil(quantity / divisor), as pkg/api/v1/resource ExtractContainerResourceValue. */
function resourceFieldValue(container: Container, resource: string, divisor: string | undefined): string {
  const [kind, name] = resource.split(".");
  const q = parseQuantity((kind === "limits" ? container.resources?.limits : container.resources?.requests)?.[name ?? ""] ?? "0");
  const d = parseQuantity(divisor && divisor !== "0" ? divisor : "1");
  if (!q || !d || d.nanos <= 0n) return "0";
  return String(q.nanos / d.nanos + (q.nanos % d.nanos > 0n ? 1n : 0n));
}

/** The container's environment in order, later definitions referring to earlier ones. */
export function resolveEnv(pod: Pod, container: Container, env: PodEnvironment): { name: string; value: string }[] {
  const out = new Map<string, string>();
  for (const source of container.envFrom ?? []) {
    const ref = source.configMapRef ?? source.secretRef;
    if (ref && !ref.optional) {
      throw new ContainerConfigError(`${source.configMapRef ? "configmap" : "secret"} "${ref.name ?? ""}" not found`);
    }
  }
  for (const v of container.env ?? []) out.set(v.name, envValue(pod, container, v, out, env));
  return [...out].map(([name, value]) => ({ name, value }));
}

function envValue(pod: Pod, container: Container, v: EnvVar, defined: Map<string, string>, env: PodEnvironment): string {
  if (v.valueFrom?.fieldRef) return fieldRefValue(pod, v.valueFrom.fieldRef.fieldPath, env);
  if (v.valueFrom?.resourceFieldRef) return resourceFieldValue(container, v.valueFrom.resourceFieldRef.resource, v.valueFrom.resourceFieldRef.divisor);
  const keyRef = v.valueFrom?.configMapKeyRef ?? v.valueFrom?.secretKeyRef;
  if (keyRef) {
    if (keyRef.optional) return "";
    throw new ContainerConfigError(`${v.valueFrom?.configMapKeyRef ? "configmap" : "secret"} "${keyRef.name ?? ""}" not found`);
  }
  return expand(v.value ?? "", (name) => defined.get(name));
}

export function buildContainerConfig(pod: Pod, container: Container, attempt: number, env: PodEnvironment): ContainerConfig {
  const resolved = resolveEnv(pod, container, env);
  const lookup = new Map(resolved.map((e) => [e.name, e.value]));
  const ex = (s: string): string => expand(s, (name) => lookup.get(name));
  const limits = container.resources?.limits ?? {};
  const resources: ContainerConfig["resources"] = {};
  const memory = quantityValue(limits["memory"]);
  if (Number.isFinite(memory) && memory > 0) resources.memoryLimitBytes = Math.floor(memory);
  const cpu = milliValue(limits["cpu"]);
  if (Number.isFinite(cpu) && cpu > 0) {
    resources.cpuPeriod = 100_000;
    resources.cpuQuota = Math.max(1000, Math.floor((cpu * 100_000) / 1000));
  }
  const sc = container.securityContext ?? {};
  const security: ContainerConfig["security"] = {};
  if (sc.runAsUser !== undefined) security.runAsUser = sc.runAsUser;
  if (sc.runAsGroup !== undefined) security.runAsGroup = sc.runAsGroup;
  if (sc.privileged !== undefined) security.privileged = sc.privileged;
  if (sc.readOnlyRootFilesystem !== undefined) security.readOnlyRootFilesystem = sc.readOnlyRootFilesystem;
  if (sc.allowPrivilegeEscalation !== undefined) security.allowPrivilegeEscalation = sc.allowPrivilegeEscalation;
  if (sc.capabilities?.add) security.capabilitiesAdd = sc.capabilities.add;
  if (sc.capabilities?.drop) security.capabilitiesDrop = sc.capabilities.drop;
  const config: ContainerConfig = {
    name: container.name,
    attempt,
    image: container.image ?? "",
    command: (container.command ?? []).map(ex),
    args: (container.args ?? []).map(ex),
    env: resolved,
    mounts: (container.volumeMounts ?? []).map((m) => ({
      volumeName: m.name, containerPath: m.mountPath, readOnly: m.readOnly ?? false, ...(m.subPath ? { subPath: m.subPath } : {}),
    })),
    resources,
    security,
    stdin: container.stdin ?? false,
    stdinOnce: container.stdinOnce ?? false,
    tty: container.tty ?? false,
    terminationMessagePath: container.terminationMessagePath ?? "/dev/termination-log",
    labels: {
      [LABEL_POD_NAME]: pod.metadata.name ?? "",
      [LABEL_POD_NAMESPACE]: pod.metadata.namespace ?? "",
      [LABEL_POD_UID]: pod.metadata.uid ?? "",
      [LABEL_CONTAINER_NAME]: container.name,
    },
    annotations: {
      [ANNOTATION_CONTAINER_HASH]: hashContainer(container),
      [ANNOTATION_RESTART_COUNT]: String(attempt),
    },
  };
  if (container.workingDir) config.workingDir = container.workingDir;
  if (container.lifecycle?.stopSignal) config.stopSignal = container.lifecycle.stopSignal;
  return config;
}

/** The sandbox for a pod; volume types pillion cannot provide yet are an error (FailedMount). */
export function buildSandboxConfig(pod: Pod): PodSandboxConfig {
  const volumes: SandboxVolume[] = [];
  for (const v of pod.spec.volumes ?? []) {
    if (v.emptyDir) {
      const size = quantityValue(v.emptyDir.sizeLimit);
      volumes.push({ name: v.name, emptyDir: { ...(v.emptyDir.medium ? { medium: v.emptyDir.medium } : {}), ...(Number.isFinite(size) ? { sizeLimitBytes: size } : {}) } });
    } else if (v.hostPath) {
      volumes.push({ name: v.name, hostPath: { path: v.hostPath.path, ...(v.hostPath.type ? { type: v.hostPath.type } : {}) } });
    } else {
      const kind = Object.keys(v).find((k) => k !== "name") ?? "unknown";
      throw new ContainerConfigError(`MountVolume.SetUp failed for volume "${v.name}" : pillion does not support ${kind} volumes yet`);
    }
  }
  return {
    podUid: pod.metadata.uid ?? "",
    name: pod.metadata.name ?? "",
    namespace: pod.metadata.namespace ?? "default",
    hostname: (pod.spec.hostname ?? pod.metadata.name ?? "pod").slice(0, 63),
    labels: { ...pod.metadata.labels, [LABEL_POD_NAME]: pod.metadata.name ?? "", [LABEL_POD_NAMESPACE]: pod.metadata.namespace ?? "", [LABEL_POD_UID]: pod.metadata.uid ?? "" },
    annotations: { ...pod.metadata.annotations },
    volumes,
  };
}
