// Discovery, generated from the served ResourceInfos: aggregated (apidiscovery.k8s.io/v2 and
// v2beta1, what kubectl 1.26+ asks first; the content type must be exact, spec §0.2) and legacy
// (APIVersions, APIGroupList, APIGroup, APIResourceList: the fallback, and what client-node's
// KubernetesObjectApi reads).
import type { ResourceInfo } from "../registry/resource-info.ts";
import type { ServedResources } from "./served-resources.ts";

/**
 * A group served outside the registries (metrics.k8s.io, served by handlers/metrics.ts as
 * metrics-server would be behind kube-aggregator): described here for discovery only. Each
 * discovery function takes the extra groups to list after the registries' ones.
 */
export interface StaticApiGroup {
  group: string;
  version: string;
  resources: readonly { resource: string; kind: string; namespaced: boolean; singular: string; verbs: readonly string[] }[];
}

export const AGGREGATED_V2 = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";
export const AGGREGATED_V2BETA1 = "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList";

/** Which aggregated form the Accept header asks for, if any (v2 preferred). */
export function aggregatedVersion(accept: string | undefined): "v2" | "v2beta1" | undefined {
  const ranges = (accept ?? "").split(",").map((r) => r.replace(/\s+/g, "").toLowerCase());
  for (const r of ranges) {
    if (!r.includes("as=apigroupdiscoverylist") || !r.includes("g=apidiscovery.k8s.io")) continue;
    if (r.includes("v=v2beta1")) return "v2beta1";
    if (r.includes("v=v2")) return "v2";
  }
  return undefined;
}

interface SubresourceSpec { kind: string; group: string; version: string; verbs: string[] }

/** The kind and verbs of a subresource (pods/log is a GET returning text; /scale is autoscaling/v1 Scale). */
function subresourceSpec(info: ResourceInfo, sub: string): SubresourceSpec {
  switch (sub) {
    case "status": return { kind: info.kind, group: info.group, version: info.version, verbs: ["get", "patch", "update"] };
    case "scale": return { kind: "Scale", group: "autoscaling", version: "v1", verbs: ["get", "patch", "update"] };
    case "log": return { kind: "Pod", group: "", version: "v1", verbs: ["get"] };
    case "exec": return { kind: "PodExecOptions", group: "", version: "v1", verbs: ["create", "get"] };
    case "attach": return { kind: "PodAttachOptions", group: "", version: "v1", verbs: ["create", "get"] };
    case "portforward": return { kind: "PodPortForwardOptions", group: "", version: "v1", verbs: ["create", "get"] };
    default: return { kind: info.kind, group: info.group, version: info.version, verbs: ["get"] };
  }
}

function aggregatedResource(info: ResourceInfo): Record<string, unknown> {
  const r: Record<string, unknown> = {
    resource: info.resource,
    responseKind: { group: info.group, version: info.version, kind: info.kind },
    scope: info.namespaced ? "Namespaced" : "Cluster",
    singularResource: info.singular,
    verbs: [...info.verbs].sort(),
  };
  if (info.shortNames.length) r.shortNames = info.shortNames;
  if (info.categories.length) r.categories = info.categories;
  if (info.subresources.length) {
    r.subresources = info.subresources.map((sub) => {
      const s = subresourceSpec(info, sub);
      return { subresource: sub, responseKind: { group: s.group, version: s.version, kind: s.kind }, verbs: s.verbs };
    });
  }
  return r;
}

/** /api (core only) or /apis (every other group, then the extra ones) as an APIGroupDiscoveryList. */
export function aggregatedDiscovery(resources: ServedResources, core: boolean, version: "v2" | "v2beta1", extra: readonly StaticApiGroup[] = []): unknown {
  const items = resources.groupVersions().filter((g) => (g.group === "") === core).map((g) => ({
    metadata: { name: g.group, creationTimestamp: null },
    versions: g.versions.map((v) => ({
      version: v,
      resources: resources.inGroupVersion(g.group, v).map((r) => aggregatedResource(r.info)),
      freshness: "Current",
    })),
  }));
  if (!core) {
    for (const g of extra) {
      items.push({
        metadata: { name: g.group, creationTimestamp: null },
        versions: [{
          version: g.version,
          resources: g.resources.map((r) => ({
            resource: r.resource,
            responseKind: { group: g.group, version: g.version, kind: r.kind },
            scope: r.namespaced ? "Namespaced" : "Cluster",
            singularResource: r.singular,
            verbs: [...r.verbs].sort(),
          })),
          freshness: "Current",
        }],
      });
    }
  }
  return { kind: "APIGroupDiscoveryList", apiVersion: `apidiscovery.k8s.io/${version}`, metadata: {}, items };
}

export function legacyApiVersions(): unknown {
  return { kind: "APIVersions", versions: ["v1"], serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress: "127.0.0.1" }] };
}

function apiGroup(group: string, versions: string[]): Record<string, unknown> {
  const gvs = versions.map((v) => ({ groupVersion: `${group}/${v}`, version: v }));
  return { name: group, versions: gvs, preferredVersion: gvs[0] };
}

export function legacyApiGroupList(resources: ServedResources, extra: readonly StaticApiGroup[] = []): unknown {
  return {
    kind: "APIGroupList", apiVersion: "v1",
    groups: [
      ...resources.groupVersions().filter((g) => g.group !== "").map((g) => apiGroup(g.group, g.versions)),
      ...extra.map((g) => apiGroup(g.group, [g.version])),
    ],
  };
}

export function legacyApiGroup(resources: ServedResources, group: string, extra: readonly StaticApiGroup[] = []): unknown {
  const g = resources.groupVersions().find((x) => x.group === group);
  if (g) return { kind: "APIGroup", apiVersion: "v1", ...apiGroup(group, g.versions) };
  const e = extra.find((x) => x.group === group);
  return e ? { kind: "APIGroup", apiVersion: "v1", ...apiGroup(group, [e.version]) } : undefined;
}

export function legacyResourceList(resources: ServedResources, group: string, version: string, extra: readonly StaticApiGroup[] = []): unknown {
  const e = extra.find((x) => x.group === group && x.version === version);
  if (e) {
    return {
      kind: "APIResourceList", apiVersion: "v1", groupVersion: `${group}/${version}`,
      resources: e.resources.map((r) => ({ name: r.resource, singularName: r.singular, namespaced: r.namespaced, kind: r.kind, verbs: [...r.verbs].sort() })),
    };
  }
  const served = resources.inGroupVersion(group, version);
  if (!served.length) return undefined;
  const list: Record<string, unknown>[] = [];
  for (const { info } of served) {
    const r: Record<string, unknown> = {
      name: info.resource, singularName: info.singular, namespaced: info.namespaced, kind: info.kind, verbs: [...info.verbs].sort(),
    };
    if (info.shortNames.length) r.shortNames = info.shortNames;
    if (info.categories.length) r.categories = info.categories;
    list.push(r);
    for (const sub of info.subresources) {
      const s = subresourceSpec(info, sub);
      const entry: Record<string, unknown> = { name: `${info.resource}/${sub}`, singularName: "", namespaced: info.namespaced, kind: s.kind, verbs: s.verbs };
      if (s.group !== info.group || s.version !== info.version) { entry.group = s.group; entry.version = s.version; }
      list.push(entry);
    }
  }
  return { kind: "APIResourceList", apiVersion: "v1", groupVersion: group ? `${group}/${version}` : version, resources: list };
}
