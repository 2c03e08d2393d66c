// The object in a create/update body, checked the way the apiserver's decoder checks it:
// kind/apiVersion filled in when absent (client-node omits them) and refused when they name
// another group-version; unknown fields pruned, and with fieldValidation=Strict refused
// (400 `Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field
// "spec.foo"`), with Warn (the default) reported in Warning headers.
import type { KubeObject } from "../../api/meta.ts";
import { newBadRequest } from "../../machinery/status-error.ts";
import { decodeBody } from "../negotiation.ts";
import { pruneUnknownFields } from "../openapi/unknown-fields.ts";
import { shapeForKind } from "../openapi/shapes.ts";
import { apiVersionOf } from "../served-resources.ts";
import type { HandlerContext } from "./handler-context.ts";

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

const str = (v: unknown): string => (typeof v === "string" ? v : JSON.stringify(v));

export type FieldValidation = "Strict" | "Warn" | "Ignore";

export function fieldValidationOf(query: URLSearchParams): FieldValidation {
  const v = query.get("fieldValidation") ?? "";
  switch (v) {
    case "": return "Warn";
    case "Strict": case "Warn": case "Ignore": return v;
    default: throw newBadRequest(`invalid fieldValidation directive: ${v}; allowed values are Ignore, Warn and Strict`);
  }
}

/** Prunes unknown fields of obj (in place) and applies the request's fieldValidation to them. */
export function checkUnknownFields(ctx: HandlerContext, obj: Record<string, unknown>, messagePrefix: string): void {
  const { group, kind } = ctx.served.info;
  const shape = shapeForKind(group, kind);
  if (!shape) return;
  const unknown = pruneUnknownFields(obj, shape);
  if (!unknown.length) return;
  const directive = fieldValidationOf(ctx.req.query);
  if (directive === "Strict") {
    throw newBadRequest(`${messagePrefix}strict decoding error: ${unknown.map((p) => `unknown field ${JSON.stringify(p)}`).join(", ")}`);
  }
  if (directive === "Warn") for (const p of unknown) ctx.warnings.push(`unknown field ${JSON.stringify(p)}`);
}

export function decodeObject(ctx: HandlerContext): KubeObject {
  const info = ctx.served.info;
  const raw = decodeBody(ctx.req.headers["content-type"], ctx.req.body, info.kind);
  if (!isObject(raw)) {
    throw newBadRequest(`the object provided is unrecognized (must be of type ${info.kind}): couldn't get version/kind; json parse error: expected an object`);
  }
  const want = apiVersionOf(info);
  if (raw.apiVersion !== undefined && raw.apiVersion !== want) {
    throw newBadRequest(`the API version in the data (${str(raw.apiVersion)}) does not match the expected API version (${want})`);
  }
  if (raw.kind !== undefined && raw.kind !== info.kind) {
    throw newBadRequest(`${str(raw.kind)} in version "${info.version}" cannot be handled as a ${info.kind}: no kind "${str(raw.kind)}" is registered for version "${want}"`);
  }
  raw.apiVersion = want;
  raw.kind = info.kind;
  if (raw.metadata === undefined || raw.metadata === null) raw.metadata = {};
  if (!isObject(raw.metadata)) throw newBadRequest(`${info.kind} in version "${info.version}" cannot be handled as a ${info.kind}: metadata must be an object`);
  checkUnknownFields(ctx, raw, `${info.kind} in version "${info.version}" cannot be handled as a ${info.kind}: `);
  return raw as unknown as KubeObject;
}

/** The namespace and name checks of create and update (rest.BeforeCreate, handlers/update.go). */
export function checkObjectScope(ctx: HandlerContext, obj: KubeObject): void {
  const ns = ctx.info.namespace;
  if (ctx.served.info.namespaced) {
    if (obj.metadata.namespace && ns && obj.metadata.namespace !== ns) {
      throw newBadRequest("the namespace of the provided object does not match the namespace sent on the request");
    }
    if (ns) obj.metadata.namespace = ns;
  }
  if (ctx.info.name && obj.metadata.name && obj.metadata.name !== ctx.info.name) {
    throw newBadRequest(`the name of the object (${obj.metadata.name}) does not match the name on the URL (${ctx.info.name})`);
  }
  if (ctx.info.name && !obj.metadata.name) obj.metadata.name = ctx.info.name;
}
