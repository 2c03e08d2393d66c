// ValidateEndpointSlice and ValidateEndpointSliceUpdate of pkg/apis/discovery/validation
// (Kubernetes 1.33), with its texts. Deliberately left out: the counts (1000 endpoints, 100
// addresses, 20000 ports: field.TooMany), topology hints and FQDN address checks.
import type { EndpointSlice } from "../../api/discovery.ts";
import { duplicate, invalid, notSupported, required, type FieldError } from "../../machinery/field-errors.ts";
import { validateObjectMeta, validateObjectMetaUpdate } from "../validation/object-meta-validation.ts";
import { isDNS1123Label, isValidPortNum, nameIsDNSSubdomain } from "../validation/name-validation.ts";

const ADDRESS_TYPES = ["FQDN", "IPv4", "IPv6"] as const;
const PROTOCOLS = ["SCTP", "TCP", "UDP"] as const;
const FIELD_IMMUTABLE = "field is immutable";

/** validation.IsValidIPv4Address: dotted quad, no leading zeros. */
function isIPv4(s: string): boolean {
  const parts = s.split(".");
  return parts.length === 4 && parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255);
}

const isIPv6 = (s: string): boolean => s.includes(":") && /^[0-9a-fA-F:.]+$/.test(s);

export function validateEndpointSlice(eps: EndpointSlice): FieldError[] {
  const errs = validateObjectMeta(eps.metadata, { requiresNamespace: true, nameFn: nameIsDNSSubdomain });
  const type: string = eps.addressType;
  if (!type) errs.push(required("addressType"));
  else if (!(ADDRESS_TYPES as readonly string[]).includes(type)) errs.push(notSupported("addressType", type, ADDRESS_TYPES));
  (eps.endpoints ?? []).forEach((ep, i) => {
    const path = `endpoints[${i}].addresses`;
    if (!ep.addresses?.length) errs.push(required(path, "must contain at least 1 address"));
    (ep.addresses ?? []).forEach((a, j) => {
      if (type === "IPv4" && !isIPv4(a)) errs.push(invalid(`${path}[${j}]`, a, "must be a valid IPv4 address"));
      if (type === "IPv6" && !isIPv6(a)) errs.push(invalid(`${path}[${j}]`, a, "must be a valid IPv6 address"));
    });
  });
  const names = new Set<string>();
  (eps.ports ?? []).forEach((p, i) => {
    const path = `ports[${i}]`;
    const name = p.name ?? "";
    if (name) for (const m of isDNS1123Label(name)) errs.push(invalid(`${path}.name`, name, m));
    if (names.has(name)) errs.push(duplicate(`${path}.name`, name));
    names.add(name);
    if (!p.protocol) errs.push(required(`${path}.protocol`));
    else if (!(PROTOCOLS as readonly string[]).includes(p.protocol)) errs.push(notSupported(`${path}.protocol`, p.protocol, PROTOCOLS));
    if (p.port !== undefined) for (const m of isValidPortNum(p.port)) errs.push(invalid(`${path}.port`, p.port, m));
  });
  return errs;
}

export function validateEndpointSliceUpdate(eps: EndpointSlice, old: EndpointSlice): FieldError[] {
  const errs = [...validateEndpointSlice(eps), ...validateObjectMetaUpdate(eps.metadata, old.metadata)];
  if (eps.addressType !== old.addressType) errs.push(invalid("addressType", eps.addressType, FIELD_IMMUTABLE));
  return errs;
}
