import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { test } from "node:test";
import type { StreamSession } from "../../../runtime/runtime.ts";
import { newNotFound } from "../../../machinery/status-error.ts";
import { collect, FakeWebSocket, makeFakeProcess, makeRequest, ticks, WEBSOCKET_HEADERS } from "./remote-command-fakes.ts";
import { remoteCommandUpgrade, type RemoteCommandOptions, type StartSession } from "./remote-command-upgrade.ts";
import type { RemoteCommandOperation } from "./remote-command-status.ts";

const EXIT_3 = "{\"metadata\":{},\"status\":\"Failure\",\"message\":\"command terminated with non-zero exit code: command terminated with exit code 3\",\"reason\":\"NonZeroExitCode\",\"details\":{\"causes\":[{\"reason\":\"ExitCode\",\"message\":\"3\"}]}}";
const SUCCESS = "{\"metadata\":{},\"status\":\"Success\"}";

/** Runs remoteCommandUpgrade for a WebSocket request and serves the fake client's connection. */
function serveWs(o: { query: string; protocols?: string; start: StartSession; operation?: RemoteCommandOperation; ws?: FakeWebSocket }): FakeWebSocket {
  const r = remoteCommandUpgrade(makeRequest(o.query, WEBSOCKET_HEADERS(o.protocols)), {
    start: o.start, serveSpdy: () => assert.fail("no SPDY here"), log: () => {}, ...(o.operation ? { operation: o.operation } : {}),
  });
  if (!("upgrade" in r) || r.upgrade !== "websocket") throw new Error(`expected a WebSocket upgrade, got ${JSON.stringify(r)}`);
  assert.equal(r.protocol, o.protocols?.split(",")[0]?.trim() ?? "");
  const ws = o.ws ?? new FakeWebSocket();
  r.serve(ws);
  return ws;
}

function recordingStart(session: StreamSession): { start: StartSession; calls: RemoteCommandOptions[] } {
  const calls: RemoteCommandOptions[] = [];
  return { calls, start: async (s) => { calls.push(s); return session; } };
}

test("v5 exec with stdin and exit 3: stdin reaches the process, [255,0] ends it, then the exact Status and a close", async () => {
  const proc = makeFakeProcess({ stdin: true, tty: false });
  const { start, calls } = recordingStart(proc.session);
  const ws = serveWs({ query: "command=sh&stdin=true&stdout=true&stderr=true", protocols: "v5.channel.k8s.io", start });
  const input = collect(proc.stdin!);
  ws.receive(0, "hello\n");
  ws.receive(255, 0);
  assert.equal((await input).toString(), "hello\n");
  proc.stdout.write("out\n");
  await ticks();
  proc.stderr!.write("err\n");
  await ticks();
  proc.exit(3);
  await ws.closed;
  assert.deepEqual(calls, [{ stdin: true, stdout: true, stderr: true, tty: false }]);
  assert.deepEqual(ws.frames(), [[1, ""], [1, "out\n"], [2, "err\n"], [3, EXIT_3]]);
  assert.equal(ws.closedBy, "server");
  assert.equal(proc.closeCalls(), 0, "a process that ended on its own is not closed again");
});

test("v4: no close signal (a 255 message is no channel) and the Status is the same JSON", async () => {
  const proc = makeFakeProcess({ stdin: true, tty: false });
  const ws = serveWs({ query: "stdin=true&stdout=true", protocols: "v4.channel.k8s.io", start: recordingStart(proc.session).start });
  await ticks();
  ws.receive(0, "a");
  ws.receive(255, 0);
  await ticks();
  assert.equal(proc.stdin!.writableEnded, false);
  assert.equal(String(proc.stdin!.read() as Buffer | null), "a");
  proc.exit(0);
  await ws.closed;
  assert.deepEqual(ws.frames(), [[1, ""], [3, SUCCESS]]);
});

test("channel.k8s.io (v1): a failure sends its message as text, a success sends nothing on channel 3", async () => {
  const failing = makeFakeProcess({ stdin: false, tty: false });
  const ws1 = serveWs({ query: "stdout=true", protocols: "channel.k8s.io", start: recordingStart(failing.session).start });
  await ticks();
  failing.exit(3);
  await ws1.closed;
  assert.deepEqual(ws1.frames(), [[1, ""], [3, "command terminated with non-zero exit code: command terminated with exit code 3"]]);

  const ok = makeFakeProcess({ stdin: false, tty: false });
  const ws2 = serveWs({ query: "stderr=true", protocols: "channel.k8s.io", start: recordingStart(ok.session).start });
  await ticks();
  ok.exit(0);
  await ws2.closed;
  assert.deepEqual(ws2.frames(), [[2, ""]], "the open message goes to the lowest writable channel, stderr here");
});

test("tty: stderr is dropped from the request, nothing is sent on channel 2, resizes reach the session (also one sent before start)", async () => {
  const proc = makeFakeProcess({ stdin: true, tty: true });
  const started = Promise.withResolvers<StreamSession>();
  const calls: RemoteCommandOptions[] = [];
  const ws = serveWs({ query: "stdin=true&stdout=true&stderr=true&tty=true", protocols: "v5.channel.k8s.io", start: (s) => { calls.push(s); return started.promise; } });
  ws.receive(4, "{\"Width\":80,\"Height\":24}");
  await ticks();
  started.resolve(proc.session);
  await ticks();
  ws.receive(4, "{\"Width\":100,");
  ws.receive(4, "\"Height\":40}");
  proc.stdout.write("$ ");
  await ticks();
  proc.exit(0);
  await ws.closed;
  assert.deepEqual(calls, [{ stdin: true, stdout: true, stderr: false, tty: true }]);
  assert.deepEqual(proc.resizes, [{ width: 80, height: 24 }, { width: 100, height: 40 }]);
  assert.deepEqual(ws.frames(), [[1, ""], [1, "$ "], [3, SUCCESS]]);
});

test("binary data: all 256 byte values pass through stdin and stdout unchanged", async () => {
  const all = Uint8Array.from({ length: 256 }, (_, i) => i);
  const proc = makeFakeProcess({ stdin: true, tty: false });
  const ws = serveWs({ query: "stdin=true&stdout=true", protocols: "v5.channel.k8s.io", start: recordingStart(proc.session).start });
  const input = collect(proc.stdin!);
  ws.receive(0, all);
  ws.receive(255, 0);
  assert.deepEqual(new Uint8Array(await input), all);
  proc.stdout.write(all);
  await ticks();
  proc.exit(0);
  await ws.closed;
  assert.deepEqual(ws.sent[1], Uint8Array.from([1, ...all]));
});

test("stdin sent before the process exists is delivered, in order, once it starts", async () => {
  const proc = makeFakeProcess({ stdin: true, tty: false });
  const started = Promise.withResolvers<StreamSession>();
  const ws = serveWs({ query: "stdin=true&stdout=true", protocols: "v5.channel.k8s.io", start: () => started.promise });
  ws.receive(0, "a");
  ws.receive(0, "b");
  ws.receive(255, 0);
  ws.receive(0, "after EOF");
  await ticks();
  started.resolve(proc.session);
  assert.equal((await collect(proc.stdin!)).toString(), "ab");
  proc.exit(0);
  await ws.closed;
});

test("back-pressure: while the client is slow, the process's stdout is not read ahead without bound", async () => {
  const CHUNK = 1024;
  const HIGH_WATER_MARK = 4 * CHUNK;
  let producedBytes = 0;
  const source = new Readable({ highWaterMark: HIGH_WATER_MARK, read() { producedBytes += CHUNK; this.push(Buffer.alloc(CHUNK, 7)); } });
  const proc = makeFakeProcess({ stdin: false, tty: false, stdout: source });
  const ws = new FakeWebSocket();
  ws.holdSends = true;
  serveWs({ query: "stdout=true", protocols: "v5.channel.k8s.io", start: recordingStart(proc.session).start, ws });
  const sentBytes = (): number => ws.sent.slice(1).reduce((n, m) => n + m.length - 1, 0);
  assert.ok(ws.releaseSend(), "the open message");
  await ticks();
  assert.equal(ws.sent.length, 2, "one message in flight, no more");
  for (let i = 0; i < 10; i++) {
    // Ahead of the client by at most what is in flight plus the stream's own buffer.
    assert.ok(producedBytes - sentBytes() <= 2 * HIGH_WATER_MARK, `read ${producedBytes} bytes, sent ${sentBytes()}`);
    ws.releaseSend();
    await ticks(5);
  }
  assert.equal(ws.sent.length, 12, "each released send lets exactly one more message go");
  ws.clientClose();
  await ticks();
  assert.equal(proc.closeCalls(), 1);
});

test("the client going away closes the session (the process is killed) and sends no Status", async () => {
  const proc = makeFakeProcess({ stdin: true, tty: false });
  const ws = serveWs({ query: "stdin=true&stdout=true", protocols: "v5.channel.k8s.io", start: recordingStart(proc.session).start });
  await ticks();
  ws.clientClose();
  await ticks();
  assert.equal(proc.closeCalls(), 1);
  assert.deepEqual(ws.frames(), [[1, ""]]);
});

test("the client going away before start() resolves closes the session as soon as it exists", async () => {
  const proc = makeFakeProcess({ stdin: false, tty: false });
  const started = Promise.withResolvers<StreamSession>();
  const ws = serveWs({ query: "stdout=true", protocols: "v5.channel.k8s.io", start: () => started.promise });
  await ticks();
  ws.clientClose();
  started.resolve(proc.session);
  await ticks();
  assert.equal(proc.closeCalls(), 1);
});

test("a malformed v5 close signal is a protocol error: the connection and the session close", async () => {
  const proc = makeFakeProcess({ stdin: true, tty: false });
  const ws = serveWs({ query: "stdin=true&stdout=true", protocols: "v5.channel.k8s.io", start: recordingStart(proc.session).start });
  await ticks();
  ws.receive(255);
  await ticks();
  assert.equal(ws.closedBy, "server");
  assert.equal(proc.closeCalls(), 1);
});

const rejections: { name: string; operation: RemoteCommandOperation; error: Error; want: string }[] = [
  { name: "exec: a runtime error is the kubelet's InternalError", operation: "exec", error: new Error("container not running"),
    want: "{\"metadata\":{},\"status\":\"Failure\",\"message\":\"Internal error occurred: error executing command in container: container not running\",\"reason\":\"InternalError\",\"details\":{\"causes\":[{\"message\":\"error executing command in container: container not running\"}]},\"code\":500}" },
  { name: "attach: the same with attach's words", operation: "attach", error: new Error("boom"),
    want: "{\"metadata\":{},\"status\":\"Failure\",\"message\":\"Internal error occurred: error attaching to container: boom\",\"reason\":\"InternalError\",\"details\":{\"causes\":[{\"message\":\"error attaching to container: boom\"}]},\"code\":500}" },
  { name: "a StatusError keeps its own Status", operation: "exec", error: newNotFound({ group: "", resource: "pods" }, "web"),
    want: "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":\"pods \\\"web\\\" not found\",\"reason\":\"NotFound\",\"details\":{\"name\":\"web\",\"kind\":\"pods\"},\"code\":404}" },
];

for (const c of rejections) {
  test(`start() rejecting sends the Status on channel 3 and closes: ${c.name}`, async () => {
    const ws = serveWs({ query: "stdout=true&stderr=true", protocols: "v5.channel.k8s.io", operation: c.operation, start: () => Promise.reject(c.error) });
    await ws.closed;
    assert.deepEqual(ws.frames(), [[1, ""], [3, c.want]]);
    assert.equal(ws.closedBy, "server");
  });
}

test("attach: a detach (exit null) and a container's non-zero exit both end in Success", async () => {
  for (const code of [null, 3]) {
    const proc = makeFakeProcess({ stdin: false, tty: false });
    const ws = serveWs({ query: "stdout=true", protocols: "v5.channel.k8s.io", operation: "attach", start: recordingStart(proc.session).start });
    await ticks();
    proc.exit(code);
    await ws.closed;
    assert.deepEqual(ws.frames(), [[1, ""], [3, SUCCESS]]);
  }
});

test("v4.base64: the channel is an ASCII digit and payloads are base64 both ways", async () => {
  const proc = makeFakeProcess({ stdin: true, tty: false });
  const ws = serveWs({ query: "stdin=true&stdout=true", protocols: "v4.base64.channel.k8s.io", start: recordingStart(proc.session).start });
  await ticks();
  ws.receive("0", Buffer.from("hi\n").toString("base64"));
  ws.receive("0", "not base64!");
  await ticks();
  assert.equal(String(proc.stdin!.read() as Buffer | null), "hi\n");
  proc.stdout.write(Uint8Array.of(0, 255));
  await ticks();
  proc.exit(0);
  await ws.closed;
  assert.deepEqual(ws.sent.map((m) => Buffer.from(m).toString()), ["1", "1AP8=", `3${Buffer.from(SUCCESS).toString("base64")}`]);
});

test("stdin messages are dropped when the client did not ask for stdin", async () => {
  const proc = makeFakeProcess({ stdin: false, tty: false });
  const { start, calls } = recordingStart(proc.session);
  const ws = serveWs({ query: "stdout=true", protocols: "v5.channel.k8s.io", start });
  await ticks();
  ws.receive(0, "ignored");
  ws.receive(255, 0);
  proc.exit(0);
  await ws.closed;
  assert.equal(calls[0]?.stdin, false);
  assert.deepEqual(ws.frames(), [[1, ""], [3, SUCCESS]]);
});
