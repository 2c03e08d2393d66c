// Records core/v1 Events through the client (client-go's record.EventRecorder with its
// correlator, simplified): the same object, reason, message and source within one recorder
// bump count and lastTimestamp of one Event instead of creating another. Like client-go's
// broadcaster, writes happen asynchronously, after the call (on the next clock tick), so a
// kubelet starting a container does not wait for its events to be stored.
import type { Event, ObjectReference } from "../api/core.ts";
import type { KubeObject } from "../api/meta.ts";
import type { Clock, Timer } from "../machinery/clock.ts";
import { rfc3339 } from "../machinery/clock.ts";
import type { Client } from "./client.ts";

/** record.EventRecorder: best-effort; a failed write is reported to onError, never thrown. */
export interface EventRecorder {
  event(obj: KubeObject, type: "Normal" | "Warning", reason: string, message: string, fieldPath?: string): void;
}

export interface EventRecorderOptions {
  client: Pick<Client, "events">;
  clock: Clock;
  /** "kubelet", "job-controller", "default-scheduler". */
  component: string;
  /** The node name for the kubelet; empty for controllers. */
  host?: string;
  /** Called when an event cannot be written (events are best-effort, as in Kubernetes). */
  onError?: (e: unknown) => void;
}

/** Event names stand for nanoseconds; within one millisecond a process-wide counter keeps them apart. */
let seq = 0;
const nextSeq = (): number => (seq = (seq + 1) % 1_000_000);

export class ClientEventRecorder implements EventRecorder {
  readonly #o: EventRecorderOptions;
  #seen = new Map<string, { name: string; namespace: string; count: number }>();
  /** Writes not yet made: events are written just after the call, off the caller's path. */
  #pending: (() => Promise<void>)[] = [];
  #timer: Timer | undefined;
  #writing: Promise<void> = Promise.resolve();

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
      const count = ++prior.count;
      this.#enqueue(async () => {
        const ev = await this.#o.client.events.get(prior.namespace, prior.name);
        ev.count = count;
        ev.lastTimestamp = rfc3339(now);
        await this.#o.client.events.update(ev);
      });
      return;
    }
    // Go's fmt.Sprintf("%v.%x", name, UnixNano): unique per recorder even within one millisecond.
    const name = `${ref.name ?? "object"}.${(BigInt(Math.floor(now)) * 1_000_000n + BigInt(nextSeq())).toString(16)}`;
    this.#seen.set(key, { name, namespace, count: 1 });
    const ev: Event = {
      apiVersion: "v1", kind: "Event",
      metadata: { name, namespace },
      involvedObject: ref, reason, message, type,
      source: { component: this.#o.component, ...(this.#o.host ? { host: this.#o.host } : {}) },
      firstTimestamp: rfc3339(now), lastTimestamp: rfc3339(now), eventTime: null, count: 1,
      reportingComponent: this.#o.component, reportingInstance: this.#o.host ?? "",
    };
    this.#enqueue(async () => { await this.#o.client.events.create(ev); });
  }

  /** Writes every event recorded so far; resolves when they are stored (or reported failed). */
  async flush(): Promise<void> {
    this.#timer?.cancel();
    this.#timer = undefined;
    const batch = this.#pending;
    this.#pending = [];
    this.#writing = this.#writing.then(async () => {
      for (const write of batch) await write().catch((e: unknown) => this.#o.onError?.(e));
    });
    await this.#writing;
  }

  #enqueue(write: () => Promise<void>): void {
    this.#pending.push(write);
    this.#timer ??= this.#o.clock.setTimer(0, () => { this.#timer = undefined; void this.flush(); });
  }
}
