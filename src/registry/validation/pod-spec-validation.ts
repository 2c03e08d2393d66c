// ValidatePodSpec and ValidateVolumes of pkg/apis/core/validation/validation.go (1.33), in Go's
// order so that several errors come out in the order Kubernetes prints them.
// Not validated (accepted as given): affinity, topology spread, DNS config, pod security context
// details, scheduling gates, resource claims, OS-specific rules, volume sources other than
// emptyDir/hostPath/configMap/secret/persistentVolumeClaim beyond "exactly one source".
import type { PodSpec, Volume } from "../../api/core.ts";
import type { Toleration } from "../../api/defaults/pod-admission-defaults.ts";
import { duplicate, forbidden, invalid, notSupported, required, type FieldError } from "../../machinery/field-errors.ts";
import { validateContainers, validateEphemeralContainers, validateInitContainers, type ContainerContext } from "./container-validation.ts";
import { inclusiveRangeError, isDNS1123Label, isValidLabelValue, nameIsDNSSubdomain } from "./name-validation.ts";
import { validateLabelName, validateLabels } from "./object-meta-validation.ts";
import { parseQuantity } from "../../machinery/quantity.ts";
import type { PodValidationOptions } from "./validation-options.ts";

const MAX_INT32 = 2147483647;

/** validateVolumeSource's order; "downwarAPI" is Go's own typo in the Forbidden path. */
const volumeSources: readonly (readonly [string, string])[] = [
  ["emptyDir", "emptyDir"], ["hostPath", "hostPath"], ["gitRepo", "gitRepo"], ["gcePersistentDisk", "gcePersistentDisk"],
  ["awsElasticBlockStore", "awsElasticBlockStore"], ["secret", "secret"], ["nfs", "nfs"], ["iscsi", "iscsi"],
  ["glusterfs", "glusterfs"], ["flocker", "flocker"], ["persistentVolumeClaim", "persistentVolumeClaim"], ["rbd", "rbd"],
  ["cinder", "cinder"], ["cephfs", "cephFS"], ["quobyte", "quobyte"], ["downwardAPI", "downwarAPI"], ["fc", "fc"],
  ["flexVolume", "flexVolume"], ["configMap", "configMap"], ["azureFile", "azureFile"], ["vsphereVolume", "vsphereVolume"],
  ["photonPersistentDisk", "photonPersistentDisk"], ["portworxVolume", "portworxVolume"], ["azureDisk", "azureDisk"],
  ["storageos", "storageos"], ["projected", "projected"], ["scaleIO", "scaleIO"], ["csi", "csi"], ["ephemeral", "ephemeral"],
  ["image", "image"],
];

const hostPathTypes = ["", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File", "FileOrCreate", "Socket"];

function validateVolumeSource(v: Volume, path: string): FieldError[] {
  const raw = v as unknown as Record<string, unknown>;
  const errs: FieldError[] = [];
  let n = 0;
  for (const [key, forbiddenPath] of volumeSources) {
    const src = raw[key];
    if (src === undefined || src === null) continue;
    if (n > 0) { errs.push(forbidden(`${path}.${forbiddenPath}`, "may not specify more than 1 volume type")); continue; }
    n++;
    const s = src as Record<string, unknown>;
    const sp = `${path}.${key}`;
    switch (key) {
      case "emptyDir": {
        const limit = s["sizeLimit"];
        const q = typeof limit === "string" || typeof limit === "number" ? parseQuantity(limit) : undefined;
        if (q && q.nanos < 0n) errs.push(forbidden(`${sp}.sizeLimit`, "SizeLimit field must be a valid resource quantity"));
        break;
      }
      case "hostPath": {
        const p = typeof s["path"] === "string" ? s["path"] : "";
        if (!p) { errs.push(required(`${sp}.path`)); break; }
        if (p.split("/").includes("..")) errs.push(invalid(`${sp}.path`, p, "must not contain '..'"));
        const t = s["type"];
        if (typeof t === "string" && !hostPathTypes.includes(t)) errs.push(notSupported(`${sp}.type`, t, hostPathTypes));
        break;
      }
      case "configMap": if (!s["name"]) errs.push(required(`${sp}.name`)); break;
      case "secret": if (!s["secretName"]) errs.push(required(`${sp}.secretName`)); break;
      case "persistentVolumeClaim": if (!s["claimName"]) errs.push(required(`${sp}.claimName`)); break;
      default: break;
    }
  }
  if (n === 0) errs.push(required(path, "must specify a volume type"));
  return errs;
}

/** ValidateVolumes: the errors and the names of the volumes that validated (mounts may use only those). */
export function validateVolumes(volumes: readonly Volume[] | undefined, path: string): { names: Set<string>; errs: FieldError[] } {
  const names = new Set<string>();
  const errs: FieldError[] = [];
  (volumes ?? []).forEach((v, i) => {
    const p = `${path}[${i}]`;
    const el = validateVolumeSource(v, p);
    if (!v.name) el.push(required(`${p}.name`));
    else el.push(...isDNS1123Label(v.name).map((m) => invalid(`${p}.name`, v.name, m)));
    if (names.has(v.name)) el.push(duplicate(`${p}.name`, v.name));
    if (el.length === 0) names.add(v.name);
    else errs.push(...el);
  });
  return { names, errs };
}

function validateTolerations(list: readonly Toleration[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  list.forEach((t, i) => {
    const p = `${path}[${i}]`;
    if (t.key) errs.push(...validateLabelName(t.key, `${p}.key`));
    if (!t.key && t.operator !== "Exists") {
      errs.push(invalid(`${p}.operator`, t.operator ?? "", "operator must be Exists when `key` is empty, which means \"match all values and all keys\""));
    }
    if (t.tolerationSeconds !== undefined && t.effect !== "NoExecute") {
      errs.push(invalid(`${p}.effect`, t.effect ?? "", "effect must be 'NoExecute' when `tolerationSeconds` is set"));
    }
    switch (t.operator ?? "") {
      case "Equal":
      case "": {
        const msgs = isValidLabelValue(t.value ?? "");
        if (msgs.length) errs.push(invalid(`${p}.operator`, t.value ?? "", msgs.join(";")));
        break;
      }
      case "Exists":
        if (t.value) errs.push(invalid(`${p}.operator`, t.value, "value must be empty when `operator` is 'Exists'"));
        break;
      default:
        errs.push(notSupported(`${p}.operator`, t.operator, ["Equal", "Exists"]));
    }
    if (t.effect && !["NoSchedule", "PreferNoSchedule", "NoExecute"].includes(t.effect)) {
      errs.push(notSupported(`${p}.effect`, t.effect, ["NoSchedule", "PreferNoSchedule", "NoExecute"]));
    }
  });
  return errs;
}

function validateEnum(value: string | undefined, path: string, valid: readonly string[]): FieldError[] {
  if (!value) return [required(path)];
  return valid.includes(value) ? [] : [notSupported(path, value, valid)];
}

/** ValidatePodSpec with the options already derived (validatePodSpec in pod-validation.ts derives them). */
export function validatePodSpecWithOptions(spec: PodSpec, path: string, opts: PodValidationOptions): FieldError[] {
  const errs: FieldError[] = [];
  if (spec.terminationGracePeriodSeconds === undefined || spec.terminationGracePeriodSeconds === null) {
    errs.push(required(`${path}.terminationGracePeriodSeconds`));
  }
  const vols = validateVolumes(spec.volumes, `${path}.volumes`);
  errs.push(...vols.errs);
  const ctx: ContainerContext = {
    volumes: vols.names, gracePeriod: spec.terminationGracePeriodSeconds ?? undefined, podRestartPolicy: spec.restartPolicy, opts,
  };
  errs.push(...validateContainers(spec.containers, `${path}.containers`, ctx));
  errs.push(...validateInitContainers(spec.initContainers, spec.containers, `${path}.initContainers`, ctx));
  errs.push(...validateEphemeralContainers(spec.ephemeralContainers, spec.containers ?? [], spec.initContainers ?? [], `${path}.ephemeralContainers`, ctx));
  if (spec.hostNetwork) {
    (spec.containers ?? []).forEach((c, i) => (c.ports ?? []).forEach((p, j) => {
      const hp = p.hostPort ?? 0;
      if ((opts.resourceIsPod || hp !== 0) && hp !== p.containerPort) {
        errs.push(invalid(`${path}.containers[${i}].ports[${j}].hostPort`, hp, "must match `containerPort` when `hostNetwork` is true"));
      }
    }));
  }
  errs.push(...validateEnum(spec.restartPolicy, `${path}.restartPolicy`, ["Always", "OnFailure", "Never"]));
  errs.push(...validateEnum(spec.dnsPolicy, `${path}.dnsPolicy`, ["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"]));
  errs.push(...validateLabels(spec.nodeSelector, `${path}.nodeSelector`));
  (spec.readinessGates ?? []).forEach((g, i) => {
    const p = `${path}.readinessGates[${i}].conditionType`;
    errs.push(...validateLabelName(g.conditionType, p));
  });
  if (spec.serviceAccountName) {
    errs.push(...nameIsDNSSubdomain(spec.serviceAccountName, false).map((m) => invalid(`${path}.serviceAccountName`, spec.serviceAccountName, m)));
  }
  if (spec.nodeName) errs.push(...nameIsDNSSubdomain(spec.nodeName, false).map((m) => invalid(`${path}.nodeName`, spec.nodeName, m)));
  if (spec.activeDeadlineSeconds !== undefined && (spec.activeDeadlineSeconds < 1 || spec.activeDeadlineSeconds > MAX_INT32)) {
    errs.push(invalid(`${path}.activeDeadlineSeconds`, spec.activeDeadlineSeconds, inclusiveRangeError(1, MAX_INT32)));
  }
  if (spec.hostname) errs.push(...isDNS1123Label(spec.hostname).map((m) => invalid(`${path}.hostname`, spec.hostname, m)));
  if (spec.subdomain) errs.push(...isDNS1123Label(spec.subdomain).map((m) => invalid(`${path}.subdomain`, spec.subdomain, m)));
  if (spec.tolerations?.length) errs.push(...validateTolerations(spec.tolerations as Toleration[], `${path}.tolerations`));
  if (spec.preemptionPolicy !== undefined) {
    errs.push(...validateEnum(spec.preemptionPolicy, `${path}.preemptionPolicy`, ["PreemptLowerPriority", "Never"]));
  }
  return errs;
}
