// core/v1 Namespace and Node validation: ValidateNamespace(Update/StatusUpdate),
// validateKubeFinalizerName and the common part of ValidateNode (name, taints) of
// pkg/apis/core/validation/validation.go (1.33), texts verbatim.
// Not validated on nodes: podCIDRs, resource quantities, configSource, the update rules for
// podCIDR/providerID.
import type { Namespace, Node } from "../../api/core.ts";
import { invalid, notSupported, required, type FieldError } from "../../machinery/field-errors.ts";
import { isDNS1123Label, isQualifiedName, isValidLabelValue, nameIsDNSSubdomain } from "./name-validation.ts";
import { validateObjectMeta, validateObjectMetaUpdate } from "./object-meta-validation.ts";

const STANDARD_FINALIZERS = new Set(["kubernetes", "orphan", "foregroundDeletion"]);

/** ValidateNamespaceName = NameIsDNSLabel (a generateName prefix may end in '-'). */
export function nameIsDNSLabel(name: string, prefix: boolean): string[] {
  return isDNS1123Label(prefix && name.length > 1 && name.endsWith("-") ? `${name.slice(0, -2)}a` : name);
}

function validateKubeFinalizerName(name: string, path: string): FieldError[] {
  const errs = isQualifiedName(name).map((m) => invalid(path, name, m));
  if (!name.includes("/") && !STANDARD_FINALIZERS.has(name)) {
    errs.push(invalid(path, name, "name is neither a standard finalizer name nor is it fully qualified"));
  }
  return errs;
}

export function validateNamespace(ns: Namespace): FieldError[] {
  const errs = validateObjectMeta(ns.metadata ?? {}, { requiresNamespace: false, nameFn: nameIsDNSLabel });
  for (const f of ns.spec?.finalizers ?? []) errs.push(...validateKubeFinalizerName(f, "spec.finalizers"));
  return errs;
}

export function validateNamespaceUpdate(ns: Namespace, old: Namespace): FieldError[] {
  const errs = validateObjectMetaUpdate(ns.metadata, old.metadata);
  for (const f of ns.spec?.finalizers ?? []) errs.push(...validateKubeFinalizerName(f, "spec.finalizers"));
  return errs;
}

/** ValidateNamespaceStatusUpdate: the phase follows deletionTimestamp (Go's path is status.Phase). */
export function validateNamespaceStatusUpdate(ns: Namespace, old: Namespace): FieldError[] {
  const errs = validateObjectMetaUpdate(ns.metadata, old.metadata);
  const phase = ns.status?.phase ?? "";
  if (!ns.metadata.deletionTimestamp) {
    if (phase !== "Active") errs.push(invalid("status.Phase", phase, "may only be 'Active' if `deletionTimestamp` is empty"));
  } else if (phase !== "Terminating") {
    errs.push(invalid("status.Phase", phase, "may only be 'Terminating' if `deletionTimestamp` is not empty"));
  }
  return errs;
}

function validateTaints(node: Node): FieldError[] {
  const errs: FieldError[] = [];
  (node.spec?.taints ?? []).forEach((t, i) => {
    const p = `spec.taints[${i}]`;
    if (!t.key) errs.push(required(`${p}.key`));
    else errs.push(...isQualifiedName(t.key).map((m) => invalid(`${p}.key`, t.key, m)));
    if (t.value) errs.push(...isValidLabelValue(t.value).map((m) => invalid(`${p}.value`, t.value, m)));
    if (!t.effect) errs.push(required(`${p}.effect`));
    else if (!["NoSchedule", "PreferNoSchedule", "NoExecute"].includes(t.effect)) {
      errs.push(notSupported(`${p}.effect`, t.effect, ["NoSchedule", "PreferNoSchedule", "NoExecute"]));
    }
  });
  return errs;
}

export function validateNode(node: Node): FieldError[] {
  const errs = validateObjectMeta(node.metadata ?? {}, { requiresNamespace: false, nameFn: nameIsDNSSubdomain });
  errs.push(...validateTaints(node));
  return errs;
}

export function validateNodeUpdate(node: Node, old: Node): FieldError[] {
  const errs = validateObjectMetaUpdate(node.metadata, old.metadata);
  errs.push(...validateTaints(node));
  return errs;
}
