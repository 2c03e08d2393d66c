// The Service's registry strategy, mirroring pkg/registry/core/service/strategy.go
// (svcStrategy, serviceStatusStrategy, dropTypeDependentFields) plus what the service REST
// storage does around it (storage/alloc.go: normalizeClusterIPs, initIPFamilyFields,
// PatchAllocatedValues, allocClusterIPs, allocNodePorts) for pillion's single-stack IPv4 cluster.
//
// Allocation runs in prepareForCreate/prepareForUpdate, after defaulting and before validation,
// as Kubernetes' BeginCreate/BeginUpdate do; an allocation failure throws the same Invalid
// error Kubernetes returns (`failed to allocate IP ...`).
import type { Service } from "../../api/core.ts";
import { applyServiceDefaults } from "../../api/defaults/service-defaults.ts";
import { goValue, invalid, type FieldError } from "../../machinery/field-errors.ts";
import { newInvalid } from "../../machinery/status-error.ts";
import type { Strategy, StrategyContext } from "../strategy.ts";
import { keepStoredSpecAndMetadata } from "../update-rules.ts";
import { jsonEqual } from "../validation/spec-diff.ts";
import { validateObjectMetaUpdate } from "../validation/object-meta-validation.ts";
import { validateService, validateServiceClusterIPsRelatedFields, validateServiceUpdate } from "../validation/service-validation.ts";
import {
  allocationsOf, checkRequestedClusterIP, checkRequestedNodePort, nextClusterIP, nextNodePort, type ServiceAllocations,
} from "./service-allocator.ts";

export interface ServiceStrategyOptions {
  /** The cluster IPs and node ports the stored Services hold now. */
  allocations: () => ServiceAllocations;
}

const goStrings = (l: readonly string[]): ReturnType<typeof goValue> => goValue(`[]string{${l.map((s) => JSON.stringify(s)).join(", ")}}`);
const needsClusterIP = (s: Service): boolean => s.spec.type !== "ExternalName";
const needsNodePorts = (s: Service): boolean =>
  s.spec.type === "NodePort" || (s.spec.type === "LoadBalancer" && s.spec.allocateLoadBalancerNodePorts !== false);

function fail(svc: Service, errs: FieldError[]): never {
  throw newInvalid({ group: "", kind: "Service" }, svc.metadata.name ?? "", errs);
}

/** normalizeClusterIPs: clusterIP and clusterIPs[0] say the same thing. */
function normalizeClusterIPs(svc: Service): void {
  const spec = svc.spec;
  if (spec.clusterIP && !(spec.clusterIPs?.length)) spec.clusterIPs = [spec.clusterIP];
  else if (!spec.clusterIP && spec.clusterIPs?.length === 1 && spec.clusterIPs[0]) spec.clusterIP = spec.clusterIPs[0];
}

/** initIPFamilyFields for a single-stack IPv4 cluster. */
function initIPFamilyFields(svc: Service): void {
  const spec = svc.spec;
  const headlessSelectorless = spec.clusterIP === "None" && Object.keys(spec.selector ?? {}).length === 0;
  if (headlessSelectorless) {
    // Headless services without a selector may have any family: RequireDualStack by default.
    spec.ipFamilyPolicy ??= "RequireDualStack";
    if (!spec.ipFamilies?.length) spec.ipFamilies = spec.ipFamilyPolicy === "SingleStack" ? ["IPv4"] : ["IPv4", "IPv6"];
    return;
  }
  const errs: FieldError[] = [];
  (spec.ipFamilies ?? []).forEach((f, i) => { if (f !== "IPv4") errs.push(invalid(`spec.ipFamilies[${i}]`, f, "not configured on this cluster")); });
  if (spec.ipFamilyPolicy === "RequireDualStack") errs.push(invalid("spec.ipFamilyPolicy", spec.ipFamilyPolicy, "this cluster is not configured for dual-stack services"));
  if (errs.length) fail(svc, errs);
  spec.ipFamilyPolicy ??= "SingleStack";
  spec.ipFamilies = ["IPv4"];
}

export class ServiceStrategy implements Strategy<Service> {
  readonly group = "";
  readonly version = "v1";
  readonly kind = "Service";
  readonly resource = "services";
  readonly namespaced = true;
  readonly #allocations: () => ServiceAllocations;

  constructor(options: ServiceStrategyOptions) {
    this.#allocations = options.allocations;
  }

  applyDefaults(svc: Service, _ctx: StrategyContext): void {
    applyServiceDefaults(svc);
  }

  prepareForCreate(svc: Service, _ctx: StrategyContext): void {
    svc.status = { loadBalancer: {} };
    delete svc.metadata.generation;
    this.#allocate(svc, undefined);
  }

  validate(svc: Service, _ctx: StrategyContext): FieldError[] {
    return validateService(svc);
  }

  prepareForUpdate(svc: Service, old: Service, _ctx: StrategyContext): void {
    if (old.status === undefined) delete svc.status;
    else svc.status = old.status;
    this.#patchAllocatedValues(svc, old);
    this.#dropTypeDependentFields(svc, old);
    this.#allocate(svc, old);
  }

  validateUpdate(svc: Service, old: Service, _ctx: StrategyContext): FieldError[] {
    return validateServiceUpdate(svc, old);
  }

  prepareForStatusUpdate(svc: Service, old: Service, _ctx: StrategyContext): void {
    keepStoredSpecAndMetadata(svc, old);
  }

  validateStatusUpdate(svc: Service, old: Service, _ctx: StrategyContext): FieldError[] {
    return validateObjectMetaUpdate(svc.metadata, old.metadata);
  }

  /** PatchAllocatedValues: a client that omits what the server allocated keeps it. */
  #patchAllocatedValues(svc: Service, old: Service): void {
    const spec = svc.spec;
    if (needsClusterIP(old) && needsClusterIP(svc)) {
      if (!spec.clusterIP && !(spec.clusterIPs?.length)) {
        if (old.spec.clusterIP !== undefined) spec.clusterIP = old.spec.clusterIP;
        if (old.spec.clusterIPs !== undefined) spec.clusterIPs = [...old.spec.clusterIPs];
      }
      if (!spec.ipFamilies?.length && old.spec.ipFamilies) spec.ipFamilies = [...old.spec.ipFamilies];
      if (spec.ipFamilyPolicy === undefined && old.spec.ipFamilyPolicy !== undefined) spec.ipFamilyPolicy = old.spec.ipFamilyPolicy;
    }
    if (needsNodePorts(old) && needsNodePorts(svc)) {
      for (const p of spec.ports ?? []) {
        if (p.nodePort) continue;
        const match = old.spec.ports?.find((o) => o.port === p.port && (o.protocol ?? "TCP") === (p.protocol ?? "TCP"));
        if (match?.nodePort) p.nodePort = match.nodePort;
      }
    }
  }

  /** dropTypeDependentFields: what the old type needed and the new one does not, unless changed. */
  #dropTypeDependentFields(svc: Service, old: Service): void {
    const spec = svc.spec;
    if (needsClusterIP(old) && !needsClusterIP(svc)) {
      if (spec.clusterIP === old.spec.clusterIP) delete spec.clusterIP;
      if (jsonEqual(spec.clusterIPs, old.spec.clusterIPs)) delete spec.clusterIPs;
      if (jsonEqual(spec.ipFamilies, old.spec.ipFamilies)) delete spec.ipFamilies;
      if (spec.ipFamilyPolicy === old.spec.ipFamilyPolicy) delete spec.ipFamilyPolicy;
    }
    if (needsNodePorts(old) && !needsNodePorts(svc)) {
      for (const p of spec.ports ?? []) {
        const o = old.spec.ports?.find((x) => x.port === p.port && x.protocol === p.protocol);
        if (o?.nodePort === p.nodePort) delete p.nodePort;
      }
    }
  }

  /** normalizeClusterIPs, initIPFamilyFields, allocClusterIPs and allocNodePorts. */
  #allocate(svc: Service, old: Service | undefined): void {
    normalizeClusterIPs(svc);
    const pre = validateServiceClusterIPsRelatedFields(svc);
    if (pre.length) fail(svc, pre);
    if (!needsClusterIP(svc)) return;
    initIPFamilyFields(svc);
    const used = this.#allocations();
    const own = old ? allocationsOf([old]) : { clusterIPs: new Set<string>(), nodePorts: new Set<number>() };
    for (const ip of own.clusterIPs) used.clusterIPs.delete(ip);
    for (const p of own.nodePorts) used.nodePorts.delete(p);
    const spec = svc.spec;
    if (spec.clusterIP !== "None") {
      if (spec.clusterIP) {
        if (!own.clusterIPs.has(spec.clusterIP)) {
          const err = checkRequestedClusterIP(spec.clusterIP, used.clusterIPs);
          if (err) fail(svc, [invalid("spec.clusterIPs", goStrings(spec.clusterIPs ?? [spec.clusterIP]), err)]);
        }
      } else {
        const ip = nextClusterIP(used.clusterIPs);
        if (!ip) fail(svc, [invalid("spec.clusterIPs", goStrings([]), "failed to allocate a serviceIP: range is full")]);
        spec.clusterIP = ip;
        spec.clusterIPs = [ip];
      }
    }
    if (!needsNodePorts(svc)) return;
    // Requested ports first, then the missing ones (the allocator never hands out a requested one).
    const ports = spec.ports ?? [];
    ports.forEach((p, i) => {
      if (!p.nodePort || own.nodePorts.has(p.nodePort)) return;
      const err = checkRequestedNodePort(p.nodePort, used.nodePorts);
      if (err) fail(svc, [invalid(`spec.ports[${i}].nodePort`, p.nodePort, err)]);
      used.nodePorts.add(p.nodePort);
    });
    ports.forEach((p, i) => {
      if (p.nodePort) return;
      const port = nextNodePort(used.nodePorts);
      if (port === undefined) fail(svc, [invalid(`spec.ports[${i}].nodePort`, 0, "range is full")]);
      p.nodePort = port;
      used.nodePorts.add(port);
    });
  }
}
