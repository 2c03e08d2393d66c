// Content negotiation (apiserver's endpoints/handlers/negotiation): what the client accepts
// and what its body is. Output is JSON for any Accept that lists json or */* (never 406, as the
// spec §1.3 recommends); a meta.k8s.io Table or PartialObjectMetadata when asked with
// `as=Table` / `as=PartialObjectMetadata[List]`. Bodies are JSON or YAML; protobuf gets a 415.
import { parse as parseYaml } from "yaml";
import type { PatchType } from "../machinery/patch/patch-types.ts";
import { newBadRequest } from "../machinery/status-error.ts";
import { newUnsupportedMediaType } from "./errors.ts";

export type IncludeObject = "None" | "Metadata" | "Object";

export type OutputFormat =
  | { as: "json" }
  | { as: "Table"; version: "v1" | "v1beta1"; includeObject: IncludeObject }
  | { as: "PartialObjectMetadata"; version: "v1" | "v1beta1" };

interface MediaRange { type: string; params: Map<string, string> }

function parseAccept(accept: string): MediaRange[] {
  return accept.split(",").map((part) => {
    const [type = "", ...rest] = part.split(";").map((s) => s.trim());
    const params = new Map<string, string>();
    for (const p of rest) {
      const eq = p.indexOf("=");
      if (eq > 0) params.set(p.slice(0, eq).trim().toLowerCase(), p.slice(eq + 1).trim());
    }
    return { type: type.toLowerCase(), params };
  }).filter((m) => m.type);
}

/** The first media range we can serve wins, as in negotiation.NegotiateOutputMediaType. */
export function negotiateOutput(accept: string | undefined, query: URLSearchParams): OutputFormat {
  const includeObject = (query.get("includeObject") ?? "Metadata") as IncludeObject;
  for (const m of parseAccept(accept ?? "")) {
    const as = m.params.get("as");
    const g = m.params.get("g");
    const v = m.params.get("v");
    if (as && (m.type === "application/json" || m.type === "application/yaml") && g === "meta.k8s.io" && (v === "v1" || v === "v1beta1")) {
      if (as === "Table") return { as: "Table", version: v, includeObject: ["None", "Metadata", "Object"].includes(includeObject) ? includeObject : "Metadata" };
      if (as === "PartialObjectMetadata" || as === "PartialObjectMetadataList") return { as: "PartialObjectMetadata", version: v };
      continue; // e.g. an APIGroupDiscoveryList request on a resource path: not ours
    }
    if (as) continue;
    return { as: "json" };
  }
  return { as: "json" };
}

const BODY_TYPES = ["application/json", "application/yaml"];

function mediaType(contentType: string | undefined): string {
  return (contentType ?? "application/json").split(";")[0]?.trim().toLowerCase() || "application/json";
}

/** The patch type of a PATCH request; 415 for any other content type. */
export function patchTypeOf(contentType: string | undefined): PatchType {
  const t = mediaType(contentType);
  switch (t) {
    case "application/json-patch+json":
    case "application/merge-patch+json":
    case "application/strategic-merge-patch+json":
    case "application/apply-patch+yaml":
      return t;
    default:
      throw newUnsupportedMediaType(t, ["application/json-patch+json", "application/merge-patch+json", "application/apply-patch+yaml", "application/strategic-merge-patch+json"]);
  }
}

/**
 * Decodes a create/update body (JSON or YAML) into a plain value. Decode failures are 400s
 * shaped like transformDecodeError: the message text comes from the JS parser, not Go's.
 */
export function decodeBody(contentType: string | undefined, body: Uint8Array, intoKind: string): unknown {
  const t = mediaType(contentType);
  if (!BODY_TYPES.includes(t)) throw newUnsupportedMediaType(t, BODY_TYPES);
  const text = new TextDecoder().decode(body);
  try {
    return t === "application/yaml" ? parseYaml(text) as unknown : JSON.parse(text) as unknown;
  } catch (e) {
    const summary = !text ? "<empty>" : text.length > 30 ? `${text.slice(0, 30)} ...` : text;
    throw newBadRequest(`the object provided is unrecognized (must be of type ${intoKind}): couldn't get version/kind; json parse error: ${e instanceof Error ? e.message : String(e)} (${summary})`);
  }
}

/** A patch body: JSON for every patch type; YAML (or JSON, which is YAML) for apply. */
export function decodePatch(type: PatchType, body: Uint8Array): unknown {
  const text = new TextDecoder().decode(body);
  try {
    return type === "application/apply-patch+yaml" ? parseYaml(text) as unknown : JSON.parse(text) as unknown;
  } catch (e) {
    throw newBadRequest(`error decoding patch: ${e instanceof Error ? e.message : String(e)}`);
  }
}
