// The part of the client the ReplicaSet and Deployment controllers use. The in-process client
// (src/registry/in-process-client.ts) has all of it; the shared Client interface names only
// pods, jobs and events, so the apps kinds are added here rather than there.
import type { Deployment, ReplicaSet } from "../../api/apps.ts";
import type { Client, ResourceClient } from "../../client/client.ts";
import type { OwnerReference } from "../../api/meta.ts";
import type { KubeObject } from "../../api/meta.ts";

export interface AppsClient extends Pick<Client, "pods" | "events"> {
  replicasets: ResourceClient<ReplicaSet>;
  deployments: ResourceClient<Deployment>;
}

/** metav1.GetControllerOf. */
export function controllerOf(obj: KubeObject): OwnerReference | undefined {
  return (obj.metadata.ownerReferences ?? []).find((r) => r.controller === true);
}

/** metav1.NewControllerRef for an apps/v1 owner. */
export function newControllerRef(owner: KubeObject, kind: "ReplicaSet" | "Deployment"): OwnerReference {
  return {
    apiVersion: "apps/v1", kind, name: owner.metadata.name ?? "", uid: owner.metadata.uid ?? "",
    controller: true, blockOwnerDeletion: true,
  };
}

export { objectKey } from "../reconcile-queue.ts";

/** Splits a queue key back into namespace and name. */
export function splitKey(key: string): [string, string] {
  const slash = key.indexOf("/");
  return [key.slice(0, slash), key.slice(slash + 1)];
}

/** The message of a caught error, as Go's %v prints an error. */
export const messageOf = (err: unknown): string => (err instanceof Error ? err.message : JSON.stringify(err));

/** Errors caught as unknown, rethrown as Error (the original kept as cause). */
export const asError = (err: unknown): Error => (err instanceof Error ? err : new Error("non-Error thrown", { cause: err }));
