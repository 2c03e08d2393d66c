import assert from "node:assert/strict";
import { PassThrough } from "node:stream";
import { test } from "node:test";
import { FakeClock } from "../../../machinery/fake-clock.ts";
import type { StreamSession } from "../../../runtime/runtime.ts";
import { FakeSpdyConnection, makeFakeProcess, makeRequest, SPDY_HEADERS, ticks } from "./remote-command-fakes.ts";
import { remoteCommandUpgrade, type RemoteCommandOptions, type StartSession } from "./remote-command-upgrade.ts";

const KUBECTL_SPDY = "v5.channel.k8s.io, v4.channel.k8s.io, v3.channel.k8s.io, v2.channel.k8s.io, channel.k8s.io";
const EXIT_3 = "{\"metadata\":{},\"status\":\"Failure\",\"message\":\"command terminated with non-zero exit code: command terminated with exit code 3\",\"reason\":\"NonZeroExitCode\",\"details\":{\"causes\":[{\"reason\":\"ExitCode\",\"message\":\"3\"}]}}";

interface Served {
  conn: FakeSpdyConnection;
  clock: FakeClock;
  calls: RemoteCommandOptions[];
  logs: string[];
}

/** remoteCommandUpgrade for a SPDY request, served on a fake SPDY connection. */
function serveSpdy(query: string, protocols: string, start: StartSession, wantProtocol = "v4.channel.k8s.io"): Served {
  const conn = new FakeSpdyConnection();
  const clock = new FakeClock();
  const calls: RemoteCommandOptions[] = [];
  const logs: string[] = [];
  const r = remoteCommandUpgrade(makeRequest(query, SPDY_HEADERS(protocols)), {
    start: (s) => { calls.push(s); return start(s); },
    serveSpdy: () => conn, log: (m) => logs.push(m), clock,
  });
  if (!("upgrade" in r) || r.upgrade !== "spdy") throw new Error(`expected a SPDY upgrade, got ${JSON.stringify(r)}`);
  assert.equal(r.protocol, wantProtocol);
  r.serve(new PassThrough());
  return { conn, clock, calls, logs };
}

const startWith = (session: StreamSession): StartSession => async () => session;

test("SPDY v4 (kubectl's retry): streams arrive in any order and start waits for the last expected one", async () => {
  const proc = makeFakeProcess({ stdin: true, tty: false });
  const { conn, calls, clock } = serveSpdy("command=sh&stdin=true&stdout=true&stderr=true", KUBECTL_SPDY, startWith(proc.session));
  const stdout = conn.open("stdout");
  const error = conn.open("error");
  const stdin = conn.open("stdin");
  await ticks();
  assert.equal(calls.length, 0, "stderr is still missing");
  const stderr = conn.open("stderr");
  await ticks();
  assert.deepEqual(calls, [{ stdin: true, stdout: true, stderr: true, tty: false }]);
  assert.equal(clock.hasWaiters(), false, "the stream-creation timer is cancelled");

  stdin.client.end("input");
  proc.stdout.write("out");
  proc.stderr!.write("err");
  const input: Buffer[] = [];
  for await (const c of proc.stdin! as AsyncIterable<Buffer>) input.push(c);
  assert.equal(Buffer.concat(input).toString(), "input", "the client's FIN is the process's EOF");
  proc.exit(3);
  assert.equal((await error.received).toString(), EXIT_3);
  assert.equal((await stdout.received).toString(), "out");
  assert.equal((await stderr.received).toString(), "err");
  await conn.closed;
  await ticks();
  assert.equal(conn.closedByServer, true);
});

test("SPDY: the session never starts when a stream does not come within 30 s, and the connection closes", async () => {
  const proc = makeFakeProcess({ stdin: false, tty: false });
  const { conn, calls, clock, logs } = serveSpdy("stdout=true", KUBECTL_SPDY, startWith(proc.session));
  conn.open("error");
  await clock.step(29_999);
  assert.equal(conn.closedByServer, false);
  await clock.step(1);
  await ticks();
  assert.equal(conn.closedByServer, true);
  assert.equal(calls.length, 0);
  assert.ok(logs.includes("timed out waiting for client to create streams"));
});

test("SPDY v3 with a tty: resize is expected (stderr is not), and carries a sequence of JSON sizes; success writes nothing on the error stream", async () => {
  const proc = makeFakeProcess({ stdin: true, tty: true });
  const { conn, calls } = serveSpdy("stdin=true&stdout=true&stderr=true&tty=true", "v3.channel.k8s.io", startWith(proc.session), "v3.channel.k8s.io");
  const error = conn.open("error");
  conn.open("stdin");
  conn.open("stdout");
  await ticks();
  assert.equal(calls.length, 0, "resize is still missing");
  const resize = conn.open("resize");
  await ticks();
  assert.deepEqual(calls, [{ stdin: true, stdout: true, stderr: false, tty: true }]);
  resize.client.write("{\"Width\":80,\"Height\":24}{\"Width\":100,");
  resize.client.write("\"Height\":40}");
  await ticks();
  assert.deepEqual(proc.resizes, [{ width: 80, height: 24 }, { width: 100, height: 40 }]);
  proc.exit(0);
  assert.equal((await error.received).length, 0);
  await conn.closed;
});

test("SPDY v2 with a tty: no resize stream is expected; one that comes anyway is unexpected and does not count", async () => {
  const proc = makeFakeProcess({ stdin: false, tty: true });
  const { conn, calls, logs } = serveSpdy("stdout=true&tty=true", "v2.channel.k8s.io", startWith(proc.session), "v2.channel.k8s.io");
  conn.open("resize");
  conn.open("bogus");
  conn.open("error");
  await ticks();
  assert.equal(calls.length, 0);
  assert.deepEqual(logs, ["unexpected stream type: \"resize\"", "unexpected stream type: \"bogus\""]);
  conn.open("stdout");
  await ticks();
  assert.equal(calls.length, 1);
  proc.exit(0);
  await conn.closed;
});

test("SPDY v1: a failure's message is written as plain text on the error stream", async () => {
  const proc = makeFakeProcess({ stdin: false, tty: false });
  const { conn } = serveSpdy("stdout=true", "channel.k8s.io", startWith(proc.session), "channel.k8s.io");
  const error = conn.open("error");
  conn.open("stdout");
  await ticks();
  proc.exit(2);
  assert.equal((await error.received).toString(), "command terminated with non-zero exit code: command terminated with exit code 2");
  await conn.closed;
});

test("SPDY: start() rejecting writes the Status on the error stream, then every stream and the connection close", async () => {
  const { conn } = serveSpdy("stdout=true", KUBECTL_SPDY, () => Promise.reject(new Error("container not running")));
  const error = conn.open("error");
  const stdout = conn.open("stdout");
  assert.equal((await error.received).toString(),
    "{\"metadata\":{},\"status\":\"Failure\",\"message\":\"Internal error occurred: error executing command in container: container not running\",\"reason\":\"InternalError\",\"details\":{\"causes\":[{\"message\":\"error executing command in container: container not running\"}]},\"code\":500}");
  assert.equal((await stdout.received).length, 0);
  await conn.closed;
  await ticks();
  assert.equal(conn.closedByServer, true);
});

test("SPDY: the client's connection going away closes the session", async () => {
  const proc = makeFakeProcess({ stdin: true, tty: false });
  const { conn, clock } = serveSpdy("stdin=true&stdout=true", KUBECTL_SPDY, startWith(proc.session));
  conn.open("error");
  conn.open("stdin");
  conn.open("stdout");
  await ticks();
  conn.clientGone();
  await ticks();
  assert.equal(proc.closeCalls(), 1);
  assert.equal(clock.hasWaiters(), false, "no timer is left behind");
});
