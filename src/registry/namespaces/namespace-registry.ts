// The Namespace REST storage (pkg/registry/core/namespace/storage/storage.go): a namespace is
// deleted in two steps. The first DELETE marks it (deletionTimestamp, phase Terminating) and
// returns it; the namespace controller (finalize-namespace.ts) deletes what it holds and then
// clears spec.finalizers through the finalize subresource, which removes the namespace. A
// DELETE while it is terminating answers Conflict, as Kubernetes does.
// `default`, `kube-system` and `kube-public` cannot be deleted (the NamespaceLifecycle
// admission plugin's immortal namespaces).
import type { Namespace } from "../../api/core.ts";
import type { DeleteOptions } from "../../client/client.ts";
import type { Clock } from "../../machinery/clock.ts";
import { rfc3339 } from "../../machinery/clock.ts";
import { invalid } from "../../machinery/field-errors.ts";
import { newConflict, newForbidden, newInvalid } from "../../machinery/status-error.ts";
import type { Store } from "../../storage/store.ts";
import { ResourceRegistry, type RegistryOptions } from "../registry.ts";
import { validateNamespaceUpdate } from "../validation/namespace-node-validation.ts";

export const IMMORTAL_NAMESPACES: ReadonlySet<string> = new Set(["default", "kube-system", "kube-public"]);
const GR = { group: "", resource: "namespaces" };

export class NamespaceRegistry extends ResourceRegistry<Namespace> {
  readonly #store: Store;
  readonly #clock: Clock;

  constructor(options: RegistryOptions<Namespace>) {
    super(options);
    this.#store = options.store;
    this.#clock = options.clock;
  }

  override async delete(_namespace: string, name: string, options: DeleteOptions = {}): Promise<Namespace | undefined> {
    if (IMMORTAL_NAMESPACES.has(name)) throw newForbidden(GR, name, "this namespace may not be deleted");
    const ns = await this.get("", name);
    if (options.uid && options.uid !== ns.metadata.uid) {
      throw newInvalid({ group: "", kind: "Namespace" }, name, [invalid("metadata.uid", options.uid, "Precondition failed: UID in precondition does not match the UID in record")]);
    }
    if (!ns.metadata.deletionTimestamp) {
      ns.metadata.deletionTimestamp = rfc3339(this.#clock.now());
      ns.metadata.deletionGracePeriodSeconds = 0;
      ns.status = { ...(ns.status ?? {}), phase: "Terminating" };
      const marked = this.#store.update(this.key, ns) as Namespace;
      return this.#deleteIfFinalized(marked);
    }
    if ((ns.spec?.finalizers?.length ?? 0) > 0) {
      throw newConflict(GR, name, "The system is ensuring all content is removed from this namespace.  Upon completion, this namespace will automatically be purged by the system.");
    }
    return this.#deleteIfFinalized(ns);
  }

  /**
   * The finalize subresource (namespaceFinalizeStrategy): only spec.finalizers changes. A
   * terminating namespace left with no finalizers at all is removed; returns undefined then.
   */
  async finalize(input: Namespace): Promise<Namespace | undefined> {
    const old = await this.get("", input.metadata.name ?? "");
    const next = structuredClone(old);
    next.spec = { ...(old.spec ?? {}), finalizers: [...(input.spec?.finalizers ?? [])] };
    if (input.metadata.resourceVersion) next.metadata.resourceVersion = input.metadata.resourceVersion;
    const errs = validateNamespaceUpdate(next, old);
    if (errs.length) throw newInvalid({ group: "", kind: "Namespace" }, old.metadata.name ?? "", errs);
    return this.#deleteIfFinalized(this.#store.update(this.key, next) as Namespace);
  }

  #deleteIfFinalized(ns: Namespace): Namespace | undefined {
    if (!ns.metadata.deletionTimestamp || (ns.spec?.finalizers?.length ?? 0) > 0 || (ns.metadata.finalizers?.length ?? 0) > 0) return ns;
    this.#store.delete(this.key, "", ns.metadata.name ?? "");
    return undefined;
  }
}
