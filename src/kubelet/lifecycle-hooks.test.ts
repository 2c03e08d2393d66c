import assert from "node:assert/strict";
import { test } from "node:test";
import type { Container, LifecycleHandler } from "../api/core.ts";
import { FakeClock } from "../machinery/fake-clock.ts";
import type { FakeProgram } from "../runtime/fake-program.ts";
import { FakeRuntime } from "../runtime/fake-runtime.ts";
import { RuntimeError } from "../runtime/runtime.ts";
import { runLifecycleHook, type HookOutcome } from "./lifecycle-hooks.ts";
import { drive } from "./test-support/drive.ts";
import { makePod, makeSandbox, runContainer } from "./test-support/make-pod.ts";
import { RecordingRecorder } from "./test-support/recording-recorder.ts";

async function hook(handler: LifecycleHandler, program: FakeProgram = {}, opts: { signal?: AbortSignal; setup?: (rt: FakeRuntime) => void; container?: Partial<Container> } = {}) {
  const clock = new FakeClock();
  const runtime = new FakeRuntime({ clock });
  opts.setup?.(runtime);
  const container: Container = { name: "main", ...opts.container };
  const pod = makePod({ containers: [container] });
  const sandboxId = await makeSandbox(runtime, pod);
  const instance = await runContainer(runtime, sandboxId, "main", program);
  const recorder = new RecordingRecorder({ clock });
  const start = clock.now();
  const outcome: HookOutcome = await drive(clock, runLifecycleHook({
    runtime, clock, pod, container, containerId: instance.id, sandboxId, handler, recorder, ...(opts.signal ? { signal: opts.signal } : {}),
  }));
  return { outcome, recorder, elapsedMs: clock.now() - start };
}

void test("exec hook: exit 0 succeeds, and it has no timeout", async () => {
  const r = await hook({ exec: { command: ["sh", "-c", "sleep 100"] } }, { exec: () => ({ exitCode: 0, durationMs: 100_000 }) });
  assert.deepEqual(r.outcome, { ok: true });
  assert.ok(r.elapsedMs >= 100_000);
});

void test("exec hook failure text is Kubernetes' (command as a Go slice, pod as name_namespace(uid))", async () => {
  const r = await hook({ exec: { command: ["sh", "-c", "echo bye; exit 3"] } }, { exec: () => ({ exitCode: 3, output: "bye\n" }) });
  assert.deepEqual(r.outcome, {
    ok: false,
    message: 'Exec lifecycle hook ([sh -c echo bye; exit 3]) for Container "main" in Pod "web_default(uid-1)" failed - error: command \'sh -c echo bye; exit 3\' exited with 3: bye\n, message: "bye\\n"',
  });
});

void test("httpGet hook: any HTTP status succeeds; the request says kube-lifecycle/1.<minor>", async () => {
  let headers: [string, string][] = [];
  const r = await hook({ httpGet: { port: 8080, path: "/shutdown" } },
    { listens: [{ port: 8080, http: (_p, h) => { headers = h; return { statusCode: 500, body: "oops" }; } }] });
  assert.deepEqual(r.outcome, { ok: true });
  assert.deepEqual(headers, [["User-Agent", "kube-lifecycle/1.33"], ["Accept", "*/*"]]);
});

void test("httpGet hook: a transport error fails with Kubernetes' text", async () => {
  const r = await hook({ httpGet: { port: 8080, path: "/shutdown" } });
  assert.deepEqual(r.outcome, {
    ok: false,
    message: 'HTTP lifecycle hook (/shutdown) for Container "main" in Pod "web_default(uid-1)" failed - error: Get "http://127.0.0.1:8080/shutdown": dial tcp 127.0.0.1:8080: connect: connection refused',
  });
});

void test("httpGet hook: an HTTPS request answered in HTTP is retried over HTTP, with a LifecycleHTTPFallback event", async () => {
  const schemes: string[] = [];
  const r = await hook({ httpGet: { port: 8443, path: "/", scheme: "HTTPS" } }, { listens: [{ port: 8443 }] }, {
    setup: (rt) => {
      const httpGet = rt.httpGet.bind(rt);
      rt.httpGet = async (sandboxId, req) => {
        schemes.push(req.scheme);
        if (req.scheme === "HTTPS") throw new RuntimeError("Network", "http: server gave HTTP response to HTTPS client");
        return httpGet(sandboxId, req);
      };
    },
  });
  assert.deepEqual(r.outcome, { ok: true });
  assert.deepEqual(schemes, ["HTTPS", "HTTP"]);
  assert.deepEqual(r.recorder.lines(), ["LifecycleHTTPFallback: request to HTTPS lifecycle hook 127.0.0.1:8443 got HTTP response, retry with HTTP succeeded"]);
});

void test("sleep hook waits its seconds on the clock", async () => {
  const r = await hook({ sleep: { seconds: 15 } });
  assert.deepEqual(r.outcome, { ok: true });
  assert.equal(r.elapsedMs, 15_000);
});

void test("sleep hook ended early fails: container terminated before sleep hook finished", async () => {
  const abort = new AbortController();
  const clock = new FakeClock();
  clock.setTimer(5_000, () => { abort.abort(); });
  const runtime = new FakeRuntime({ clock });
  const pod = makePod({ containers: [{ name: "main" }] });
  const sandboxId = await makeSandbox(runtime, pod);
  const outcome = await drive(clock, runLifecycleHook({
    runtime, clock, pod, container: { name: "main" }, containerId: "x", sandboxId, handler: { sleep: { seconds: 30 } }, signal: abort.signal,
  }));
  assert.deepEqual(outcome, {
    ok: false,
    message: 'Sleep lifecycle hook (30) for Container "main" in Pod "web_default(uid-1)" failed - error: container terminated before sleep hook finished',
  });
});

void test("tcpSocket hook cannot run: invalid handler", async () => {
  const r = await hook({ tcpSocket: { port: 8080 } });
  assert.deepEqual(r.outcome, {
    ok: false, message: "Cannot run handler: invalid handler: &LifecycleHandler{Exec:nil,HTTPGet:nil,TCPSocket:&TCPSocketAction{Port:8080,Host:,},Sleep:nil,}",
  });
});
