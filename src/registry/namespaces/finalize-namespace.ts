// The namespace controller, reduced to one step (pkg/controller/namespace/deletion:
// namespacedResourcesDeleter.Delete): for a terminating namespace, delete every namespaced
// object in it; once nothing is left, remove the `kubernetes` finalizer through the finalize
// subresource, which removes the namespace.
//
// Contract: call it again until it reports done — objects with graceful deletion (pods bound to
// the node) stay until the kubelet has stopped them. Re-running it with nothing changed only
// lists. A namespace that is not terminating is left alone ({ done: false, remaining: -1 }).
// Deliberate difference: no NamespaceContentRemaining/NamespaceFinalizersRemaining conditions.
import type { KubeObject } from "../../api/meta.ts";
import { isStatusError } from "../../machinery/status-error.ts";
import type { ResourceRegistry } from "../registry.ts";
import type { NamespaceRegistry } from "./namespace-registry.ts";
import { FINALIZER_KUBERNETES } from "./namespace-strategy.ts";

export interface NamespaceFinalizerClient {
  namespaces: NamespaceRegistry;
  /** Every registry served; the namespaced ones are emptied. */
  registries: readonly ResourceRegistry<KubeObject>[];
}

export interface FinalizeResult {
  /** The namespace is gone (or had only other finalizers left, which are not pillion's). */
  done: boolean;
  /** Objects still in the namespace after this step. */
  remaining: number;
}

export async function finalizeNamespace(client: NamespaceFinalizerClient, name: string): Promise<FinalizeResult> {
  let ns;
  try {
    ns = await client.namespaces.get("", name);
  } catch (e) {
    if (isStatusError(e, "NotFound")) return { done: true, remaining: 0 };
    throw e;
  }
  if (!ns.metadata.deletionTimestamp) return { done: false, remaining: -1 };
  let remaining = 0;
  for (const registry of client.registries) {
    if (!registry.strategy.namespaced) continue;
    const { items } = await registry.list({ namespace: name });
    for (const item of items) {
      const meta = item.metadata;
      try {
        const left = meta.deletionTimestamp ? item : await registry.delete(name, meta.name ?? "", meta.uid ? { uid: meta.uid } : {});
        if (left) remaining++;
      } catch (e) {
        if (!isStatusError(e, "NotFound")) throw e;
      }
    }
  }
  if (remaining > 0) return { done: false, remaining };
  const finalizers = (ns.spec?.finalizers ?? []).filter((f) => f !== FINALIZER_KUBERNETES);
  const left = await client.namespaces.finalize({ ...ns, spec: { ...(ns.spec ?? {}), finalizers } });
  return { done: left === undefined || finalizers.length > 0, remaining: 0 };
}
