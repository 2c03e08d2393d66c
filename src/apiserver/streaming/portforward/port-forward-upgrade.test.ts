import { test } from "node:test";
import assert from "node:assert/strict";
import { duplexPair } from "node:stream";
import type { ApiRequest, ApiResponse } from "../../api-types.ts";
import { readAll, SpdyClient } from "../spdy/test-support/spdy-client.ts";
import { portForwardUpgrade } from "./port-forward-upgrade.ts";
import { makeFakeTarget } from "./test-support/fake-target.ts";
import { bridgedWebSocket, makeFakeWebSocket } from "./test-support/fake-websocket.ts";

const PATH = "/api/v1/namespaces/default/pods/web-1/portforward";

function request(headers: Record<string, string>, query = "", method = "GET"): ApiRequest {
  return { method, path: PATH, query: new URLSearchParams(query), headers, body: new Uint8Array(0), signal: new AbortController().signal };
}

const KUBECTL_WS = { connection: "Upgrade", upgrade: "websocket", "sec-websocket-protocol": "SPDY/3.1+portforward.k8s.io" };
const KUBECTL_SPDY = { connection: "Upgrade", upgrade: "SPDY/3.1", "x-stream-protocol-version": "portforward.k8s.io" };
const CLIENT_NODE = { connection: "Upgrade", upgrade: "websocket", "sec-websocket-protocol": "v5.channel.k8s.io, v4.channel.k8s.io, v3.channel.k8s.io, v2.channel.k8s.io, channel.k8s.io" };

function summary(r: ApiResponse): unknown {
  if ("upgrade" in r) return { upgrade: r.upgrade, protocol: r.protocol };
  if ("body" in r) {
    const s = JSON.parse(String(r.body)) as { code: number; reason: string; message: string };
    return { code: s.code, reason: s.reason, message: s.message };
  }
  return "stream";
}

test("upgrade: the protocol is chosen from the request headers, failures are Kubernetes' Statuses", () => {
  const cases: Array<[string, ApiRequest, unknown]> = [
    ["kubectl ≥ 1.31: SPDY tunnelled in a WebSocket", request(KUBECTL_WS), { upgrade: "websocket", protocol: "SPDY/3.1+portforward.k8s.io" }],
    ["kubectl's fallback: raw SPDY/3.1", request(KUBECTL_SPDY, "", "POST"), { upgrade: "spdy", protocol: "portforward.k8s.io" }],
    ["client-node: the v4 channel protocol", request(CLIENT_NODE, "ports=8080"), { upgrade: "websocket", protocol: "v4.channel.k8s.io" }],
    ["a WebSocket offering no subprotocol", request({ connection: "Upgrade", upgrade: "websocket" }, "ports=80"), { upgrade: "websocket", protocol: "" }],
    ["no upgrade at all", request({}), { code: 400, reason: "BadRequest", message: "Upgrade request required" }],
    ["an Upgrade header without Connection: Upgrade", request({ upgrade: "websocket" }), { code: 400, reason: "BadRequest", message: "Upgrade request required" }],
    ["a bad ports query, even for SPDY", request(KUBECTL_SPDY, "ports=http"), { code: 400, reason: "BadRequest", message: `cannot convert to []int32: strconv.ParseUint: parsing "http": invalid syntax` }],
    ["client-node without ports", request(CLIENT_NODE), { code: 400, reason: "BadRequest", message: `query parameter "port" is required` }],
    ["client-node with port 0", request(CLIENT_NODE, "ports=0"), { code: 400, reason: "BadRequest", message: `port "0" must be > 0` }],
    ["a WebSocket with only unsupported subprotocols", request({ ...CLIENT_NODE, "sec-websocket-protocol": "v5.channel.k8s.io, base64.channel.k8s.io" }, "ports=80"),
      { code: 403, reason: "Forbidden", message: `requested protocol(s) are not supported: [v5.channel.k8s.io base64.channel.k8s.io]; supports [ v4.channel.k8s.io]` }],
    ["SPDY without X-Stream-Protocol-Version", request({ connection: "Upgrade", upgrade: "SPDY/3.1" }), { code: 400, reason: "BadRequest", message: "unable to upgrade: X-Stream-Protocol-Version is required" }],
    ["SPDY asking for exec's protocols", request({ ...KUBECTL_SPDY, "x-stream-protocol-version": "v4.channel.k8s.io, channel.k8s.io" }),
      { code: 403, reason: "Forbidden", message: "unable to upgrade: unable to negotiate protocol: client supports [v4.channel.k8s.io channel.k8s.io], server accepts [portforward.k8s.io]" }],
    ["another Upgrade token", request({ connection: "Upgrade", upgrade: "h2c", "x-stream-protocol-version": "portforward.k8s.io" }),
      { code: 400, reason: "BadRequest", message: `unable to upgrade: missing upgrade headers in request: http.Header{"Connection":[]string{"Upgrade"}, "Upgrade":[]string{"h2c"}, "X-Stream-Protocol-Version":[]string{"portforward.k8s.io"}}` }],
  ];
  for (const [name, req, want] of cases) assert.deepEqual(summary(portForwardUpgrade(req, makeFakeTarget(), { log: () => {} })), want, name);
});

test("upgrade: kubectl's WebSocket tunnel carries SPDY in arbitrary message slices, end to end", async () => {
  const target = makeFakeTarget();
  const r = portForwardUpgrade(request(KUBECTL_WS), target, { log: () => {} });
  assert.ok("upgrade" in r && r.upgrade === "websocket");
  const { ws, client: clientSocket } = bridgedWebSocket();
  r.serve(ws.conn);
  const client = new SpdyClient({ socket: clientSocket });
  const error = await client.openStream({ streamtype: "error", port: "8080", requestid: "0" });
  error.stream.end();
  const data = await client.openStream({ streamtype: "data", port: "8080", requestid: "0" });
  const sent = Buffer.alloc(50_000, "tunnel");
  data.stream.end(sent);
  assert.deepEqual(await readAll(data.stream), sent);
  assert.equal((await readAll(error.stream)).length, 0);
  client.goAway();
  await client.closed;
  assert.ok(target.dialled.every((s) => s.destroyed));
});

test("upgrade: kubectl's raw SPDY fallback forwards on the upgraded socket", async () => {
  const target = makeFakeTarget();
  const r = portForwardUpgrade(request(KUBECTL_SPDY, "", "POST"), target, { log: () => {} });
  assert.ok("upgrade" in r && r.upgrade === "spdy");
  const [serverSocket, clientSocket] = duplexPair();
  r.serve(serverSocket);
  const client = new SpdyClient({ socket: clientSocket });
  const error = await client.openStream({ streamtype: "error", port: "9090", requestid: "0" });
  error.stream.end();
  const data = await client.openStream({ streamtype: "data", port: "9090", requestid: "0" });
  data.stream.end("raw");
  assert.equal((await readAll(data.stream)).toString(), "raw");
  assert.deepEqual(target.ports, [9090]);
  client.destroy();
});

test("upgrade: client-node's channel protocol forwards the ports of the query", async () => {
  const target = makeFakeTarget({ behaviour: { sayAndClose: "hi" } });
  const r = portForwardUpgrade(request(CLIENT_NODE, "ports=5432"), target, { log: () => {} });
  assert.ok("upgrade" in r && r.upgrade === "websocket");
  const ws = makeFakeWebSocket();
  r.serve(ws.conn);
  await ws.sentCount(3);
  assert.deepEqual(ws.sent.map((m) => [...m]), [[0, 0x38, 0x15], [1, 0x38, 0x15], [0, ...Buffer.from("hi")]]);
  assert.deepEqual(target.ports, [5432]);
});
