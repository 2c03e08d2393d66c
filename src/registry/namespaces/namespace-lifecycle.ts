// The NamespaceLifecycle admission plugin (plugin/pkg/admission/namespace/lifecycle) for
// creates: a namespaced object may only be created in a namespace that exists
// (`namespaces "x" not found`, 404) and is not terminating (403, with the
// NamespaceTerminating cause). Namespaces themselves and cluster-scoped kinds pass.
import type { Namespace } from "../../api/core.ts";
import { newForbidden } from "../../machinery/status-error.ts";
import type { AdmissionHook } from "../registry.ts";

/** Reads a namespace; throws NotFound (`namespaces "x" not found`) when there is none. */
export type NamespaceGetter = (name: string) => Promise<Namespace>;

export function namespaceLifecycleAdmission(getNamespace: NamespaceGetter): AdmissionHook {
  return async (a) => {
    if (!a.namespace) return;
    const ns = await getNamespace(a.namespace);
    if (ns.status?.phase !== "Terminating") return;
    throw newForbidden({ group: a.group, resource: a.resource }, a.name,
      `unable to create new content in namespace ${a.namespace} because it is being terminated`,
      [{ reason: "NamespaceTerminating", message: `namespace ${a.namespace} is being terminated`, field: "metadata.namespace" }]);
  };
}
