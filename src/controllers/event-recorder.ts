// A small record.EventRecorder (client-go tools/record): one core/v1 Event per call, about one
// object, written through the client. Like Kubernetes' recorder it never fails its caller: an
// event that cannot be written is reported to onError and dropped. Differs from Kubernetes:
// no aggregation/deduplication of repeated events (each call is a new Event with count 1).
import type { Event } from "../api/core.ts";
import type { KubeObject } from "../api/meta.ts";
import type { Client } from "../client/client.ts";
import type { Clock } from "../machinery/clock.ts";
import { rfc3339 } from "../machinery/clock.ts";

export type EventType = "Normal" | "Warning";

export interface EventRecorder {
  event(obj: KubeObject, type: EventType, reason: string, message: string): Promise<void>;
}

export interface ClientEventRecorderOptions {
  client: Pick<Client, "events">;
  clock: Clock;
  /** source.component and reportingComponent, e.g. "job-controller". */
  component: string;
  onError?: (err: unknown) => void;
}

export class ClientEventRecorder implements EventRecorder {
  readonly #client: Pick<Client, "events">;
  readonly #clock: Clock;
  readonly #component: string;
  readonly #onError: (err: unknown) => void;
  /** Keeps names unique when several events share a millisecond (a fake clock does that). */
  #seq = 0;

  constructor(options: ClientEventRecorderOptions) {
    this.#client = options.client;
    this.#clock = options.clock;
    this.#component = options.component;
    this.#onError = options.onError ?? (() => undefined);
  }

  async event(obj: KubeObject, type: EventType, reason: string, message: string): Promise<void> {
    const now = this.#clock.now();
    const name = obj.metadata.name ?? "";
    const namespace = obj.metadata.namespace || "default";
    // record.makeEvent names events "<object>.<unix nanoseconds in hex>".
    const nanos = BigInt(now) * 1_000_000n + BigInt(this.#seq++ % 1_000_000);
    const ev: Event = {
      apiVersion: "v1", kind: "Event",
      metadata: { name: `${name}.${nanos.toString(16)}`, namespace },
      involvedObject: {
        kind: obj.kind ?? "", namespace, name, uid: obj.metadata.uid ?? "",
        apiVersion: obj.apiVersion ?? "", resourceVersion: obj.metadata.resourceVersion ?? "",
      },
      reason, message, type,
      source: { component: this.#component },
      firstTimestamp: rfc3339(now), lastTimestamp: rfc3339(now), count: 1,
      eventTime: null, reportingComponent: this.#component, reportingInstance: "",
    };
    try {
      await this.#client.events.create(ev);
    } catch (err) {
      this.#onError(err);
    }
  }
}
