// The ReplicaSet controller. reconcile() mirrors syncReplicaSet + manageReplicas of
// pkg/controller/replicaset/replica_set.go (Kubernetes 1.33): claim the active pods matching
// the selector (adopting orphans, releasing pods that stopped matching), create or delete pods
// toward spec.replicas (burstReplicas 500 at a time, the most expendable first), then write
// the status computed from the pods seen at the start of the sync, as Kubernetes does: the
// pods just created are counted by the next sync, which their creation events trigger.
// Deliberate differences: no expectations cache (reads go to the store, one reconcile per key
// at a time); pods are created one after another and the first failure stops the batch (as
// slowStartBatch does, without its doubling batches).
import type { ReplicaSet } from "../../api/apps.ts";
import type { Pod } from "../../api/core.ts";
import type { Clock } from "../../machinery/clock.ts";
import { matches, selectorFromLabelSelector } from "../../machinery/labels.ts";
import { isStatusError } from "../../machinery/status-error.ts";
import { ClientEventRecorder, type EventRecorder } from "../../client/event-recorder.ts";
import { ReconcileQueue, type ReconcileResult } from "../reconcile-queue.ts";
import { isPodActive } from "./pod-state.ts";
import { type AppsClient, asError, controllerOf, objectKey, splitKey } from "./apps-client.ts";
import { podsToDelete } from "./pods-to-delete.ts";
import { ReplicaSetPodControl } from "./replica-set-pod-control.ts";
import { calculateReplicaSetStatus, replicaSetStatusUnchanged, withObservedGeneration } from "./replica-set-status.ts";
import { getIfExists } from "../../client/client.ts";

/** BurstReplicas: at most this many pods created or deleted per sync. */
const BURST_REPLICAS = 500;

export interface ReplicaSetControllerOptions {
  client: AppsClient;
  clock: Clock;
  recorder?: EventRecorder;
  onError?: (key: string, err: unknown) => void;
}

/** Whether a pod's controller is the ReplicaSet named by ref. */
const isReplicaSetRef = (pod: Pod): boolean => {
  const ref = controllerOf(pod);
  return ref?.kind === "ReplicaSet" && ref.apiVersion === "apps/v1";
};

export class ReplicaSetController {
  readonly #client: AppsClient;
  readonly #clock: Clock;
  readonly #recorder: EventRecorder;
  readonly #pods: ReplicaSetPodControl;
  readonly #onError: (key: string, err: unknown) => void;
  #queue: ReconcileQueue | undefined;

  constructor(options: ReplicaSetControllerOptions) {
    this.#client = options.client;
    this.#clock = options.clock;
    this.#recorder = options.recorder ?? new ClientEventRecorder({ client: options.client, clock: options.clock, component: "replicaset-controller" });
    this.#pods = new ReplicaSetPodControl({ client: options.client, recorder: this.#recorder });
    this.#onError = options.onError ?? (() => undefined);
  }

  /** Watches ReplicaSets and pods and reconciles every ReplicaSet that may have changed. */
  start(): void {
    if (this.#queue) return;
    const queue = new ReconcileQueue({ clock: this.#clock, onError: this.#onError, reconcile: (key) => this.reconcile(...splitKey(key)) });
    this.#queue = queue;
    queue.track(this.#client.replicasets.watch({}, (e) => queue.add(objectKey(e.object))));
    queue.track(this.#client.pods.watch({}, (e) => {
      const pod = e.object;
      const ref = controllerOf(pod);
      if (ref) {
        if (isReplicaSetRef(pod)) queue.add(`${pod.metadata.namespace ?? ""}/${ref.name}`);
        return;
      }
      if (e.type === "DELETED") return;
      // An orphan: the ReplicaSets whose selector matches it may adopt it (getPodReplicaSets).
      this.#client.replicasets.list({ namespace: pod.metadata.namespace ?? "" }).then((r) => {
        for (const rs of r.items) if (matches(selectorFromLabelSelector(rs.spec.selector), pod.metadata.labels)) queue.add(objectKey(rs));
      }, (err: unknown) => this.#onError("", err));
    }));
    this.#client.replicasets.list().then((r) => { for (const rs of r.items) queue.add(objectKey(rs)); }, (err: unknown) => this.#onError("", err));
  }

  /** Stops watching; resolves when the reconciles in flight have returned. */
  async stop(): Promise<void> {
    const q = this.#queue;
    this.#queue = undefined;
    await q?.stop();
  }

  /**
   * syncReplicaSet: converges one ReplicaSet. Level-based: with nothing changed it writes
   * nothing. Throws on API errors (the queue retries); returns when to look again
   * (minReadySeconds).
   */
  async reconcile(namespace: string, name: string): Promise<ReconcileResult> {
    const rs = await getIfExists(this.#client.replicasets.get(namespace, name));
    if (!rs) return {};
    const allPods = (await this.#client.pods.list({ namespace })).items;
    const active = await this.#claimPods(rs, allPods.filter(isPodActive));
    let manageError: unknown;
    if (!rs.metadata.deletionTimestamp) {
      try {
        await this.#manageReplicas(rs, active, allPods);
      } catch (err) {
        manageError = err;
      }
    }
    const now = this.#clock.now();
    const updated = await this.#updateStatus(rs, calculateReplicaSetStatus(rs, active, manageError, now));
    if (manageError !== undefined) throw asError(manageError);
    const replicas = updated.spec.replicas ?? 1, minReady = updated.spec.minReadySeconds ?? 0;
    if (minReady > 0 && (updated.status?.readyReplicas ?? 0) === replicas && (updated.status?.availableReplicas ?? 0) !== replicas) {
      return { requeueAfterMs: minReady * 1000 };
    }
    return {};
  }

  /**
   * ClaimPods: the pods rs controls, after adopting matching orphans (unless rs is being
   * deleted) and releasing controlled pods its selector no longer matches.
   */
  async #claimPods(rs: ReplicaSet, pods: Pod[]): Promise<Pod[]> {
    const selector = selectorFromLabelSelector(rs.spec.selector);
    const deleting = !!rs.metadata.deletionTimestamp;
    const claimed: Pod[] = [];
    for (const pod of pods) {
      const ref = controllerOf(pod);
      const matching = matches(selector, pod.metadata.labels);
      if (ref) {
        if (ref.uid !== rs.metadata.uid) continue;
        if (matching) claimed.push(pod);
        else if (!deleting) await this.#pods.releasePod(rs, pod);
        continue;
      }
      if (!matching || deleting || pod.metadata.deletionTimestamp) continue;
      const adopted = await this.#pods.adoptPod(rs, pod);
      if (adopted) claimed.push(adopted);
    }
    return claimed;
  }

  /** manageReplicas: creates or deletes pods toward spec.replicas; throws the first error. */
  async #manageReplicas(rs: ReplicaSet, active: Pod[], allPods: Pod[]): Promise<void> {
    const diff = active.length - (rs.spec.replicas ?? 1);
    if (diff < 0) {
      for (let i = 0; i < Math.min(-diff, BURST_REPLICAS); i++) await this.#pods.createPod(rs);
      return;
    }
    if (diff === 0) return;
    const related = await this.#relatedPods(rs, allPods);
    let firstError: unknown;
    for (const pod of podsToDelete(active, related, Math.min(diff, BURST_REPLICAS), this.#clock.now())) {
      try {
        await this.#pods.deletePod(rs, pod);
      } catch (err) {
        firstError ??= err;
      }
    }
    if (firstError !== undefined) throw asError(firstError);
  }

  /** getIndirectlyRelatedPods: the pods of every ReplicaSet with the same controller as rs. */
  async #relatedPods(rs: ReplicaSet, allPods: Pod[]): Promise<Pod[]> {
    const owner = controllerOf(rs);
    if (!owner) return allPods.filter((p) => controllerOf(p)?.uid === rs.metadata.uid);
    const siblings = (await this.#client.replicasets.list({ namespace: rs.metadata.namespace ?? "" })).items
      .filter((x) => controllerOf(x)?.uid === owner.uid);
    const uids = new Set(siblings.map((x) => x.metadata.uid));
    return allPods.filter((p) => uids.has(controllerOf(p)?.uid));
  }

  /** updateReplicaSetStatus: writes the status unless steady; on Conflict retries once on a fresh copy. */
  async #updateStatus(rs: ReplicaSet, next: ReturnType<typeof calculateReplicaSetStatus>): Promise<ReplicaSet> {
    let current = rs;
    for (let attempt = 0; ; attempt++) {
      if (replicaSetStatusUnchanged(current, next)) return current;
      try {
        return await this.#client.replicasets.updateStatus({ ...current, status: withObservedGeneration(current, next) });
      } catch (err) {
        if (!isStatusError(err, "Conflict") || attempt >= 1) throw err;
        current = await this.#client.replicasets.get(rs.metadata.namespace ?? "", rs.metadata.name ?? "");
      }
    }
  }
}
