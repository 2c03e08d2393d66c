import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { connect, createServer } from "node:net";
import type { AddressInfo, Socket } from "node:net";
import { httpProbe } from "./network-probes.ts";

/** One raw HTTP exchange: the request bytes as the server saw them. */
async function rawRequest(headers: [string, string][]): Promise<{ request: string; statusCode: number }> {
  let request = "";
  const server = createServer((c) => c.on("data", (d: Buffer) => {
    request += d.toString("latin1");
    if (request.includes("\r\n\r\n")) c.end("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
  }));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  try {
    const dial = (h: string, p: number): Promise<Socket> => new Promise((resolve, reject) => {
      const s = connect(p, h);
      s.once("connect", () => resolve(s));
      s.once("error", reject);
    });
    const res = await httpProbe(dial, { scheme: "HTTP", host: "127.0.0.1", port, path: "/metrics", headers, timeoutMs: 2_000 });
    return { request: request.replace(String(port), "PORT"), statusCode: res.statusCode };
  } finally {
    server.close();
  }
}

void describe("httpProbe on the wire", () => {
  void it("writes Host first as host:port, as Go's net/http does (a Node server answers 400 without it)", async () => {
    const { request, statusCode } = await rawRequest([["User-Agent", "kube-probe/1.33"], ["Accept", "*/*"]]);
    assert.equal(statusCode, 200);
    assert.equal(request, "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1:PORT\r\nUser-Agent: kube-probe/1.33\r\nAccept: */*\r\nConnection: close\r\n\r\n");
  });
  void it("a probe's own Host header replaces the URL's", async () => {
    const { request } = await rawRequest([["Host", "example.com"], ["User-Agent", "kube-probe/1.33"]]);
    assert.match(request, /^GET \/metrics HTTP\/1\.1\r\nHost: example\.com\r\nUser-Agent/);
    assert.equal(request.match(/^Host:/gim)?.length, 1);
  });
});
