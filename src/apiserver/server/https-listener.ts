// The socket side of the API server: HTTPS on 127.0.0.1 only. It reads each body up to the
// limit (413 RequestEntityTooLarge beyond, as kube-apiserver's 3 MiB default), hands an
// ApiRequest to the handler and writes the ApiResponse: whole bodies at once, streams with the
// headers flushed first (client-go waits for them, spec §3) and the client's disconnect
// aborting the stream. Protocol switches (exec, attach, port-forward) arrive as Node's
// "upgrade" event: the handler decides, and upgrade.ts completes the WebSocket or SPDY
// handshake. Nothing here knows Kubernetes beyond the 413 and 400 Statuses.
import { createServer, type Server } from "node:https";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import type { ApiHandler, ApiRequest, ApiResponse } from "../api-types.ts";
import { newBadRequest } from "../../machinery/status-error.ts";
import { errorResponse, newRequestEntityTooLarge } from "../errors.ts";
import { completeUpgrade, createUpgrader } from "./upgrade.ts";

export const DEFAULT_MAX_BODY_BYTES = 3 * 1024 * 1024;

export interface ApiListenerOptions {
  handler: ApiHandler;
  port: number;
  certPem: string;
  keyPem: string;
  maxBodyBytes?: number;
  log: (message: string) => void;
}

export interface ApiListener {
  port: number;
  close(): Promise<void>;
}

/** The body, or undefined once it passes the limit (the rest is then read and discarded). */
function readBody(req: IncomingMessage, limit: number): Promise<Uint8Array | undefined> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers["content-length"] ?? "0");
    if (declared > limit) { req.resume(); resolve(undefined); return; }
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on("data", (c: Buffer) => {
      if (over) return;
      size += c.length;
      if (size > limit) { over = true; chunks.length = 0; resolve(undefined); return; }
      chunks.push(c);
    });
    req.on("end", () => { if (!over) resolve(Buffer.concat(chunks)); });
    req.on("error", reject);
  });
}

async function write(res: ServerResponse, r: ApiResponse, log: (m: string) => void): Promise<void> {
  if ("upgrade" in r) r = errorResponse(newBadRequest("Upgrade request required"), log);
  if ("body" in r) {
    res.writeHead(r.status, r.headers);
    res.end(r.body);
    return;
  }
  res.writeHead(r.status, r.headers);
  res.flushHeaders();
  try {
    for await (const chunk of r.stream) {
      if (res.destroyed) break;
      if (!res.write(chunk)) await new Promise<void>((resolve) => { res.once("drain", resolve); res.once("close", resolve); });
    }
    res.end();
  } catch (e) {
    log(`stream ended with an error: ${e instanceof Error ? e.message : String(e)}`);
    res.destroy();
  }
}

function apiRequest(req: IncomingMessage, body: Uint8Array, signal: AbortSignal): ApiRequest {
  const url = new URL(req.url ?? "/", "https://127.0.0.1");
  const headers: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v.join(", ") : v;
  return { method: req.method ?? "GET", path: url.pathname, query: url.searchParams, headers, body, signal };
}

export async function startApiListener(o: ApiListenerOptions): Promise<ApiListener> {
  const limit = o.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const upgrader = createUpgrader(o.log);
  const server: Server = createServer({ cert: o.certPem, key: o.keyPem }, (req, res) => {
    const abort = new AbortController();
    res.on("close", () => abort.abort());
    void (async () => {
      const body = await readBody(req, limit);
      if (!body) {
        const r = errorResponse(newRequestEntityTooLarge(limit), o.log);
        // Answer at once and discard the rest of the body, so the client can read the 413
        // instead of a reset connection; the connection closes after it.
        res.writeHead(r.status, { ...r.headers, connection: "close" });
        res.end(r.body);
        return;
      }
      await write(res, await o.handler(apiRequest(req, body, abort.signal)), o.log);
    })().catch((e: unknown) => {
      o.log(`request ${req.method ?? ""} ${req.url ?? ""}: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
      if (!res.headersSent) {
        const r = errorResponse(e, o.log);
        res.writeHead(r.status, r.headers);
        res.end(r.body);
      } else res.destroy();
    });
  });
  server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const abort = new AbortController();
    socket.on("close", () => abort.abort());
    socket.on("error", () => socket.destroy());
    void (async () => {
      // Upgrade requests carry no body (kubectl's SPDY POST included).
      const r = await o.handler(apiRequest(req, new Uint8Array(), abort.signal));
      completeUpgrade(upgrader, req, socket, head, r, o.log);
    })().catch((e: unknown) => {
      o.log(`upgrade ${req.method ?? ""} ${req.url ?? ""}: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
      socket.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(o.port, "127.0.0.1", () => { server.off("error", reject); resolve(); });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
