// What a cluster has from the start: the namespaces `default`, `kube-system`, `kube-public` and
// `kube-node-lease` (kube-apiserver's SystemNamespaces controller) and pillion's one Node,
// registered with the status a 1.33 kubelet reports (conditions, addresses, capacity, nodeInfo).
import type { Namespace, Node, NodeCondition } from "../../api/core.ts";
import type { Clock } from "../../machinery/clock.ts";
import { rfc3339 } from "../../machinery/clock.ts";
import { isStatusError } from "../../machinery/status-error.ts";
import type { Store } from "../../storage/store.ts";
import type { ResourceRegistry } from "../registry.ts";

export const SYSTEM_NAMESPACES = ["default", "kube-system", "kube-public", "kube-node-lease"] as const;

/** Creates the system namespaces that are missing, synchronously, straight into the store. */
export function ensureSystemNamespacesSync(store: Store, namespaces: ResourceRegistry<Namespace>): void {
  for (const name of SYSTEM_NAMESPACES) {
    if (store.get(namespaces.key, "", name)) continue;
    store.create(namespaces.key, namespaces.prepare({ metadata: { name } }));
  }
}

export interface SystemNodeOptions {
  /** Default "pillion". */
  nodeName?: string;
  /** e.g. "v1.33.1". */
  kubeletVersion: string;
  /** e.g. "crun://1.8.1". */
  containerRuntimeVersion: string;
  kernelVersion: string;
  /** e.g. "Ubuntu 24.04.1 LTS". */
  osImage: string;
  /** GOARCH spelling: "amd64", "arm64". */
  architecture: string;
  operatingSystem?: string;
  machineID?: string;
  systemUUID?: string;
  bootID?: string;
  /** cpu, memory, pods, ephemeral-storage... as quantities ("8", "16318124Ki", "110"). */
  capacity: Record<string, string>;
  /** Default: capacity. */
  allocatable?: Record<string, string>;
  /** Default "127.0.0.1". */
  internalIP?: string;
  /** Default: the node name. */
  hostname?: string;
}

export interface SystemObjectsClient {
  namespaces: ResourceRegistry<Namespace>;
  nodes: ResourceRegistry<Node>;
}

const CONDITIONS: readonly [string, NodeCondition["status"], string, string][] = [
  ["MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"],
  ["DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"],
  ["PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"],
  ["Ready", "True", "KubeletReady", "kubelet is posting ready status"],
];

/** The node conditions a healthy kubelet posts; a condition keeps its transition time while unchanged. */
export function nodeConditions(nowMs: number, previous: readonly NodeCondition[] = []): NodeCondition[] {
  const now = rfc3339(nowMs);
  return CONDITIONS.map(([type, status, reason, message]) => {
    const prev = previous.find((c) => c.type === type);
    const lastTransitionTime = prev && prev.status === status ? (prev.lastTransitionTime ?? now) : now;
    return { type, status, lastHeartbeatTime: now, lastTransitionTime, reason, message };
  });
}

export function makeSystemNode(o: SystemNodeOptions, nowMs: number, previous?: Node): Node {
  const name = o.nodeName ?? "pillion";
  const os = o.operatingSystem ?? "linux";
  return {
    apiVersion: "v1", kind: "Node",
    metadata: {
      name,
      labels: {
        "beta.kubernetes.io/arch": o.architecture, "beta.kubernetes.io/os": os,
        "kubernetes.io/arch": o.architecture, "kubernetes.io/hostname": o.hostname ?? name, "kubernetes.io/os": os,
        "node-role.kubernetes.io/control-plane": "",
      },
      annotations: { "node.alpha.kubernetes.io/ttl": "0", "volumes.kubernetes.io/controller-managed-attach-detach": "true" },
    },
    spec: {},
    status: {
      capacity: { ...o.capacity },
      allocatable: { ...(o.allocatable ?? o.capacity) },
      conditions: nodeConditions(nowMs, previous?.status?.conditions),
      addresses: [{ type: "InternalIP", address: o.internalIP ?? "127.0.0.1" }, { type: "Hostname", address: o.hostname ?? name }],
      nodeInfo: {
        machineID: o.machineID ?? "", systemUUID: o.systemUUID ?? "", bootID: o.bootID ?? "",
        kernelVersion: o.kernelVersion, osImage: o.osImage, containerRuntimeVersion: o.containerRuntimeVersion,
        kubeletVersion: o.kubeletVersion, operatingSystem: os, architecture: o.architecture,
      },
    },
  };
}

/**
 * Creates the system namespaces and registers (or refreshes the status of) the Node. Idempotent:
 * run it at every start; a second run only updates the node's heartbeat and nodeInfo.
 */
export async function ensureSystemObjects(client: SystemObjectsClient, clock: Clock, node: SystemNodeOptions): Promise<Node> {
  for (const name of SYSTEM_NAMESPACES) {
    try {
      await client.namespaces.create({ metadata: { name } });
    } catch (e) {
      if (!isStatusError(e, "AlreadyExists")) throw e;
    }
  }
  const name = node.nodeName ?? "pillion";
  let existing: Node | undefined;
  try {
    existing = await client.nodes.get("", name);
  } catch (e) {
    if (!isStatusError(e, "NotFound")) throw e;
  }
  const desired = makeSystemNode(node, clock.now(), existing);
  if (!existing) return client.nodes.create(desired);
  return client.nodes.updateStatus({ ...existing, status: desired.status ?? {} });
}
