// What the API serves: one entry per resource, the source of discovery (aggregated and legacy),
// routing and `kubectl get` short names. Every registry in createInProcessClient has one.
// The data is a 1.33 kube-apiserver's discovery (kubernetes/kubernetes api/discovery/*.json):
// names, short names, categories, verbs and subresources exactly as it lists them.

export interface ResourceInfo {
  group: string; // "" for core
  version: string; // "v1"
  kind: string; // "Pod"
  resource: string; // "pods"
  singular: string; // "pod"
  namespaced: boolean;
  shortNames: string[]; // ["po"]
  categories: string[]; // ["all"]
  verbs: string[]; // ["create","delete","deletecollection","get","list","patch","update","watch"]
  /** Subresources served: "status", "log", "exec", "portforward", "scale"... */
  subresources: string[];
}

export const ALL_VERBS = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];
/** Namespaces have no deletecollection. */
const NAMESPACE_VERBS = ["create", "delete", "get", "list", "patch", "update", "watch"];

const info = (
  group: string, kind: string, resource: string, singular: string, namespaced: boolean,
  extra: { shortNames?: string[]; categories?: string[]; verbs?: string[]; subresources?: string[] } = {},
): ResourceInfo => ({
  group, version: "v1", kind, resource, singular, namespaced,
  shortNames: extra.shortNames ?? [], categories: extra.categories ?? [],
  verbs: extra.verbs ?? ALL_VERBS, subresources: extra.subresources ?? [],
});

/** Every resource pillion serves, in discovery order (core first, then groups by name). */
export const RESOURCES: readonly ResourceInfo[] = [
  info("", "ConfigMap", "configmaps", "configmap", true, { shortNames: ["cm"] }),
  info("", "Event", "events", "event", true, { shortNames: ["ev"] }),
  info("", "Namespace", "namespaces", "namespace", false, { shortNames: ["ns"], verbs: NAMESPACE_VERBS, subresources: ["finalize", "status"] }),
  info("", "Node", "nodes", "node", false, { shortNames: ["no"], subresources: ["proxy", "status"] }),
  info("", "Pod", "pods", "pod", true, {
    shortNames: ["po"], categories: ["all"],
    subresources: ["attach", "binding", "ephemeralcontainers", "eviction", "exec", "log", "portforward", "proxy", "resize", "status"],
  }),
  info("", "Secret", "secrets", "secret", true),
  info("", "Service", "services", "service", true, { shortNames: ["svc"], categories: ["all"], subresources: ["proxy", "status"] }),
  info("apps", "Deployment", "deployments", "deployment", true, { shortNames: ["deploy"], categories: ["all"], subresources: ["scale", "status"] }),
  info("apps", "ReplicaSet", "replicasets", "replicaset", true, { shortNames: ["rs"], categories: ["all"], subresources: ["scale", "status"] }),
  info("batch", "CronJob", "cronjobs", "cronjob", true, { shortNames: ["cj"], categories: ["all"], subresources: ["status"] }),
  info("batch", "Job", "jobs", "job", true, { categories: ["all"], subresources: ["status"] }),
  info("discovery.k8s.io", "EndpointSlice", "endpointslices", "endpointslice", true),
  info("events.k8s.io", "Event", "events", "event", true, { shortNames: ["ev"] }),
];

/** The entry for a group and resource ("apps", "deployments"), if served. */
export function resourceInfoFor(group: string, resource: string): ResourceInfo | undefined {
  return RESOURCES.find((r) => r.group === group && r.resource === resource);
}
