// The pod's QoS class, mirroring ComputePodQOS of pkg/apis/core/helper/qos/qos.go (container
// level; pod-level resources are not supported): sum the positive cpu/memory requests and limits
// over containers and init containers; no requests and no limits → BestEffort; every container
// limiting both cpu and memory with the summed requests equal to the summed limits → Guaranteed;
// anything else → Burstable. Run after defaulting (requests default to limits).
import type { Pod } from "../../api/core.ts";
import { parseQuantity } from "../../machinery/quantity.ts";

export type PodQOSClass = "Guaranteed" | "Burstable" | "BestEffort";

const QOS_RESOURCES = ["cpu", "memory"] as const;

export function computePodQOS(pod: Pod): PodQOSClass {
  const requests = new Map<string, bigint>();
  const limits = new Map<string, bigint>();
  let guaranteed = true;
  for (const c of [...(pod.spec.containers ?? []), ...(pod.spec.initContainers ?? [])]) {
    for (const name of QOS_RESOURCES) {
      const q = parseQuantity(String(c.resources?.requests?.[name] ?? "0"));
      if (q && q.nanos > 0n) requests.set(name, (requests.get(name) ?? 0n) + q.nanos);
    }
    const found = new Set<string>();
    for (const name of QOS_RESOURCES) {
      const q = parseQuantity(String(c.resources?.limits?.[name] ?? "0"));
      if (q && q.nanos > 0n) {
        found.add(name);
        limits.set(name, (limits.get(name) ?? 0n) + q.nanos);
      }
    }
    if (!QOS_RESOURCES.every((n) => found.has(n))) guaranteed = false;
  }
  if (requests.size === 0 && limits.size === 0) return "BestEffort";
  if (guaranteed) {
    for (const [name, req] of requests) {
      if (limits.get(name) !== req) { guaranteed = false; break; }
    }
  }
  return guaranteed && requests.size === limits.size ? "Guaranteed" : "Burstable";
}
