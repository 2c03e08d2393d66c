// Everything `pillion run` checks before it creates anything: the kinds it can run, the
// namespace, what the API server would reject (validated with RunStack.prepare), names used
// twice. Objects that already exist (a resumed run) are marked, not refused. Errors are printed the way kubectl prints them.
import type { Job } from "../../api/batch.ts";
import type { KubeObject } from "../../api/meta.ts";
import type { Client } from "../../client/client.ts";
import { unsupportedJobReason } from "../../controllers/job/job-controller.ts";
import { isStatusError } from "../../machinery/status-error.ts";
import type { SourcedObject } from "./decode-manifests.ts";

export type RunKind = "Pod" | "Job";

/** An object of the run, once checked. */
export interface RunObject {
  kind: RunKind;
  namespace: string;
  name: string;
  source: string;
  obj: KubeObject;
  /**
   * Already stored (a run resumed on the same --state-dir after pillion was killed): it is
   * not created again but waited for, and reported "unchanged" as kubectl apply does.
   */
  existing?: KubeObject;
}

/** kubectl's `<resource>[.<group>]/<name>`: pod/x, job.batch/y. */
export const refOf = (o: { kind: RunKind; name: string }): string => `${o.kind === "Pod" ? "pod" : "job.batch"}/${o.name}`;

/**
 * kubectl's line(s) for an error from the server (cmdutil.CheckErr): an Invalid error with
 * causes prints `The <Kind> "<name>" is invalid: <field>: <message>`, one `* ` line per cause
 * when there are several; anything else `Error from server (<Reason>): error when creating
 * "<file>": <message>`.
 */
export function kubectlErrorText(err: unknown, source: string): string {
  if (isStatusError(err)) {
    const st = err.status;
    const causes = st.details?.causes ?? [];
    if (st.reason === "Invalid") {
      const head = st.details?.kind || st.details?.name
        ? `The ${st.details.kind ?? ""} ${JSON.stringify(st.details.name ?? "")} is invalid`
        : "The request is invalid";
      const lines = [...new Set(causes.map((c) => `${c.field ?? ""}: ${c.message ?? ""}`))];
      if (lines.length === 0) return `${head}: ${st.message ?? ""}`;
      if (lines.length === 1) return `${head}: ${lines[0] ?? ""}`;
      return `${head}: \n${lines.map((l) => `* ${l}`).join("\n")}`;
    }
    return `Error from server (${st.reason ?? "InternalError"}): error when creating ${JSON.stringify(source)}: ${st.message ?? ""}`;
  }
  return `error: ${err instanceof Error ? err.message : JSON.stringify(err)}`;
}

function kindOf(obj: KubeObject): RunKind | undefined {
  if (obj.apiVersion === "v1" && obj.kind === "Pod") return "Pod";
  if (obj.apiVersion === "batch/v1" && obj.kind === "Job") return "Job";
  return undefined;
}

export interface CheckOptions {
  namespace: string | undefined;
  prepare: (obj: KubeObject) => void;
  client: Pick<Client, "pods" | "jobs" | "namespaces">;
}

/** A Namespace of the input: created (before everything else), not waited for. */
export interface SupportingObject {
  ref: string;
  source: string;
  obj: KubeObject;
  existing: boolean;
}

/** Checks every object; returns them ready to create, or every error found (full lines). */
export async function checkManifests(
  docs: readonly SourcedObject[], o: CheckOptions,
): Promise<{ objects: RunObject[]; supporting: SupportingObject[]; errors: string[] }> {
  const objects: RunObject[] = [];
  const supporting: SupportingObject[] = [];
  const errors: string[] = [];
  const seen = new Set<string>();
  const defaultNamespace = o.namespace || "default";
  for (const { source, obj } of docs) {
    if (obj.apiVersion === "v1" && obj.kind === "Namespace") {
      const copy: KubeObject = structuredClone(obj);
      try {
        o.prepare(copy);
      } catch (err) {
        errors.push(kubectlErrorText(err, source));
        continue;
      }
      const name = copy.metadata.name ?? "";
      const existing = await o.client.namespaces.get("", name).then(() => true, (e: unknown) => {
        if (isStatusError(e, "NotFound")) return false;
        throw e;
      });
      supporting.push({ ref: `namespace/${name}`, source, obj: copy, existing });
      continue;
    }
    const kind = kindOf(obj);
    if (!kind) {
      errors.push(`error: ${source}: pillion run cannot run kind ${JSON.stringify(obj.kind ?? "")} (${obj.apiVersion ?? ""}) yet; it runs Pods (v1) and Jobs (batch/v1), and creates Namespaces`);
      continue;
    }
    const ns = obj.metadata.namespace || defaultNamespace;
    if (o.namespace && obj.metadata.namespace && obj.metadata.namespace !== o.namespace) {
      errors.push(`error: the namespace from the provided object ${JSON.stringify(obj.metadata.namespace)} does not match the namespace ${JSON.stringify(o.namespace)}. You must pass '--namespace=${obj.metadata.namespace}' to perform this operation.`);
      continue;
    }
    const copy: KubeObject = structuredClone(obj);
    copy.metadata.namespace = ns;
    try {
      o.prepare(copy);
    } catch (err) {
      errors.push(kubectlErrorText(err, source));
      continue;
    }
    // After validation, so that what the API server rejects is reported as kubectl would.
    const unsupported = kind === "Job" ? unsupportedJobReason(copy as Job) : undefined;
    if (unsupported) {
      errors.push(`error: ${source}: pillion run cannot run Job ${JSON.stringify(copy.metadata.name ?? "")} yet: its controller does not implement ${unsupported}`);
      continue;
    }
    const name = copy.metadata.name ?? "";
    const ro: RunObject = { kind, namespace: ns, name, source, obj: copy };
    if (name) {
      const key = `${kind}/${ns}/${name}`;
      if (seen.has(key)) { errors.push(`error: ${refOf(ro)} appears more than once in the input`); continue; }
      seen.add(key);
      const existing = await (kind === "Pod" ? o.client.pods.get(ns, name) : o.client.jobs.get(ns, name)).then((x): KubeObject => x, (e: unknown) => {
        if (isStatusError(e, "NotFound")) return undefined;
        throw e;
      });
      if (existing) ro.existing = existing;
    }
    objects.push(ro);
  }
  // As kubectl apply would be told by the NamespaceLifecycle admission: nothing is created in a
  // namespace that neither exists nor is created by the input.
  const created = new Set(supporting.map((s) => s.obj.metadata.name ?? ""));
  for (const ns of new Set(objects.map((x) => x.namespace))) {
    if (created.has(ns)) continue;
    const exists = await o.client.namespaces.get("", ns).then(() => true, (e: unknown) => {
      if (isStatusError(e, "NotFound")) return false;
      throw e;
    });
    if (!exists) {
      const first = objects.find((x) => x.namespace === ns);
      errors.push(`Error from server (NotFound): error when creating ${JSON.stringify(first?.source ?? "")}: namespaces ${JSON.stringify(ns)} not found`);
    }
  }
  return { objects, supporting, errors };
}
