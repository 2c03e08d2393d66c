// A small HTTPS (or HTTP) transport for reading a cluster: GET a path, parse the JSON. It
// trusts the kubeconfig's certificate authority, presents the bearer token or the client
// certificate, and turns a Kubernetes Status answer into an error carrying its message, as
// kubectl prints it ("Error from server (NotFound): pods "x" not found").
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import type { KubeConnection } from "./kubeconfig-connection.ts";

export class ApiGetError extends Error {
  override name = "ApiGetError";
  readonly code: number;
  readonly reason: string;
  constructor(o: { code: number; reason: string; message: string; cause?: unknown }) {
    super(o.message, o.cause === undefined ? undefined : { cause: o.cause });
    this.code = o.code;
    this.reason = o.reason;
  }
}

/** GETs a path ("/api/v1/namespaces/default/pods/x") and returns the parsed JSON body. */
export type ApiGet = (path: string) => Promise<unknown>;

export function httpsGet(o: { connection: KubeConnection; timeoutMs?: number }): ApiGet {
  const c = o.connection;
  const timeoutMs = o.timeoutMs ?? 30_000;
  return (path) => new Promise((resolve, reject) => {
    const url = new URL(c.server + path);
    const headers: Record<string, string> = { Accept: "application/json", "User-Agent": "pillion-timeline" };
    if (c.token) headers.Authorization = `Bearer ${c.token}`;
    const options = {
      method: "GET", headers, timeout: timeoutMs,
      ...(c.ca ? { ca: c.ca } : {}),
      ...(c.clientCert ? { cert: c.clientCert } : {}),
      ...(c.clientKey ? { key: c.clientKey } : {}),
      rejectUnauthorized: !c.insecureSkipTlsVerify,
    };
    const send = url.protocol === "http:" ? httpRequest : httpsRequest;
    const req = send(url, options, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (b: Buffer) => chunks.push(b));
      res.on("error", reject);
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        let body: unknown;
        try {
          body = text ? JSON.parse(text) : undefined;
        } catch (e) {
          reject(new ApiGetError({ code: res.statusCode ?? 0, reason: "BadResponse", message: `GET ${path}: not JSON: ${text.slice(0, 200)}`, cause: e }));
          return;
        }
        const code = res.statusCode ?? 0;
        if (code >= 200 && code < 300) { resolve(body); return; }
        const status = (typeof body === "object" && body !== null ? body : {}) as { reason?: unknown; message?: unknown };
        const reason = typeof status.reason === "string" ? status.reason : String(code);
        const message = typeof status.message === "string" ? status.message : `GET ${path}: HTTP ${code}`;
        reject(new ApiGetError({ code, reason, message }));
      });
    });
    req.on("timeout", () => req.destroy(new Error(`GET ${c.server}${path}: no answer in ${timeoutMs} ms`)));
    req.on("error", (e) => reject(new ApiGetError({ code: 0, reason: "ConnectionError", message: `GET ${c.server}${path}: ${e.message}`, cause: e })));
    req.end();
  });
}
