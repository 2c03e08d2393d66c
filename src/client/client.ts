// The client controllers, the kubelet and the CLI use. In process it calls the registry
// directly (InProcessClient); later an HTTP transport implements the same interface, so a
// split into processes is the same code (ARCHITECTURE.md, "Process model").
import type { Event, Namespace, Pod } from "../api/core.ts";
import type { Job } from "../api/batch.ts";
import type { KubeObject } from "../api/meta.ts";
import { isStatusError } from "../machinery/status-error.ts";
import type { WatchEvent } from "../storage/store.ts";

export interface ListOptions {
  namespace?: string;
  labelSelector?: string;
}

export interface DeleteOptions {
  gracePeriodSeconds?: number;
  /** Delete only if the stored uid is this one. */
  uid?: string;
  propagationPolicy?: "Orphan" | "Background" | "Foreground";
}

export interface TypedWatchEvent<T> {
  type: WatchEvent["type"];
  object: T;
}

export interface ResourceClient<T extends KubeObject> {
  get(namespace: string, name: string): Promise<T>;
  list(options?: ListOptions): Promise<{ items: T[]; resourceVersion: string }>;
  create(obj: T): Promise<T>;
  /** Spec/metadata update with optimistic concurrency on metadata.resourceVersion. */
  update(obj: T): Promise<T>;
  /** The status subresource. */
  updateStatus(obj: T): Promise<T>;
  /** Graceful for pods: returns the object with deletionTimestamp set, or undefined once gone. */
  delete(namespace: string, name: string, options?: DeleteOptions): Promise<T | undefined>;
  /** Events after resourceVersion (default: from now), delivered asynchronously in order. */
  watch(options: ListOptions & { resourceVersion?: string }, onEvent: (e: TypedWatchEvent<T>) => void): () => void;
}

export interface Client {
  pods: ResourceClient<Pod>;
  jobs: ResourceClient<Job>;
  events: ResourceClient<Event>;
  namespaces: ResourceClient<Namespace>;
}

/** The object, or undefined when the API says NotFound (any other error is rethrown). */
export async function getIfExists<T>(get: Promise<T>): Promise<T | undefined> {
  try {
    return await get;
  } catch (err) {
    if (isStatusError(err, "NotFound")) return undefined;
    throw err;
  }
}
