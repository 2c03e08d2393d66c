// The scale subresource (deployments/scale, replicasets/scale): an autoscaling/v1 Scale view
// of spec.replicas, read with GET and written with PUT or PATCH (`kubectl scale` sends a merge
// patch `{"spec":{"replicas":N}}`). Mirrors pkg/registry/apps/deployment/storage ScaleREST.
import type { KubeObject, LabelSelector } from "../../api/meta.ts";
import { newBadRequest, newConflict } from "../../machinery/status-error.ts";
import { jsonResponse, type ApiBodyResponse } from "../api-types.ts";
import { decodeBody, decodePatch, patchTypeOf } from "../negotiation.ts";
import { patchObject } from "../patch-adapter.ts";
import { formatLabelSelector } from "../../printers/job-row.ts";
import type { HandlerContext } from "./handler-context.ts";

interface Scalable extends KubeObject {
  spec?: { replicas?: number; selector?: LabelSelector };
  status?: { replicas?: number };
}

interface Scale {
  kind: "Scale";
  apiVersion: "autoscaling/v1";
  metadata: KubeObject["metadata"];
  spec: { replicas?: number };
  status: { replicas: number; selector?: string };
}

export function scaleOf(obj: Scalable): Scale {
  const { name, namespace, uid, resourceVersion, creationTimestamp } = obj.metadata;
  const selector = formatLabelSelector(obj.spec?.selector);
  return {
    kind: "Scale", apiVersion: "autoscaling/v1",
    metadata: { name: name ?? "", namespace: namespace ?? "", uid: uid ?? "", resourceVersion: resourceVersion ?? "", creationTimestamp: creationTimestamp ?? "" },
    spec: { replicas: obj.spec?.replicas ?? 0 },
    status: { replicas: obj.status?.replicas ?? 0, ...(selector !== "<none>" ? { selector } : {}) },
  };
}

export async function handleScale(ctx: HandlerContext): Promise<ApiBodyResponse> {
  const { namespace, name, verb } = ctx.info;
  const registry = ctx.served.registry;
  const current = await registry.get(namespace, name) as Scalable;
  if (verb === "get") return jsonResponse(200, scaleOf(current));
  let wanted: unknown;
  if (verb === "update") wanted = decodeBody(ctx.req.headers["content-type"], ctx.req.body, "Scale");
  else if (verb === "patch") {
    const type = patchTypeOf(ctx.req.headers["content-type"]);
    wanted = patchObject(type === "application/apply-patch+yaml" ? "application/merge-patch+json" : type, scaleOf(current), decodePatch(type, ctx.req.body), "autoscaling", "Scale");
  } else throw newBadRequest("the server does not allow this method on the requested resource");
  const scale = wanted as Partial<Scale>;
  const replicas = scale.spec?.replicas;
  if (typeof replicas !== "number" || !Number.isInteger(replicas)) throw newBadRequest("Scale.autoscaling \"\" is invalid: spec.replicas: Required value");
  const rv = scale.metadata?.resourceVersion;
  if (rv && rv !== current.metadata.resourceVersion) {
    throw newConflict({ group: ctx.served.info.group, resource: ctx.served.info.resource }, name, "the object has been modified; please apply your changes to the latest version and try again");
  }
  const updated = await registry.update({ ...current, spec: { ...current.spec, replicas } } as KubeObject);
  return jsonResponse(200, scaleOf(updated));
}
