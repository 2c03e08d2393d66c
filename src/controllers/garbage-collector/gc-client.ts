// What the garbage collector needs of the API: every served resource with its kind and scope
// (the discovery + dynamic client of kube-controller-manager). The in-process client
// (src/registry/in-process-client.ts) has this shape as it is.
import type { KubeObject } from "../../api/meta.ts";
import type { ResourceClient } from "../../client/client.ts";

export interface GcResource extends ResourceClient<KubeObject> {
  readonly strategy: {
    readonly group: string;
    readonly version: string;
    readonly kind: string;
    readonly resource: string;
    readonly namespaced: boolean;
  };
}

export interface GarbageCollectorClient {
  readonly registries: readonly GcResource[];
  /** The resource serving objects of this apiVersion and kind (an ownerReference's), if any. */
  registryFor(apiVersion: string | undefined, kind: string | undefined): GcResource | undefined;
}

export const apiVersionOf = (r: GcResource): string => (r.strategy.group ? `${r.strategy.group}/${r.strategy.version}` : r.strategy.version);
