// POST (create) and PUT (update, and the status subresource) of one object. dryRun=All runs
// the same decoding, defaulting and validation and stores nothing.
import type { KubeObject } from "../../api/meta.ts";
import { newBadRequest, newNotFound } from "../../machinery/status-error.ts";
import type { ApiBodyResponse } from "../api-types.ts";
import { managerName, recordUpdate } from "../managed-fields.ts";
import { checkObjectScope, decodeObject } from "./decode-object.ts";
import { isDryRun, objectResponse, type HandlerContext } from "./handler-context.ts";

/** obj with managedFields for this write (apply patches come with theirs). */
function record(ctx: HandlerContext, old: KubeObject | undefined, obj: KubeObject, operation: "Apply" | "Update"): KubeObject {
  if (operation === "Apply" || ctx.info.subresource) return obj;
  const { group, kind } = ctx.served.info;
  return recordUpdate({ old, obj, manager: managerName(ctx.req.query, ctx.req.headers["user-agent"]), now: ctx.clock.now(), group, kind });
}

/** Creates obj (already decoded and checked); 201 with the stored object. */
export async function createObject(ctx: HandlerContext, obj: KubeObject, operation: "Apply" | "Update" = "Update"): Promise<ApiBodyResponse> {
  checkObjectScope(ctx, obj);
  const recorded = record(ctx, undefined, obj, operation);
  const registry = ctx.served.registry;
  const created = isDryRun(ctx.req.query) ? registry.prepare(recorded) : await registry.create(recorded);
  return objectResponse(ctx, 201, created);
}

export async function handleCreate(ctx: HandlerContext): Promise<ApiBodyResponse> {
  if (ctx.info.name || ctx.info.subresource) throw newBadRequest("the server does not allow this method on the requested resource");
  return createObject(ctx, decodeObject(ctx));
}

/**
 * Writes obj over the stored object (spec or status per the subresource). Optimistic
 * concurrency: a set metadata.resourceVersion must be the stored one (409 Conflict).
 */
export async function updateObject(ctx: HandlerContext, obj: KubeObject, operation: "Apply" | "Update" = "Update"): Promise<ApiBodyResponse> {
  checkObjectScope(ctx, obj);
  const registry = ctx.served.registry;
  const current = await registry.get(ctx.info.namespace, ctx.info.name);
  if (obj.metadata.managedFields === undefined && current.metadata.managedFields) obj.metadata.managedFields = current.metadata.managedFields;
  obj = record(ctx, current, obj, operation);
  if (isDryRun(ctx.req.query)) {
    // Deliberate gap: the registry has no dry-run update, so the answer is the object as
    // sent, with the server's fields of the stored one; defaults and validation are skipped.
    return objectResponse(ctx, 200, { ...obj, metadata: { ...obj.metadata, uid: current.metadata.uid ?? "", creationTimestamp: current.metadata.creationTimestamp ?? "", resourceVersion: current.metadata.resourceVersion ?? "" } });
  }
  const updated = ctx.info.subresource === "status" ? await registry.updateStatus(obj) : await registry.update(obj);
  return objectResponse(ctx, 200, updated);
}

export async function handleUpdate(ctx: HandlerContext): Promise<ApiBodyResponse> {
  const { subresource, name } = ctx.info;
  if (!name || (subresource && subresource !== "status")) throw newBadRequest("the server does not allow this method on the requested resource");
  const obj = decodeObject(ctx);
  if (!obj.metadata.name && !name) throw newNotFound({ group: ctx.served.info.group, resource: ctx.served.info.resource }, "");
  return updateObject(ctx, obj);
}
