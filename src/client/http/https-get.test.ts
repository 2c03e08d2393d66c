import assert from "node:assert/strict";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import { ApiGetError, httpsGet } from "./https-get.ts";

// Plain HTTP on loopback: the same code path as HTTPS but the TLS options (the e2e test in
// test/timeline runs it over TLS against `pillion up`).
describe("httpsGet", () => {
  let seen: IncomingHttpHeaders = {};
  const server = createServer((req, res) => {
    seen = req.headers;
    res.setHeader("Content-Type", "application/json");
    if (req.url === "/api/v1/namespaces/default/pods/web") res.end(JSON.stringify({ kind: "Pod", metadata: { name: "web" } }));
    else if (req.url === "/garbage") res.end("<html>");
    else { res.statusCode = 404; res.end(JSON.stringify({ kind: "Status", reason: "NotFound", message: 'pods "nope" not found', code: 404 })); }
  });
  let serverUrl = "";
  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    serverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => { server.close(); });
  const get = () => httpsGet({ connection: { server: serverUrl, token: "s3cret", insecureSkipTlsVerify: false, context: "t" } });

  test("GETs the path with the bearer token and returns the parsed body", async () => {
    assert.deepEqual(await get()("/api/v1/namespaces/default/pods/web"), { kind: "Pod", metadata: { name: "web" } });
    assert.equal(seen.authorization, "Bearer s3cret");
  });
  test("a Status answer becomes an ApiGetError with its code, reason and message", async () => {
    await assert.rejects(get()("/api/v1/namespaces/default/pods/nope"), (e: unknown) => e instanceof ApiGetError && e.code === 404 && e.reason === "NotFound" && e.message === 'pods "nope" not found');
  });
  test("a body that is not JSON is an error", async () => {
    await assert.rejects(get()("/garbage"), /not JSON: <html>/);
  });
  test("nobody listening is a connection error naming the server", async () => {
    const dead = httpsGet({ connection: { server: "http://127.0.0.1:1", insecureSkipTlsVerify: false, context: "t" } });
    await assert.rejects(dead("/x"), (e: unknown) => e instanceof ApiGetError && e.reason === "ConnectionError" && e.message.startsWith("GET http://127.0.0.1:1/x:"));
  });
});
