// Field selectors (apimachinery pkg/fields): `a=b`, `a==b`, `a!=b`, comma = AND, with the field
// sets the real registries support (each kind's GetAttrs / field label conversion). An unknown
// field is a 400 "field label not supported: x", as Kubernetes answers.
import type { KubeObject } from "../api/meta.ts";
import { newBadRequest } from "../machinery/status-error.ts";

export interface FieldRequirement { field: string; op: "=" | "!="; value: string }

type Getter = (o: Record<string, unknown>) => string;

const path = (...keys: string[]): Getter => (o) => {
  let v: unknown = o;
  for (const k of keys) v = typeof v === "object" && v !== null ? (v as Record<string, unknown>)[k] : undefined;
  if (typeof v === "string") return v;
  return typeof v === "number" || typeof v === "boolean" ? String(v) : v === undefined || v === null ? "" : JSON.stringify(v);
};

const common: Record<string, Getter> = {
  "metadata.name": path("metadata", "name"),
  "metadata.namespace": path("metadata", "namespace"),
};

/** Per "group/resource": the extra fields its registry exposes. */
const byResource: Record<string, Record<string, Getter>> = {
  "/pods": {
    "spec.nodeName": path("spec", "nodeName"),
    "spec.restartPolicy": path("spec", "restartPolicy"),
    "spec.schedulerName": path("spec", "schedulerName"),
    "spec.serviceAccountName": path("spec", "serviceAccountName"),
    "spec.hostNetwork": (o) => (path("spec", "hostNetwork")(o) === "true" ? "true" : "false"),
    "status.phase": path("status", "phase"),
    "status.podIP": path("status", "podIP"),
    "status.nominatedNodeName": path("status", "nominatedNodeName"),
  },
  "/events": {
    ...Object.fromEntries(["kind", "namespace", "name", "uid", "apiVersion", "resourceVersion", "fieldPath"]
      .map((f) => [`involvedObject.${f}`, path("involvedObject", f)])),
    reason: path("reason"),
    reportingComponent: path("reportingComponent"),
    source: path("source", "component"),
    type: path("type"),
  },
  "/namespaces": { "status.phase": path("status", "phase") },
  "/secrets": { type: path("type") },
  "/nodes": { "spec.unschedulable": (o) => (path("spec", "unschedulable")(o) === "true" ? "true" : "false") },
  "batch/jobs": { "status.successful": path("status", "succeeded") },
  "apps/replicasets": { "status.replicas": path("status", "replicas") },
};

/** Parses the selector and checks every field against the resource's set (400 otherwise). */
export function parseFieldSelector(s: string | undefined, group: string, resource: string): FieldRequirement[] {
  const out: FieldRequirement[] = [];
  if (!s?.trim()) return out;
  const fields = { ...common, ...byResource[`${group}/${resource}`] };
  for (const raw of splitUnescaped(s, ",")) {
    const term = raw.trim();
    if (!term) continue;
    const m = /^([^!=]+?)\s*(!=|==|=)\s*(.*)$/.exec(term);
    if (!m) throw newBadRequest(`invalid selector: '${s}'; can't understand '${term}'`);
    const field = m[1] ?? "";
    if (!Object.hasOwn(fields, field)) throw newBadRequest(`field label not supported: ${field}`);
    out.push({ field, op: m[2] === "!=" ? "!=" : "=", value: unescape(m[3] ?? "") });
  }
  return out;
}

export function matchesFields(reqs: readonly FieldRequirement[], obj: KubeObject, group: string, resource: string): boolean {
  if (!reqs.length) return true;
  const fields = { ...common, ...byResource[`${group}/${resource}`] };
  const o = obj as unknown as Record<string, unknown>;
  return reqs.every((r) => {
    const v = fields[r.field]?.(o) ?? "";
    return r.op === "=" ? v === r.value : v !== r.value;
  });
}

/** Splits on sep not preceded by a backslash (fields.splitTerms). */
function splitUnescaped(s: string, sep: string): string[] {
  const out: string[] = [];
  let cur = "";
  for (let i = 0; i < s.length; i++) {
    const ch = s[i] ?? "";
    if (ch === "\\" && i + 1 < s.length) { cur += ch + (s[++i] ?? ""); continue; }
    if (ch === sep) { out.push(cur); cur = ""; } else cur += ch;
  }
  out.push(cur);
  return out;
}

const unescape = (v: string): string => v.replace(/\\([\\,=])/g, "$1");
