// What every resource handler receives: the request, which resource call it is, the registry
// behind it, the negotiated output, and the server's injected dependencies.
import type { KubeObject } from "../../api/meta.ts";
import type { LogSource } from "../../kubelet/log-source.ts";
import type { PodStreams } from "../../kubelet/pod-streams.ts";
import type { Clock } from "../../machinery/clock.ts";
import { jsonResponse, type ApiBodyResponse, type ApiRequest } from "../api-types.ts";
import type { OutputFormat } from "../negotiation.ts";
import type { ResourceRequestInfo } from "../request-info.ts";
import { apiVersionOf, type ServedResource, type ServedResources } from "../served-resources.ts";
import { buildTable, tableContentType } from "../table-convert.ts";

export interface HandlerContext {
  req: ApiRequest;
  info: ResourceRequestInfo;
  served: ServedResource;
  resources: ServedResources;
  output: OutputFormat;
  clock: Clock;
  logs: LogSource | undefined;
  /** The kubelet's exec/attach/port-forward, for those subresources. */
  streams: PodStreams | undefined;
  log: (message: string) => void;
  /** Warning headers to add (`299 - "unknown field \"spec.foo\""`). */
  warnings: string[];
}

function headers(ctx: HandlerContext): Record<string, string> {
  return ctx.warnings.length ? { warning: ctx.warnings.map((w) => `299 - ${JSON.stringify(w)}`).join(", ") } : {};
}

/** One object in the negotiated form: as is, as a one-row Table, or as PartialObjectMetadata. */
export function objectResponse(ctx: HandlerContext, status: number, obj: KubeObject): ApiBodyResponse {
  const o = ctx.output;
  if (obj.kind === "Status") return jsonResponse(status, obj, undefined, headers(ctx));
  switch (o.as) {
    case "json": return jsonResponse(status, obj, undefined, headers(ctx));
    case "Table":
      return jsonResponse(status, buildTable([obj], {
        group: ctx.served.info.group, kind: ctx.served.info.kind, version: o.version, includeObject: o.includeObject,
        now: ctx.clock.now(), ...(obj.metadata.resourceVersion ? { resourceVersion: obj.metadata.resourceVersion } : {}),
      }), tableContentType(o.version), headers(ctx));
    case "PartialObjectMetadata":
      return jsonResponse(status, { kind: "PartialObjectMetadata", apiVersion: `meta.k8s.io/${o.version}`, metadata: obj.metadata },
        `application/json;as=PartialObjectMetadata;v=${o.version};g=meta.k8s.io`, headers(ctx));
  }
}

/** A list (every list carries metadata.resourceVersion, spec §1.4) in the negotiated form. */
export function listResponse(ctx: HandlerContext, items: readonly KubeObject[], resourceVersion: string): ApiBodyResponse {
  const o = ctx.output;
  const info = ctx.served.info;
  switch (o.as) {
    case "json":
      return jsonResponse(200, { kind: `${info.kind}List`, apiVersion: apiVersionOf(info), metadata: { resourceVersion }, items }, undefined, headers(ctx));
    case "Table":
      return jsonResponse(200, buildTable(items, {
        group: info.group, kind: info.kind, version: o.version, includeObject: o.includeObject, now: ctx.clock.now(), resourceVersion,
      }), tableContentType(o.version), headers(ctx));
    case "PartialObjectMetadata":
      return jsonResponse(200, {
        kind: "PartialObjectMetadataList", apiVersion: `meta.k8s.io/${o.version}`, metadata: { resourceVersion },
        items: items.map((i) => ({ kind: "PartialObjectMetadata", apiVersion: `meta.k8s.io/${o.version}`, metadata: i.metadata })),
      }, `application/json;as=PartialObjectMetadataList;v=${o.version};g=meta.k8s.io`, headers(ctx));
  }
}

export const isDryRun = (query: URLSearchParams): boolean => query.getAll("dryRun").includes("All");
