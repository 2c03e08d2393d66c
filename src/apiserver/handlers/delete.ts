// DELETE of one object and DELETE of a collection. DeleteOptions come from the body (kubectl)
// or the query (client-node): gracePeriodSeconds, propagationPolicy, preconditions, dryRun.
// The answer is the object while it still exists (graceful deletion, finalizers) and for pods
// always (their registry sets ReturnDeletedObject), else a Success Status with the uid.
import type { KubeObject, Status } from "../../api/meta.ts";
import { newBadRequest, newConflict } from "../../machinery/status-error.ts";
import type { ApiBodyResponse } from "../api-types.ts";
/** DeleteOptions.propagationPolicy; the garbage collector acts on it (src/controllers/garbage-collector). */
export type PropagationPolicy = "Orphan" | "Background" | "Foreground";
import { isDryRun, listResponse, objectResponse, type HandlerContext } from "./handler-context.ts";
import { selectObjects } from "./read.ts";

interface DeleteOptionsBody {
  gracePeriodSeconds?: number;
  propagationPolicy?: PropagationPolicy;
  orphanDependents?: boolean;
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: string[];
}

const POLICIES: readonly PropagationPolicy[] = ["Orphan", "Background", "Foreground"];

export function deleteOptionsOf(ctx: HandlerContext): DeleteOptionsBody {
  let body: DeleteOptionsBody = {};
  const text = new TextDecoder().decode(ctx.req.body).trim();
  if (text) {
    try {
      body = JSON.parse(text) as DeleteOptionsBody;
    } catch (e) {
      throw newBadRequest(`couldn't get version/kind; json parse error: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  const q = ctx.req.query;
  const grace = q.get("gracePeriodSeconds");
  if (grace !== null) {
    if (!/^-?\d+$/.test(grace)) throw newBadRequest(`strconv.ParseInt: parsing ${JSON.stringify(grace)}: invalid syntax`);
    body.gracePeriodSeconds = Number(grace);
  }
  const policy = q.get("propagationPolicy");
  if (policy) body.propagationPolicy = policy as PropagationPolicy;
  if (q.get("orphanDependents") !== null) body.orphanDependents = q.get("orphanDependents") === "true";
  if (isDryRun(q)) body.dryRun = ["All"];
  if (body.propagationPolicy !== undefined && !POLICIES.includes(body.propagationPolicy)) {
    throw newBadRequest(`DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: "${String(body.propagationPolicy)}": supported values: "Foreground", "Background", "Orphan"`);
  }
  return body;
}


async function deleteOne(ctx: HandlerContext, namespace: string, name: string, o: DeleteOptionsBody): Promise<{ last: KubeObject; remaining: KubeObject | undefined }> {
  const registry = ctx.served.registry;
  const current = await registry.get(namespace, name);
  const gr = { group: ctx.served.info.group, resource: ctx.served.info.resource };
  if (o.preconditions?.resourceVersion && o.preconditions.resourceVersion !== current.metadata.resourceVersion) {
    throw newConflict(gr, name, `the ResourceVersion in the precondition (${o.preconditions.resourceVersion}) does not match the ResourceVersion in record (${current.metadata.resourceVersion ?? ""}). The object might have been modified`);
  }
  if (o.dryRun?.includes("All")) return { last: current, remaining: current };
  const requested = o.propagationPolicy ?? (o.orphanDependents === undefined ? undefined : o.orphanDependents ? "Orphan" : "Background");
  const remaining = await registry.delete(namespace, name, {
    ...(o.gracePeriodSeconds !== undefined ? { gracePeriodSeconds: o.gracePeriodSeconds } : {}),
    ...(o.preconditions?.uid ? { uid: o.preconditions.uid } : {}),
    ...(requested ? { propagationPolicy: requested } : {}),
  });
  return { last: current, remaining };
}

export async function handleDelete(ctx: HandlerContext): Promise<ApiBodyResponse> {
  const { namespace, name, subresource } = ctx.info;
  if (subresource) throw newBadRequest("the server does not allow this method on the requested resource");
  const { last, remaining } = await deleteOne(ctx, namespace, name, deleteOptionsOf(ctx));
  if (remaining) return objectResponse(ctx, 200, remaining);
  const info = ctx.served.info;
  if (info.group === "" && info.kind === "Pod") return objectResponse(ctx, 200, last);
  const status: Status = {
    kind: "Status", apiVersion: "v1", metadata: {}, status: "Success", code: 200,
    details: { name, group: info.group, kind: info.resource, uid: last.metadata.uid ?? "" },
  };
  return objectResponse(ctx, 200, status);
}

export async function handleDeleteCollection(ctx: HandlerContext): Promise<ApiBodyResponse> {
  const o = deleteOptionsOf(ctx);
  const { items, resourceVersion } = await selectObjects(ctx);
  const out: KubeObject[] = [];
  for (const item of items) {
    const { last, remaining } = await deleteOne(ctx, item.metadata.namespace ?? "", item.metadata.name ?? "", o);
    out.push(remaining ?? last);
  }
  return listResponse({ ...ctx, output: { as: "json" } }, out, resourceVersion);
}
