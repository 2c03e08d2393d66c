// The Deployment controller. reconcile() mirrors syncDeployment of
// pkg/controller/deployment/deployment_controller.go (Kubernetes 1.33): the ReplicaSets the
// Deployment controls and their pods; a Deployment being deleted only gets its status; the
// paused/resumed Progressing condition; a paused Deployment or a scaling event is scaled
// (sync); otherwise the strategy rolls (rollouts.ts).
// Deliberate differences (docs/deployment-controller.md): ReplicaSets are claimed by their
// controller ownerReference only (no adoption of orphan ReplicaSets, no release); the
// extensions-era rollback annotation (deprecated.deployment.rollback.to) is not acted on —
// `kubectl rollout undo` on apps/v1 patches the template, which needs nothing here.
import type { Deployment, ReplicaSet } from "../../api/apps.ts";
import type { Pod } from "../../api/core.ts";
import type { Clock } from "../../machinery/clock.ts";
import { matches, selectorFromLabelSelector } from "../../machinery/labels.ts";
import { ClientEventRecorder, type EventRecorder } from "../../client/event-recorder.ts";
import { ReconcileQueue, type ReconcileResult } from "../reconcile-queue.ts";
import { type AppsClient, controllerOf, objectKey, splitKey } from "../replicaset/apps-client.ts";
import {
  PAUSED_DEPLOY_REASON, RESUMED_DEPLOY_REASON, TIMED_OUT_REASON, getDeploymentCondition, hasProgressDeadline,
  newDeploymentCondition, setDeploymentCondition,
} from "./deployment-conditions.ts";
import { DeploymentSync } from "./deployment-sync.ts";
import { DESIRED_REPLICAS_ANNOTATION, activeReplicaSets, replicasOf, semanticEqual } from "./deployment-util.ts";
import { rolloutRecreate, rolloutRolling } from "./rollouts.ts";
import { getIfExists } from "../../client/client.ts";

export interface DeploymentControllerOptions {
  client: AppsClient;
  clock: Clock;
  recorder?: EventRecorder;
  onError?: (key: string, err: unknown) => void;
}

export class DeploymentController {
  readonly #client: AppsClient;
  readonly #clock: Clock;
  readonly #recorder: EventRecorder;
  readonly #sync: DeploymentSync;
  readonly #onError: (key: string, err: unknown) => void;
  #queue: ReconcileQueue | undefined;

  constructor(options: DeploymentControllerOptions) {
    this.#client = options.client;
    this.#clock = options.clock;
    this.#recorder = options.recorder ?? new ClientEventRecorder({ client: options.client, clock: options.clock, component: "deployment-controller" });
    this.#sync = new DeploymentSync({ client: this.#client, clock: this.#clock, recorder: this.#recorder });
    this.#onError = options.onError ?? (() => undefined);
  }

  /**
   * Watches Deployments, their ReplicaSets (through the controller ownerReference) and the
   * deletion of their pods (a Recreate rollout waits for the old pods to be gone).
   */
  start(): void {
    if (this.#queue) return;
    const queue = new ReconcileQueue({ clock: this.#clock, onError: this.#onError, reconcile: (key) => this.reconcile(...splitKey(key)) });
    this.#queue = queue;
    const ownerKey = (obj: ReplicaSet): string | undefined => {
      const ref = controllerOf(obj);
      return ref?.kind === "Deployment" && ref.apiVersion === "apps/v1" ? `${obj.metadata.namespace ?? ""}/${ref.name}` : undefined;
    };
    queue.track(this.#client.deployments.watch({}, (e) => queue.add(objectKey(e.object))));
    queue.track(this.#client.replicasets.watch({}, (e) => {
      const key = ownerKey(e.object);
      if (key) queue.add(key);
    }));
    queue.track(this.#client.pods.watch({}, (e) => {
      const ref = controllerOf(e.object);
      if (e.type !== "DELETED" || ref?.kind !== "ReplicaSet") return;
      this.#client.replicasets.get(e.object.metadata.namespace ?? "", ref.name).then((rs) => {
        const key = ownerKey(rs);
        if (key) queue.add(key);
      }, () => undefined);
    }));
    this.#client.deployments.list().then((r) => { for (const d of r.items) queue.add(objectKey(d)); }, (err: unknown) => this.#onError("", err));
  }

  /** Stops watching; resolves when the reconciles in flight have returned. */
  async stop(): Promise<void> {
    const q = this.#queue;
    this.#queue = undefined;
    await q?.stop();
  }

  /**
   * syncDeployment: converges one Deployment. Level-based: with nothing changed it writes
   * nothing. Throws on API errors (the queue retries); returns when to look again for a
   * progress-deadline check.
   */
  async reconcile(namespace: string, name: string): Promise<ReconcileResult> {
    const stored = await getIfExists(this.#client.deployments.get(namespace, name));
    if (!stored) return {};
    const d: Deployment = structuredClone(stored);
    if (semanticEqual(d.spec.selector, {})) {
      this.#recorder.event(d, "Warning", "SelectingAll", "This deployment is selecting all pods. A non-empty selector is required.");
      if ((d.status?.observedGeneration ?? 0) < (d.metadata.generation ?? 0)) {
        (d.status ??= {}).observedGeneration = d.metadata.generation ?? 0;
        await this.#sync.updateStatus(d);
      }
      return {};
    }
    const rsList = (await this.#client.replicasets.list({ namespace })).items.filter((rs) => controllerOf(rs)?.uid === d.metadata.uid);
    if (d.metadata.deletionTimestamp) {
      const [newRS, oldRSs] = await this.#sync.getAllReplicaSetsAndSyncRevision(d, rsList, false);
      await this.#sync.syncDeploymentStatus([...oldRSs, newRS], newRS, d);
      return {};
    }
    await this.#checkPausedConditions(d);
    if (d.spec.paused === true) {
      await this.#sync.sync(d, rsList);
      return {};
    }
    if (await this.#isScalingEvent(d, rsList)) {
      await this.#sync.sync(d, rsList);
      return {};
    }
    const requeueAfterMs = d.spec.strategy?.type === "Recreate"
      ? await rolloutRecreate(this.#sync, d, rsList, await this.#podMap(d, rsList))
      : await rolloutRolling(this.#sync, d, rsList);
    return requeueAfterMs === undefined ? {} : { requeueAfterMs };
  }

  /** getPodMapForDeployment: the pods matching the selector, by the uid of their ReplicaSet. */
  async #podMap(d: Deployment, rsList: ReplicaSet[]): Promise<Map<string, Pod[]>> {
    const selector = selectorFromLabelSelector(d.spec.selector);
    const map = new Map<string, Pod[]>(rsList.map((rs) => [rs.metadata.uid ?? "", []]));
    for (const pod of (await this.#client.pods.list({ namespace: d.metadata.namespace ?? "" })).items) {
      if (!matches(selector, pod.metadata.labels)) continue;
      const ref = controllerOf(pod);
      if (ref) map.get(ref.uid)?.push(pod);
    }
    return map;
  }

  /**
   * checkPausedConditions: Progressing Unknown DeploymentPaused / DeploymentResumed, so that
   * the time spent paused does not count against progressDeadlineSeconds.
   */
  async #checkPausedConditions(d: Deployment): Promise<void> {
    if (!hasProgressDeadline(d)) return;
    const cond = getDeploymentCondition(d.status, "Progressing");
    if (cond?.reason === TIMED_OUT_REASON) return;
    const pausedCondExists = cond?.reason === PAUSED_DEPLOY_REASON;
    const now = this.#clock.now();
    if (d.spec.paused === true && !pausedCondExists) {
      setDeploymentCondition((d.status ??= {}), newDeploymentCondition("Progressing", "Unknown", PAUSED_DEPLOY_REASON, "Deployment is paused", now));
    } else if (d.spec.paused !== true && pausedCondExists) {
      setDeploymentCondition((d.status ??= {}), newDeploymentCondition("Progressing", "Unknown", RESUMED_DEPLOY_REASON, "Deployment is resumed", now));
    } else {
      return;
    }
    await this.#sync.updateStatus(d);
  }

  /** isScalingEvent: an active ReplicaSet was sized for another spec.replicas (desired-replicas annotation). */
  async #isScalingEvent(d: Deployment, rsList: ReplicaSet[]): Promise<boolean> {
    const [newRS, oldRSs] = await this.#sync.getAllReplicaSetsAndSyncRevision(d, rsList, false);
    for (const rs of activeReplicaSets([...oldRSs, newRS])) {
      const desired = rs.metadata.annotations?.[DESIRED_REPLICAS_ANNOTATION];
      if (desired === undefined || !/^\d+$/.test(desired)) continue;
      if (Number(desired) !== replicasOf(d)) return true;
    }
    return false;
  }
}
