// controller.RealPodControl and the PodControllerRefManager for ReplicaSets: creates pods from
// the template (GetPodFromTemplate), deletes them, adopts orphans and releases pods that no
// longer match, recording Kubernetes' events (SuccessfulCreate "Created pod: x", FailedCreate
// "Error creating: …", SuccessfulDelete "Deleted pod: x", FailedDelete "Error deleting: …").
// Kubernetes adopts and releases with a patch; pillion does a get + update with a few retries
// on Conflict, which has the same effect.
import type { ReplicaSet } from "../../api/apps.ts";
import type { Pod } from "../../api/core.ts";
import type { EventRecorder } from "../../client/event-recorder.ts";
import { isStatusError } from "../../machinery/status-error.ts";
import { RealPodControl } from "../real-pod-control.ts";
import { type AppsClient, newControllerRef } from "./apps-client.ts";

const CONFLICT_RETRIES = 5;

/** GetPodFromTemplate: the template's labels, annotations, finalizers and spec; generateName `<rs>-`. */
export function podFromReplicaSet(rs: ReplicaSet): Pod {
  const tpl = structuredClone(rs.spec.template);
  const meta = tpl.metadata ?? {};
  const pod: Pod = {
    apiVersion: "v1", kind: "Pod",
    metadata: {
      generateName: `${rs.metadata.name ?? ""}-`,
      namespace: rs.metadata.namespace ?? "default",
      labels: { ...(meta.labels ?? {}) },
      ownerReferences: [newControllerRef(rs, "ReplicaSet")],
    },
    spec: tpl.spec,
  };
  if (meta.annotations) pod.metadata.annotations = { ...meta.annotations };
  if (meta.finalizers?.length) pod.metadata.finalizers = [...meta.finalizers];
  return pod;
}

export class ReplicaSetPodControl {
  readonly #client: Pick<AppsClient, "pods">;
  readonly #pods: RealPodControl;

  constructor(options: { client: Pick<AppsClient, "pods">; recorder: EventRecorder }) {
    this.#client = options.client;
    this.#pods = new RealPodControl(options);
  }

  /** CreatePods: one pod from the ReplicaSet's template. */
  createPod(rs: ReplicaSet): Promise<Pod> {
    return this.#pods.create(rs, podFromReplicaSet(rs));
  }

  /** DeletePod: graceful deletion; a pod already gone counts as deleted (and records nothing). */
  deletePod(rs: ReplicaSet, pod: Pod): Promise<void> {
    return this.#pods.delete(rs, pod);
  }

  /** AdoptPod: makes rs the pod's controller; undefined when the pod changed or went away meanwhile. */
  adoptPod(rs: ReplicaSet, pod: Pod): Promise<Pod | undefined> {
    return this.#mutate(pod, (fresh) => {
      if ((fresh.metadata.ownerReferences ?? []).some((r) => r.controller === true)) return false;
      fresh.metadata.ownerReferences = [...(fresh.metadata.ownerReferences ?? []), newControllerRef(rs, "ReplicaSet")];
      return true;
    });
  }

  /** ReleasePod: drops rs's ownerReference from a pod its selector no longer matches. */
  async releasePod(rs: ReplicaSet, pod: Pod): Promise<void> {
    await this.#mutate(pod, (fresh) => {
      const refs = fresh.metadata.ownerReferences ?? [];
      if (!refs.some((r) => r.uid === rs.metadata.uid)) return false;
      fresh.metadata.ownerReferences = refs.filter((r) => r.uid !== rs.metadata.uid);
      return true;
    });
  }

  async #mutate(pod: Pod, change: (fresh: Pod) => boolean): Promise<Pod | undefined> {
    const namespace = pod.metadata.namespace ?? "", name = pod.metadata.name ?? "";
    for (let attempt = 0; ; attempt++) {
      let fresh: Pod;
      try {
        fresh = await this.#client.pods.get(namespace, name);
      } catch (err) {
        if (isStatusError(err, "NotFound")) return undefined;
        throw err;
      }
      if (fresh.metadata.uid !== pod.metadata.uid || fresh.metadata.deletionTimestamp || !change(fresh)) return undefined;
      try {
        return await this.#client.pods.update(fresh);
      } catch (err) {
        if (isStatusError(err, "NotFound")) return undefined;
        if (!isStatusError(err, "Conflict") || attempt >= CONFLICT_RETRIES) throw err;
      }
    }
  }
}
