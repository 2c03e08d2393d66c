// The Job controller's pod control: creates and deletes a Job's pods through the shared
// RealPodControl (src/controllers/real-pod-control.ts, which records the events), and removes
// the tracking finalizer (Kubernetes sends a strategic-merge patch; pillion does a
// get + update with a few retries on Conflict, which has the same effect).
import type { Job } from "../../api/batch.ts";
import type { Pod } from "../../api/core.ts";
import type { Client } from "../../client/client.ts";
import { isStatusError } from "../../machinery/status-error.ts";
import type { EventRecorder } from "../../client/event-recorder.ts";
import { RealPodControl } from "../real-pod-control.ts";
import { JOB_TRACKING_FINALIZER, isPodReady, podFromTemplate, type PodIndexOptions } from "./job-pods.ts";

const CONFLICT_RETRIES = 5;

/** Errors caught as unknown, rethrown as Error (the original kept as cause). */
export const asError = (err: unknown): Error => (err instanceof Error ? err : new Error("non-Error thrown", { cause: err }));

export class PodControl {
  readonly #client: Pick<Client, "pods">;
  readonly #pods: RealPodControl;

  constructor(options: { client: Pick<Client, "pods">; recorder: EventRecorder }) {
    this.#client = options.client;
    this.#pods = new RealPodControl(options);
  }

  /** CreatePodsWithGenerateName: one pod from the Job's template (for one index, if given). */
  createPod(job: Job, indexed?: PodIndexOptions): Promise<Pod> {
    return this.#pods.create(job, podFromTemplate(job, indexed));
  }

  /** DeletePod: graceful deletion; a pod already gone counts as deleted. */
  deletePod(job: Job, pod: Pod): Promise<void> {
    return this.#pods.delete(job, pod);
  }

  /**
   * deleteActivePods / deleteJobPods: deletes pods, counting those deleted and those that were
   * ready. With removeFinalizer (deleteJobPods) the pod is first released from tracking.
   */
  async deletePods(job: Job, pods: readonly Pod[], removeFinalizer: boolean): Promise<{ deleted: number; deletedReady: number; error?: unknown }> {
    let deleted = 0, deletedReady = 0;
    let error: unknown;
    for (const pod of pods) {
      try {
        if (removeFinalizer) await this.removeTrackingFinalizer(pod);
        await this.deletePod(job, pod);
        deleted++;
        if (isPodReady(pod)) deletedReady++;
      } catch (err) {
        error ??= err;
      }
    }
    return error === undefined ? { deleted, deletedReady } : { deleted, deletedReady, error };
  }

  /** Removes the tracking finalizer; resolves true when it is gone (or the pod is). */
  async removeTrackingFinalizer(pod: Pod): Promise<boolean> {
    const namespace = pod.metadata.namespace ?? "", name = pod.metadata.name ?? "";
    for (let attempt = 0; ; attempt++) {
      let fresh: Pod;
      try {
        fresh = await this.#client.pods.get(namespace, name);
      } catch (err) {
        if (isStatusError(err, "NotFound")) return true;
        throw err;
      }
      if (fresh.metadata.uid !== pod.metadata.uid) return true;
      const finalizers = fresh.metadata.finalizers ?? [];
      if (!finalizers.includes(JOB_TRACKING_FINALIZER)) return true;
      fresh.metadata.finalizers = finalizers.filter((f) => f !== JOB_TRACKING_FINALIZER);
      try {
        await this.#client.pods.update(fresh);
        return true;
      } catch (err) {
        if (isStatusError(err, "NotFound")) return true;
        if (!isStatusError(err, "Conflict") || attempt >= CONFLICT_RETRIES) throw err;
      }
    }
  }
}
