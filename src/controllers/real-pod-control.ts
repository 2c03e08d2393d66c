// controller.RealPodControl (pkg/controller/controller_utils.go): creating and deleting an
// owner's pods with the events Kubernetes records — SuccessfulCreate "Created pod: x",
// FailedCreate "Error creating: …", SuccessfulDelete "Deleted pod: x", FailedDelete
// "Error deleting: …". Shared by the Job and ReplicaSet controllers.
import type { Pod } from "../api/core.ts";
import type { KubeObject } from "../api/meta.ts";
import type { Client } from "../client/client.ts";
import type { EventRecorder } from "../client/event-recorder.ts";
import { isStatusError } from "../machinery/status-error.ts";

const messageOf = (err: unknown): string => (err instanceof Error ? err.message : JSON.stringify(err));

export class RealPodControl {
  readonly #client: Pick<Client, "pods">;
  readonly #recorder: EventRecorder;

  constructor(options: { client: Pick<Client, "pods">; recorder: EventRecorder }) {
    this.#client = options.client;
    this.#recorder = options.recorder;
  }

  /** CreatePods: stores pod (built from owner's template) and records the outcome on owner. */
  async create(owner: KubeObject, pod: Pod): Promise<Pod> {
    try {
      const created = await this.#client.pods.create(pod);
      this.#recorder.event(owner, "Normal", "SuccessfulCreate", `Created pod: ${created.metadata.name ?? ""}`);
      return created;
    } catch (err) {
      this.#recorder.event(owner, "Warning", "FailedCreate", `Error creating: ${messageOf(err)}`);
      throw err;
    }
  }

  /** DeletePod: graceful deletion; a pod already gone counts as deleted (and records nothing). */
  async delete(owner: KubeObject, pod: Pod): Promise<void> {
    const name = pod.metadata.name ?? "";
    try {
      await this.#client.pods.delete(pod.metadata.namespace ?? "", name);
    } catch (err) {
      if (isStatusError(err, "NotFound")) return;
      this.#recorder.event(owner, "Warning", "FailedDelete", `Error deleting: ${messageOf(err)}`);
      throw err;
    }
    this.#recorder.event(owner, "Normal", "SuccessfulDelete", `Deleted pod: ${name}`);
  }
}
