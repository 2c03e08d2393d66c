// The storage contract (apiserver's storage.Interface, trimmed): objects by resource,
// namespace and name; every write gets the next resourceVersion of one monotonic sequence;
// watches replay from a resourceVersion and answer 410 Gone when it is older than history.
import type { KubeObject } from "../api/meta.ts";

export type WatchEventType = "ADDED" | "MODIFIED" | "DELETED";

export interface WatchEvent {
  type: WatchEventType;
  object: KubeObject;
}

export interface ListResult {
  items: KubeObject[];
  resourceVersion: string;
}

export interface WatchOptions {
  /** Only this namespace ("" or undefined: all). */
  namespace?: string;
  /** Deliver events after this resourceVersion ("" or "0": from now). */
  resourceVersion?: string;
}

export interface Store {
  /** Inserts obj (whose metadata.uid, name and creationTimestamp are set); AlreadyExists on a clash. */
  create(resource: string, obj: KubeObject): KubeObject;
  get(resource: string, namespace: string, name: string): KubeObject | undefined;
  list(resource: string, namespace?: string): ListResult;
  /**
   * Replaces the stored object. When obj.metadata.resourceVersion is set it must equal the
   * stored one, else Conflict. Returns the stored object with its new resourceVersion.
   */
  update(resource: string, obj: KubeObject): KubeObject;
  /** Removes and returns the object (its resourceVersion is the deletion's). */
  delete(resource: string, namespace: string, name: string, preconditionResourceVersion?: string): KubeObject;
  /** Subscribes; events are delivered in resourceVersion order. Throws Gone when from is too old. */
  watch(resource: string, options: WatchOptions, listener: (e: WatchEvent) => void): () => void;
  /** The newest resourceVersion. */
  currentResourceVersion(): string;
  close(): void;
}
