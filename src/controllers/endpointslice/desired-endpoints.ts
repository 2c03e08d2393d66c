// What a Service's EndpointSlices should hold, as pure functions. Mirrors
// pkg/controller/endpointslice/reconciler.go (reconcileByAddressType's first loop) and
// staging/src/k8s.io/endpointslice/utils.go (podToEndpoint, getEndpointPorts,
// ShouldPodBeInEndpoints) and pkg/api/v1/pod.FindPort, Kubernetes 1.33.
// pillion has one node: the Node lookup (zone, "node not found" skip) is left out.
import { isSidecar, type Pod, type Service, type ServicePort } from "../../api/core.ts";
import type { AddressType, Endpoint, EndpointPort } from "../../api/discovery.ts";

/** maxEndpointsPerSlice: the controller's default --max-endpoints-per-slice. */
export const MAX_ENDPOINTS_PER_SLICE = 100;

/** One port set and the endpoints that serve it (a "port map key" group of the reconciler). */
export interface DesiredGroup {
  ports: EndpointPort[];
  endpoints: Endpoint[];
}

/** podutil.IsPodReady: the pod's Ready condition is True (so a not-ready sidecar keeps it out). */
export const isPodReady = (pod: Pod): boolean =>
  (pod.status?.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True");

/**
 * ShouldPodBeInEndpoints(pod, includeTerminating=true), as the EndpointSlice controller calls
 * it: not terminal, has an IP. Terminating pods stay, with terminating: true.
 */
export function shouldPodBeInEndpoints(pod: Pod): boolean {
  const phase = pod.status?.phase;
  if (phase === "Failed" || phase === "Succeeded") return false;
  return !!pod.status?.podIP || (pod.status?.podIPs?.length ?? 0) > 0;
}

/**
 * podutil.FindPort: a numeric targetPort as is; a named one from the containers' ports, then
 * the native sidecars' (restartable init containers), matching the protocol. undefined: none.
 * An absent targetPort is defaulted to the port by the Service strategy.
 */
export function findPort(pod: Pod, sp: ServicePort): number | undefined {
  const target = sp.targetPort ?? sp.port;
  if (typeof target === "number") return target;
  const protocol = sp.protocol ?? "TCP";
  const containers = [...pod.spec.containers, ...(pod.spec.initContainers ?? []).filter(isSidecar)];
  for (const c of containers) {
    for (const p of c.ports ?? []) if (p.name === target && (p.protocol ?? "TCP") === protocol) return p.containerPort;
  }
  return undefined;
}

/** getEndpointPorts: the service's ports this pod serves (a port the pod lacks is skipped). */
export function endpointPorts(svc: Service, pod: Pod): EndpointPort[] {
  const out: EndpointPort[] = [];
  if (!svc.spec.ports?.length && svc.spec.clusterIP === "None") return out;
  for (const sp of svc.spec.ports ?? []) {
    const port = findPort(pod, sp);
    if (port === undefined) continue;
    out.push({ name: sp.name ?? "", protocol: sp.protocol ?? "TCP", port, ...(sp.appProtocol ? { appProtocol: sp.appProtocol } : {}) });
  }
  return out;
}

const isIPv6 = (ip: string): boolean => ip.includes(":");

/** getEndpointAddresses: the pod's IPs of the slice's family (podIPs, else podIP). */
function addressesOf(pod: Pod, addressType: AddressType): string[] {
  const ips = pod.status?.podIPs?.length ? pod.status.podIPs.map((p) => p.ip) : pod.status?.podIP ? [pod.status.podIP] : [];
  return ips.filter((ip) => isIPv6(ip) === (addressType === "IPv6"));
}

/** podToEndpoint: ready = serving and not terminating (or publishNotReadyAddresses). */
export function podToEndpoint(pod: Pod, svc: Service, addressType: AddressType): Endpoint {
  const serving = isPodReady(pod);
  const terminating = !!pod.metadata.deletionTimestamp;
  const ready = svc.spec.publishNotReadyAddresses === true || (serving && !terminating);
  const ep: Endpoint = {
    addresses: addressesOf(pod, addressType),
    conditions: { ready, serving, terminating },
    targetRef: { kind: "Pod", namespace: pod.metadata.namespace ?? "", name: pod.metadata.name ?? "", uid: pod.metadata.uid ?? "" },
  };
  if (pod.spec.nodeName) ep.nodeName = pod.spec.nodeName;
  // ShouldSetHostname: a pod with a hostname in the service's subdomain.
  if (pod.spec.hostname && pod.spec.subdomain === svc.metadata.name && pod.metadata.namespace === svc.metadata.namespace) {
    ep.hostname = pod.spec.hostname;
  }
  return ep;
}

/**
 * The endpoints of the selected pods grouped by port set, endpoints ordered by pod name (the
 * reconciler keeps sets; an order makes the comparison with the stored slices stable). With no
 * endpoint at all, one empty group: Kubernetes' placeholder slice (ports [] and endpoints []).
 */
export function desiredGroups(svc: Service, pods: readonly Pod[], addressType: AddressType): DesiredGroup[] {
  const groups = new Map<string, DesiredGroup>();
  const sorted = [...pods].sort((a, b) => (a.metadata.name ?? "").localeCompare(b.metadata.name ?? ""));
  for (const pod of sorted) {
    if (!shouldPodBeInEndpoints(pod)) continue;
    const ep = podToEndpoint(pod, svc, addressType);
    if (!ep.addresses.length) continue;
    const ports = endpointPorts(svc, pod);
    const key = portsKey(ports);
    const g = groups.get(key) ?? { ports, endpoints: [] };
    g.endpoints.push(ep);
    groups.set(key, g);
  }
  return groups.size ? [...groups.values()] : [{ ports: [], endpoints: [] }];
}

/** NewPortMapKey: the identity of a port set, independent of order. */
export function portsKey(ports: readonly EndpointPort[]): string {
  return JSON.stringify([...ports].map((p) => [p.name ?? "", p.protocol ?? "TCP", p.port ?? 0, p.appProtocol ?? ""]).sort());
}
