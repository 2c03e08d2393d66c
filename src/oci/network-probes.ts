// Raw network probes over a dialer into the pod's network namespace. Every rejection's message
// is the exact output Kubernetes' prober shows for that failure (pkg/probe/{http,tcp,grpc}), so
// the kubelet can use it as is: HTTP errors are Go's *url.Error (`Get "<url>": …`), TCP errors
// net.Dial's, gRPC errors the grpc prober's own sentences.
import { request } from "node:http";
import { connect as http2Connect, constants as h2 } from "node:http2";
import type { Socket } from "node:net";
import { connect as tlsConnect } from "node:tls";
import type { Duplex } from "node:stream";
import { RuntimeError } from "../runtime/runtime.ts";
import type { HttpProbeRequest, HttpProbeResponse } from "../runtime/runtime.ts";
import { GRPC_CODE_NAMES, goDialError, goDuration, joinHostPort, probeUrl } from "./go-errors.ts";
import { DialError } from "./netns-dialer.ts";

export type Dial = (host: string, port: number, timeoutMs: number) => Promise<Socket>;

const MAX_BODY_BYTES = 10 * 1024;

function dialFailure(err: unknown, host: string, port: number): { code: string; text: string } {
  const code = err instanceof DialError ? err.code : "EIO";
  return { code, text: goDialError(host, port, code, err instanceof Error ? err.message : String(err)) };
}

/** A TCP connect, closed at once (pkg/probe/tcp: net.DialTimeout). */
export async function tcpProbe(dial: Dial, host: string, port: number, timeoutMs: number): Promise<void> {
  let sock: Socket;
  try {
    sock = await dial(host, port, timeoutMs);
  } catch (err) {
    const f = dialFailure(err, host, port);
    throw new RuntimeError(f.code === "TIMEOUT" ? "Timeout" : "Network", f.text, { cause: err });
  }
  sock.destroy();
}

/** One HTTP(S) GET, no redirects followed; the body is cut at 10 KiB (pkg/probe/http). */
export async function httpProbe(dial: Dial, req: HttpProbeRequest): Promise<HttpProbeResponse> {
  const url = probeUrl(req.scheme, req.host, req.port, req.path);
  const timeoutText = `Get "${url}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`;
  const timeout = (): RuntimeError => new RuntimeError("Timeout", timeoutText);
  let deadlineTimer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => { deadlineTimer = setTimeout(() => reject(timeout()), req.timeoutMs); });
  let raw: Socket | undefined;
  try {
    raw = await Promise.race([dial(req.host, req.port, req.timeoutMs), deadline]).catch((err: unknown) => {
      if (err instanceof RuntimeError) throw err;
      const f = dialFailure(err, req.host, req.port);
      throw f.code === "TIMEOUT" ? timeout() : new RuntimeError("Network", `Get "${url}": ${f.text}`, { cause: err });
    });
    const sock: Duplex = req.scheme === "HTTPS" ? tlsConnect({ socket: raw, rejectUnauthorized: false, servername: req.host }) : raw;
    const response = new Promise<HttpProbeResponse>((resolve, reject) => {
      // Go's net/http always writes a Host line (req.Host, else the URL's host:port); Node adds
      // none when headers come as an array, and Node servers answer such a request 400.
      const hasHost = req.headers.some(([k]) => k.toLowerCase() === "host");
      const headers = (hasHost ? req.headers : [["Host", joinHostPort(req.host, req.port)], ...req.headers]).flat();
      const r = request({
        method: "GET",
        host: req.host,
        port: req.port,
        path: new URL(url).pathname + new URL(url).search,
        headers,
        setHost: false,
        createConnection: () => sock,
      });
      r.on("response", (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const finish = (): void => {
          const out: Record<string, string> = {};
          for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(", ") : v;
          resolve({ statusCode: res.statusCode ?? 0, headers: out, body: Buffer.concat(chunks).subarray(0, MAX_BODY_BYTES).toString("utf8") });
          res.destroy();
        };
        res.on("data", (d: Buffer) => {
          chunks.push(d);
          size += d.length;
          if (size >= MAX_BODY_BYTES) finish();
        });
        res.on("end", finish);
        res.on("error", finish);
      });
      r.on("error", (err: NodeJS.ErrnoException) => {
        const text = err.code === "ECONNRESET" && err.message === "socket hang up" ? "EOF" : err.message;
        reject(new RuntimeError("Network", `Get "${url}": ${text}`, { cause: err }));
      });
      r.end();
    });
    return await Promise.race([response, deadline]);
  } finally {
    clearTimeout(deadlineTimer);
    raw?.destroy();
  }
}

/** grpc.health.v1.HealthCheckRequest{service} as a length-prefixed gRPC message. */
export function encodeHealthCheckRequest(service: string): Buffer {
  const s = Buffer.from(service, "utf8");
  const fields = s.length === 0 ? Buffer.alloc(0) : Buffer.concat([Buffer.from([0x0a]), varint(s.length), s]);
  const prefix = Buffer.alloc(5);
  prefix.writeUInt32BE(fields.length, 1);
  return Buffer.concat([prefix, fields]);
}

function varint(n: number): Buffer {
  const bytes: number[] = [];
  while (n > 0x7f) {
    bytes.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  bytes.push(n);
  return Buffer.from(bytes);
}

const SERVING_STATUS = ["UNKNOWN", "SERVING", "NOT_SERVING", "SERVICE_UNKNOWN"];

/** The status name in a length-prefixed HealthCheckResponse (field 1, enum). */
export function decodeHealthCheckResponse(frame: Buffer): string {
  let i = 5;
  let status = 0;
  while (i < frame.length) {
    const tag = frame[i++] ?? 0;
    let value = 0;
    let shift = 0;
    for (;;) {
      const b = frame[i++] ?? 0;
      value |= (b & 0x7f) << shift;
      shift += 7;
      if ((b & 0x80) === 0 || i >= frame.length) break;
    }
    if (tag === 0x08) status = value;
    else if ((tag & 7) === 2) i += value; // skip unknown length-delimited fields
  }
  return SERVING_STATUS[status] ?? String(status);
}

/**
 * grpc.health.v1.Health/Check. Like grpc.DialContext with WithBlock, a refused connection is
 * retried (1 s back-off ×1.6) until the timeout; resolves with the status name.
 */
export async function grpcProbe(dial: Dial, host: string, port: number, service: string, timeoutMs: number, now: () => number): Promise<string> {
  const addr = joinHostPort(host, port);
  const started = now();
  const within = goDuration(timeoutMs);
  const connectTimeout = (): RuntimeError =>
    new RuntimeError("Timeout", `timeout: failed to connect service "${addr}" within ${within}: context deadline exceeded`);
  let sock: Socket | undefined;
  let backoffMs = 1000;
  while (!sock) {
    const left = timeoutMs - (now() - started);
    if (left <= 0) throw connectTimeout();
    try {
      sock = await dial(host, port, left);
    } catch (err) {
      if (err instanceof DialError && err.code === "TIMEOUT") throw connectTimeout();
      const wait = Math.min(backoffMs, timeoutMs - (now() - started));
      if (wait <= 0) throw connectTimeout();
      await new Promise((r) => setTimeout(r, wait));
      backoffMs *= 1.6;
    }
  }
  const left = timeoutMs - (now() - started);
  const session = http2Connect(`http://${addr}`, { createConnection: () => sock });
  try {
    return await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new RuntimeError("Timeout", `timeout: health rpc did not complete within ${within}`)), Math.max(1, left));
      const fail = (text: string): void => { clearTimeout(timer); reject(new RuntimeError("Network", text)); };
      session.on("error", (err: Error) => fail(`error: health rpc probe failed: rpc error: code = Unavailable desc = ${err.message}`));
      const stream = session.request({
        [h2.HTTP2_HEADER_METHOD]: "POST",
        [h2.HTTP2_HEADER_PATH]: "/grpc.health.v1.Health/Check",
        [h2.HTTP2_HEADER_CONTENT_TYPE]: "application/grpc",
        te: "trailers",
        "user-agent": "kube-probe/1.33",
      });
      const chunks: Buffer[] = [];
      let headerStatus: string | undefined;
      let headerMessage = "";
      stream.on("response", (headers) => {
        if (headers["grpc-status"] !== undefined) {
          headerStatus = String(headers["grpc-status"]);
          headerMessage = decodeURIComponent(String(headers["grpc-message"] ?? ""));
        }
      });
      stream.on("trailers", (trailers: Record<string, string | string[] | undefined>) => {
        headerStatus = String(trailers["grpc-status"] ?? "0");
        headerMessage = decodeURIComponent(String(trailers["grpc-message"] ?? ""));
      });
      stream.on("data", (d: Buffer) => chunks.push(d));
      stream.on("error", (err: Error) => fail(`error: health rpc probe failed: rpc error: code = Unavailable desc = ${err.message}`));
      stream.on("end", () => {
        clearTimeout(timer);
        const code = Number(headerStatus ?? "0");
        if (code === 12) return fail(`error: this server does not implement the grpc health protocol (grpc.health.v1.Health): ${headerMessage}`);
        if (code === 4) return reject(new RuntimeError("Timeout", `timeout: health rpc did not complete within ${within}`));
        if (code !== 0) return fail(`error: health rpc probe failed: rpc error: code = ${GRPC_CODE_NAMES[code] ?? code} desc = ${headerMessage}`);
        resolve(decodeHealthCheckResponse(Buffer.concat(chunks)));
      });
      stream.end(encodeHealthCheckRequest(service));
    });
  } finally {
    session.destroy();
    sock.destroy();
  }
}
