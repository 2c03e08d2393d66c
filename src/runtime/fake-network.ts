// The fake runtime's view of a sandbox's network namespace: which container listens on a port,
// probe response delays, and dialPort's in-memory TCP connections. Refusals carry Go's text, as
// the OCI runtime's dialer reports them ("dial tcp 127.0.0.1:80: connect: connection refused").
import { duplexPair, type Duplex } from "node:stream";
import type { Clock } from "../machinery/clock.ts";
import type { FakeContainer } from "./fake-container.ts";
import type { FakeHttpResponse, FakeListener } from "./fake-program.ts";
import type { FakeState } from "./fake-state.ts";
import { RuntimeError } from "./runtime.ts";

/** Hosts that reach the sandbox's own network namespace (besides its IP). */
const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost", "::1", "0.0.0.0", ""]);

/**
 * The listener answering host:port inside the sandbox and its container. Rejects NotFound /
 * NotRunning for the sandbox, else Network as Go's net.Dial(network, …) says it: probes dial
 * "tcp", port-forward dials "tcp4" (CRI-O and containerd: net.Dial("tcp4", "localhost:<port>")).
 */
export function listenerFor(state: FakeState, sandboxId: string, host: string, port: number, network: "tcp" | "tcp4" = "tcp"): { listener: FakeListener; container: FakeContainer } {
  const rec = state.sandbox(sandboxId);
  if (rec.sandbox.state !== "ready") throw new RuntimeError("NotRunning", `pod sandbox ${sandboxId} is not ready`);
  if (LOCAL_HOSTS.has(host) || host === rec.sandbox.ip) {
    for (const container of state.containersOf(sandboxId)) {
      const listener = container.listener(port);
      if (listener) return { listener, container };
    }
  }
  throw new RuntimeError("Network", `dial ${network} ${hostPort(host, port)}: connect: connection refused`);
}

/** Waits the listener's response delay; beyond timeoutMs, waits timeoutMs and rejects Timeout. */
export async function respondWithin(clock: Clock, listener: FakeListener, timeoutMs: number, timeoutMessage: string): Promise<void> {
  const delayMs = listener.responseDelayMs ?? 0;
  if (delayMs <= 0) return;
  if (delayMs > timeoutMs) {
    await clock.sleep(timeoutMs);
    throw new RuntimeError("Timeout", timeoutMessage);
  }
  await clock.sleep(delayMs);
}

/**
 * A new connection to the listener: the caller's end of an in-memory duplex pair whose other end
 * the listener serves. Destroying either end ends the other; the container's exit closes it.
 */
export function connectTo(container: FakeContainer, listener: FakeListener): Duplex {
  const [client, server] = duplexPair();
  server.on("error", () => {}); // the peer went away: nothing to report on the server's side
  const serve = listener.connection ?? (listener.http ? (s: Duplex) => { serveHttp(listener, s); } : echo);
  serve(server);
  void container.exited().then(() => { server.destroy(); });
  return client;
}

/** Go's net.JoinHostPort: IPv6 literals in brackets. */
export function hostPort(host: string, port: number): string {
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}

function echo(socket: Duplex): void {
  socket.pipe(socket);
}

const STATUS_TEXT: Record<number, string> = {
  200: "OK", 201: "Created", 204: "No Content", 301: "Moved Permanently", 302: "Found", 304: "Not Modified",
  400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 500: "Internal Server Error",
  502: "Bad Gateway", 503: "Service Unavailable",
};

/** One HTTP/1.1 exchange per connection: reads the request head, answers, closes (Connection: close). */
function serveHttp(listener: FakeListener, socket: Duplex): void {
  let head = Buffer.alloc(0);
  const onData = (chunk: Buffer): void => {
    head = Buffer.concat([head, chunk]);
    const end = head.indexOf("\r\n\r\n");
    if (end < 0) return;
    socket.off("data", onData);
    const [requestLine = "", ...headerLines] = head.subarray(0, end).toString("latin1").split("\r\n");
    const path = requestLine.split(" ")[1] ?? "/";
    const headers = headerLines.map((l): [string, string] => {
      const colon = l.indexOf(":");
      return [l.slice(0, colon).trim(), l.slice(colon + 1).trim()];
    });
    socket.end(httpResponse(listener.http?.(path, headers) ?? { statusCode: 200, body: "" }));
  };
  socket.on("data", onData);
}

function httpResponse(answer: FakeHttpResponse): Buffer {
  const body = Buffer.from(answer.body, "utf8");
  const lines = [
    `HTTP/1.1 ${answer.statusCode} ${STATUS_TEXT[answer.statusCode] ?? ""}`,
    ...Object.entries(answer.headers ?? {}).map(([k, v]) => `${k}: ${v}`),
    `Content-Length: ${body.length}`,
    "Connection: close",
  ];
  return Buffer.concat([Buffer.from(`${lines.join("\r\n")}\r\n\r\n`, "latin1"), body]);
}
