// The writing half of the Deployment controller: finding or creating the new ReplicaSet,
// scaling ReplicaSets with their events, proportional scaling, history cleanup and the status
// writes. Mirrors pkg/controller/deployment/sync.go (Kubernetes 1.33). The Deployment passed
// in is the sync's own copy: like Kubernetes, these methods change its status and revision
// annotation in place; unlike Kubernetes, a status write also takes the new resourceVersion,
// so the sync's next write does not fail with Conflict (Kubernetes retries the whole sync).
import type { Deployment, ReplicaSet } from "../../api/apps.ts";
import type { EventRecorder } from "../../client/event-recorder.ts";
import type { Clock } from "../../machinery/clock.ts";
import { isStatusError } from "../../machinery/status-error.ts";
import { computeHash } from "../pod-template-hash.ts";
import { type AppsClient, controllerOf, messageOf, newControllerRef } from "../replicaset/apps-client.ts";
import {
  FAILED_RS_CREATE_REASON, FOUND_NEW_RS_REASON, NEW_REPLICA_SET_REASON, calculateStatus, getDeploymentCondition,
  hasProgressDeadline, newDeploymentCondition, setDeploymentCondition,
} from "./deployment-conditions.ts";
import {
  POD_TEMPLATE_HASH_LABEL, REVISION_ANNOTATION, activeReplicaSets, byRevision, bySize, equalIgnoreHash, findActiveOrLatest,
  findNewReplicaSet, findOldReplicaSets, isRollingUpdate, isSaturated, maxRevision, maxSurge, newRSNewReplicas,
  replicaSetProportion, replicasAnnotationsNeedUpdate, replicasOf, semanticEqual, setDeploymentRevision,
  setNewReplicaSetAnnotations, setReplicasAnnotations, specReplicas,
} from "./deployment-util.ts";

export interface DeploymentSyncOptions {
  client: AppsClient;
  clock: Clock;
  recorder: EventRecorder;
}

export class DeploymentSync {
  readonly client: AppsClient;
  readonly clock: Clock;
  readonly recorder: EventRecorder;

  constructor(options: DeploymentSyncOptions) {
    this.client = options.client;
    this.clock = options.clock;
    this.recorder = options.recorder;
  }

  /** UpdateStatus of the sync's copy, which takes the stored resourceVersion. */
  async updateStatus(d: Deployment): Promise<void> {
    const stored = await this.client.deployments.updateStatus(d);
    d.metadata.resourceVersion = stored.metadata.resourceVersion ?? "";
  }

  /** getAllReplicaSetsAndSyncRevision: the new ReplicaSet (created if asked) and all the old ones. */
  async getAllReplicaSetsAndSyncRevision(d: Deployment, rsList: ReplicaSet[], create: boolean): Promise<[ReplicaSet | undefined, ReplicaSet[]]> {
    const oldRSs = findOldReplicaSets(d, rsList);
    return [await this.getNewReplicaSet(d, rsList, oldRSs, create), oldRSs];
  }

  /**
   * getNewReplicaSet: the ReplicaSet of the current template, with its annotations and
   * minReadySeconds synced, or a new one named `<deployment>-<pod-template-hash>`.
   */
  async getNewReplicaSet(d: Deployment, rsList: ReplicaSet[], oldRSs: ReplicaSet[], create: boolean): Promise<ReplicaSet | undefined> {
    const now = this.clock.now();
    const existing = findNewReplicaSet(d, rsList);
    const newRevision = maxRevision(oldRSs) + 1;
    if (existing) {
      const rsCopy = structuredClone(existing);
      const annotationsUpdated = setNewReplicaSetAnnotations(d, rsCopy, newRevision, true);
      const minReadyChanged = (rsCopy.spec.minReadySeconds ?? 0) !== (d.spec.minReadySeconds ?? 0);
      if (annotationsUpdated || minReadyChanged) {
        if (d.spec.minReadySeconds === undefined) delete rsCopy.spec.minReadySeconds; else rsCopy.spec.minReadySeconds = d.spec.minReadySeconds;
        // The sync's list takes the stored copy, so a later look in the same sync does not
        // update it again from a stale resourceVersion (Kubernetes would hit a Conflict and retry).
        const stored = await this.client.replicasets.update(rsCopy);
        rsList[rsList.indexOf(existing)] = stored;
        return stored;
      }
      let needsUpdate = setDeploymentRevision(d, rsCopy.metadata.annotations?.[REVISION_ANNOTATION] ?? "");
      if (hasProgressDeadline(d) && !getDeploymentCondition(d.status, "Progressing")) {
        const msg = `Found new replica set ${JSON.stringify(rsCopy.metadata.name ?? "")}`;
        setDeploymentCondition((d.status ??= {}), newDeploymentCondition("Progressing", "True", FOUND_NEW_RS_REASON, msg, now));
        needsUpdate = true;
      }
      if (needsUpdate) await this.updateStatus(d);
      return rsCopy;
    }
    if (!create) return undefined;

    const template = structuredClone(d.spec.template);
    const hash = computeHash(template, d.status?.collisionCount);
    template.metadata = { ...(template.metadata ?? {}), labels: { ...(d.spec.template.metadata?.labels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash } };
    const selector = structuredClone(d.spec.selector ?? {});
    selector.matchLabels = { ...(selector.matchLabels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash };
    const name = `${d.metadata.name ?? ""}-${hash}`;
    const newRS: ReplicaSet = {
      apiVersion: "apps/v1", kind: "ReplicaSet",
      metadata: { name, namespace: d.metadata.namespace ?? "default", ownerReferences: [newControllerRef(d, "Deployment")], labels: { ...template.metadata.labels } },
      spec: { replicas: 0, selector, template, ...(d.spec.minReadySeconds !== undefined ? { minReadySeconds: d.spec.minReadySeconds } : {}) },
    };
    const newReplicas = newRSNewReplicas(d, [...oldRSs, newRS], newRS);
    newRS.spec.replicas = newReplicas;
    setNewReplicaSetAnnotations(d, newRS, newRevision, false);

    let created: ReplicaSet;
    let alreadyExists = false;
    try {
      created = await this.client.replicasets.create(newRS);
    } catch (err) {
      if (isStatusError(err, "AlreadyExists")) {
        alreadyExists = true;
        const rs = await this.client.replicasets.get(newRS.metadata.namespace ?? "", name);
        if (controllerOf(rs)?.uid === d.metadata.uid && equalIgnoreHash(d.spec.template, rs.spec.template)) {
          created = rs;
        } else {
          // A hash collision: bump collisionCount, and the next sync tries another name.
          (d.status ??= {}).collisionCount = (d.status.collisionCount ?? 0) + 1;
          await this.updateStatus(d);
          throw err;
        }
      } else {
        const msg = `Failed to create new replica set ${JSON.stringify(name)}: ${messageOf(err)}`;
        if (hasProgressDeadline(d)) {
          setDeploymentCondition((d.status ??= {}), newDeploymentCondition("Progressing", "False", FAILED_RS_CREATE_REASON, msg, now));
          await this.updateStatus(d).catch(() => undefined);
        }
        this.recorder.event(d, "Warning", FAILED_RS_CREATE_REASON, msg);
        throw err;
      }
    }
    if (!alreadyExists && newReplicas > 0) {
      this.recorder.event(d, "Normal", "ScalingReplicaSet", `Scaled up replica set ${created.metadata.name ?? ""} from 0 to ${newReplicas}`);
    }
    let needsUpdate = setDeploymentRevision(d, String(newRevision));
    if (!alreadyExists && hasProgressDeadline(d)) {
      const msg = `Created new replica set ${JSON.stringify(created.metadata.name ?? "")}`;
      setDeploymentCondition((d.status ??= {}), newDeploymentCondition("Progressing", "True", NEW_REPLICA_SET_REASON, msg, now));
      needsUpdate = true;
    }
    if (needsUpdate) await this.updateStatus(d);
    return created;
  }

  /** scaleReplicaSetAndRecordEvent: [scaled, the ReplicaSet as stored]. */
  async scaleReplicaSetAndRecordEvent(rs: ReplicaSet, newScale: number, d: Deployment): Promise<[boolean, ReplicaSet]> {
    if (replicasOf(rs) === newScale) return [false, rs];
    return this.scaleReplicaSet(rs, newScale, d, replicasOf(rs) < newScale ? "up" : "down");
  }

  /** scaleReplicaSet: sets spec.replicas and the replicas annotations; the event when the size changed. */
  async scaleReplicaSet(rs: ReplicaSet, newScale: number, d: Deployment, operation: "up" | "down" | ""): Promise<[boolean, ReplicaSet]> {
    const sizeChanged = replicasOf(rs) !== newScale;
    const max = replicasOf(d) + maxSurge(d);
    if (!sizeChanged && !replicasAnnotationsNeedUpdate(rs, replicasOf(d), max)) return [false, rs];
    const oldScale = replicasOf(rs);
    const copy = structuredClone(rs);
    copy.spec.replicas = newScale;
    setReplicasAnnotations(copy, replicasOf(d), max);
    const stored = await this.client.replicasets.update(copy);
    if (sizeChanged) {
      const verb = operation === "up" ? "Scaled up" : "Scaled down";
      this.recorder.event(d, "Normal", "ScalingReplicaSet", `${verb} replica set ${stored.metadata.name ?? ""} from ${oldScale} to ${newScale}`);
    }
    return [sizeChanged, stored];
  }

  /**
   * scale: a scaling event (or a paused Deployment). One active ReplicaSet takes the whole
   * size; a saturated new one lets the old ones go; otherwise, while rolling, the difference is
   * spread over the active ReplicaSets in proportion to their size.
   */
  async scale(d: Deployment, newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[]): Promise<void> {
    const activeOrLatest = findActiveOrLatest(newRS, oldRSs);
    if (activeOrLatest) {
      if (replicasOf(activeOrLatest) !== replicasOf(d)) await this.scaleReplicaSetAndRecordEvent(activeOrLatest, replicasOf(d), d);
      return;
    }
    if (isSaturated(d, newRS)) {
      for (const old of activeReplicaSets(oldRSs)) await this.scaleReplicaSetAndRecordEvent(old, 0, d);
      return;
    }
    if (!isRollingUpdate(d)) return;
    const all = activeReplicaSets([...oldRSs, newRS]);
    const allowed = replicasOf(d) > 0 ? replicasOf(d) + maxSurge(d) : 0;
    const toAdd = allowed - specReplicas(all);
    let operation: "up" | "down" | "" = "";
    if (toAdd > 0) { all.sort(bySize(true)); operation = "up"; }
    if (toAdd < 0) { all.sort(bySize(false)); operation = "down"; }
    let added = 0;
    const sizes = new Map<string, number>();
    for (const rs of all) {
      if (toAdd === 0) { sizes.set(rs.metadata.name ?? "", replicasOf(rs)); continue; }
      const proportion = replicaSetProportion(rs, d, toAdd, added);
      sizes.set(rs.metadata.name ?? "", replicasOf(rs) + proportion);
      added += proportion;
    }
    for (const [i, rs] of all.entries()) {
      const name = rs.metadata.name ?? "";
      if (i === 0 && toAdd !== 0) sizes.set(name, Math.max(0, (sizes.get(name) ?? 0) + toAdd - added));
      await this.scaleReplicaSet(rs, sizes.get(name) ?? 0, d, operation);
    }
  }

  /** cleanupDeployment: deletes the oldest scaled-down ReplicaSets beyond revisionHistoryLimit. */
  async cleanupDeployment(oldRSs: ReplicaSet[], d: Deployment): Promise<void> {
    const limit = d.spec.revisionHistoryLimit;
    if (limit === undefined) return;
    const cleanable = oldRSs.filter((rs) => !rs.metadata.deletionTimestamp).sort(byRevision);
    const diff = cleanable.length - limit;
    for (const rs of cleanable.slice(0, Math.max(0, diff))) {
      if ((rs.status?.replicas ?? 0) !== 0 || replicasOf(rs) !== 0 || (rs.metadata.generation ?? 0) > (rs.status?.observedGeneration ?? 0)) continue;
      try {
        await this.client.replicasets.delete(rs.metadata.namespace ?? "", rs.metadata.name ?? "");
      } catch (err) {
        if (!isStatusError(err, "NotFound")) throw err;
      }
    }
  }

  /** syncDeploymentStatus: writes the counters and Available condition when they changed. */
  async syncDeploymentStatus(allRSs: (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined, d: Deployment): Promise<void> {
    const status = calculateStatus(allRSs, newRS, d, this.clock.now());
    if (semanticEqual(d.status, status)) return;
    d.status = status;
    await this.updateStatus(d);
  }

  /** sync: scaling events and paused Deployments: scale, clean up (paused), write the status. */
  async sync(d: Deployment, rsList: ReplicaSet[]): Promise<void> {
    const [newRS, oldRSs] = await this.getAllReplicaSetsAndSyncRevision(d, rsList, false);
    await this.scale(d, newRS, oldRSs);
    if (d.spec.paused === true) await this.cleanupDeployment(oldRSs, d);
    await this.syncDeploymentStatus([...oldRSs, newRS], newRS, d);
  }
}
