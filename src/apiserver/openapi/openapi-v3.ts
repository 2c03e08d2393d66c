// A small /openapi/v3 (spec §4.1): per group-version, one path per kind whose `patch` operation
// carries x-kubernetes-group-version-kind and the fieldValidation parameter, so kubectl (1.27+)
// validates on the server (it then sends fieldValidation=Strict and checks nothing itself).
// No requestBody on purpose: with one, kubectl would compute apply patches from these schemas;
// without, it uses its built-in Go types, which are complete. The schemas (for `kubectl explain`
// and readers) come from the compact shapes in shapes.ts.
import { createHash } from "node:crypto";
import type { ResourceInfo } from "../../registry/resource-info.ts";
import type { ServedResources } from "../served-resources.ts";
import { DEFS, isListShape, shapeForKind, type Shape } from "./shapes.ts";

/** "api/v1", "apis/batch/v1": the keys of the /openapi/v3 root. */
export const gvPath = (group: string, version: string): string => (group ? `apis/${group}/${version}` : `api/${version}`);

function schemaOf(shape: Shape): unknown {
  if (isListShape(shape)) return { type: "array", items: schemaOf(shape[0] ?? "any") };
  if (typeof shape === "object") {
    const props: Record<string, unknown> = {};
    let open = false;
    for (const [k, v] of Object.entries(shape as Record<string, Shape>)) {
      if (k === "*") open = true; else props[k] = schemaOf(v);
    }
    return open ? { type: "object", properties: props, "x-kubernetes-preserve-unknown-fields": true } : { type: "object", properties: props };
  }
  if (typeof shape !== "string") return {};
  if (shape.startsWith("#")) return { allOf: [{ $ref: `#/components/schemas/${shape.slice(1)}` }] };
  switch (shape) {
    case "string": case "integer": case "number": case "boolean": return { type: shape };
    case "int-or-string": return { "x-kubernetes-int-or-string": true };
    case "{string}": return { type: "object", additionalProperties: { type: "string", default: "" } };
    default: return { type: "object", "x-kubernetes-preserve-unknown-fields": true };
  }
}

function referencedDefs(shape: Shape, into: Set<string>): void {
  if (isListShape(shape)) { for (const s of shape) referencedDefs(s, into); return; }
  if (typeof shape === "object") { for (const s of Object.values(shape as Record<string, Shape>)) referencedDefs(s, into); return; }
  if (typeof shape === "string" && shape.startsWith("#")) {
    const name = shape.slice(1);
    if (!into.has(name)) { into.add(name); referencedDefs(DEFS[name] ?? "any", into); }
  }
}

const queryParam = (name: string, type = "string"): unknown => ({ name, in: "query", schema: { type }, uniqueItems: true });

function pathsFor(info: ResourceInfo): Record<string, unknown> {
  const gvk = { group: info.group, version: info.version, kind: info.kind };
  const base = `/${gvPath(info.group, info.version)}${info.namespaced ? "/namespaces/{namespace}" : ""}/${info.resource}`;
  const op = (action: string, params: unknown[]): unknown => ({
    "x-kubernetes-group-version-kind": gvk, "x-kubernetes-action": action, parameters: params,
    responses: { 200: { description: "OK" } },
  });
  const write = [queryParam("dryRun"), queryParam("fieldManager"), queryParam("fieldValidation")];
  return {
    [base]: { get: op("list", []), post: op("post", write) },
    [`${base}/{name}`]: {
      get: op("get", []), put: op("put", write), delete: op("delete", [queryParam("dryRun")]),
      patch: op("patch", [...write, queryParam("force", "boolean")]),
    },
  };
}

export function openApiDocument(resources: ServedResources, group: string, version: string, kubernetesVersion: string): unknown {
  const paths: Record<string, unknown> = {};
  const schemas: Record<string, unknown> = {};
  const defs = new Set<string>();
  for (const { info } of resources.inGroupVersion(group, version)) {
    Object.assign(paths, pathsFor(info));
    const shape = shapeForKind(info.group, info.kind);
    if (!shape) continue;
    referencedDefs(shape, defs);
    schemas[info.kind] = { ...(schemaOf(typeof shape === "string" ? DEFS[shape.slice(1)] ?? "any" : shape) as object), "x-kubernetes-group-version-kind": [{ group: info.group, version: info.version, kind: info.kind }] };
  }
  for (const name of defs) if (!schemas[name]) schemas[name] = schemaOf(DEFS[name] ?? "any");
  return { openapi: "3.0.0", info: { title: "Kubernetes", version: kubernetesVersion }, paths, components: { schemas } };
}

/** The /openapi/v3 root: each group-version with a content hash in its URL (kubectl caches by it). */
export function openApiRoot(resources: ServedResources, kubernetesVersion: string): { paths: Record<string, { serverRelativeURL: string }> } {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const { group, versions } of resources.groupVersions()) {
    for (const version of versions) {
      const hash = createHash("sha512").update(JSON.stringify(openApiDocument(resources, group, version, kubernetesVersion))).digest("hex").toUpperCase();
      paths[gvPath(group, version)] = { serverRelativeURL: `/openapi/v3/${gvPath(group, version)}?hash=${hash}` };
    }
  }
  return { paths };
}
