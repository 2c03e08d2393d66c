import { test } from "node:test";
import assert from "node:assert/strict";
import { duplexPair } from "node:stream";
import { serveSpdy } from "../spdy/spdy-connection.ts";
import type { SpdyServerConnection } from "../spdy/spdy-types.ts";
import { readAll, SpdyClient, type SpdyClientStream } from "../spdy/test-support/spdy-client.ts";
import { servePortForward } from "./spdy-port-forward.ts";
import { makeFakeTarget, type FakeTarget } from "./test-support/fake-target.ts";

function connect(target: FakeTarget): { client: SpdyClient; server: SpdyServerConnection; logs: string[] } {
  const [serverSocket, clientSocket] = duplexPair();
  const logs: string[] = [];
  const server = serveSpdy(serverSocket, { log: (m) => logs.push(m) });
  servePortForward(server, target, { log: (m) => logs.push(m) });
  return { client: new SpdyClient({ socket: clientSocket }), server, logs };
}

/** What kubectl's handleConnection does: error stream (closed at once, read to EOF), then data. */
async function openForward(client: SpdyClient, requestId: number, port = 8080): Promise<{ data: SpdyClientStream; errorText: Promise<string> }> {
  const headers = { streamtype: "error", port: String(port), requestid: String(requestId) };
  const error = await client.openStream(headers);
  error.stream.end();
  const errorText = readAll(error.stream).then((b) => b.toString(), () => "<destroyed>");
  const data = await client.openStream({ ...headers, streamtype: "data" });
  return { data, errorText };
}

const payload = (i: number, size: number): Buffer => {
  const b = Buffer.alloc(size);
  for (let j = 0; j < size; j++) b[j] = (i * 31 + j * 7) & 0xff;
  return b;
};

test("spdy port-forward: one connection's bytes go to the pod port and back; the error stream ends empty", async () => {
  const target = makeFakeTarget();
  const { client, server } = connect(target);
  const { data, errorText } = await openForward(client, 0);
  const sent = payload(1, 100_000);
  data.stream.end(sent);
  assert.deepEqual(await readAll(data.stream), sent);
  assert.equal(await errorText, "");
  assert.deepEqual(target.ports, [8080]);
  server.close();
  await server.closed;
  assert.ok(target.dialled.every((s) => s.destroyed));
});

test("spdy port-forward: 100 concurrent connections through one SPDY connection, every byte checked", async () => {
  const target = makeFakeTarget();
  const { client, server } = connect(target);
  const results = await Promise.all(Array.from({ length: 100 }, async (_, i) => {
    const { data, errorText } = await openForward(client, i, 8000 + (i % 3));
    const sent = payload(i, 1000 + i * 97);
    data.stream.end(sent);
    const got = await readAll(data.stream);
    return { i, ok: got.equals(sent), error: await errorText };
  }));
  assert.deepEqual(results.filter((r) => !r.ok || r.error !== "").map((r) => r.i), []);
  assert.equal(target.dialled.length, 100);
  assert.deepEqual([...new Set(target.ports)].sort(), [8000, 8001, 8002]);
  server.close();
  await server.closed;
  assert.ok(target.dialled.every((s) => s.destroyed));
});

test("spdy port-forward: a refused dial writes the kubelet's text on the error stream and closes both streams", async () => {
  const target = makeFakeTarget({ refuse: "dial tcp4 127.0.0.1:8080: connect: connection refused" });
  const { client, server, logs } = connect(target);
  const { data, errorText } = await openForward(client, 0);
  assert.equal(await errorText, "error forwarding port 8080 to pod web-1, uid uid-1: dial tcp4 127.0.0.1:8080: connect: connection refused");
  assert.equal((await readAll(data.stream)).length, 0, "the data stream gets FIN");
  assert.match(logs.join("\n"), /error forwarding port 8080/);
  server.close();
});

test("spdy port-forward: when the pod closes, the data stream gets FIN and the error stream EOF, though the client did not FIN", async () => {
  const target = makeFakeTarget({ behaviour: { sayAndClose: "bye" } });
  const { client, server } = connect(target);
  const { data, errorText } = await openForward(client, 0);
  assert.equal((await readAll(data.stream)).toString(), "bye");
  assert.equal(await errorText, "");
  assert.ok(target.dialled[0]?.destroyed, "the forward is over: the pod socket is gone");
  data.reset(); // kubectl resets the data stream once the remote side is done
  await client.ping();
  server.close();
});

for (const how of ["GOAWAY", "socket close"] as const) {
  test(`spdy port-forward: client ${how} destroys every dialled socket`, async () => {
    const target = makeFakeTarget({ behaviour: "silent" });
    const { client, server } = connect(target);
    const forwards = [await openForward(client, 0), await openForward(client, 1), await openForward(client, 2)];
    forwards[0]?.data.stream.write("x");
    await client.ping();
    assert.equal(target.dialled.length, 3);
    if (how === "GOAWAY") client.goAway();
    else client.destroy();
    await server.closed;
    assert.ok(target.dialled.every((s) => s.destroyed));
  });
}

test("spdy port-forward: a dial still pending when the connection goes away is destroyed once it connects", async () => {
  let open!: () => void;
  const target = makeFakeTarget({ gate: new Promise<void>((resolve) => { open = resolve; }) });
  const { client, server } = connect(target);
  await openForward(client, 0);
  await client.ping();
  client.destroy();
  await server.closed;
  open();
  await client.closed;
  // let the dial's continuation run
  for (let i = 0; i < 3; i++) await Promise.resolve();
  assert.equal(target.dialled.length, 1);
  assert.ok(target.dialled[0]?.destroyed);
});

test("spdy port-forward: streams with a missing or bad port are reset and the kubelet's text is logged", async () => {
  const target = makeFakeTarget();
  const { client, server, logs } = connect(target);
  const noPort = await client.openStream({ streamtype: "data", requestid: "0" });
  assert.equal(await noPort.resetByServer, 5);
  const badPort = await client.openStream({ streamtype: "data", port: "http", requestid: "1" });
  assert.equal(await badPort.resetByServer, 5);
  assert.deepEqual(logs, [
    `Stream rejected: "port" header is required`,
    `Stream rejected: unable to parse "http" as a port: strconv.ParseUint: parsing "http": invalid syntax`,
  ]);
  assert.equal(target.dialled.length, 0);
  server.close();
});

test("spdy port-forward: a second data stream for one request is refused with the kubelet's text", async () => {
  const target = makeFakeTarget();
  const { client, server, logs } = connect(target);
  await client.openStream({ streamtype: "data", port: "80", requestid: "7" });
  const dup = await client.openStream({ streamtype: "data", port: "80", requestid: "7" });
  assert.equal(await dup.resetByServer, 5);
  assert.deepEqual(logs, ["error processing stream for request 7: data stream already assigned"]);
  server.close();
});

test("spdy port-forward: streams without requestID are paired by stream id, as for old clients", async () => {
  const target = makeFakeTarget();
  const { client, server } = connect(target);
  const error = await client.openStream({ streamtype: "error", port: "80" }); // id 1 → request "1"
  const data = await client.openStream({ streamtype: "data", port: "80" }); // id 3 → request "1"
  error.stream.end();
  data.stream.end("old");
  assert.equal((await readAll(data.stream)).toString(), "old");
  server.close();
});
