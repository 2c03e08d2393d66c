// The generic registry (apiserver's genericregistry.Store): applies a kind's Strategy around
// the Store — names (generateName), uid, creationTimestamp, defaults, validation, the
// spec/status split, optimistic concurrency, graceful deletion and finalizers.
import { randomInt, randomUUID } from "node:crypto";
import type { KubeObject } from "../api/meta.ts";
import type { Clock } from "../machinery/clock.ts";
import { rfc3339 } from "../machinery/clock.ts";
import { matches, parseSelector } from "../machinery/labels.ts";
import { newInvalid, newNotFound } from "../machinery/status-error.ts";
import { invalid, required } from "../machinery/field-errors.ts";
import type { DeleteOptions, ListOptions, ResourceClient, TypedWatchEvent } from "../client/client.ts";
import type { Store } from "../storage/store.ts";
import type { Strategy, StrategyContext } from "./strategy.ts";
import { deletionFinalizersForGarbageCollection } from "./deletion-finalizers.ts";

/** utilrand.String's alphabet: no vowels, no confusable characters. */
const NAME_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

export function randomSuffix(n = 5): string {
  let s = "";
  for (let i = 0; i < n; i++) s += NAME_ALPHABET[randomInt(NAME_ALPHABET.length)];
  return s;
}

/** What an admission plugin sees of a request (admission.Attributes, trimmed to creates). */
export interface AdmissionAttributes {
  operation: "CREATE";
  group: string;
  resource: string;
  kind: string;
  /** The namespace the object will live in ("" for cluster-scoped kinds). */
  namespace: string;
  /** metadata.name, or "" when the name will be generated. */
  name: string;
  object: KubeObject;
}

/**
 * Mutating/validating admission in one hook: throw a StatusError to reject. Runs on create
 * before defaulting and validation, where kube-apiserver's NamespaceLifecycle plugin rejects a
 * create in a missing namespace (so a bad object there gets NotFound, not Invalid).
 */
export type AdmissionHook = (attributes: AdmissionAttributes) => void | Promise<void>;

export interface RegistryOptions<T extends KubeObject> {
  store: Store;
  strategy: Strategy<T>;
  clock: Clock;
  kubernetesMinor: number;
  nodeName: string;
  /** Optional admission for creates (src/registry/namespaces/namespace-lifecycle.ts). */
  admit?: AdmissionHook;
  /**
   * Store.EnableGarbageCollection: a delete turns its propagationPolicy (or the kind's default)
   * into the orphan / foregroundDeletion finalizers. Only with a garbage collector running,
   * else those finalizers would never be removed.
   */
  garbageCollection?: boolean;
}

export class ResourceRegistry<T extends KubeObject> implements ResourceClient<T> {
  readonly #store: Store;
  readonly #s: Strategy<T>;
  readonly #clock: Clock;
  readonly #minor: number;
  readonly #nodeName: string;
  readonly #admit: AdmissionHook | undefined;
  readonly #garbageCollection: boolean;
  /** The storage key: "pods", "jobs.batch". */
  readonly key: string;

  constructor(options: RegistryOptions<T>) {
    this.#store = options.store;
    this.#s = options.strategy;
    this.#clock = options.clock;
    this.#minor = options.kubernetesMinor;
    this.#nodeName = options.nodeName;
    this.#admit = options.admit;
    this.#garbageCollection = options.garbageCollection ?? false;
    this.key = this.#s.group ? `${this.#s.resource}.${this.#s.group}` : this.#s.resource;
  }

  get strategy(): Strategy<T> {
    return this.#s;
  }

  #ctx(): StrategyContext & { nodeName: string } {
    return { now: this.#clock.now(), kubernetesMinor: this.#minor, nodeName: this.#nodeName };
  }

  #gr(): { group: string; resource: string } {
    return { group: this.#s.group, resource: this.#s.resource };
  }

  #gk(): { group: string; kind: string } {
    return { group: this.#s.group, kind: this.#s.kind };
  }

  async get(namespace: string, name: string): Promise<T> {
    const obj = this.#store.get(this.key, this.#ns(namespace), name);
    if (!obj) throw newNotFound(this.#gr(), name);
    return obj as T;
  }

  async list(options: ListOptions = {}): Promise<{ items: T[]; resourceVersion: string }> {
    const sel = parseSelector(options.labelSelector);
    const res = this.#store.list(this.key, this.#s.namespaced ? options.namespace || undefined : undefined);
    return { items: res.items.filter((o) => matches(sel, o.metadata.labels)) as T[], resourceVersion: res.resourceVersion };
  }

  /** Defaults and validates without storing: what `pillion run` checks before starting anything. */
  prepare(input: T): T {
    const obj = structuredClone(input);
    const ctx = this.#ctx();
    const typed: KubeObject = obj;
    typed.apiVersion = this.#s.group ? `${this.#s.group}/${this.#s.version}` : this.#s.version;
    typed.kind = this.#s.kind;
    obj.metadata ??= {};
    if (this.#s.namespaced) obj.metadata.namespace = this.#ns(obj.metadata.namespace);
    else delete obj.metadata.namespace;
    const name = obj.metadata.name || "";
    if (!name) {
      if (!obj.metadata.generateName) {
        throw newInvalid(this.#gk(), "", [required("metadata.name", "name or generateName is required")]);
      }
      obj.metadata.name = obj.metadata.generateName + randomSuffix();
    }
    obj.metadata.uid = randomUUID();
    obj.metadata.creationTimestamp = rfc3339(ctx.now);
    delete obj.metadata.resourceVersion;
    delete obj.metadata.deletionTimestamp;
    delete obj.metadata.deletionGracePeriodSeconds;
    this.#s.applyDefaults(obj, ctx);
    this.#s.prepareForCreate(obj, ctx);
    const errs = this.#s.validate(obj, ctx);
    if (errs.length) throw newInvalid(this.#gk(), obj.metadata.generateName && !name ? obj.metadata.generateName : obj.metadata.name ?? "", errs);
    return obj;
  }

  async create(input: T): Promise<T> {
    if (this.#admit) {
      await this.#admit({
        operation: "CREATE", group: this.#s.group, resource: this.#s.resource, kind: this.#s.kind,
        namespace: this.#s.namespaced ? this.#ns(input.metadata?.namespace) : "", name: input.metadata?.name ?? "", object: input,
      });
    }
    return this.#store.create(this.key, this.prepare(input)) as T;
  }

  async update(input: T): Promise<T> {
    const old = await this.get(input.metadata.namespace ?? "", input.metadata.name ?? "");
    const obj = structuredClone(input);
    const ctx = this.#ctx();
    this.#keepServerFields(obj, old);
    this.#s.applyDefaults(obj, ctx);
    this.#s.prepareForUpdate(obj, old, ctx);
    const errs = this.#s.validateUpdate(obj, old, ctx);
    if (errs.length) throw newInvalid(this.#gk(), obj.metadata.name ?? "", errs);
    return this.#storeOrFinalize(obj);
  }

  async updateStatus(input: T): Promise<T> {
    const old = await this.get(input.metadata.namespace ?? "", input.metadata.name ?? "");
    const obj = structuredClone(input);
    const ctx = this.#ctx();
    this.#keepServerFields(obj, old);
    this.#s.prepareForStatusUpdate(obj, old, ctx);
    const errs = this.#s.validateStatusUpdate(obj, old, ctx);
    if (errs.length) throw newInvalid(this.#gk(), obj.metadata.name ?? "", errs);
    return this.#store.update(this.key, obj) as T;
  }

  async delete(namespace: string, name: string, options: DeleteOptions = {}): Promise<T | undefined> {
    const obj = await this.get(namespace, name);
    if (options.uid && options.uid !== obj.metadata.uid) {
      throw newInvalid(this.#gk(), name, [invalid("metadata.uid", options.uid, "Precondition failed: UID in precondition does not match the UID in record")]);
    }
    const grace = this.#s.deletionGracePeriodSeconds?.(obj, options.gracePeriodSeconds) ?? 0;
    // The propagation policy as GC finalizers (deletion-finalizers.ts), except while a graceful
    // deletion is pending: then DeleteOptions cannot change them (rest.BeforeDelete).
    const pendingGraceful = !!obj.metadata.deletionTimestamp && (obj.metadata.deletionGracePeriodSeconds ?? 0) > 0;
    const gcFinalizers = this.#garbageCollection && !pendingGraceful
      ? deletionFinalizersForGarbageCollection(obj.metadata.finalizers, options.propagationPolicy, this.#s.defaultGarbageCollectionPolicy?.())
      : undefined;
    if (gcFinalizers?.length) obj.metadata.finalizers = gcFinalizers;
    else if (gcFinalizers) delete obj.metadata.finalizers;
    const finalizers = obj.metadata.finalizers ?? [];
    if (grace > 0 || finalizers.length > 0) {
      const current = obj.metadata.deletionGracePeriodSeconds;
      if (obj.metadata.deletionTimestamp && current !== undefined && current <= grace) {
        return gcFinalizers ? this.#store.update(this.key, obj) as T : obj; // grace never increases
      }
      if (grace > 0 || !obj.metadata.deletionTimestamp) {
        obj.metadata.deletionTimestamp = rfc3339(this.#clock.now() + grace * 1000);
        obj.metadata.deletionGracePeriodSeconds = grace;
        const stored = this.#store.update(this.key, obj) as T;
        if (grace > 0 || finalizers.length > 0) return stored;
      }
    }
    this.#store.delete(this.key, this.#ns(namespace), name);
    return undefined;
  }

  watch(options: ListOptions & { resourceVersion?: string }, onEvent: (e: TypedWatchEvent<T>) => void): () => void {
    const sel = parseSelector(options.labelSelector);
    let open = true;
    const queue: TypedWatchEvent<T>[] = [];
    let scheduled = false;
    const flush = (): void => {
      scheduled = false;
      while (open && queue.length) onEvent(queue.shift() as TypedWatchEvent<T>);
    };
    const watchOptions: { namespace?: string; resourceVersion?: string } = {};
    if (this.#s.namespaced && options.namespace) watchOptions.namespace = options.namespace;
    if (options.resourceVersion) watchOptions.resourceVersion = options.resourceVersion;
    const stop = this.#store.watch(this.key, watchOptions, (e) => {
      if (!matches(sel, e.object.metadata.labels)) return;
      queue.push({ type: e.type, object: e.object as T });
      if (!scheduled) { scheduled = true; queueMicrotask(flush); }
    });
    return () => { open = false; stop(); };
  }

  #ns(namespace: string | undefined): string {
    return this.#s.namespaced ? namespace || "default" : "";
  }

  /** Fields the server owns survive a client update (uid, creationTimestamp, deletion marks). */
  #keepServerFields(obj: T, old: T): void {
    const typed: KubeObject = obj;
    if (old.apiVersion) typed.apiVersion = old.apiVersion;
    if (old.kind) typed.kind = old.kind;
    obj.metadata.uid = old.metadata.uid ?? "";
    obj.metadata.creationTimestamp = old.metadata.creationTimestamp ?? "";
    obj.metadata.namespace = old.metadata.namespace ?? "";
    if (old.metadata.deletionTimestamp) obj.metadata.deletionTimestamp = old.metadata.deletionTimestamp;
    if (old.metadata.deletionGracePeriodSeconds !== undefined) obj.metadata.deletionGracePeriodSeconds = old.metadata.deletionGracePeriodSeconds;
    if (this.#s.namespaced === false) delete obj.metadata.namespace;
  }

  /** An update that removes the last finalizer of an object being deleted completes the deletion. */
  #storeOrFinalize(obj: T): T {
    const stored = this.#store.update(this.key, obj) as T;
    if (stored.metadata.deletionTimestamp && !(stored.metadata.finalizers?.length) && !stored.metadata.deletionGracePeriodSeconds) {
      this.#store.delete(this.key, stored.metadata.namespace ?? "", stored.metadata.name ?? "");
    }
    return stored;
  }
}
