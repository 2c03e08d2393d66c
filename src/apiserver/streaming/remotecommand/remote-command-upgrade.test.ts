import assert from "node:assert/strict";
import { test } from "node:test";
import { makeRequest, SPDY_HEADERS, WEBSOCKET_HEADERS } from "./remote-command-fakes.ts";
import { remoteCommandUpgrade } from "./remote-command-upgrade.ts";

const refuse = (query: string, headers: Record<string, string>): { status: number; headers: Record<string, string>; body: string } => {
  const r = remoteCommandUpgrade(makeRequest(query, headers), {
    start: () => assert.fail("no session may start"), serveSpdy: () => assert.fail("no SPDY"), log: () => {},
  });
  if (!("body" in r)) throw new Error(`expected a Status response, got ${JSON.stringify(r)}`);
  return { status: r.status, headers: r.headers, body: typeof r.body === "string" ? r.body : Buffer.from(r.body).toString() };
};

const status = (code: number, reason: string, message: string): string =>
  JSON.stringify({ kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message, reason, code });

test("a request that is no upgrade is refused first, before its stream options are looked at", () => {
  const r = refuse("command=ls", {});
  assert.equal(r.status, 400);
  assert.equal(r.body, status(400, "BadRequest", "Upgrade request required"));
});

test("an upgrade asking for no stream gets the kubelet's 400 as a Status", () => {
  for (const headers of [WEBSOCKET_HEADERS("v5.channel.k8s.io"), SPDY_HEADERS("v4.channel.k8s.io")]) {
    const r = refuse("command=ls&stdout=false", headers);
    assert.equal(r.status, 400);
    assert.equal(r.headers["content-type"], "application/json");
    assert.equal(r.body, status(400, "BadRequest", "you must specify at least 1 of stdin, stdout, stderr"));
  }
});

test("a SPDY request offering no protocol the server speaks gets 403 and the accepted list in a header", () => {
  const r = refuse("stdout=true", SPDY_HEADERS("v5.channel.k8s.io"));
  assert.equal(r.status, 403);
  assert.equal(r.headers["x-accepted-stream-protocol-versions"], "v4.channel.k8s.io, v3.channel.k8s.io, v2.channel.k8s.io, channel.k8s.io");
  assert.equal((JSON.parse(r.body) as { reason: string }).reason, "Forbidden");
});

test("an accepted request answers 101 with the chosen protocol and starts nothing before serve()", () => {
  let started = 0;
  const r = remoteCommandUpgrade(makeRequest("stdout=true", WEBSOCKET_HEADERS("v5.channel.k8s.io,v4.channel.k8s.io")), {
    start: () => { started++; return Promise.reject(new Error("unused")); }, serveSpdy: () => assert.fail("no SPDY"), log: () => {},
  });
  assert.deepEqual({ status: r.status, upgrade: "upgrade" in r ? r.upgrade : undefined, protocol: "protocol" in r ? r.protocol : undefined },
    { status: 101, upgrade: "websocket", protocol: "v5.channel.k8s.io" });
  assert.equal(started, 0);
});
