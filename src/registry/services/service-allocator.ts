// ClusterIP and NodePort allocation, standing in for the service REST storage's allocators
// (pkg/registry/core/service/storage/alloc.go, ipallocator, portallocator).
//
// Deliberate difference: Kubernetes allocates at random from a bitmap persisted in etcd; pillion
// derives the used set from the stored Services each time and takes the lowest free value, so
// nothing extra is persisted and allocation is deterministic. ClusterIPs come from the dynamic
// band of 10.96.0.0/12 (above the first 256 addresses, which Kubernetes keeps for static
// requests such as 10.96.0.1 and 10.96.0.10); node ports from 30000-32767.
import type { Service } from "../../api/core.ts";

export const SERVICE_CIDR = "10.96.0.0/12";
export const NODE_PORT_RANGE = { base: 30000, size: 2768 } as const;
const CIDR_BASE = (10 << 24) | (96 << 16);
const CIDR_SIZE = 1 << 20; // a /12
const STATIC_BAND = 256;

/** What the stored Services hold: their cluster IPs and node ports. */
export interface ServiceAllocations { clusterIPs: Set<string>; nodePorts: Set<number> }

export function allocationsOf(services: Iterable<Service>): ServiceAllocations {
  const out: ServiceAllocations = { clusterIPs: new Set(), nodePorts: new Set() };
  for (const s of services) {
    for (const ip of s.spec?.clusterIPs ?? (s.spec?.clusterIP ? [s.spec.clusterIP] : [])) if (ip !== "None") out.clusterIPs.add(ip);
    for (const p of s.spec?.ports ?? []) if (p.nodePort) out.nodePorts.add(p.nodePort);
  }
  return out;
}

const ipToInt = (ip: string): number => ip.split(".").reduce((acc, o) => acc * 256 + Number(o), 0);
const intToIP = (n: number): string => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");

/** ErrNotInRange / ErrAllocated of the ipallocator, as "failed to allocate IP <ip>: <err>". */
export function checkRequestedClusterIP(ip: string, used: ReadonlySet<string>): string | undefined {
  const n = ipToInt(ip);
  const offset = n - CIDR_BASE;
  if (!/^\d+\.\d+\.\d+\.\d+$/.test(ip) || offset <= 0 || offset >= CIDR_SIZE - 1) {
    return `failed to allocate IP ${ip}: the provided IP (${ip}) is not in the valid range. The range of valid IPs is ${SERVICE_CIDR}`;
  }
  if (used.has(ip)) return `failed to allocate IP ${ip}: provided IP is already allocated`;
  return undefined;
}

export function nextClusterIP(used: ReadonlySet<string>): string | undefined {
  for (let offset = STATIC_BAND; offset < CIDR_SIZE - 1; offset++) {
    const ip = intToIP(CIDR_BASE + offset);
    if (!used.has(ip)) return ip;
  }
  return undefined;
}

/** The portallocator's errors for a requested node port. */
export function checkRequestedNodePort(port: number, used: ReadonlySet<number>): string | undefined {
  if (port < NODE_PORT_RANGE.base || port >= NODE_PORT_RANGE.base + NODE_PORT_RANGE.size) {
    return `provided port is not in the valid range. The range of valid ports is ${NODE_PORT_RANGE.base}-${NODE_PORT_RANGE.base + NODE_PORT_RANGE.size - 1}`;
  }
  return used.has(port) ? "provided port is already allocated" : undefined;
}

export function nextNodePort(used: ReadonlySet<number>): number | undefined {
  for (let p = NODE_PORT_RANGE.base; p < NODE_PORT_RANGE.base + NODE_PORT_RANGE.size; p++) if (!used.has(p)) return p;
  return undefined;
}
