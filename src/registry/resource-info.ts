// What the API serves: one entry per resource, the source of discovery (aggregated and legacy),
// routing and `kubectl get` short names. Every registry in createInProcessClient has one.

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
