// PATCH of one object (or its status): JSON patch, JSON merge patch, strategic merge patch and
// server-side apply (which creates the object when it does not exist: 201). The patched result
// goes through the same unknown-field check and the same update path as a PUT, with the live
// object's resourceVersion, so a concurrent write in between is a 409 and nothing half-stored.
import type { KubeObject } from "../../api/meta.ts";
import { isStatusError, newBadRequest } from "../../machinery/status-error.ts";
import type { ApiBodyResponse } from "../api-types.ts";
import { decodePatch, patchTypeOf } from "../negotiation.ts";
import { patchObject } from "../patch-adapter.ts";
import { apiVersionOf } from "../served-resources.ts";
import { checkUnknownFields } from "./decode-object.ts";
import type { HandlerContext } from "./handler-context.ts";
import { createObject, updateObject } from "./write.ts";

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

export async function handlePatch(ctx: HandlerContext): Promise<ApiBodyResponse> {
  const { namespace, name, subresource } = ctx.info;
  if (!name || (subresource && subresource !== "status")) throw newBadRequest("the server does not allow this method on the requested resource");
  const type = patchTypeOf(ctx.req.headers["content-type"]);
  const patch = decodePatch(type, ctx.req.body);
  const info = ctx.served.info;
  const apply = type === "application/apply-patch+yaml";
  if (apply) {
    if (!isObject(patch)) throw newBadRequest("error decoding YAML: the applied configuration must be an object");
    if (!ctx.req.query.get("fieldManager")) throw newBadRequest("PATCH /apply requires fieldManager to be set");
    if (patch.apiVersion !== apiVersionOf(info) || patch.kind !== info.kind) {
      throw newBadRequest(`Kind and APIVersion must match the request: ${String(patch.kind)} ${String(patch.apiVersion)} is not ${info.kind} ${apiVersionOf(info)}`);
    }
  }
  let current: KubeObject | undefined;
  try {
    current = await ctx.served.registry.get(namespace, name);
  } catch (e) {
    if (!(apply && isStatusError(e, "NotFound"))) throw e;
  }
  const prefix = `${info.kind} in version "${info.version}" cannot be handled as a ${info.kind}: `;
  const q = ctx.req.query;
  const applyOptions = apply ? { manager: q.get("fieldManager") ?? "", force: ["true", "1"].includes(q.get("force") ?? ""), now: ctx.clock.now() } : undefined;
  const patched = patchObject(type, current, patch, info.group, info.kind, applyOptions);
  if (!current) {
    if (!isObject(patched)) throw newBadRequest(`${prefix}the applied configuration is not an object`);
    checkUnknownFields(ctx, patched, prefix);
    return createObject(ctx, patched as unknown as KubeObject, "Apply");
  }
  if (!isObject(patched) || !isObject(patched.metadata)) throw newBadRequest(`${prefix}the patched object is not an object`);
  checkUnknownFields(ctx, patched, apply ? prefix : "");
  patched.apiVersion = apiVersionOf(info);
  patched.kind = info.kind;
  const meta = patched.metadata as KubeObject["metadata"];
  // A patch that names a resourceVersion is a precondition; otherwise the live one is.
  meta.resourceVersion ??= current.metadata.resourceVersion ?? "";
  return updateObject(ctx, patched as unknown as KubeObject, apply ? "Apply" : "Update");
}
