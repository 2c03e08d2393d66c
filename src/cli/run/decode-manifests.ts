// Multi-document YAML → the objects `pillion run` will create, with kubectl's error texts:
// a YAML syntax error is `error parsing <file>: error converting YAML to JSON: yaml: line N: …`,
// a document that is not an object `unable to decode "<file>": json: cannot unmarshal …`,
// missing apiVersion/kind `error validating "<file>": error validating data: [apiVersion not
// set, kind not set]` (kubectl adds "; if you choose to ignore these errors, turn validation off
// with --validate=false"; pillion run has no such flag, so it leaves that out). Empty documents
// are skipped and a v1 List is expanded into its items, as kubectl does.
import { parseAllDocuments } from "yaml";
import type { KubeObject } from "../../api/meta.ts";

export interface SourcedObject {
  /** The file name as given, or "STDIN". */
  source: string;
  obj: KubeObject;
}

export class ManifestError extends Error {
  override name = "ManifestError";
}

function goJsonType(v: unknown): string {
  if (Array.isArray(v)) return "array";
  if (typeof v === "boolean") return "bool";
  return typeof v;
}

function checkObject(source: string, value: unknown): KubeObject {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ManifestError(`unable to decode ${JSON.stringify(source)}: json: cannot unmarshal ${goJsonType(value)} into Go value of type map[string]interface {}`);
  }
  const o = value as Record<string, unknown>;
  const missing: string[] = [];
  if (typeof o.apiVersion !== "string" || !o.apiVersion) missing.push("apiVersion not set");
  if (typeof o.kind !== "string" || !o.kind) missing.push("kind not set");
  if (missing.length) {
    const what = missing.length === 1 ? (missing[0] ?? "") : `[${missing.join(", ")}]`;
    throw new ManifestError(`error validating ${JSON.stringify(source)}: error validating data: ${what}`);
  }
  if (o.metadata === undefined || o.metadata === null) o.metadata = {};
  return o as unknown as KubeObject;
}

/** Parses every document of one input; throws ManifestError with kubectl's wording. */
export function decodeManifests(source: string, text: string): SourcedObject[] {
  const out: SourcedObject[] = [];
  for (const doc of parseAllDocuments(text)) {
    const err = doc.errors[0];
    if (err) {
      const line = err.linePos?.[0]?.line;
      const msg = (err.message.split("\n")[0] ?? "").replace(/ at line \d+, column \d+:?$/, "");
      throw new ManifestError(`error parsing ${source}: error converting YAML to JSON: yaml: ${line === undefined ? "" : `line ${line}: `}${msg}`);
    }
    const value: unknown = doc.toJS();
    if (value === null || value === undefined) continue;
    const obj = checkObject(source, value);
    if (obj.kind === "List" || obj.kind?.endsWith("List")) {
      const items = (obj as unknown as { items?: unknown }).items;
      for (const item of Array.isArray(items) ? items : []) out.push({ source, obj: checkObject(source, item) });
      continue;
    }
    out.push({ source, obj });
  }
  return out;
}
