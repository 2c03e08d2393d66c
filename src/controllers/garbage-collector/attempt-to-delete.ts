// One object's garbage collection: attemptToDeleteItem, processDeletingDependentsItem,
// orphanDependents and removeFinalizer of pkg/controller/garbagecollector/garbagecollector.go
// (Kubernetes 1.33). Decisions re-read the object and its owners through the API; the graph
// only says who the dependents are.
//
// Deliberate differences (docs/garbage-collector.md): an ownerReference to a kind pillion does
// not serve is treated as an existing owner (Kubernetes retries it with back-off and logs);
// ownerReference patches are get + update with retries on Conflict (Kubernetes sends
// strategic-merge / JSON patches).
import { FINALIZER_DELETE_DEPENDENTS, FINALIZER_ORPHAN_DEPENDENTS, type KubeObject, type OwnerReference } from "../../api/meta.ts";
import type { DeleteOptions } from "../../client/client.ts";
import { isStatusError } from "../../machinery/status-error.ts";
import type { GarbageCollectorClient, GcResource } from "./gc-client.ts";
import { isDeletingDependents, type GraphNode, type OwnerGraph } from "./owner-graph.ts";

export interface GcContext {
  client: GarbageCollectorClient;
  graph: OwnerGraph;
  /** attemptToDelete.Add: look at this uid again. */
  enqueue: (uid: string) => void;
}

const CONFLICT_RETRIES = 5;

type OwnerState = "solid" | "dangling" | "waitingForDependentsDeletion";

function resourceOf(ctx: GcContext, node: Pick<GraphNode, "apiVersion" | "kind">): GcResource | undefined {
  return ctx.client.registryFor(node.apiVersion, node.kind);
}

async function getLatest(r: GcResource, node: GraphNode): Promise<KubeObject | undefined> {
  try {
    const obj = await r.get(node.namespace, node.name);
    return obj.metadata.uid === node.uid ? obj : undefined;
  } catch (err) {
    if (isStatusError(err, "NotFound")) return undefined;
    throw err;
  }
}

/** isDangling + the waiting check of classifyReferences, for one ownerReference. */
async function ownerState(ctx: GcContext, ref: OwnerReference, dependentNamespace: string): Promise<OwnerState> {
  const r = ctx.client.registryFor(ref.apiVersion, ref.kind);
  if (!r) return "solid";
  if (r.strategy.namespaced && !dependentNamespace) return "dangling"; // a cluster-scoped dependent cannot have a namespaced owner
  let owner: KubeObject;
  try {
    owner = await r.get(r.strategy.namespaced ? dependentNamespace : "", ref.name);
  } catch (err) {
    if (isStatusError(err, "NotFound")) return "dangling";
    throw err;
  }
  if (owner.metadata.uid !== ref.uid) return "dangling"; // a new object under the old name
  if (owner.metadata.deletionTimestamp && owner.metadata.finalizers?.includes(FINALIZER_DELETE_DEPENDENTS)) return "waitingForDependentsDeletion";
  return "solid";
}

/** get + mutate + update until it sticks; false when the object is gone or replaced. */
async function updateLatest(r: GcResource, node: GraphNode, mutate: (obj: KubeObject) => boolean): Promise<boolean> {
  for (let attempt = 0; ; attempt++) {
    const obj = await getLatest(r, node);
    if (!obj) return false;
    if (!mutate(obj)) return true;
    try {
      await r.update(obj);
      return true;
    } catch (err) {
      if (isStatusError(err, "NotFound")) return false;
      if (!isStatusError(err, "Conflict") || attempt >= CONFLICT_RETRIES) throw err;
    }
  }
}

/** deleteObject: with the uid as precondition; an object already gone counts as deleted. */
async function deleteObject(r: GcResource, node: GraphNode, policy: NonNullable<DeleteOptions["propagationPolicy"]>): Promise<void> {
  try {
    await r.delete(node.namespace, node.name, { uid: node.uid, propagationPolicy: policy });
  } catch (err) {
    if (!isStatusError(err, "NotFound")) throw err;
  }
}

/** removeFinalizer: drops one GC finalizer; removing the last one completes the deletion. */
async function removeFinalizer(r: GcResource, node: GraphNode, finalizer: string): Promise<void> {
  await updateLatest(r, node, (obj) => {
    const finalizers = obj.metadata.finalizers ?? [];
    if (!finalizers.includes(finalizer)) return false;
    obj.metadata.finalizers = finalizers.filter((f) => f !== finalizer);
    return true;
  });
}

/** attemptToDeleteItem: deletes node if none of its owners still exists. */
export async function attemptToDeleteItem(ctx: GcContext, node: GraphNode): Promise<void> {
  const r = resourceOf(ctx, node);
  if (!r) return;
  const latest = await getLatest(r, node);
  if (!latest) return;
  const meta = latest.metadata;
  if (meta.deletionTimestamp) {
    const finalizers = meta.finalizers ?? [];
    if (finalizers.includes(FINALIZER_DELETE_DEPENDENTS)) await processDeletingDependentsItem(ctx, r, node);
    if (finalizers.includes(FINALIZER_ORPHAN_DEPENDENTS)) await orphanDependents(ctx, r, node);
    return; // otherwise its deletion is under way
  }
  const refs = meta.ownerReferences ?? [];
  if (refs.length === 0) return;
  const solid: OwnerReference[] = [], dangling: OwnerReference[] = [], waiting: OwnerReference[] = [];
  for (const ref of refs) {
    const state = await ownerState(ctx, ref, meta.namespace ?? "");
    (state === "solid" ? solid : state === "dangling" ? dangling : waiting).push(ref);
  }
  if (solid.length > 0) {
    if (dangling.length === 0 && waiting.length === 0) return;
    // Drop the references to owners gone or waiting on us, or they would wait forever.
    const drop = new Set([...dangling, ...waiting].map((ref) => ref.uid));
    await updateLatest(r, node, (obj) => {
      const kept = (obj.metadata.ownerReferences ?? []).filter((ref) => !drop.has(ref.uid));
      if (kept.length === (obj.metadata.ownerReferences ?? []).length) return false;
      obj.metadata.ownerReferences = kept;
      return true;
    });
    return;
  }
  const dependents = ctx.graph.dependents(node.uid);
  if (waiting.length > 0 && dependents.length > 0) {
    if (dependents.some(isDeletingDependents)) {
      // A cycle: our dependent waits on us while our owner waits on it. Stop blocking.
      await updateLatest(r, node, (obj) => {
        let changed = false;
        for (const ref of obj.metadata.ownerReferences ?? []) {
          if (ref.blockOwnerDeletion === true) { ref.blockOwnerDeletion = false; changed = true; }
        }
        return changed;
      });
    }
    await deleteObject(r, node, "Foreground");
    return;
  }
  const finalizers = meta.finalizers ?? [];
  const policy = finalizers.includes(FINALIZER_ORPHAN_DEPENDENTS) ? "Orphan"
    : finalizers.includes(FINALIZER_DELETE_DEPENDENTS) ? "Foreground" : "Background";
  await deleteObject(r, node, policy);
}

/**
 * processDeletingDependentsItem: an owner deleted in the foreground stays until no dependent
 * that blocks its deletion (blockOwnerDeletion) exists; the dependents are deleted meanwhile.
 */
async function processDeletingDependentsItem(ctx: GcContext, r: GcResource, node: GraphNode): Promise<void> {
  const blocking = ctx.graph.dependents(node.uid).filter((d) => d.owners.some((ref) => ref.uid === node.uid && ref.blockOwnerDeletion === true));
  if (blocking.length === 0) {
    await removeFinalizer(r, node, FINALIZER_DELETE_DEPENDENTS);
    return;
  }
  for (const dep of blocking) if (!isDeletingDependents(dep)) ctx.enqueue(dep.uid);
}

/** orphanDependents: removes the owner from its dependents' ownerReferences, then the orphan finalizer. */
async function orphanDependents(ctx: GcContext, r: GcResource, owner: GraphNode): Promise<void> {
  for (const dep of ctx.graph.dependents(owner.uid)) {
    const dr = resourceOf(ctx, dep);
    if (!dr) continue;
    await updateLatest(dr, dep, (obj) => {
      const refs = obj.metadata.ownerReferences ?? [];
      const kept = refs.filter((ref) => ref.uid !== owner.uid);
      if (kept.length === refs.length) return false;
      if (kept.length) obj.metadata.ownerReferences = kept;
      else delete obj.metadata.ownerReferences;
      return true;
    });
  }
  await removeFinalizer(r, owner, FINALIZER_ORPHAN_DEPENDENTS);
}
