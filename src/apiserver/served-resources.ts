// What the API serves: each ResourceInfo (src/registry/resource-info.ts) with the registry
// behind it, looked up by the router (group, version, resource) and walked by discovery and
// OpenAPI.
import type { KubeObject } from "../api/meta.ts";
import type { InProcessClient } from "../registry/in-process-client.ts";
import type { ResourceRegistry } from "../registry/registry.ts";
import { RESOURCES, type ResourceInfo } from "../registry/resource-info.ts";

export interface ServedResource {
  info: ResourceInfo;
  registry: ResourceRegistry<KubeObject>;
}

export class ServedResources {
  readonly all: readonly ServedResource[];
  readonly #byPath = new Map<string, ServedResource>();

  constructor(resources: readonly ServedResource[]) {
    this.all = resources;
    for (const r of resources) this.#byPath.set(`${r.info.group}/${r.info.version}/${r.info.resource}`, r);
  }

  static fromClient(client: InProcessClient): ServedResources {
    const out: ServedResource[] = [];
    for (const info of RESOURCES) {
      const registry = client.registryForResource(info.group, info.resource);
      if (registry) out.push({ info, registry });
    }
    return new ServedResources(out);
  }

  lookup(group: string, version: string, resource: string): ServedResource | undefined {
    return this.#byPath.get(`${group}/${version}/${resource}`);
  }

  /** The group-versions served, core ("") first, each group's versions in preference order. */
  groupVersions(): { group: string; versions: string[] }[] {
    const groups = new Map<string, string[]>();
    for (const r of this.all) {
      const vs = groups.get(r.info.group) ?? [];
      if (!vs.includes(r.info.version)) vs.push(r.info.version);
      groups.set(r.info.group, vs);
    }
    return [...groups].map(([group, versions]) => ({ group, versions })).sort((a, b) => (a.group === "" ? -1 : b.group === "" ? 1 : 0));
  }

  inGroupVersion(group: string, version: string): ServedResource[] {
    return this.all.filter((r) => r.info.group === group && r.info.version === version);
  }
}

export const apiVersionOf = (info: ResourceInfo): string => (info.group ? `${info.group}/${info.version}` : info.version);
