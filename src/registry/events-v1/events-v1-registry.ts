// events.k8s.io/v1 Events, served from the core/v1 events registry (one stored resource, two
// shapes, as in Kubernetes): each call converts the request to core/v1, applies the v1
// validation (ValidateEventCreate/Update for events.k8s.io/v1, stricter than core's), lets the
// core registry store it, and converts the answer back.
import type { Event } from "../../api/core.ts";
import type { EventV1 } from "../../api/events.ts";
import type { DeleteOptions, ListOptions, TypedWatchEvent } from "../../client/client.ts";
import type { FieldError } from "../../machinery/field-errors.ts";
import { newInvalid } from "../../machinery/status-error.ts";
import { ResourceRegistry, type RegistryOptions } from "../registry.ts";
import type { Strategy } from "../strategy.ts";
import { validateEventV1, validateEventV1Update } from "../validation/event-v1-validation.ts";
import { eventCoreToV1, eventV1ToCore } from "./event-conversion.ts";

/** The strategy's identity and validation; storage goes through the core registry. */
export const eventV1Strategy: Strategy<EventV1> = {
  group: "events.k8s.io", version: "v1", kind: "Event", resource: "events", namespaced: true,
  applyDefaults: () => undefined,
  prepareForCreate: () => undefined,
  validate: (e) => validateEventV1(e),
  prepareForUpdate: () => undefined,
  validateUpdate: (e, old) => validateEventV1Update(e, old),
  prepareForStatusUpdate: () => undefined,
  validateStatusUpdate: (e, old) => validateEventV1Update(e, old),
};

export interface EventsV1RegistryOptions extends Omit<RegistryOptions<EventV1>, "strategy"> {
  core: ResourceRegistry<Event>;
}

export class EventsV1Registry extends ResourceRegistry<EventV1> {
  readonly #core: ResourceRegistry<Event>;

  constructor(options: EventsV1RegistryOptions) {
    const { core, ...rest } = options;
    super({ ...rest, strategy: eventV1Strategy });
    this.#core = core;
  }

  #check(name: string, errs: FieldError[]): void {
    if (errs.length) throw newInvalid({ group: "events.k8s.io", kind: "Event" }, name, errs);
  }

  #withNamespace(input: EventV1): EventV1 {
    const e = structuredClone(input);
    e.metadata ??= {};
    e.metadata.namespace ||= "default";
    return e;
  }

  override async get(namespace: string, name: string): Promise<EventV1> {
    return eventCoreToV1(await this.#core.get(namespace, name));
  }

  override async list(options: ListOptions = {}): Promise<{ items: EventV1[]; resourceVersion: string }> {
    const res = await this.#core.list(options);
    return { items: res.items.map(eventCoreToV1), resourceVersion: res.resourceVersion };
  }

  override prepare(input: EventV1): EventV1 {
    const e = this.#withNamespace(input);
    this.#check(e.metadata.name || e.metadata.generateName || "", validateEventV1({ ...e, metadata: { ...e.metadata, name: e.metadata.name || `${e.metadata.generateName ?? ""}x` } }));
    return eventCoreToV1(this.#core.prepare(eventV1ToCore(e)));
  }

  override async create(input: EventV1): Promise<EventV1> {
    const e = this.#withNamespace(input);
    const named = { ...e, metadata: { ...e.metadata, name: e.metadata.name || `${e.metadata.generateName ?? ""}x` } };
    this.#check(e.metadata.name || e.metadata.generateName || "", validateEventV1(named));
    return eventCoreToV1(await this.#core.create(eventV1ToCore(e)));
  }

  override async update(input: EventV1): Promise<EventV1> {
    const old = await this.get(input.metadata.namespace ?? "", input.metadata.name ?? "");
    const next = { ...structuredClone(input), metadata: { ...input.metadata, uid: old.metadata.uid ?? "", creationTimestamp: old.metadata.creationTimestamp ?? "", namespace: old.metadata.namespace ?? "" } };
    this.#check(input.metadata.name ?? "", validateEventV1Update(next, old));
    return eventCoreToV1(await this.#core.update(eventV1ToCore(input)));
  }

  override async updateStatus(input: EventV1): Promise<EventV1> {
    return this.update(input);
  }

  override async delete(namespace: string, name: string, options: DeleteOptions = {}): Promise<EventV1 | undefined> {
    const left = await this.#core.delete(namespace, name, options);
    return left && eventCoreToV1(left);
  }

  override watch(options: ListOptions & { resourceVersion?: string }, onEvent: (e: TypedWatchEvent<EventV1>) => void): () => void {
    return this.#core.watch(options, (e) => onEvent({ type: e.type, object: eventCoreToV1(e.object) }));
  }
}
