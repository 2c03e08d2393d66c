// The garbage collector's picture of who owns whom (GraphBuilder's uidToNode of
// pkg/controller/garbagecollector/graph.go, without virtual nodes): one node per object seen
// through the watches, keyed by uid, and an index from an owner's uid to its dependents. It
// only says where to look; every decision re-reads the objects through the API.
import { FINALIZER_DELETE_DEPENDENTS, FINALIZER_ORPHAN_DEPENDENTS, type KubeObject, type OwnerReference } from "../../api/meta.ts";

export interface GraphNode {
  uid: string;
  apiVersion: string;
  kind: string;
  namespace: string;
  name: string;
  owners: OwnerReference[];
  beingDeleted: boolean;
  finalizers: string[];
}

/** node.isDeletingDependents: being deleted with the foregroundDeletion finalizer. */
export const isDeletingDependents = (n: GraphNode): boolean => n.beingDeleted && n.finalizers.includes(FINALIZER_DELETE_DEPENDENTS);

export const isOrphaning = (n: GraphNode): boolean => n.beingDeleted && n.finalizers.includes(FINALIZER_ORPHAN_DEPENDENTS);

export function nodeOf(obj: KubeObject, apiVersion: string, kind: string): GraphNode {
  const m = obj.metadata;
  return {
    uid: m.uid ?? "", apiVersion, kind, namespace: m.namespace ?? "", name: m.name ?? "",
    owners: structuredClone(m.ownerReferences ?? []), beingDeleted: m.deletionTimestamp !== undefined, finalizers: [...(m.finalizers ?? [])],
  };
}

export class OwnerGraph {
  readonly #nodes = new Map<string, GraphNode>();
  readonly #dependents = new Map<string, Set<string>>();

  get(uid: string): GraphNode | undefined {
    return this.#nodes.get(uid);
  }

  all(): IterableIterator<GraphNode> {
    return this.#nodes.values();
  }

  /** The nodes whose ownerReferences name uid. */
  dependents(uid: string): GraphNode[] {
    const out: GraphNode[] = [];
    for (const d of this.#dependents.get(uid) ?? []) {
      const n = this.#nodes.get(d);
      if (n) out.push(n);
    }
    return out;
  }

  /** Adds or replaces a node; returns the node it replaced. */
  upsert(node: GraphNode): GraphNode | undefined {
    const old = this.#nodes.get(node.uid);
    if (old) this.#unindex(old);
    this.#nodes.set(node.uid, node);
    for (const ref of node.owners) {
      let set = this.#dependents.get(ref.uid);
      if (!set) this.#dependents.set(ref.uid, (set = new Set()));
      set.add(node.uid);
    }
    return old;
  }

  remove(uid: string): GraphNode | undefined {
    const old = this.#nodes.get(uid);
    if (!old) return undefined;
    this.#unindex(old);
    this.#nodes.delete(uid);
    return old;
  }

  #unindex(node: GraphNode): void {
    for (const ref of node.owners) {
      const set = this.#dependents.get(ref.uid);
      set?.delete(node.uid);
      if (set?.size === 0) this.#dependents.delete(ref.uid);
    }
  }
}
