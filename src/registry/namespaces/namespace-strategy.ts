// The Namespace's registry strategy (pkg/registry/core/namespace/strategy.go: namespaceStrategy,
// namespaceStatusStrategy, namespaceFinalizeStrategy): cluster-scoped; created Active with the
// `kubernetes` finalizer in spec.finalizers; a spec update cannot change spec.finalizers (only
// the finalize subresource can, see NamespaceRegistry.finalize) nor the status.
import type { Namespace } from "../../api/core.ts";
import { applyNamespaceDefaults } from "../../api/defaults/core-object-defaults.ts";
import type { FieldError } from "../../machinery/field-errors.ts";
import type { Strategy, StrategyContext } from "../strategy.ts";
import { keepStoredSpecAndMetadata } from "../update-rules.ts";
import { validateNamespace, validateNamespaceStatusUpdate, validateNamespaceUpdate } from "../validation/namespace-node-validation.ts";

/** api.FinalizerKubernetes: the namespace controller removes it once the namespace is empty. */
export const FINALIZER_KUBERNETES = "kubernetes";

export class NamespaceStrategy implements Strategy<Namespace> {
  readonly group = "";
  readonly version = "v1";
  readonly kind = "Namespace";
  readonly resource = "namespaces";
  readonly namespaced = false;

  applyDefaults(ns: Namespace, _ctx: StrategyContext): void {
    applyNamespaceDefaults(ns);
  }

  prepareForCreate(ns: Namespace, _ctx: StrategyContext): void {
    delete ns.metadata.generation;
    ns.status = { phase: "Active" };
    const spec = (ns.spec ??= {});
    const finalizers = spec.finalizers ?? [];
    if (!finalizers.includes(FINALIZER_KUBERNETES)) spec.finalizers = [...finalizers, FINALIZER_KUBERNETES];
  }

  validate(ns: Namespace, _ctx: StrategyContext): FieldError[] {
    return validateNamespace(ns);
  }

  prepareForUpdate(ns: Namespace, old: Namespace, _ctx: StrategyContext): void {
    if (old.spec === undefined) delete ns.spec;
    else ns.spec = { ...(ns.spec ?? {}), ...structuredClone(old.spec) };
    if (old.status === undefined) delete ns.status;
    else ns.status = old.status;
    if (old.metadata.generation === undefined) delete ns.metadata.generation;
    else ns.metadata.generation = old.metadata.generation;
  }

  validateUpdate(ns: Namespace, old: Namespace, _ctx: StrategyContext): FieldError[] {
    return validateNamespaceUpdate(ns, old);
  }

  prepareForStatusUpdate(ns: Namespace, old: Namespace, _ctx: StrategyContext): void {
    keepStoredSpecAndMetadata(ns, old);
  }

  validateStatusUpdate(ns: Namespace, old: Namespace, _ctx: StrategyContext): FieldError[] {
    return validateNamespaceStatusUpdate(ns, old);
  }
}
