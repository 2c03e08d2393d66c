// `kubectl get nodes`: printNode, findNodeRoles, getNodeInternalIP/ExternalIP of printers.go.
import { translateTimestampSince } from "../../printers/human-duration.ts";
import { AGE_COLUMN, NAME_COLUMN, column, type MetaLike } from "./columns.ts";
import type { TablePrinter } from "./table-printer.ts";

interface NodeLike extends MetaLike {
  spec?: { unschedulable?: boolean };
  status?: {
    conditions?: { type?: string; status?: string }[];
    addresses?: { type?: string; address?: string }[];
    nodeInfo?: { kubeletVersion?: string; osImage?: string; kernelVersion?: string; containerRuntimeVersion?: string };
  };
}

const ROLE_PREFIX = "node-role.kubernetes.io/";

/** Ready / NotReady from the Ready condition (the last one of that type), else Unknown. */
function status(node: NodeLike): string {
  const ready = (node.status?.conditions ?? []).filter((c) => c.type === "Ready").at(-1);
  const parts = [ready ? (ready.status === "True" ? "Ready" : "NotReady") : "Unknown"];
  if (node.spec?.unschedulable) parts.push("SchedulingDisabled");
  return parts.join(",");
}

function roles(node: NodeLike): string {
  const set = new Set<string>();
  for (const [k, v] of Object.entries(node.metadata?.labels ?? {})) {
    if (k.startsWith(ROLE_PREFIX)) {
      const role = k.slice(ROLE_PREFIX.length);
      if (role) set.add(role);
    } else if (k === "kubernetes.io/role" && v !== "") {
      set.add(v);
    }
  }
  return [...set].sort().join(",") || "<none>";
}

const address = (node: NodeLike, type: string): string => node.status?.addresses?.find((a) => a.type === type)?.address ?? "<none>";

export const nodePrinter: TablePrinter = {
  columns: [
    NAME_COLUMN,
    column("Status", "string", "The status of the node"),
    column("Roles", "string", "The roles of the node"),
    AGE_COLUMN,
    column("Version", "string", "Kubelet Version reported by the node."),
    column("Internal-IP", "string", "List of addresses reachable to the node.", 1),
    column("External-IP", "string", "List of addresses reachable to the node.", 1),
    column("OS-Image", "string", "OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).", 1),
    column("Kernel-Version", "string", "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).", 1),
    column("Container-Runtime", "string", "ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).", 1),
  ],
  rows(obj, now) {
    const node = obj as NodeLike;
    const info = node.status?.nodeInfo ?? {};
    return [{
      cells: [
        node.metadata?.name ?? "", status(node), roles(node), translateTimestampSince(node.metadata?.creationTimestamp, now), info.kubeletVersion ?? "",
        address(node, "InternalIP"), address(node, "ExternalIP"),
        info.osImage || "<unknown>", info.kernelVersion || "<unknown>", info.containerRuntimeVersion || "<unknown>",
      ],
    }];
  },
};
