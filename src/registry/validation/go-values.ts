// Go's %#v of the few composite values Kubernetes puts into "Invalid value: ..." texts, so
// messages read exactly as kubectl prints them, e.g.
//   spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`
import type { LabelSelector } from "../../api/meta.ts";
import { goValue, type GoRenderedValue } from "../../machinery/field-errors.ts";

/** strconv.Quote, close enough: JSON escaping agrees with Go's for printable text. */
const q = (s: string): string => JSON.stringify(s);

/** %#v of a map[string]string: keys sorted (fmt sorts maps), nil map printed as (nil). */
export function goStringMap(m: Record<string, string> | undefined): string {
  if (m === undefined) return "map[string]string(nil)";
  const entries = Object.keys(m).sort().map((k) => `${q(k)}:${q(m[k] ?? "")}`);
  return `map[string]string{${entries.join(", ")}}`;
}

export const goStringMapValue = (m: Record<string, string> | undefined): GoRenderedValue => goValue(goStringMap(m));

/** %#v of a *metav1.LabelSelector after field.Error dereferences the pointer. */
export function goLabelSelectorValue(sel: LabelSelector | undefined): GoRenderedValue {
  if (!sel) return goValue("null");
  const exprs = sel.matchExpressions === undefined
    ? "[]v1.LabelSelectorRequirement(nil)"
    : `[]v1.LabelSelectorRequirement{${sel.matchExpressions.map((e) =>
      `v1.LabelSelectorRequirement{Key:${q(e.key)}, Operator:${q(e.operator)}, Values:${e.values === undefined ? "[]string(nil)" : `[]string{${e.values.map(q).join(", ")}}`}}`).join(", ")}}`;
  return goValue(`v1.LabelSelector{MatchLabels:${goStringMap(sel.matchLabels)}, MatchExpressions:${exprs}}`);
}

/** %#v of a []core.ContainerResizePolicy. */
export function goResizePolicyValue(list: readonly unknown[]): GoRenderedValue {
  const items = list.map((p) => {
    const r = (p ?? {}) as { resourceName?: string; restartPolicy?: string };
    return `core.ContainerResizePolicy{ResourceName:${q(r.resourceName ?? "")}, RestartPolicy:${q(r.restartPolicy ?? "")}}`;
  });
  return goValue(`[]core.ContainerResizePolicy{${items.join(", ")}}`);
}

/**
 * Stand-in for a whole internal struct (%#v of core.PodTemplateSpec runs to pages). Deliberate
 * difference: the type name with an elided body.
 */
export const goElidedStruct = (typeName: string): GoRenderedValue => goValue(`${typeName}{...}`);
