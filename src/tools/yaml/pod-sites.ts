// Where the pods are in a manifest: a Pod's spec, the pod template of a Job, CronJob
// (jobTemplate), Deployment, StatefulSet, DaemonSet, ReplicaSet or ReplicationController, and
// the same inside the items of a `kind: List` (or any *List), as kubectl expands them.
import type { Document } from "yaml";
import type { PodSpec } from "../../api/core.ts";
import type { NodePath, PathSegment } from "./node-path.ts";

export interface ObjectRef {
  kind: string;
  name: string;
  namespace?: string;
}

export interface PodSite {
  object: ObjectRef;
  /** Path of the pod spec map from the document root (includes "items", i for List items). */
  docPath: NodePath;
  /** Path of the pod spec inside its object, as Kubernetes' field errors print it. */
  apiPath: NodePath;
  /** Job, CronJob, or a bare Pod with restartPolicy Never/OnFailure: the pod must finish. */
  runToCompletion: boolean;
  /** Job and CronJob templates: the API requires restartPolicy OnFailure or Never. */
  jobTemplate: boolean;
  spec: PodSpec;
}

const TEMPLATE_PATHS: Record<string, readonly string[]> = {
  Pod: ["spec"],
  Job: ["spec", "template", "spec"],
  CronJob: ["spec", "jobTemplate", "spec", "template", "spec"],
  Deployment: ["spec", "template", "spec"],
  StatefulSet: ["spec", "template", "spec"],
  DaemonSet: ["spec", "template", "spec"],
  ReplicaSet: ["spec", "template", "spec"],
  ReplicationController: ["spec", "template", "spec"],
  PodTemplate: ["template", "spec"],
};

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function getIn(value: unknown, path: readonly string[]): unknown {
  let cur = value;
  for (const seg of path) {
    if (!isRecord(cur)) return undefined;
    cur = cur[seg];
  }
  return cur;
}

function siteOf(obj: Record<string, unknown>, prefix: NodePath): PodSite | undefined {
  const kind = typeof obj.kind === "string" ? obj.kind : "";
  const path = TEMPLATE_PATHS[kind];
  if (!path) return undefined;
  const spec = getIn(obj, path);
  if (!isRecord(spec) || !Array.isArray(spec.containers)) return undefined;
  const meta = isRecord(obj.metadata) ? obj.metadata : {};
  const object: ObjectRef = { kind, name: typeof meta.name === "string" ? meta.name : "" };
  if (typeof meta.namespace === "string") object.namespace = meta.namespace;
  const jobTemplate = kind === "Job" || kind === "CronJob";
  const rp = spec.restartPolicy;
  return {
    object,
    docPath: [...prefix, ...path],
    apiPath: path,
    runToCompletion: jobTemplate || (kind === "Pod" && (rp === "Never" || rp === "OnFailure")),
    jobTemplate,
    spec: spec as unknown as PodSpec,
  };
}

/** Every pod spec in one parsed document, in document order. */
export function findPodSites(doc: Document.Parsed): PodSite[] {
  const value: unknown = doc.toJS({ maxAliasCount: 1000 });
  if (!isRecord(value)) return [];
  const kind = typeof value.kind === "string" ? value.kind : "";
  if (kind.endsWith("List") && Array.isArray(value.items)) {
    const out: PodSite[] = [];
    value.items.forEach((item: unknown, i: number) => {
      const prefix: PathSegment[] = ["items", i];
      if (isRecord(item)) {
        const site = siteOf(item, prefix);
        if (site) out.push(site);
      }
    });
    return out;
  }
  const site = siteOf(value, []);
  return site ? [site] : [];
}
