// GET of one object (and of its status subresource) and LIST, with label and field selectors.
// `limit` is honoured by returning everything and no `continue` token, which every client
// accepts (a server may always return fewer pages); `resourceVersion` on a list is served from
// the newest state, which is what "0" and "" ask for and newer than any exact RV asked.
import type { KubeObject } from "../../api/meta.ts";
import { newBadRequest } from "../../machinery/status-error.ts";
import type { ApiBodyResponse } from "../api-types.ts";
import { matchesFields, parseFieldSelector } from "../field-selector.ts";
import { listResponse, objectResponse, type HandlerContext } from "./handler-context.ts";

export async function handleGet(ctx: HandlerContext): Promise<ApiBodyResponse> {
  const { namespace, name, subresource } = ctx.info;
  if (subresource && subresource !== "status") throw newBadRequest(`the server does not allow this method on the requested resource`);
  const obj = await ctx.served.registry.get(namespace, name);
  return objectResponse(ctx, 200, obj);
}

/** The objects a list (or a watch's initial state) selects. */
export async function selectObjects(ctx: HandlerContext): Promise<{ items: KubeObject[]; resourceVersion: string }> {
  const q = ctx.req.query;
  const { group, resource } = ctx.served.info;
  const fields = parseFieldSelector(q.get("fieldSelector") ?? undefined, group, resource);
  const labelSelector = q.get("labelSelector") ?? undefined;
  const res = await ctx.served.registry.list({
    ...(ctx.info.namespace ? { namespace: ctx.info.namespace } : {}),
    ...(labelSelector ? { labelSelector } : {}),
  });
  return { items: res.items.filter((o) => matchesFields(fields, o, group, resource)), resourceVersion: res.resourceVersion };
}

export async function handleList(ctx: HandlerContext): Promise<ApiBodyResponse> {
  const { items, resourceVersion } = await selectObjects(ctx);
  return listResponse(ctx, items, resourceVersion);
}
