// The HTTP GET that httpGet probes and httpGet lifecycle hooks make, with Go's client semantics
// on top of the runtime's raw one-request call (runtime.httpGet, inside the pod's network):
// - the request: httpprobe.NewRequestForHTTPGetAction (pkg/probe/http/request.go): scheme
//   lower-cased, path parsed, headers canonicalised, `User-Agent: kube-<probe|lifecycle>/1.<minor>`
//   and `Accept: */*` unless given, an empty Accept or User-Agent removes the header;
// - redirects: net/http's Client.Do loop. Probes use httpprobe.RedirectChecker(false): only
//   same-hostname redirects are followed, another host ends the chain with that 3xx response
//   (http.ErrUseLastResponse). Hooks use a plain http.Client: any host. Either way the tenth
//   redirect fails with `stopped after 10 redirects`;
// - the client timeout covers the whole chain (http.Client.Timeout);
// - transport errors read as Go's url.Error: `Get "<url>": <cause>`.
import type { Container, HTTPGetAction } from "../../api/core.ts";
import type { Clock } from "../../machinery/clock.ts";
import type { ContainerRuntime, HttpProbeResponse } from "../../runtime/runtime.ts";
import { goQuote } from "./go-format.ts";
import { resolveContainerPort } from "./resolve-container-port.ts";

export interface HttpGetTarget {
  scheme: "HTTP" | "HTTPS";
  host: string;
  port: number;
  /** Path and query, as parsed from httpGet.path ("" allowed). */
  path: string;
  /** Canonical names, in order; the Host header is the request's Host override. */
  headers: [string, string][];
}

/** A failure before any HTTP response (Go's client.Do error); message as Go prints it. */
export class HttpTransportError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "HttpTransportError";
  }
}

/** Throws (Go's text) when the port cannot be resolved: the caller's "cannot even run" case. */
export function newRequestForHttpGetAction(opts: {
  action: HTTPGetAction; container: Pick<Container, "ports">; podIp: string; userAgentFragment: "probe" | "lifecycle"; kubernetesMinor: number;
}): HttpGetTarget {
  const { action } = opts;
  const scheme = (action.scheme ?? "HTTP").toUpperCase() === "HTTPS" ? "HTTPS" : "HTTP";
  const host = action.host || opts.podIp;
  const port = resolveContainerPort(action.port, opts.container);
  const raw = action.path ?? "";
  const path = raw === "" || raw.startsWith("/") ? raw : `/${raw}`;
  const headers: [string, string][] = (action.httpHeaders ?? []).map((h) => [canonicalHeaderKey(h.name), h.value]);
  return { scheme, host, port, path, headers: applyDefaultHeaders(headers, `kube-${opts.userAgentFragment}/1.${opts.kubernetesMinor}`) };
}

/** newProbeRequest's header rules plus what net/http writes for User-Agent and Host. */
function applyDefaultHeaders(headers: [string, string][], userAgent: string): [string, string][] {
  const first = (name: string): string | undefined => headers.find(([k]) => k === name)?.[1];
  const without = (name: string): [string, string][] => headers.filter(([k]) => k !== name);
  const ua = first("User-Agent");
  // net/http sends the first User-Agent value only, and none when it is empty.
  headers = without("User-Agent");
  if (ua === undefined) headers.push(["User-Agent", userAgent]);
  else if (ua !== "") headers.push(["User-Agent", ua]);
  const accept = first("Accept");
  if (accept === undefined) headers.push(["Accept", "*/*"]);
  else if (accept === "") headers = without("Accept");
  // req.Host = headers.Get("Host"): one Host line, and only when non-empty.
  const host = first("Host");
  headers = without("Host");
  if (host) headers.unshift(["Host", host]);
  return headers;
}

/** textproto.CanonicalMIMEHeaderKey: "x-custom-header" → "X-Custom-Header". */
export function canonicalHeaderKey(name: string): string {
  if (!/^[A-Za-z0-9!#$%&'*+\-.^_`|~]+$/.test(name)) return name;
  return name.toLowerCase().replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase());
}

/** URL.String() of a target: "http://127.0.0.1:8080/healthz". */
export function targetUrl(t: Pick<HttpGetTarget, "scheme" | "host" | "port" | "path">): string {
  const host = t.host.includes(":") ? `[${t.host}]` : t.host;
  return `${t.scheme.toLowerCase()}://${host}:${t.port}${t.path}`;
}

const REDIRECT_CODES = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 10;
/** net/http drops these when a redirect leaves the original host. */
const SENSITIVE_HEADERS = new Set(["Authorization", "Www-Authenticate", "Cookie", "Cookie2"]);

/**
 * Client.Do for one GET. Resolves with the final response (a 3xx when the chain was stopped
 * by the same-host rule or had no Location); rejects HttpTransportError otherwise. With a clock
 * the timeout budget is shared by the whole chain; without one each request gets it whole.
 */
export async function doHttpGet(opts: {
  runtime: ContainerRuntime; sandboxId: string; target: HttpGetTarget; timeoutMs: number; sameHostRedirectsOnly: boolean; clock?: Clock;
}): Promise<HttpProbeResponse> {
  const { runtime, sandboxId, clock } = opts;
  const deadline = clock ? clock.now() + opts.timeoutMs : undefined;
  const first = opts.target;
  let current = first;
  let currentUrl = targetUrl(first);
  let via = 0;
  for (;;) {
    const timeoutMs = deadline !== undefined && clock ? deadline - clock.now() : opts.timeoutMs;
    if (timeoutMs <= 0) {
      throw new HttpTransportError(`Get ${goQuote(currentUrl)}: context deadline exceeded (Client.Timeout exceeded while awaiting headers)`);
    }
    let res: HttpProbeResponse;
    try {
      res = await runtime.httpGet(sandboxId, {
        scheme: current.scheme, host: current.host, port: current.port, path: current.path || "/", headers: current.headers, timeoutMs,
      });
    } catch (err) {
      throw new HttpTransportError(urlError(currentUrl, err), { cause: err });
    }
    const location = res.headers.location;
    if (!REDIRECT_CODES.has(res.statusCode) || location === undefined || location === "") return res;
    let next: URL;
    try {
      next = new URL(location, currentUrl);
    } catch (err) {
      throw new HttpTransportError(`failed to parse Location header ${goQuote(location)}: ${String(err)}`, { cause: err });
    }
    via++;
    if (opts.sameHostRedirectsOnly && stripBrackets(next.hostname) !== first.host) return res; // ErrUseLastResponse
    if (via >= MAX_REDIRECTS) throw new HttpTransportError(`Get ${goQuote(location)}: stopped after 10 redirects`);
    const scheme = next.protocol === "https:" ? "HTTPS" : next.protocol === "http:" ? "HTTP" : undefined;
    if (!scheme) throw new HttpTransportError(`Get ${goQuote(location)}: unsupported protocol scheme ${goQuote(next.protocol.replace(/:$/, ""))}`);
    const port = next.port ? Number(next.port) : scheme === "HTTPS" ? 443 : 80;
    const host = stripBrackets(next.hostname);
    const sameHost = host === current.host && port === current.port;
    const relative = !/^[a-z][a-z0-9+.-]*:/i.test(location);
    let headers = current.headers.filter(([k]) => k !== "Referer" && (sameHost || !SENSITIVE_HEADERS.has(k)));
    // A Host override survives only a relative redirect (net/http's redirect loop).
    if (!relative) headers = headers.filter(([k]) => k !== "Host");
    if (!(current.scheme === "HTTPS" && scheme === "HTTP")) headers.push(["Referer", currentUrl]);
    current = { scheme, host, port, path: `${next.pathname}${next.search}`, headers };
    currentUrl = targetUrl(current);
  }
}

/** Go's url.Error text; the runtime's message is the cause (a runtime may already include the prefix). */
function urlError(url: string, err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.startsWith('Get "') ? message : `Get ${goQuote(url)}: ${message}`;
}

function stripBrackets(host: string): string {
  return host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
}
