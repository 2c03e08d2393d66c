// Records core/v1 Events through the client (client-go's record.EventRecorder with its
// correlator, simplified): the same object, reason, message and source within one recorder
// bump count and lastTimestamp of one Event instead of creating another.
import type { Event, ObjectReference } from "../api/core.ts";
import type { KubeObject } from "../api/meta.ts";
import type { Clock } from "../machinery/clock.ts";
import { rfc3339 } from "../machinery/clock.ts";
import type { Client } from "./client.ts";

export interface EventRecorderOptions {
  client: Client;
  clock: Clock;
  /** "kubelet", "job-controller", "default-scheduler". */
  component: string;
  /** The node name for the kubelet; empty for controllers. */
  host?: string;
  /** Called when an event cannot be written (events are best-effort, as in Kubernetes). */
  onError?: (e: unknown) => void;
}

export class ClientEventRecorder {
  readonly #o: EventRecorderOptions;
  #seen = new Map<string, { name: string; namespace: string; count: number; write: Promise<unknown> }>();

  constructor(options: EventRecorderOptions) {
    this.#o = options;
  }

  event(obj: KubeObject, type: "Normal" | "Warning", reason: string, message: string, fieldPath?: string): void {
    const now = this.#o.clock.now();
    const ref: ObjectReference = {
      kind: obj.kind ?? "", namespace: obj.metadata.namespace ?? "default", name: obj.metadata.name ?? "",
      uid: obj.metadata.uid ?? "", apiVersion: obj.apiVersion ?? "v1", resourceVersion: obj.metadata.resourceVersion ?? "",
    };
    if (fieldPath) ref.fieldPath = fieldPath;
    const key = [ref.uid, fieldPath ?? "", type, reason, message].join("\u0000");
    const namespace = ref.namespace ?? "default";
    const prior = this.#seen.get(key);
    if (prior) {
      prior.count++;
      const count = prior.count;
      prior.write = prior.write.then(async () => {
        const ev = await this.#o.client.events.get(prior.namespace, prior.name);
        ev.count = count;
        ev.lastTimestamp = rfc3339(now);
        await this.#o.client.events.update(ev);
      }).catch((e: unknown) => this.#o.onError?.(e));
      return;
    }
    const name = `${ref.name ?? "object"}.${(BigInt(Math.floor(now)) * 1_000_000n + BigInt(this.#seen.size % 1_000_000)).toString(16)}`;
    const ev: Event = {
      apiVersion: "v1", kind: "Event",
      metadata: { name, namespace },
      involvedObject: ref, reason, message, type,
      source: { component: this.#o.component, ...(this.#o.host ? { host: this.#o.host } : {}) },
      firstTimestamp: rfc3339(now), lastTimestamp: rfc3339(now), eventTime: null, count: 1,
      reportingComponent: this.#o.component, reportingInstance: this.#o.host ?? "",
    };
    const write = this.#o.client.events.create(ev).catch((e: unknown) => this.#o.onError?.(e));
    this.#seen.set(key, { name, namespace, count: 1, write });
  }

  /** Resolves when every event recorded so far has been written. */
  async flush(): Promise<void> {
    await Promise.all([...this.#seen.values()].map((s) => s.write));
  }
}
