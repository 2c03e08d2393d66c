import { test } from "node:test";
import assert from "node:assert/strict";
import { once } from "node:events";
import { webSocketByteStream } from "./websocket-byte-stream.ts";
import { serveWebSocketPortForward } from "./websocket-port-forward.ts";
import { makeFakeTarget } from "./test-support/fake-target.ts";
import { makeFakeWebSocket } from "./test-support/fake-websocket.ts";

const msg = (channel: number, text: string): number[] => [channel, ...Buffer.from(text)];
const bytes = (m: Uint8Array | undefined): number[] => [...(m ?? [])];
const settle = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) {
    // eslint-disable-next-line no-restricted-globals -- a test may yield to the event loop
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
};

test("websocket byte stream: client messages come out as one byte stream, writes go out as messages", async () => {
  const ws = makeFakeWebSocket();
  const stream = webSocketByteStream(ws.conn);
  const got: Buffer[] = [];
  stream.on("data", (c: Buffer) => got.push(c));
  for (const piece of ["ab", "", "c", "def"]) ws.receive(Buffer.from(piece));
  await settle();
  assert.equal(Buffer.concat(got).toString(), "abcdef");
  stream.write("xy");
  stream.write("z");
  await ws.sentCount(2);
  assert.deepEqual(ws.sent.map((m) => Buffer.from(m).toString()), ["xy", "z"]);
});

test("websocket byte stream: a send that has not completed holds the writer back", async () => {
  const ws = makeFakeWebSocket();
  ws.conn.send = () => new Promise<void>(() => {}); // the socket never drains
  const stream = webSocketByteStream(ws.conn);
  let accepted = 0;
  while (stream.write(Buffer.alloc(1024)) && accepted < 1000) accepted++;
  assert.ok(accepted < 100, `write() says stop after a bounded amount (${accepted} KiB)`);
  stream.destroy();
});

test("websocket byte stream: the client's close ends the stream; ending the stream closes the WebSocket", async () => {
  const a = makeFakeWebSocket();
  const s1 = webSocketByteStream(a.conn);
  const closed = once(s1, "close");
  a.clientClose();
  await closed;
  const b = makeFakeWebSocket();
  const s2 = webSocketByteStream(b.conn);
  s2.end();
  await once(s2, "close");
  assert.ok(b.closedByServer);
});

test("websocket port-forward: each channel starts with the port in little endian, then data is echoed on channel 0", async () => {
  const ws = makeFakeWebSocket();
  const target = makeFakeTarget();
  serveWebSocketPortForward(ws.conn, [8080], target, { log: () => {} });
  await ws.sentCount(2);
  assert.deepEqual(ws.sent.map(bytes), [[0, 0x90, 0x1f], [1, 0x90, 0x1f]]);
  ws.receive(Uint8Array.from(msg(0, "hello")));
  await ws.sentCount(3);
  assert.deepEqual(bytes(ws.sent[2]), msg(0, "hello"));
  assert.deepEqual(target.ports, [8080]);
  ws.clientClose();
  await settle();
  assert.ok(target.dialled[0]?.destroyed, "the client's close destroys the pod socket");
});

test("websocket port-forward: several ports use channel pairs 2i and 2i+1; stray messages are ignored", async () => {
  const ws = makeFakeWebSocket();
  const target = makeFakeTarget();
  serveWebSocketPortForward(ws.conn, [80, 443], target, { log: () => {} });
  await ws.sentCount(4);
  assert.deepEqual(ws.sent.map(bytes), [[0, 80, 0], [1, 80, 0], [2, 0xbb, 0x01], [3, 0xbb, 0x01]]);
  ws.receive(new Uint8Array(0));
  ws.receive(Uint8Array.from(msg(1, "to the error channel")));
  ws.receive(Uint8Array.from(msg(9, "to no channel")));
  ws.receive(Uint8Array.from(msg(2, "tls")));
  await ws.sentCount(5);
  assert.deepEqual(ws.sent.slice(4).map(bytes), [msg(2, "tls")]);
  ws.clientClose();
});

test("websocket port-forward: a refused dial sends the kubelet's text on the error channel and closes when all ports are done", async () => {
  const ws = makeFakeWebSocket();
  const target = makeFakeTarget({ refuse: "connection refused" });
  serveWebSocketPortForward(ws.conn, [8080], target, { log: () => {} });
  await ws.sentCount(3);
  assert.deepEqual(bytes(ws.sent[2]), msg(1, "error forwarding port 8080 to pod web-1, uid uid-1: connection refused"));
  await settle();
  assert.ok(ws.closedByServer);
});

test("websocket port-forward: when the pod closes, its bytes arrive and the WebSocket is closed", async () => {
  const ws = makeFakeWebSocket();
  const target = makeFakeTarget({ behaviour: { sayAndClose: "bye" } });
  serveWebSocketPortForward(ws.conn, [8080], target, { log: () => {} });
  await ws.sentCount(3);
  assert.deepEqual(bytes(ws.sent[2]), msg(0, "bye"));
  await settle();
  assert.ok(target.dialled.every((s) => s.destroyed));
  assert.ok(ws.closedByServer, "every port is done: the kubelet closes the WebSocket");
});
