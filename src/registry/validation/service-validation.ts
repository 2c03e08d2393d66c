// core/v1 Service validation: ValidateService, validateServicePort,
// ValidateServiceClusterIPsRelatedFields (the single-stack part) and ValidateServiceUpdate's
// primary-IP rule, of pkg/apis/core/validation/validation.go (1.33), texts verbatim.
// Not validated: loadBalancerSourceRanges, topology annotations, trafficDistribution, the
// externalTrafficPolicy/healthCheckNodePort combinations.
import type { Service, ServicePort } from "../../api/core.ts";
import { duplicate, forbidden, goValue, invalid, notSupported, required, type FieldError } from "../../machinery/field-errors.ts";
import { isDNS1123Label, isDNS1123Subdomain, isQualifiedName, isValidPortNum, maxLenError, regexError } from "./name-validation.ts";
import { validateLabels, validateObjectMeta, validateObjectMetaUpdate } from "./object-meta-validation.ts";
import { validatePortNumOrName } from "./probe-validation.ts";

const DNS1035_FMT = "[a-z]([-a-z0-9]*[a-z0-9])?";

/** IsDNS1035Label. */
export function isDNS1035Label(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 63) errs.push(maxLenError(63));
  if (!new RegExp(`^${DNS1035_FMT}$`).test(value)) {
    errs.push(regexError("a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character", DNS1035_FMT, "my-name", "abc-123"));
  }
  return errs;
}

/** ValidateServiceName = NameIsDNS1035Label (a generateName prefix may end in '-'). */
export function nameIsDNS1035Label(name: string, prefix: boolean): string[] {
  return isDNS1035Label(prefix && name.length > 1 && name.endsWith("-") ? `${name.slice(0, -2)}a` : name);
}

const IP_ERROR = "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)";

/** An IPv4 dotted quad without leading zeros (netip.ParseAddr's rule), or an IPv6 address. */
export function isValidIP(value: string): boolean {
  const parts = value.split(".");
  if (parts.length === 4) return parts.every((p) => /^(0|[1-9][0-9]{0,2})$/.test(p) && Number(p) <= 255);
  return value.includes(":") && /^[0-9a-fA-F:.]+$/.test(value);
}

const q = (s: string): string => JSON.stringify(s);
const goStringSlice = (list: readonly string[]): ReturnType<typeof goValue> => goValue(`[]string{${list.map(q).join(", ")}}`);

/** %#v of the core.ServicePort{Protocol, Port} key ValidateService reports duplicates with. */
function goServicePortKey(p: ServicePort): ReturnType<typeof goValue> {
  return goValue(`core.ServicePort{Name:"", Protocol:${q(p.protocol ?? "")}, AppProtocol:(*string)(nil), Port:${p.port}, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}`);
}

export const isHeadlessService = (svc: Service): boolean => svc.spec.clusterIP === "None";

function validateServicePort(p: ServicePort, requireName: boolean, names: Set<string>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (requireName && !p.name) errs.push(required(`${path}.name`));
  else if (p.name) {
    errs.push(...isDNS1123Label(p.name).map((m) => invalid(`${path}.name`, p.name, m)));
    if (names.has(p.name)) errs.push(duplicate(`${path}.name`, p.name));
    else names.add(p.name);
  }
  errs.push(...isValidPortNum(p.port).map((m) => invalid(`${path}.port`, p.port, m)));
  if (!p.protocol) errs.push(required(`${path}.protocol`));
  else if (!["SCTP", "TCP", "UDP"].includes(p.protocol)) errs.push(notSupported(`${path}.protocol`, p.protocol, ["SCTP", "TCP", "UDP"]));
  errs.push(...validatePortNumOrName(p.targetPort, `${path}.targetPort`));
  if (p.appProtocol !== undefined) errs.push(...isQualifiedName(p.appProtocol).map((m) => invalid(`${path}.appProtocol`, p.appProtocol, m)));
  return errs;
}

/** ValidateServiceClusterIPsRelatedFields, for a single-stack IPv4 cluster. */
export function validateServiceClusterIPsRelatedFields(svc: Service): FieldError[] {
  const spec = svc.spec;
  if (spec.type === "ExternalName") return [];
  const errs: FieldError[] = [];
  const ips = spec.clusterIPs ?? [];
  if (spec.clusterIP) {
    if (ips.length === 0) errs.push(required("spec.clusterIPs"));
    else if (ips[0] !== spec.clusterIP) errs.push(invalid("spec.clusterIPs", goStringSlice(ips), "first value must match `clusterIP`"));
  } else if (ips.length > 0) {
    errs.push(invalid("spec.clusterIPs", goStringSlice(ips), "must be empty when `clusterIP` is not specified"));
  }
  const seen = new Set<string>();
  (spec.ipFamilies ?? []).forEach((f, i) => {
    if (f !== "IPv4" && f !== "IPv6") errs.push(notSupported(`spec.ipFamilies[${i}]`, f, ["IPv4", "IPv6"]));
    if (seen.has(f)) errs.push(duplicate(`spec.ipFamilies[${i}]`, f));
    seen.add(f);
  });
  const policy = spec.ipFamilyPolicy;
  if (policy !== undefined && !["PreferDualStack", "RequireDualStack", "SingleStack"].includes(policy)) {
    errs.push(notSupported("spec.ipFamilyPolicy", policy, ["PreferDualStack", "RequireDualStack", "SingleStack"]));
  }
  ips.forEach((ip, i) => {
    if (i === 0 && ip === "None") {
      if (ips.length > 1) errs.push(invalid("spec.clusterIPs", goStringSlice(ips), "'None' must be the first and only value"));
      return;
    }
    if (!isValidIP(ip)) errs.push(invalid(`spec.clusterIPs[${i}]`, ip, IP_ERROR));
  });
  return errs;
}

export function validateService(svc: Service): FieldError[] {
  const errs = validateObjectMeta(svc.metadata ?? {}, { requiresNamespace: true, nameFn: nameIsDNS1035Label });
  const spec = svc.spec ?? {};
  const ports = spec.ports ?? [];
  const headless = isHeadlessService(svc);
  if (ports.length === 0 && !headless && spec.type !== "ExternalName") errs.push(required("spec.ports"));
  if ((spec.type === "LoadBalancer" || spec.type === "NodePort") && headless) {
    errs.push(invalid("spec.clusterIPs[0]", spec.clusterIPs?.[0] ?? "None", `may not be set to 'None' for ${spec.type} services`));
  }
  if (spec.type === "ExternalName") {
    if ((spec.clusterIPs?.length ?? 0) > 0) errs.push(forbidden("spec.clusterIPs", "may not be set for ExternalName services"));
    if ((spec.ipFamilies?.length ?? 0) > 0) errs.push(forbidden("spec.ipFamilies", "may not be set for ExternalName services"));
    if (spec.ipFamilyPolicy !== undefined) errs.push(forbidden("spec.ipFamilyPolicy", "may not be set for ExternalName services"));
    const cname = (spec.externalName ?? "").replace(/\.$/, "");
    if (cname) errs.push(...isDNS1123Subdomain(cname).map((m) => invalid("spec.externalName", cname, m)));
    else errs.push(required("spec.externalName"));
  }
  const names = new Set<string>();
  ports.forEach((p, i) => errs.push(...validateServicePort(p, ports.length > 1, names, `spec.ports[${i}]`)));
  if (spec.selector) errs.push(...validateLabels(spec.selector, "spec.selector"));
  const affinity = spec.sessionAffinity ?? "";
  if (!affinity) errs.push(required("spec.sessionAffinity"));
  else if (affinity !== "ClientIP" && affinity !== "None") errs.push(notSupported("spec.sessionAffinity", affinity, ["ClientIP", "None"]));
  if (affinity === "None" && spec.sessionAffinityConfig) {
    errs.push(forbidden("spec.sessionAffinityConfig", "must not be set when session affinity is None"));
  }
  errs.push(...validateServiceClusterIPsRelatedFields(svc));
  (spec.externalIPs ?? []).forEach((ip, i) => { if (!isValidIP(ip)) errs.push(invalid(`spec.externalIPs[${i}]`, ip, IP_ERROR)); });
  const type = spec.type ?? "";
  if (!type) errs.push(required("spec.type"));
  else if (!["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"].includes(type)) {
    errs.push(notSupported("spec.type", type, ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"]));
  }
  if (type === "ClusterIP") {
    ports.forEach((p, i) => { if (p.nodePort) errs.push(forbidden(`spec.ports[${i}].nodePort`, "may not be used when `type` is 'ClusterIP'")); });
  }
  const nodePorts = new Set<string>();
  ports.forEach((p, i) => {
    if (!p.nodePort) return;
    const key = `${p.protocol ?? ""}/${p.nodePort}`;
    if (nodePorts.has(key)) errs.push(duplicate(`spec.ports[${i}].nodePort`, p.nodePort));
    nodePorts.add(key);
  });
  const seen = new Set<string>();
  ports.forEach((p, i) => {
    const key = `${p.protocol ?? ""}/${p.port}`;
    if (seen.has(key)) errs.push(duplicate(`spec.ports[${i}]`, goServicePortKey(p)));
    seen.add(key);
  });
  return errs;
}

/** ValidateServiceUpdate: the primary clusterIP and IP family may not change (outside ExternalName). */
export function validateServiceUpdate(svc: Service, old: Service): FieldError[] {
  const errs = validateObjectMetaUpdate(svc.metadata, old.metadata);
  if (svc.spec.type !== "ExternalName" && old.spec.type !== "ExternalName") {
    const ip = svc.spec.clusterIPs?.[0];
    const oldIP = old.spec.clusterIPs?.[0];
    if (ip !== undefined && oldIP !== undefined && ip !== oldIP) errs.push(invalid("spec.clusterIPs[0]", ip, "may not change once set"));
    const family = svc.spec.ipFamilies?.[0];
    const oldFamily = old.spec.ipFamilies?.[0];
    if (family !== undefined && oldFamily !== undefined && family !== oldFamily) errs.push(invalid("spec.ipFamilies[0]", family, "may not change once set"));
  }
  errs.push(...validateService(svc));
  return errs;
}
