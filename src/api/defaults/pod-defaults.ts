// Kubernetes' v1 defaulting for Pod and PodSpec, mirroring pkg/apis/core/v1/defaults.go
// (SetDefaults_Pod, SetDefaults_PodSpec, SetDefaults_Container, SetDefaults_Probe,
// SetDefaults_HTTPGetAction, SetDefaults_Volume, the volume-source DefaultModes,
// SetDefaults_ObjectFieldSelector, SetDefaults_HostPathVolumeSource) plus the declarative
// `+default` markers of k8s.io/api/core/v1 (ContainerPort.protocol "TCP", GRPCAction.service "").
// Also the zero values Go always serializes: `resources: {}` on every container (a non-pointer
// struct) and `divisor: "0"` on resourceFieldRef (a non-pointer Quantity).
//
// Every function is idempotent and mutates in place, like the generated defaulters.
import type {
  Container, ContainerPort, EnvVar, HTTPGetAction, Lifecycle, Pod, PodSpec, Probe, PullPolicy, Volume,
} from "../core.ts";

/** v1.DefaultTerminationGracePeriodSeconds. */
export const DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS = 30;
/** v1.TerminationMessagePathDefault. */
export const DEFAULT_TERMINATION_MESSAGE_PATH = "/dev/termination-log";
/** v1.DefaultSchedulerName. */
export const DEFAULT_SCHEDULER_NAME = "default-scheduler";
/** 0644: Secret/ConfigMap/DownwardAPI/Projected volume DefaultMode. */
const DEFAULT_VOLUME_MODE = 0o644;

/**
 * The tag parsers.ParseImageName returns: the reference's tag; "latest" when the reference has
 * neither tag nor digest (docker's TagNameOnly); "" for a digest-only reference or an image
 * that does not parse (SetDefaults_Container ignores the error).
 */
export function imageTag(image: string): string {
  if (image === "" || image !== image.trim()) return "";
  const at = image.indexOf("@");
  const name = at >= 0 ? image.slice(0, at) : image;
  const slash = name.lastIndexOf("/");
  const colon = name.lastIndexOf(":");
  if (colon > slash) return name.slice(colon + 1);
  if (/[A-Z]/.test(name)) return ""; // docker references are lowercase: a parse error.
  return at >= 0 ? "" : "latest";
}

/** SetDefaults_Container's pull policy: Always for `:latest` (or no tag), else IfNotPresent. */
export function defaultPullPolicy(image: string | undefined): PullPolicy {
  return imageTag(image ?? "") === "latest" ? "Always" : "IfNotPresent";
}

export function applyProbeDefaults(probe: Probe): void {
  // SetDefaults_Probe: 0 and unset are the same in Go, so 0 is replaced too.
  if (!probe.timeoutSeconds) probe.timeoutSeconds = 1;
  if (!probe.periodSeconds) probe.periodSeconds = 10;
  if (!probe.successThreshold) probe.successThreshold = 1;
  if (!probe.failureThreshold) probe.failureThreshold = 3;
  if (probe.httpGet) applyHTTPGetDefaults(probe.httpGet);
  if (probe.grpc) probe.grpc.service ??= "";
}

export function applyHTTPGetDefaults(action: HTTPGetAction): void {
  if (!action.path) action.path = "/";
  if (!action.scheme) action.scheme = "HTTP";
}

function applyLifecycleDefaults(lifecycle: Lifecycle): void {
  if (lifecycle.postStart?.httpGet) applyHTTPGetDefaults(lifecycle.postStart.httpGet);
  if (lifecycle.preStop?.httpGet) applyHTTPGetDefaults(lifecycle.preStop.httpGet);
}

function applyEnvDefaults(env: EnvVar): void {
  const from = env.valueFrom;
  if (!from) return;
  if (from.fieldRef && !from.fieldRef.apiVersion) from.fieldRef.apiVersion = "v1";
  if (from.resourceFieldRef) from.resourceFieldRef.divisor ??= "0";
}

function applyPortDefaults(port: ContainerPort): void {
  if (!port.protocol) port.protocol = "TCP";
}

/** SetDefaults_Container plus the nested probe/handler/env/port defaults. */
export function applyContainerDefaults(c: Container): void {
  if (!c.imagePullPolicy) c.imagePullPolicy = defaultPullPolicy(c.image);
  if (!c.terminationMessagePath) c.terminationMessagePath = DEFAULT_TERMINATION_MESSAGE_PATH;
  if (!c.terminationMessagePolicy) c.terminationMessagePolicy = "File";
  c.resources ??= {};
  for (const p of c.ports ?? []) applyPortDefaults(p);
  for (const e of c.env ?? []) applyEnvDefaults(e);
  for (const probe of [c.livenessProbe, c.readinessProbe, c.startupProbe]) if (probe) applyProbeDefaults(probe);
  if (c.lifecycle) applyLifecycleDefaults(c.lifecycle);
}

const sourceKeys = [
  "emptyDir", "hostPath", "configMap", "secret", "downwardAPI", "projected", "persistentVolumeClaim",
  "ephemeral", "csi", "image", "nfs", "iscsi", "gitRepo", "cephfs", "rbd", "fc", "azureFile", "azureDisk",
  "gcePersistentDisk", "awsElasticBlockStore", "cinder", "flexVolume", "flocker", "glusterfs", "quobyte",
  "vsphereVolume", "photonPersistentDisk", "portworxVolume", "scaleIO", "storageos",
] as const;

/** SetDefaults_Volume (no source → emptyDir) and the per-source defaults. */
export function applyVolumeDefaults(v: Volume): void {
  const raw = v as unknown as Record<string, unknown>;
  if (!sourceKeys.some((k) => raw[k] !== undefined && raw[k] !== null)) v.emptyDir = {};
  if (v.hostPath) v.hostPath.type ??= "";
  for (const key of ["configMap", "secret", "downwardAPI", "projected"] as const) {
    const src = raw[key];
    if (src && typeof src === "object") {
      const s = src as Record<string, unknown>;
      s["defaultMode"] ??= DEFAULT_VOLUME_MODE;
    }
  }
  const downward = raw["downwardAPI"] as { items?: { fieldRef?: { apiVersion?: string } }[] } | undefined;
  for (const item of downward?.items ?? []) if (item.fieldRef && !item.fieldRef.apiVersion) item.fieldRef.apiVersion = "v1";
}

/**
 * SetDefaults_PodSpec and everything nested in a PodSpec. This is what a PodTemplateSpec (a Job's
 * template) gets; applyPodDefaults adds the Pod-only part.
 */
export function applyPodSpecDefaults(spec: PodSpec): void {
  if (!spec.dnsPolicy) spec.dnsPolicy = "ClusterFirst";
  if (!spec.restartPolicy) spec.restartPolicy = "Always";
  spec.securityContext ??= {};
  spec.terminationGracePeriodSeconds ??= DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS;
  if (!spec.schedulerName) spec.schedulerName = DEFAULT_SCHEDULER_NAME;
  for (const v of spec.volumes ?? []) applyVolumeDefaults(v);
  for (const c of spec.initContainers ?? []) applyContainerDefaults(c);
  for (const c of spec.containers ?? []) applyContainerDefaults(c);
  // SetDefaults_EphemeralContainer: the same container defaults.
  for (const c of spec.ephemeralContainers ?? []) if (c && typeof c === "object") applyContainerDefaults(c as Container);
}

function defaultRequestsFromLimits(c: Container): void {
  const limits = c.resources?.limits;
  if (!limits) return;
  const resources = (c.resources ??= {});
  const requests = (resources.requests ??= {});
  for (const [name, q] of Object.entries(limits)) if (!(name in requests)) requests[name] = q;
}

/**
 * SetDefaults_Pod on top of applyPodSpecDefaults: requests default to limits (Pod only, never a
 * template), enableServiceLinks true, and with hostNetwork every container port's hostPort
 * defaults to its containerPort.
 */
export function applyPodDefaults(pod: Pod): void {
  const spec = pod.spec;
  applyPodSpecDefaults(spec);
  for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) defaultRequestsFromLimits(c);
  spec.enableServiceLinks ??= true;
  if (spec.hostNetwork) {
    for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) {
      for (const p of c.ports ?? []) if (!p.hostPort) p.hostPort = p.containerPort;
    }
  }
}
