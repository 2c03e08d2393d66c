import assert from "node:assert/strict";
import { test } from "node:test";
import type { Container, Probe } from "../../api/core.ts";
import { FakeClock } from "../../machinery/fake-clock.ts";
import type { FakeProgram } from "../../runtime/fake-program.ts";
import { FakeRuntime } from "../../runtime/fake-runtime.ts";
import { makePod, makeSandbox, runContainer } from "../test-support/make-pod.ts";
import { runProbe, type ProbeAttempt } from "./probe-handlers.ts";

/** Runs one probe attempt against a container running program on the fake runtime. */
async function probeOnce(probe: Probe, program: FakeProgram = {}, container: Partial<Container> = {}, setup?: (rt: FakeRuntime) => void): Promise<ProbeAttempt & { elapsedMs: number }> {
  const clock = new FakeClock();
  const runtime = new FakeRuntime({ clock });
  setup?.(runtime);
  const c: Container = { name: "main", ...container };
  const pod = makePod({ containers: [c] });
  const sandboxId = await makeSandbox(runtime, pod);
  const instance = await runContainer(runtime, sandboxId, "main", program);
  const start = clock.now();
  let done: ProbeAttempt | undefined;
  const p = runProbe({ runtime, pod, container: c, containerId: instance.id, sandboxId, probe, type: "readiness", clock }).then((a) => { done = a; });
  for (let i = 0; i < 100 && !done; i++) await clock.step(100);
  await p;
  assert.ok(done);
  return { ...done, elapsedMs: clock.now() - start };
}

const listens = (l: NonNullable<FakeProgram["listens"]>[number]): FakeProgram => ({ listens: [l] });

void test("exec probe: exit 0 is Success with the command's output", async () => {
  const r = await probeOnce({ exec: { command: ["cat", "/tmp/healthy"] } }, { exec: () => ({ exitCode: 0, output: "ok\n" }) });
  assert.deepEqual([r.result, r.output], ["Success", "ok\n"]);
});

void test("exec probe: a non-zero exit is Failure with the output", async () => {
  const r = await probeOnce({ exec: { command: ["false"] } }, { exec: () => ({ exitCode: 1, output: "cat: can't open '/tmp/healthy'" }) });
  assert.deepEqual([r.result, r.output], ["Failure", "cat: can't open '/tmp/healthy'"]);
});

void test("exec probe timeout is a failure with the CRI client's timeout text", async () => {
  const r = await probeOnce({ exec: { command: ["sh", "-c", "sleep 5"] }, timeoutSeconds: 2 }, { exec: () => ({ exitCode: 0, durationMs: 5000 }) });
  assert.deepEqual([r.result, r.output], ["Failure", 'command "sh -c sleep 5" timed out']);
  assert.ok(r.elapsedMs >= 2000 && r.elapsedMs < 2200, `took ${r.elapsedMs} ms`);
});

void test("exec probe expands $(VAR) from the container's env values only", async () => {
  let seen: string[] = [];
  const env = [{ name: "FILE", value: "/tmp/ok" }, { name: "FROM", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } }];
  await probeOnce({ exec: { command: ["cat", "$(FILE)", "[$(FROM)]", "$(MISSING)", "$$(FILE)"] } },
    { exec: (argv) => { seen = argv; return { exitCode: 0 }; } }, { env });
  assert.deepEqual(seen, ["cat", "/tmp/ok", "[]", "$(MISSING)", "$(FILE)"]);
});

void test("exec probe on a container that cannot exec errors, retried 3 times", async () => {
  const clock = new FakeClock();
  const runtime = new FakeRuntime({ clock });
  const pod = makePod({ containers: [{ name: "main" }] });
  const sandboxId = await makeSandbox(runtime, pod);
  const instance = await runContainer(runtime, sandboxId, "main", { exitAfterMs: 1 });
  await clock.step(10);
  let calls = 0;
  const exec = runtime.exec.bind(runtime);
  runtime.exec = (...args) => { calls++; return exec(...args); };
  const r = await runProbe({ runtime, pod, container: { name: "main" }, containerId: instance.id, sandboxId, probe: { exec: { command: ["true"] } }, type: "liveness" });
  assert.equal(r.result, "Error");
  assert.match(r.output, /is not running/);
  assert.equal(calls, 3);
});

void test("httpGet probe: 2xx is Success with the body; the request carries kube-probe/1.<minor> and Accept */*", async () => {
  let headers: [string, string][] = [];
  let path = "";
  const r = await probeOnce({ httpGet: { port: 8080, path: "/healthz" } },
    listens({ port: 8080, http: (p, h) => { path = p; headers = h; return { statusCode: 204, body: "fine" }; } }));
  assert.deepEqual([r.result, r.output], ["Success", "fine"]);
  assert.equal(path, "/healthz");
  assert.deepEqual(headers, [["User-Agent", "kube-probe/1.33"], ["Accept", "*/*"]]);
});

void test("httpGet probe headers: given ones are canonicalised and override the defaults; an empty value removes the header", async () => {
  let headers: [string, string][] = [];
  await probeOnce({ httpGet: { port: 8080, path: "/", httpHeaders: [{ name: "x-custom", value: "a" }, { name: "accept", value: "" }, { name: "User-Agent", value: "mine" }, { name: "host", value: "example.com" }] } },
    listens({ port: 8080, http: (_p, h) => { headers = h; return { statusCode: 200, body: "" }; } }));
  assert.deepEqual(headers, [["Host", "example.com"], ["X-Custom", "a"], ["User-Agent", "mine"]]);
});

void test("httpGet probe: status ≥ 400 is a Failure that does not show the body", async () => {
  const r = await probeOnce({ httpGet: { port: 8080, path: "/" } }, listens({ port: 8080, http: () => ({ statusCode: 503, body: "secret" }) }));
  assert.deepEqual([r.result, r.output], ["Failure", "HTTP probe failed with statuscode: 503"]);
});

void test("httpGet 302 to another host is a warning success", async () => {
  const r = await probeOnce({ httpGet: { port: 8080, path: "/" } },
    listens({ port: 8080, http: () => ({ statusCode: 302, body: "moved", headers: { Location: "http://login.example.com/" } }) }));
  assert.deepEqual([r.result, r.output], ["Warning", "Probe terminated redirects, Response body: moved"]);
});

void test("httpGet probe follows a redirect to the same host", async () => {
  const r = await probeOnce({ httpGet: { port: 8080, path: "/" } },
    listens({ port: 8080, http: (p) => (p === "/" ? { statusCode: 301, body: "", headers: { location: "/ready?x=1" } } : { statusCode: 200, body: `at ${p}` }) }));
  assert.deepEqual([r.result, r.output], ["Success", "at /ready?x=1"]);
});

void test("httpGet probe: the tenth same-host redirect fails the probe", async () => {
  let n = 0;
  const r = await probeOnce({ httpGet: { port: 8080, path: "/" } },
    listens({ port: 8080, http: () => ({ statusCode: 302, body: "", headers: { location: `/r${++n}` } }) }));
  assert.deepEqual([r.result, r.output], ["Failure", 'Get "/r10": stopped after 10 redirects']);
});

void test("httpGet probe resolves a named port from the container's ports", async () => {
  const r = await probeOnce({ httpGet: { port: "web", path: "/" } }, listens({ port: 8080, http: () => ({ statusCode: 200, body: "named" }) }),
    { ports: [{ name: "web", containerPort: 8080 }] });
  assert.deepEqual([r.result, r.output], ["Success", "named"]);
});

void test("httpGet probe with an unknown port name errors with Go's strconv text", async () => {
  const r = await probeOnce({ httpGet: { port: "http", path: "/" } });
  assert.deepEqual([r.result, r.output], ["Error", 'strconv.Atoi: parsing "http": invalid syntax']);
});

void test("httpGet probe: a refused connection is a Failure with Go's client error", async () => {
  const r = await probeOnce({ httpGet: { port: 8080, path: "/healthz" } });
  assert.deepEqual([r.result, r.output], ["Failure", 'Get "http://127.0.0.1:8080/healthz": dial tcp 127.0.0.1:8080: connect: connection refused']);
});

void test("httpGet probe: a response slower than timeoutSeconds is a Failure", async () => {
  const r = await probeOnce({ httpGet: { port: 8080, path: "/" }, timeoutSeconds: 1 }, listens({ port: 8080, responseDelayMs: 3000 }));
  assert.equal(r.result, "Failure");
  assert.match(r.output, /^Get "http:\/\/127\.0\.0\.1:8080\/": context deadline exceeded/);
});

void test("tcpSocket probe: a listening port is Success, a closed one a Failure with the dial error", async () => {
  assert.equal((await probeOnce({ tcpSocket: { port: 5432 } }, listens({ port: 5432 }))).result, "Success");
  const r = await probeOnce({ tcpSocket: { port: 5432 } });
  assert.deepEqual([r.result, r.output], ["Failure", "dial tcp 127.0.0.1:5432: connect: connection refused"]);
});

void test("grpc probe: SERVING is Success, other statuses fail as Kubernetes says", async () => {
  const ok = await probeOnce({ grpc: { port: 9090 } }, listens({ port: 9090, grpcStatus: "SERVING" }));
  assert.deepEqual([ok.result, ok.output], ["Success", "service healthy"]);
  const bad = await probeOnce({ grpc: { port: 9090 } }, listens({ port: 9090, grpcStatus: "NOT_SERVING" }));
  assert.deepEqual([bad.result, bad.output], ["Failure", 'service unhealthy (responded with "NOT_SERVING")']);
  const notGrpc = await probeOnce({ grpc: { port: 9090 } }, listens({ port: 9090 }));
  assert.deepEqual([notGrpc.result, notGrpc.output],
    ["Failure", "error: this server does not implement the grpc health protocol (grpc.health.v1.Health): unknown service grpc.health.v1.Health"]);
});

void test("grpc probe against a closed port fails after the whole timeout, as a blocking dial does", async () => {
  const r = await probeOnce({ grpc: { port: 9090 }, timeoutSeconds: 3 });
  assert.deepEqual([r.result, r.output], ["Failure", 'timeout: failed to connect service "127.0.0.1:9090" within 3s: context deadline exceeded']);
  assert.ok(r.elapsedMs >= 3000, `took ${r.elapsedMs} ms`);
});

void test("a probe without a handler errors", async () => {
  const r = await probeOnce({ periodSeconds: 1 });
  assert.deepEqual([r.result, r.output], ["Error", "missing probe handler for web_default(uid-1):main"]);
});
