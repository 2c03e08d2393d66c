// The garbage collector: GarbageCollector + GraphBuilder of pkg/controller/garbagecollector
// (Kubernetes 1.33), as one reconcile loop keyed by uid. Watches over every served resource
// keep the owner graph (owner-graph.ts) and enqueue what may need collecting, as
// processGraphChanges does:
//   - an object with an ownerReference to an owner not in the graph, or being deleted
//     (verified through the API: gone, or another uid under that name → dangling);
//   - the dependents of an object that went away (background deletion: they are now dangling);
//   - an object being deleted with the orphan finalizer (orphanDependents), or with
//     foregroundDeletion (its dependents are deleted, it waits for the blocking ones);
//   - the owners waiting in foreground deletion when a dependent goes or drops its reference.
// reconcile(uid) is attemptToDeleteItem (attempt-to-delete.ts). The registry turns a delete's
// propagationPolicy into those finalizers (src/registry/deletion-finalizers.ts) when the
// in-process client is built with garbageCollection: true.
// Deliberate differences (docs/garbage-collector.md): no virtual nodes or absent-owner cache
// (owners are checked through the API); events are not collected (they share storage between
// core/v1 and events.k8s.io/v1, and carry no ownerReferences).
import type { KubeObject } from "../../api/meta.ts";
import type { TypedWatchEvent } from "../../client/client.ts";
import type { Clock } from "../../machinery/clock.ts";
import { ReconcileQueue, type ReconcileResult } from "../reconcile-queue.ts";
import { attemptToDeleteItem, type GcContext } from "./attempt-to-delete.ts";
import { apiVersionOf, type GarbageCollectorClient, type GcResource } from "./gc-client.ts";
import { isDeletingDependents, isOrphaning, nodeOf, OwnerGraph, type GraphNode } from "./owner-graph.ts";

export interface GarbageCollectorOptions {
  client: GarbageCollectorClient;
  clock: Clock;
  onError?: (key: string, err: unknown) => void;
}

/** Resources the collector does not watch. */
const IGNORED_RESOURCES = new Set(["events"]);

export class GarbageCollector {
  readonly #client: GarbageCollectorClient;
  readonly #clock: Clock;
  readonly #onError: (key: string, err: unknown) => void;
  readonly #graph = new OwnerGraph();
  #queue: ReconcileQueue | undefined;
  #starting: Promise<void> = Promise.resolve();

  constructor(options: GarbageCollectorOptions) {
    this.#client = options.client;
    this.#clock = options.clock;
    this.#onError = options.onError ?? (() => undefined);
  }

  /** Lists and watches every resource, then collects what the graph says may be garbage. */
  start(): void {
    if (this.#queue) return;
    const queue = new ReconcileQueue({ clock: this.#clock, onError: this.#onError, reconcile: (uid) => this.reconcile(uid) });
    this.#queue = queue;
    this.#starting = this.#initialSync(queue).catch((err: unknown) => this.#onError("", err));
  }

  /** Stops watching; resolves when the reconciles in flight have returned. */
  async stop(): Promise<void> {
    await this.#starting;
    const q = this.#queue;
    this.#queue = undefined;
    await q?.stop();
  }

  /** attemptToDeleteItem for the object of this uid, as the graph knows it. */
  async reconcile(uid: string): Promise<ReconcileResult> {
    const node = this.#graph.get(uid);
    if (!node) return {};
    const ctx: GcContext = { client: this.#client, graph: this.#graph, enqueue: (u) => this.#queue?.add(u) };
    await attemptToDeleteItem(ctx, node);
    return {};
  }

  async #initialSync(queue: ReconcileQueue): Promise<void> {
    for (const r of this.#resources()) {
      const { items, resourceVersion } = await r.list();
      if (this.#queue !== queue) return; // stopped meanwhile
      for (const obj of items) this.#graph.upsert(nodeOf(obj, apiVersionOf(r), r.strategy.kind));
      queue.track(r.watch({ resourceVersion }, (e) => this.#observe(r, e)));
    }
    for (const node of [...this.#graph.all()]) {
      if (node.owners.length > 0 || isDeletingDependents(node) || isOrphaning(node)) queue.add(node.uid);
    }
  }

  #resources(): GcResource[] {
    return this.#client.registries.filter((r) => !IGNORED_RESOURCES.has(r.strategy.resource));
  }

  /** processGraphChanges: update the graph and enqueue what the change may have made garbage. */
  #observe(r: GcResource, e: TypedWatchEvent<KubeObject>): void {
    const queue = this.#queue;
    if (!queue) return;
    const uid = e.object.metadata.uid ?? "";
    if (e.type === "DELETED") {
      const old = this.#graph.remove(uid);
      if (!old) return;
      for (const dep of this.#graph.dependents(uid)) queue.add(dep.uid);
      this.#wakeWaitingOwners(queue, old.owners);
      return;
    }
    const node = nodeOf(e.object, apiVersionOf(r), r.strategy.kind);
    const old = this.#graph.upsert(node);
    if (old) {
      const kept = new Set(node.owners.map((ref) => ref.uid));
      this.#wakeWaitingOwners(queue, old.owners.filter((ref) => !kept.has(ref.uid)));
    }
    if (isOrphaning(node)) queue.add(uid);
    if (isDeletingDependents(node)) {
      queue.add(uid);
      if (!old || !isDeletingDependents(old)) for (const dep of this.#graph.dependents(uid)) queue.add(dep.uid);
    }
    if (node.owners.some((ref) => this.#ownerMayBeGone(ref.uid))) queue.add(uid);
  }

  /** An owner not seen (maybe never existed, maybe gone) or being deleted. */
  #ownerMayBeGone(ownerUid: string): boolean {
    const owner = this.#graph.get(ownerUid);
    return !owner || owner.beingDeleted;
  }

  #wakeWaitingOwners(queue: ReconcileQueue, refs: readonly { uid: string }[]): void {
    for (const ref of refs) {
      const owner: GraphNode | undefined = this.#graph.get(ref.uid);
      if (owner && isDeletingDependents(owner)) queue.add(owner.uid);
    }
  }
}
