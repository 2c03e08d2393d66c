import { test } from "node:test";
import assert from "node:assert/strict";
import { duplexPair, Readable, type Duplex } from "node:stream";
import { once } from "node:events";
import { serveSpdy } from "./spdy-connection.ts";
import type { SpdyServerConnection, SpdyStream } from "./spdy-types.ts";
import { readAll, SpdyClient } from "./test-support/spdy-client.ts";

interface Setup {
  server: SpdyServerConnection;
  client: SpdyClient;
  accepted: SpdyStream[];
  logs: string[];
  serverSocket: Duplex;
  clientSocket: Duplex;
}

function connect(options: { listen?: boolean } = {}): Setup {
  const [serverSocket, clientSocket] = duplexPair();
  const logs: string[] = [];
  const server = serveSpdy(serverSocket, { log: (m) => logs.push(m) });
  const accepted: SpdyStream[] = [];
  if (options.listen !== false) server.onStream((s) => { s.stream.on("error", () => {}); accepted.push(s); });
  return { server, client: new SpdyClient({ socket: clientSocket }), accepted, logs, serverSocket, clientSocket };
}

const ticks = async (n: number): Promise<void> => {
  for (let i = 0; i < n; i++) {
    // eslint-disable-next-line no-restricted-globals -- a test may yield to the event loop
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
};

test("connection: a SYN_STREAM is answered with an empty SYN_REPLY and reaches the listener with its headers", async () => {
  const { client, accepted, server } = connect();
  const s = await client.openStream({ streamtype: "data", port: "8080", requestid: "0" });
  assert.equal(s.id, 1);
  assert.deepEqual(s.replyHeaders, {});
  assert.equal(accepted.length, 1);
  assert.equal(accepted[0]?.id, 1);
  assert.deepEqual(accepted[0]?.headers, { streamtype: "data", port: "8080", requestid: "0" });
  const second = await client.openStream({ streamtype: "error" });
  assert.equal(second.id, 3);
  assert.deepEqual(accepted[1]?.headers, { streamtype: "error" });
  server.close();
  await server.closed;
});

test("connection: bytes flow both ways and each side's FIN ends the other's reading", async () => {
  const { client, accepted, server } = connect();
  const s = await client.openStream({ streamtype: "data" });
  const srv = accepted[0]?.stream;
  assert.ok(srv);
  const srvClosed = once(srv, "close");
  s.stream.end("hello from the client");
  assert.equal((await readAll(srv)).toString(), "hello from the client");
  srv.end("and back");
  assert.equal((await readAll(s.stream)).toString(), "and back");
  await srvClosed; // both FINs: the stream is done, no RST needed
  assert.ok(!client.received.some((r) => r.frame.type === "RST_STREAM"));
  server.close();
});

test("connection: PING from the client is echoed with the same id", async () => {
  const { client, server } = connect();
  await client.ping();
  await client.ping();
  const pings = client.received.filter((r) => r.frame.type === "PING").map((r) => r.frame.type === "PING" && r.frame.id);
  assert.deepEqual(pings, [1, 3]);
  server.close();
});

test("connection: RST_STREAM from the client destroys the server's stream", async () => {
  const { client, accepted, server } = connect();
  const s = await client.openStream({ streamtype: "data" });
  const closed = once(accepted[0]!.stream, "close");
  s.reset();
  await closed;
  assert.ok(accepted[0]?.stream.destroyed);
  server.close();
});

test("connection: reset() on the server sends RST_STREAM CANCEL", async () => {
  const { client, accepted, server } = connect();
  const s = await client.openStream({ streamtype: "data" });
  accepted[0]?.reset();
  assert.equal(await s.resetByServer, 5);
  server.close();
});

test("connection: GOAWAY from the client destroys every stream and closes the connection", async () => {
  const { client, accepted, server } = connect();
  await client.openStream({ streamtype: "data" });
  await client.openStream({ streamtype: "error" });
  client.goAway();
  await server.closed;
  assert.ok(accepted.every((s) => s.stream.destroyed));
  assert.deepEqual(await client.goAwayReceived, { lastGoodStreamId: 3, statusCode: 0 });
  await client.closed;
});

test("connection: the end of the socket destroys every stream", async () => {
  const { client, accepted, server, clientSocket } = connect();
  await client.openStream({ streamtype: "data" });
  clientSocket.end();
  await server.closed;
  assert.ok(accepted[0]?.stream.destroyed);
});

test("connection: close() is idempotent and sends one GOAWAY", async () => {
  const { client, server } = connect();
  await client.ping();
  server.close();
  server.close();
  await client.closed;
  assert.equal(client.received.filter((r) => r.frame.type === "GOAWAY").length, 1);
});

test("connection: a stream is refused when nobody listens; an even id is a protocol error, an open id is in use", async () => {
  const refused = connect({ listen: false });
  await assert.rejects(refused.client.openStream({ streamtype: "data" }), /reset by the server \(status 3\)/);
  refused.server.close();

  const { client, server, logs } = connect();
  client.sendRaw({ type: "SYN_STREAM", streamId: 2, associatedStreamId: 0, priority: 0, slot: 0, flags: 0, headerBlock: new Uint8Array(0) });
  await client.ping();
  const rst = client.received.find((r) => r.frame.type === "RST_STREAM")?.frame;
  assert.deepEqual(rst, { type: "RST_STREAM", streamId: 2, statusCode: 1 });
  assert.match(logs.join("\n"), /invalid stream id 2/);
  await client.openStream({ streamtype: "data" });
  client.sendRaw({ type: "SYN_STREAM", streamId: 1, associatedStreamId: 0, priority: 0, slot: 0, flags: 0, headerBlock: new Uint8Array(0) });
  await client.ping();
  assert.deepEqual(client.received.filter((r) => r.frame.type === "RST_STREAM").map((r) => r.frame), [
    { type: "RST_STREAM", streamId: 2, statusCode: 1 }, { type: "RST_STREAM", streamId: 1, statusCode: 8 },
  ]);
  server.close();
});

test("connection: a SYN_STREAM with FIN opens a stream whose reading side has already ended", async () => {
  const { client, accepted, server } = connect();
  client.sendRaw({ type: "SYN_STREAM", streamId: 1, associatedStreamId: 0, priority: 0, slot: 0, flags: 1, headerBlock: new Uint8Array(0) });
  await client.ping();
  assert.equal((await readAll(accepted[0]!.stream)).length, 0);
  server.close();
});

test("connection: SETTINGS and WINDOW_UPDATE are ignored", async () => {
  const { client, server } = connect();
  client.sendRaw({ type: "SETTINGS", flags: 0, entries: [{ flags: 0, id: 7, value: 1 }] });
  client.sendRaw({ type: "WINDOW_UPDATE", streamId: 0, deltaWindowSize: 100 });
  await client.ping();
  assert.deepEqual(client.received.map((r) => r.frame.type), ["PING"]);
  server.close();
});

test("connection: garbage on the socket ends the connection with GOAWAY PROTOCOL_ERROR", async () => {
  const { client, server, logs, clientSocket } = connect();
  clientSocket.write(Buffer.from("8002000100000000", "hex")); // a SPDY/2 frame
  assert.deepEqual(await client.goAwayReceived, { lastGoodStreamId: 0, statusCode: 1 });
  await server.closed;
  assert.match(logs.join("\n"), /unsupported SPDY version 2/);
});

test("connection: a client that does not read stops the server's writer instead of growing memory", async () => {
  const { client, accepted, server, clientSocket } = connect();
  const s = await client.openStream({ streamtype: "data" });
  clientSocket.pause();
  const total = 20 * 1024 * 1024;
  let produced = 0;
  const source = new Readable({
    read() {
      if (produced >= total) { this.push(null); return; }
      produced += 64 * 1024;
      this.push(Buffer.alloc(64 * 1024, produced / 65536));
    },
  });
  source.pipe(accepted[0]!.stream);
  await ticks(50);
  assert.ok(produced < 2 * 1024 * 1024, `only a bounded amount is pulled while the client sleeps (${produced})`);
  clientSocket.resume();
  const got = await readAll(s.stream);
  assert.equal(got.length, total);
  server.close();
});

test("connection: a server stream that is not read pauses the socket instead of buffering everything", async () => {
  const { client, accepted, server } = connect();
  const s = await client.openStream({ streamtype: "data" });
  const total = 20 * 1024 * 1024;
  let written = 0;
  const chunk = Buffer.alloc(64 * 1024, 1);
  const pump = (): void => {
    while (written < total) {
      written += chunk.length;
      if (!s.stream.write(chunk)) { s.stream.once("drain", pump); return; }
    }
    s.stream.end();
  };
  pump();
  await ticks(50);
  const srv = accepted[0]!.stream;
  assert.ok(srv.readableLength < 2 * 1024 * 1024, `server buffers a bounded amount (${srv.readableLength})`);
  assert.ok(written < total, "the client is held back");
  assert.equal((await readAll(srv)).length, total);
  server.close();
});
