// The API server's request path, without sockets: authentication, the non-resource endpoints
// (/version, health, discovery, OpenAPI), then the resource verbs. One place turns every
// failure into a Status (errors.ts). The HTTPS listener (server/) only moves bytes.
import { timingSafeEqual } from "node:crypto";
import type { LogSource } from "../kubelet/log-source.ts";
import type { PodStreams } from "../kubelet/pod-streams.ts";
import type { MetricsSource } from "../metrics/metrics-source.ts";
import type { Clock } from "../machinery/clock.ts";
import type { ApiHandler, ApiRequest, ApiResponse } from "./api-types.ts";
import { jsonResponse } from "./api-types.ts";
import {
  aggregatedDiscovery, aggregatedVersion, AGGREGATED_V2, AGGREGATED_V2BETA1, legacyApiGroup, legacyApiGroupList,
  legacyApiVersions, legacyResourceList,
} from "./discovery.ts";
import { errorResponse, newMethodNotSupported, newPathNotFound, newUnauthorized } from "./errors.ts";
import type { HandlerContext } from "./handlers/handler-context.ts";
import { handleDelete, handleDeleteCollection } from "./handlers/delete.ts";
import { handleLogs } from "./handlers/logs.ts";
import { handleMetricsRequest, METRICS_API_GROUP, storeListers } from "./handlers/metrics.ts";
import { handlePatch } from "./handlers/patch.ts";
import { handleGet, handleList } from "./handlers/read.ts";
import { handleScale } from "./handlers/scale.ts";
import { handlePortForward, handleRemoteCommand } from "./handlers/streams.ts";
import { handleWatch } from "./handlers/watch.ts";
import { handleCreate, handleUpdate } from "./handlers/write.ts";
import { negotiateOutput } from "./negotiation.ts";
import { openApiDocument, openApiRoot } from "./openapi/openapi-v3.ts";
import { parseRequestInfo } from "./request-info.ts";
import type { ServedResources } from "./served-resources.ts";
import type { VersionInfo } from "./version-info.ts";

export interface ApiHandlerOptions {
  resources: ServedResources;
  clock: Clock;
  version: VersionInfo;
  /** The bearer token every request but /version and the health checks must carry. */
  token: string;
  /** The kubelet's logs, for pods/log. */
  logs?: LogSource;
  /** The kubelet's streams, for pods/exec, pods/attach and pods/portforward. */
  streams?: PodStreams;
  /** Serves metrics.k8s.io (kubectl top) and lists it in discovery. */
  metrics?: MetricsSource;
  /** false until the node is up: /readyz answers 500. */
  ready?: () => boolean;
  log: (message: string) => void;
}

/** Paths anyone may read (kube-apiserver's system:public-info-viewer role). */
const PUBLIC = new Set(["/version", "/livez", "/readyz", "/healthz"]);

function authorized(header: string | undefined, token: string): boolean {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  if (!m?.[1]) return false;
  const a = Buffer.from(m[1]);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

const text = (status: number, body: string): ApiResponse => ({ status, headers: { "content-type": "text/plain; charset=utf-8" }, body });

export function createApiHandler(o: ApiHandlerOptions): ApiHandler {
  const k8sVersion = o.version.gitVersion;
  const extraGroups = o.metrics ? [METRICS_API_GROUP] : [];
  const metricsOptions = o.metrics ? { metrics: o.metrics, clock: o.clock, ...storeListers(o.resources) } : undefined;

  function nonResource(req: ApiRequest): ApiResponse | undefined {
    const path = req.path.replace(/\/+$/, "") || "/";
    const accept = req.headers.accept;
    switch (path) {
      case "/version": return jsonResponse(200, o.version);
      case "/livez": case "/healthz": return text(200, "ok");
      case "/readyz": return o.ready?.() === false ? text(500, "[-]node not ready\nreadyz check failed") : text(200, "ok");
      case "/api": {
        const v = aggregatedVersion(accept);
        return v ? jsonResponse(200, aggregatedDiscovery(o.resources, true, v), v === "v2" ? AGGREGATED_V2 : AGGREGATED_V2BETA1) : jsonResponse(200, legacyApiVersions());
      }
      case "/apis": {
        const v = aggregatedVersion(accept);
        return v ? jsonResponse(200, aggregatedDiscovery(o.resources, false, v, extraGroups), v === "v2" ? AGGREGATED_V2 : AGGREGATED_V2BETA1) : jsonResponse(200, legacyApiGroupList(o.resources, extraGroups));
      }
      case "/openapi/v3": return jsonResponse(200, openApiRoot(o.resources, k8sVersion));
    }
    let m = /^\/openapi\/v3\/(?:api\/([^/]+)|apis\/([^/]+)\/([^/]+))$/.exec(path);
    if (m) {
      const [group, version] = m[1] ? ["", m[1]] : [m[2] ?? "", m[3] ?? ""];
      if (!o.resources.inGroupVersion(group, version).length) throw newPathNotFound();
      return jsonResponse(200, openApiDocument(o.resources, group, version, k8sVersion));
    }
    m = /^\/api\/([^/]+)$/.exec(path);
    if (m) {
      const list = legacyResourceList(o.resources, "", m[1] ?? "");
      if (!list) throw newPathNotFound();
      return jsonResponse(200, list);
    }
    m = /^\/apis\/([^/]+)(?:\/([^/]+))?$/.exec(path);
    if (m) {
      const body = m[2] ? legacyResourceList(o.resources, m[1] ?? "", m[2], extraGroups) : legacyApiGroup(o.resources, m[1] ?? "", extraGroups);
      if (!body) throw newPathNotFound();
      return jsonResponse(200, body);
    }
    return undefined;
  }

  async function resource(req: ApiRequest): Promise<ApiResponse> {
    const info = parseRequestInfo(req.method, req.path, req.query);
    if (!info) throw newPathNotFound();
    const served = o.resources.lookup(info.group, info.version, info.resource);
    if (!served) throw newPathNotFound();
    if (info.namespace === "" && served.info.namespaced && info.name && info.verb !== "create") throw newPathNotFound();
    const ctx: HandlerContext = {
      req, info, served, resources: o.resources, output: negotiateOutput(req.headers.accept, req.query),
      clock: o.clock, logs: o.logs, streams: o.streams, log: o.log, warnings: [],
    };
    if (info.subresource === "log") {
      if (info.resource !== "pods" || info.group !== "" || info.verb !== "get") throw newMethodNotSupported(`${info.resource}/log`, info.verb);
      return handleLogs(ctx);
    }
    if (info.subresource && !served.info.subresources.includes(info.subresource)) throw newPathNotFound();
    if (info.subresource === "scale") return handleScale(ctx);
    if (info.resource === "pods" && info.group === "" && (info.verb === "get" || info.verb === "create")) {
      // GET for the WebSocket attempts, POST for SPDY (connect verbs in Kubernetes).
      if (info.subresource === "exec" || info.subresource === "attach") return handleRemoteCommand(ctx, info.subresource);
      if (info.subresource === "portforward") return handlePortForward(ctx);
    }
    if (info.subresource && info.subresource !== "status") {
      // proxy, binding, eviction...: discovered (as in Kubernetes) but not served yet.
      throw newMethodNotSupported(`${info.resource}/${info.subresource}`, info.verb);
    }
    if (!served.info.verbs.includes(info.verb)) throw newMethodNotSupported(served.info.resource, info.verb);
    switch (info.verb) {
      case "get": return handleGet(ctx);
      case "list": return handleList(ctx);
      case "watch": return handleWatch(ctx);
      case "create": return handleCreate(ctx);
      case "update": return handleUpdate(ctx);
      case "patch": return handlePatch(ctx);
      case "delete": return handleDelete(ctx);
      case "deletecollection": return handleDeleteCollection(ctx);
    }
  }

  return async (req) => {
    try {
      if (!PUBLIC.has(req.path) && !authorized(req.headers.authorization, o.token)) throw newUnauthorized();
      const metricsResponse = metricsOptions && handleMetricsRequest(req, metricsOptions);
      return nonResource(req) ?? (metricsResponse ? await metricsResponse : await resource(req));
    } catch (e) {
      return errorResponse(e, o.log);
    }
  };
}
