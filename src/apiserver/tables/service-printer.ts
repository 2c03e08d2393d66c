// `kubectl get services`: printService and getServiceExternalIP of printers.go. Server-side
// tables are generated wide, so load-balancer addresses are never clipped to 16 characters.
import { translateTimestampSince } from "../../printers/human-duration.ts";
import { AGE_COLUMN, NAME_COLUMN, column, formatLabels, type MetaLike } from "./columns.ts";
import type { TablePrinter } from "./table-printer.ts";

interface ServiceLike extends MetaLike {
  spec?: {
    type?: string;
    clusterIPs?: string[];
    externalIPs?: string[];
    externalName?: string;
    selector?: Record<string, string>;
    ports?: { port?: number; nodePort?: number; protocol?: string }[];
  };
  status?: { loadBalancer?: { ingress?: { ip?: string; hostname?: string }[] } };
}

/** loadBalancerStatusStringer (wide): distinct IPs or hostnames, sorted, joined by ",". */
function loadBalancerAddresses(svc: ServiceLike): string {
  const set = new Set<string>();
  for (const i of svc.status?.loadBalancer?.ingress ?? []) {
    if (i.ip) set.add(i.ip);
    else if (i.hostname) set.add(i.hostname);
  }
  return [...set].sort().join(",");
}

function externalIP(svc: ServiceLike): string {
  const external = svc.spec?.externalIPs ?? [];
  switch (svc.spec?.type) {
    case "ClusterIP":
    case "NodePort":
      return external.length ? external.join(",") : "<none>";
    case "LoadBalancer": {
      const lb = loadBalancerAddresses(svc);
      if (external.length) return [...(lb ? lb.split(",") : []), ...external].join(",");
      return lb || "<pending>";
    }
    case "ExternalName":
      return svc.spec.externalName ?? "";
    default:
      return "<unknown>";
  }
}

/** makePortString: `80/TCP`, `80:30080/TCP`, joined by ",". */
function ports(svc: ServiceLike): string {
  const text = (svc.spec?.ports ?? [])
    .map((p) => (p.nodePort ? `${p.port ?? 0}:${p.nodePort}/${p.protocol ?? ""}` : `${p.port ?? 0}/${p.protocol ?? ""}`))
    .join(",");
  return text || "<none>";
}

export const servicePrinter: TablePrinter = {
  columns: [
    NAME_COLUMN,
    column("Type", "string", "type determines how the Service is exposed."),
    column("Cluster-IP", "string", "clusterIP is the IP address of the service and is usually assigned randomly."),
    column("External-IP", "string", "externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service."),
    column("Port(s)", "string", "The list of ports that are exposed by this service."),
    AGE_COLUMN,
    column("Selector", "string", "Route service traffic to pods with label keys and values matching this selector.", 1),
  ],
  rows(obj, now) {
    const svc = obj as ServiceLike;
    return [{
      cells: [
        svc.metadata?.name ?? "", svc.spec?.type ?? "", svc.spec?.clusterIPs?.[0] ?? "<none>", externalIP(svc), ports(svc),
        translateTimestampSince(svc.metadata?.creationTimestamp, now), formatLabels(svc.spec?.selector),
      ],
    }];
  },
};
