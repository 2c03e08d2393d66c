// Container env and envFrom: ValidateEnv, validateEnvVarValueFrom, validateObjectFieldSelector,
// validateContainerResourceFieldSelector, validateConfigMapKeySelector/validateSecretKeySelector
// and ValidateEnvFrom of pkg/apis/core/validation/validation.go.
import type { EnvFromSource, EnvVar, KeySelector, ObjectFieldSelector, ResourceFieldSelector } from "../../api/core.ts";
import { invalid, notSupported, required, type FieldError } from "../../machinery/field-errors.ts";
import { isConfigMapKey, isEnvVarName, isQualifiedName, isRelaxedEnvVarName, nameIsDNSSubdomain } from "./name-validation.ts";
import { parseQuantity, quantityString } from "../../machinery/quantity.ts";
import type { PodValidationOptions } from "./validation-options.ts";

/** validEnvDownwardAPIFieldPathExpressions, in sets.List (sorted) order. */
const envFieldPaths = [
  "metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName",
  "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs",
];
/** What ConvertDownwardAPIFieldLabel accepts for v1 pods (pkg/apis/core/pods/helpers.go). */
const convertibleFieldPaths = new Set([
  "metadata.annotations", "metadata.labels", "metadata.name", "metadata.namespace", "metadata.uid",
  "spec.nodeName", "spec.restartPolicy", "spec.serviceAccountName", "spec.schedulerName",
  "status.phase", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs",
]);
const resourceFieldPaths = [
  "limits.cpu", "limits.ephemeral-storage", "limits.memory", "requests.cpu", "requests.ephemeral-storage", "requests.memory",
];

function envNameErrors(name: string, opts: PodValidationOptions): string[] {
  return opts.relaxedEnvVarNames ? isRelaxedEnvVarName(name) : isEnvVarName(name);
}

function validateObjectFieldSelector(fs: ObjectFieldSelector, path: string): FieldError[] {
  if (!fs.apiVersion) return [required(`${path}.apiVersion`)];
  if (!fs.fieldPath) return [required(`${path}.fieldPath`)];
  if (fs.apiVersion !== "v1") {
    return [invalid(`${path}.fieldPath`, fs.fieldPath, `error converting fieldPath: unsupported pod version: ${fs.apiVersion}`)];
  }
  const sub = /^(metadata\.(?:annotations|labels))\['(.*)'\]$/.exec(fs.fieldPath);
  if (sub) {
    const key = sub[1] === "metadata.annotations" ? (sub[2] ?? "").toLowerCase() : (sub[2] ?? "");
    return isQualifiedName(key).map((m) => invalid(path, key, m));
  }
  if (!convertibleFieldPaths.has(fs.fieldPath)) {
    return [invalid(`${path}.fieldPath`, fs.fieldPath, `error converting fieldPath: field label not supported: ${fs.fieldPath}`)];
  }
  if (!envFieldPaths.includes(fs.fieldPath)) return [notSupported(`${path}.fieldPath`, fs.fieldPath, envFieldPaths)];
  return [];
}

function validateResourceFieldSelector(fs: ResourceFieldSelector, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!fs.resource) errs.push(required(`${path}.resource`));
  else if (!resourceFieldPaths.includes(fs.resource) && !/^(requests|limits)\.hugepages-/.test(fs.resource)) {
    errs.push(notSupported(`${path}.resource`, fs.resource, resourceFieldPaths));
  }
  const divisor = fs.divisor === undefined ? undefined : parseQuantity(fs.divisor);
  if (divisor && divisor.nanos !== 0n && (fs.resource === "limits.cpu" || fs.resource === "requests.cpu")) {
    const d = quantityString(divisor);
    if (d !== "1m" && d !== "1") errs.push(invalid(`${path}.divisor`, fs.resource, "only divisor's values 1m and 1 are supported with the cpu resource"));
  }
  return errs;
}

function validateKeySelector(s: KeySelector, path: string): FieldError[] {
  const errs = nameIsDNSSubdomain(s.name ?? "", false).map((m) => invalid(`${path}.name`, s.name ?? "", m));
  if (!s.key) errs.push(required(`${path}.key`));
  else errs.push(...isConfigMapKey(s.key).map((m) => invalid(`${path}.key`, s.key, m)));
  return errs;
}

function validateValueFrom(ev: EnvVar, path: string): FieldError[] {
  const from = ev.valueFrom;
  if (!from) return [];
  const errs: FieldError[] = [];
  let n = 0;
  if (from.fieldRef) { n++; errs.push(...validateObjectFieldSelector(from.fieldRef, `${path}.fieldRef`)); }
  if (from.resourceFieldRef) { n++; errs.push(...validateResourceFieldSelector(from.resourceFieldRef, `${path}.resourceFieldRef`)); }
  if (from.configMapKeyRef) { n++; errs.push(...validateKeySelector(from.configMapKeyRef, `${path}.configMapKeyRef`)); }
  if (from.secretKeyRef) { n++; errs.push(...validateKeySelector(from.secretKeyRef, `${path}.secretKeyRef`)); }
  if (n === 0) errs.push(invalid(path, "", "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`"));
  else if (ev.value) errs.push(invalid(path, "", "may not be specified when `value` is not empty"));
  else if (n > 1) errs.push(invalid(path, "", "may not have more than one field specified at a time"));
  return errs;
}

export function validateEnv(vars: readonly EnvVar[] | undefined, path: string, opts: PodValidationOptions): FieldError[] {
  const errs: FieldError[] = [];
  (vars ?? []).forEach((ev, i) => {
    const p = `${path}[${i}]`;
    if (!ev.name) errs.push(required(`${p}.name`));
    else errs.push(...envNameErrors(ev.name, opts).map((m) => invalid(`${p}.name`, ev.name, m)));
    errs.push(...validateValueFrom(ev, `${p}.valueFrom`));
  });
  return errs;
}

export function validateEnvFrom(sources: readonly EnvFromSource[] | undefined, path: string, opts: PodValidationOptions): FieldError[] {
  const errs: FieldError[] = [];
  (sources ?? []).forEach((src, i) => {
    const p = `${path}[${i}]`;
    if (src.prefix) errs.push(...envNameErrors(src.prefix, opts).map((m) => invalid(`${p}.prefix`, src.prefix, m)));
    let n = 0;
    for (const key of ["configMapRef", "secretRef"] as const) {
      const ref = src[key];
      if (!ref) continue;
      n++;
      if (!ref.name) errs.push(required(`${p}.${key}.name`));
      else errs.push(...nameIsDNSSubdomain(ref.name, true).map((m) => invalid(`${p}.${key}.name`, ref.name, m)));
    }
    if (n === 0) errs.push(invalid(path, "", "must specify one of: `configMapRef` or `secretRef`"));
    else if (n > 1) errs.push(invalid(path, "", "may not have more than one field specified at a time"));
  });
  return errs;
}
