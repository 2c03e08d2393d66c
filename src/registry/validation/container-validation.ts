// Containers, init containers (regular and sidecar) and ephemeral containers: validateContainers,
// validateInitContainers, validateEphemeralContainers, validateContainerCommon,
// validateContainerPorts, ValidateVolumeMounts, checkHostPortConflicts and
// validateContainerOnlyForPod of pkg/apis/core/validation/validation.go (1.33), texts verbatim.
import type { Container, ContainerPort, RestartPolicy, SecurityContext, VolumeMount } from "../../api/core.ts";
import { duplicate, forbidden, invalid, notFound, notSupported, required, type FieldError } from "../../machinery/field-errors.ts";
import { validateEnv, validateEnvFrom } from "./env-validation.ts";
import { goElidedStruct, goResizePolicyValue } from "./go-values.ts";
import { inclusiveRangeError, isDNS1123Label, isValidPortName, isValidPortNum } from "./name-validation.ts";
import { validateLifecycle, validateProbeOfKind } from "./probe-validation.ts";
import { validateResourceRequirements } from "./resource-validation.ts";
import type { PodValidationOptions } from "./validation-options.ts";

/** What validateContainerCommon needs from the pod around the container. */
export interface ContainerContext {
  /** Names of the volumes that validated (ValidateVolumes' map). */
  volumes: ReadonlySet<string>;
  gracePeriod: number | undefined;
  podRestartPolicy: RestartPolicy | undefined;
  opts: PodValidationOptions;
}

function validatePorts(ports: readonly ContainerPort[] | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  (ports ?? []).forEach((port, i) => {
    const p = `${path}[${i}]`;
    if (port.name) {
      const msgs = isValidPortName(port.name);
      if (msgs.length) errs.push(...msgs.map((m) => invalid(`${p}.name`, port.name, m)));
      else if (names.has(port.name)) errs.push(duplicate(`${p}.name`, port.name));
      else names.add(port.name);
    }
    if (!port.containerPort) errs.push(required(`${p}.containerPort`));
    else errs.push(...isValidPortNum(port.containerPort).map((m) => invalid(`${p}.containerPort`, port.containerPort, m)));
    if (port.hostPort) errs.push(...isValidPortNum(port.hostPort).map((m) => invalid(`${p}.hostPort`, port.hostPort, m)));
    if (!port.protocol) errs.push(required(`${p}.protocol`));
    else if (!["SCTP", "TCP", "UDP"].includes(port.protocol)) errs.push(notSupported(`${p}.protocol`, port.protocol, ["SCTP", "TCP", "UDP"]));
  });
  return errs;
}

function validateLocalDescendingPath(target: string, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (target.startsWith("/")) errs.push(invalid(path, target, "must be a relative path"));
  if (target.split("/").includes("..")) errs.push(invalid(path, target, "must not contain '..'"));
  return errs;
}

function validateVolumeMounts(mounts: readonly VolumeMount[] | undefined, c: Container, path: string, volumes: ReadonlySet<string>): FieldError[] {
  const errs: FieldError[] = [];
  const mountPoints = new Set<string>();
  (mounts ?? []).forEach((m, i) => {
    const p = `${path}[${i}]`;
    if (!m.name) errs.push(required(`${p}.name`));
    if (!volumes.has(m.name ?? "")) errs.push(notFound(`${p}.name`, m.name ?? ""));
    if (!m.mountPath) errs.push(required(`${p}.mountPath`));
    if (mountPoints.has(m.mountPath ?? "")) errs.push(invalid(`${p}.mountPath`, m.mountPath, "must be unique"));
    mountPoints.add(m.mountPath ?? "");
    // Go passes the list's path (not the item's) to these two checks.
    if (m.subPath) errs.push(...validateLocalDescendingPath(m.subPath, `${path}.subPath`));
    if (m.mountPropagation !== undefined) {
      const mp = `${path}.mountPropagation`;
      if (!["Bidirectional", "HostToContainer", "None"].includes(m.mountPropagation)) {
        errs.push(notSupported(mp, m.mountPropagation, ["Bidirectional", "HostToContainer", "None"]));
      } else if (m.mountPropagation === "Bidirectional" && c.securityContext?.privileged !== true) {
        errs.push(forbidden(mp, "Bidirectional mount propagation is available only to privileged containers"));
      }
    }
  });
  return errs;
}

function validateSecurityContext(sc: SecurityContext | undefined, path: string): FieldError[] {
  if (!sc) return [];
  const errs: FieldError[] = [];
  for (const f of ["runAsUser", "runAsGroup"] as const) {
    const v = sc[f];
    if (v !== undefined && (v < 0 || v > 0xffffffff)) errs.push(invalid(`${path}.${f}`, v, inclusiveRangeError(0, 0xffffffff)));
  }
  if (sc.allowPrivilegeEscalation === false && sc.privileged === true) {
    errs.push(invalid(path, goElidedStruct("core.SecurityContext"), "cannot set `allowPrivilegeEscalation` to false and `privileged` to true"));
  }
  return errs;
}

function validateResizePolicy(list: readonly unknown[] | undefined, path: string, podRestartPolicy: RestartPolicy | undefined): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  (list ?? []).forEach((raw, i) => {
    const p = (raw ?? {}) as { resourceName?: string; restartPolicy?: string };
    const name = p.resourceName ?? "";
    if (seen.has(name)) errs.push(duplicate(`${path}[${i}]`, name));
    seen.add(name);
    if (!name) errs.push(required(path));
    else if (name !== "cpu" && name !== "memory") errs.push(notSupported(path, name, ["cpu", "memory"]));
    const rp = p.restartPolicy ?? "";
    if (!rp) errs.push(required(path));
    else if (rp !== "NotRequired" && rp !== "RestartContainer") errs.push(notSupported(path, rp, ["NotRequired", "RestartContainer"]));
    if (podRestartPolicy === "Never" && rp !== "NotRequired") errs.push(invalid(path, rp, "must be 'NotRequired' when `restartPolicy` is 'Never'"));
  });
  return errs;
}

/** validateContainerCommon: what every kind of container must satisfy. */
export function validateContainerCommon(c: Container, path: string, ctx: ContainerContext): FieldError[] {
  const errs: FieldError[] = [];
  if (!c.name) errs.push(required(`${path}.name`));
  else errs.push(...isDNS1123Label(c.name).map((m) => invalid(`${path}.name`, c.name, m)));
  if (!c.image) errs.push(required(`${path}.image`));
  const tmp = c.terminationMessagePolicy ?? "";
  if (!tmp) errs.push(required(`${path}.terminationMessagePolicy`));
  else if (tmp !== "File" && tmp !== "FallbackToLogsOnError") errs.push(notSupported(`${path}.terminationMessagePolicy`, tmp, ["File", "FallbackToLogsOnError"]));
  errs.push(...validatePorts(c.ports, `${path}.ports`));
  errs.push(...validateEnv(c.env, `${path}.env`, ctx.opts));
  errs.push(...validateEnvFrom(c.envFrom, `${path}.envFrom`, ctx.opts));
  errs.push(...validateVolumeMounts(c.volumeMounts, c, `${path}.volumeMounts`, ctx.volumes));
  const pull = c.imagePullPolicy ?? "";
  if (!pull) errs.push(required(`${path}.imagePullPolicy`));
  else if (!["Always", "IfNotPresent", "Never"].includes(pull)) errs.push(notSupported(`${path}.imagePullPolicy`, pull, ["Always", "IfNotPresent", "Never"]));
  errs.push(...validateResourceRequirements(c.resources, `${path}.resources`));
  errs.push(...validateResizePolicy(c.resizePolicy, `${path}.resizePolicy`, ctx.podRestartPolicy));
  errs.push(...validateSecurityContext(c.securityContext, `${path}.securityContext`));
  return errs;
}

/** AccumulateUniqueHostPorts over the given containers. */
function checkHostPortConflicts(containers: readonly Container[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  containers.forEach((c, ci) => {
    (c.ports ?? []).forEach((p, pi) => {
      if (!p.hostPort) return;
      const key = `${p.protocol ?? ""}/${p.hostIP ?? ""}/${p.hostPort}`;
      if (seen.has(key)) errs.push(duplicate(`${path}[${ci}].ports[${pi}].hostPort`, key));
      else seen.add(key);
    });
  });
  return errs;
}

function validateProbesAndHooks(c: Container, path: string, ctx: ContainerContext): FieldError[] {
  const errs: FieldError[] = [];
  if (c.lifecycle) errs.push(...validateLifecycle(c.lifecycle, ctx.gracePeriod, `${path}.lifecycle`, ctx.opts));
  errs.push(...validateProbeOfKind("livenessProbe", c.livenessProbe, ctx.gracePeriod, `${path}.livenessProbe`, ctx.opts));
  errs.push(...validateProbeOfKind("readinessProbe", c.readinessProbe, ctx.gracePeriod, `${path}.readinessProbe`, ctx.opts));
  errs.push(...validateProbeOfKind("startupProbe", c.startupProbe, ctx.gracePeriod, `${path}.startupProbe`, ctx.opts));
  return errs;
}

/** validateContainers: spec.containers. */
export function validateContainers(containers: readonly Container[] | undefined, path: string, ctx: ContainerContext): FieldError[] {
  if (!containers || containers.length === 0) return [required(path)];
  const errs: FieldError[] = [];
  const names = new Set<string>();
  containers.forEach((c, i) => {
    const p = `${path}[${i}]`;
    errs.push(...validateContainerCommon(c, p, ctx));
    if (names.has(c.name)) errs.push(duplicate(`${p}.name`, c.name));
    else names.add(c.name);
    errs.push(...validateProbesAndHooks(c, p, ctx));
    if (c.restartPolicy !== undefined && c.restartPolicy !== null) {
      errs.push(forbidden(`${p}.restartPolicy`, "may not be set for non-init containers"));
    }
  });
  errs.push(...checkHostPortConflicts(containers, path));
  return errs;
}

const NOT_SIDECAR = "may not be set for init containers without restartPolicy=Always";

/** validateInitContainers: spec.initContainers, regular ones and sidecars (restartPolicy Always). */
export function validateInitContainers(inits: readonly Container[] | undefined, regular: readonly Container[] | undefined, path: string, ctx: ContainerContext): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set((regular ?? []).map((c) => c.name));
  (inits ?? []).forEach((c, i) => {
    const p = `${path}[${i}]`;
    errs.push(...validateContainerCommon(c, p, ctx));
    let sidecar = false;
    if (c.restartPolicy !== undefined && c.restartPolicy !== null) {
      if (c.restartPolicy !== "Always") errs.push(notSupported(`${p}.restartPolicy`, c.restartPolicy, ["Always"]));
      sidecar = c.restartPolicy === "Always";
    }
    if (names.has(c.name)) errs.push(duplicate(`${p}.name`, c.name));
    else if (c.name) names.add(c.name);
    // Init containers run one at a time: host ports may only collide within one container.
    // Go checks a one-element slice, so the reported index is always [0]; kept as is.
    errs.push(...checkHostPortConflicts([c], path));
    if (sidecar) {
      errs.push(...validateProbesAndHooks(c, p, ctx));
    } else {
      for (const f of ["lifecycle", "livenessProbe", "readinessProbe", "startupProbe"] as const) {
        if (c[f] !== undefined && c[f] !== null) errs.push(forbidden(`${p}.${f}`, NOT_SIDECAR));
      }
    }
    if (!ctx.opts.allowSidecarResizePolicy && (c.resizePolicy?.length ?? 0) > 0) {
      errs.push(invalid(`${p}.resizePolicy`, goResizePolicyValue(c.resizePolicy ?? []), "must not be set for init containers"));
    }
  });
  return errs;
}

/** The fields allowedEphemeralContainerFields marks false, in struct order. */
const ephemeralForbidden = ["ports", "resources", "resizePolicy", "restartPolicy", "livenessProbe", "readinessProbe", "startupProbe", "lifecycle"] as const;

function isSet(v: unknown): boolean {
  if (v === undefined || v === null) return false;
  if (typeof v === "object" && !Array.isArray(v)) return Object.keys(v).length > 0;
  return true;
}

/** validateEphemeralContainers (kubectl debug's containers). */
export function validateEphemeralContainers(list: readonly unknown[] | undefined, containers: readonly Container[], inits: readonly Container[], path: string, ctx: ContainerContext): FieldError[] {
  const errs: FieldError[] = [];
  const others = new Set([...containers, ...inits].map((c) => c.name));
  const all = new Set(others);
  (list ?? []).forEach((raw, i) => {
    const c = (raw ?? {}) as Container & { targetContainerName?: string };
    const p = `${path}[${i}]`;
    errs.push(...validateContainerCommon(c, p, ctx));
    if (c.image && c.image !== c.image.trim()) errs.push(invalid(`${p}.image`, c.image, "must not have leading or trailing whitespace"));
    if (all.has(c.name)) errs.push(duplicate(`${p}.name`, c.name));
    else all.add(c.name);
    if (c.targetContainerName && !others.has(c.targetContainerName)) errs.push(notFound(`${p}.targetContainerName`, c.targetContainerName));
    for (const f of ephemeralForbidden) if (isSet(c[f])) errs.push(forbidden(`${p}.${f}`, "cannot be set for an Ephemeral Container"));
    (c.volumeMounts ?? []).forEach((m, j) => {
      if (m.subPath) errs.push(forbidden(`${p}.volumeMounts[${j}].subPath`, "cannot be set for an Ephemeral Container"));
    });
  });
  return errs;
}

/** validateContainerOnlyForPod: checks a Pod gets but a template does not. */
export function validateContainersOnlyForPod(containers: readonly Container[] | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  (containers ?? []).forEach((c, i) => {
    if (c.image && c.image !== c.image.trim()) errs.push(invalid(`${path}[${i}].image`, c.image, "must not have leading or trailing whitespace"));
  });
  return errs;
}
