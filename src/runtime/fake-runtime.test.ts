import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { FakeClock } from "../machinery/fake-clock.ts";
import { FakeHarness } from "./fake-harness.ts";
import { rfc3339NanoFixed } from "./fake-log.ts";
import type { FakeProgram } from "./fake-program.ts";
import { FakeRuntime } from "./fake-runtime.ts";
import { runtimeSuite } from "./runtime.suite.ts";
import { RuntimeError, type ContainerConfig, type LogLine, type RuntimeEvent } from "./runtime.ts";

void describe("FakeRuntime", () => {
  runtimeSuite(() => new FakeHarness());
});

const T0 = Date.UTC(2025, 10, 22, 10, 10, 0);

/** A fake runtime, one ready sandbox with an emptyDir "data", and a way to start programs in it. */
async function setup() {
  const clock = new FakeClock(T0);
  const rt = new FakeRuntime({ clock });
  const sandbox = await rt.runPodSandbox({
    podUid: "uid-1", name: "web", namespace: "default", hostname: "web", labels: {}, annotations: {},
    volumes: [{ name: "data", emptyDir: {} }],
  });
  let n = 0;
  const config = (image: string, overrides: Partial<ContainerConfig> = {}): ContainerConfig => ({
    name: `c${++n}`, attempt: 0, image, command: [], args: [], env: [], mounts: [], resources: {}, security: {},
    stdin: false, stdinOnce: false, tty: false, labels: {}, annotations: {}, ...overrides,
  });
  /** Creates and starts a container running program (registered under a fresh image name). */
  const start = async (program: FakeProgram, overrides: Partial<ContainerConfig> = {}): Promise<string> => {
    const image = `program-${n + 1}`;
    rt.programs.set(image, program);
    const c = await rt.createContainer(sandbox.id, config(image, overrides));
    await rt.startContainer(c.id);
    return c.id;
  };
  return { clock, rt, sandbox, config, start };
}

function isRuntimeError(code: RuntimeError["code"], message?: string) {
  return (err: unknown): boolean => {
    assert.ok(err instanceof RuntimeError);
    assert.equal(err.code, code);
    if (message !== undefined) assert.equal(err.message, message);
    return true;
  };
}

async function collect(lines: AsyncIterable<LogLine>): Promise<string[]> {
  const out: string[] = [];
  for await (const l of lines) out.push(`${l.timestamp} ${l.stream} ${l.tag} ${l.text}`);
  return out;
}

void describe("FakeRuntime: programs and signals", () => {
  void it("asks the resolver first, then programs by image, else runs the default program", async () => {
    const { clock, rt, sandbox, config } = await setup();
    rt.programs.set("img-a", { exitAfterMs: 0, exitCode: 2 });
    rt.setProgram((c) => (c.name === "resolved" ? { exitAfterMs: 0, exitCode: 3 } : undefined));
    const ids: string[] = [];
    for (const [name, image] of [["resolved", "img-a"], ["by-image", "img-a"], ["default", "img-none"]] as const) {
      const c = await rt.createContainer(sandbox.id, config(image, { name }));
      await rt.startContainer(c.id);
      ids.push(c.id);
    }
    await clock.step(1);
    const codes = await Promise.all(ids.map(async (id) => (await rt.containerStatus(id)).exitCode));
    assert.deepEqual(codes, [3, 2, undefined]);
    await rt.stopContainer(ids[2] ?? "", 30);
    assert.equal((await rt.containerStatus(ids[2] ?? "")).exitCode, 143, "the default program dies of SIGTERM");
  });

  // Each: the program's reaction, the stop timeout, when it has exited (ms after the stop), its
  // exit code, and the signals recorded (ms after the stop).
  const stops: { name: string; program: FakeProgram; stopSignal?: string; timeoutSeconds: number; exitAtMs: number; exitCode: number; signals: [string, number][] }[] = [
    { name: "dies of SIGTERM at once: 143", program: { onStopSignal: "exit" }, timeoutSeconds: 30, exitAtMs: 0, exitCode: 143, signals: [["SIGTERM", 0]] },
    { name: "dies of its stop signal SIGINT: 130", program: {}, stopSignal: "SIGINT", timeoutSeconds: 30, exitAtMs: 0, exitCode: 130, signals: [["SIGINT", 0]] },
    { name: "ignores SIGTERM: SIGKILL exactly at the timeout, 137", program: { onStopSignal: "ignore" }, timeoutSeconds: 5, exitAtMs: 5000, exitCode: 137, signals: [["SIGTERM", 0], ["SIGKILL", 5000]] },
    { name: "handles SIGTERM, exits 0 after 1.5 s", program: { onStopSignal: { exitAfterMs: 1500, exitCode: 0 } }, timeoutSeconds: 5, exitAtMs: 1500, exitCode: 0, signals: [["SIGTERM", 0]] },
    { name: "a slow handler is cut short by SIGKILL", program: { onStopSignal: { exitAfterMs: 9000, exitCode: 0 } }, timeoutSeconds: 2, exitAtMs: 2000, exitCode: 137, signals: [["SIGTERM", 0], ["SIGKILL", 2000]] },
    { name: "timeout 0 is SIGKILL at once", program: { onStopSignal: "ignore" }, timeoutSeconds: 0, exitAtMs: 0, exitCode: 137, signals: [["SIGKILL", 0]] },
  ];
  for (const c of stops) {
    void it(`stopContainer: ${c.name}`, async () => {
      const { clock, rt, start } = await setup();
      const id = await start(c.program, c.stopSignal ? { stopSignal: c.stopSignal } : {});
      await clock.step(1000);
      const stopAt = clock.now();
      let stopped = false;
      const stopping = rt.stopContainer(id, c.timeoutSeconds).then(() => { stopped = true; });
      if (c.exitAtMs > 0) {
        await clock.step(c.exitAtMs - 1);
        assert.equal((await rt.containerStatus(id)).state, "running");
        assert.equal(stopped, false);
        await clock.step(1);
      }
      await stopping;
      const s = await rt.containerStatus(id);
      assert.deepEqual([s.state, s.exitCode, s.finishedAt], ["exited", c.exitCode, stopAt + c.exitAtMs]);
      assert.deepEqual(rt.signalsSent(id), c.signals.map(([signal, ms]) => ({ signal, at: stopAt + ms })));
    });
  }

  void it("exits by itself at exitAfterMs, printing output lines at their times until then", async () => {
    const { clock, rt, start } = await setup();
    const id = await start({
      output: [{ afterMs: 0, stream: "stdout", text: "starting" }, { afterMs: 1500, stream: "stderr", text: "a\nb" }, { afterMs: 9000, stream: "stdout", text: "never" }],
      exitAfterMs: 2000, exitCode: 4,
    });
    await clock.step(5000);
    const s = await rt.containerStatus(id);
    assert.deepEqual([s.state, s.exitCode, s.reason, s.startedAt, s.finishedAt], ["exited", 4, "Error", T0, T0 + 2000]);
    assert.deepEqual(await collect(rt.logs(id)), [
      `${rfc3339NanoFixed(T0)} stdout F starting`,
      "2025-11-22T10:10:01.500000000Z stderr F a",
      "2025-11-22T10:10:01.500000000Z stderr F b",
    ]);
  });

  void it("is OOM-killed at oomAfterMs: 137, OOMKilled, with no signal sent", async () => {
    const { clock, rt, start } = await setup();
    const id = await start({ oomAfterMs: 300 });
    await clock.step(300);
    const s = await rt.containerStatus(id);
    assert.deepEqual([s.exitCode, s.reason, s.finishedAt], [137, "OOMKilled", T0 + 300]);
    assert.deepEqual(rt.signalsSent(id), []);
  });

  void it("reports the termination message, or the file at terminationMessagePath", async () => {
    const { clock, rt, start } = await setup();
    const given = await start({ exitAfterMs: 10, exitCode: 1, terminationMessage: "boom" });
    const fromFile = await start({ exitAfterMs: 10, writes: [{ path: "/dev/termination-log", content: "done" }] },
      { terminationMessagePath: "/dev/termination-log" });
    await clock.step(10);
    assert.equal((await rt.containerStatus(given)).message, "boom");
    assert.equal((await rt.containerStatus(fromFile)).message, "done");
  });
});

void describe("FakeRuntime: errors", () => {
  void it("createContainer rejects ImageNotFound for missingImages and CreateFailed for createError, creating nothing", async () => {
    const { rt, sandbox, config } = await setup();
    rt.missingImages.add("gone:1");
    rt.programs.set("broken", { createError: "executable file `/nope` not found in $PATH" });
    await assert.rejects(rt.createContainer(sandbox.id, config("gone:1")), isRuntimeError("ImageNotFound", 'failed to resolve image "gone:1": not found'));
    await assert.rejects(rt.createContainer(sandbox.id, config("broken")), isRuntimeError("CreateFailed", "executable file `/nope` not found in $PATH"));
    await assert.rejects(rt.createContainer(sandbox.id, config("x", { mounts: [{ volumeName: "nope", containerPath: "/x", readOnly: false }] })), isRuntimeError("CreateFailed"));
    await assert.rejects(rt.createContainer("sandbox-404", config("x")), isRuntimeError("NotFound"));
    assert.deepEqual(await rt.listContainers(), []);
  });

  void it("startContainer with startError rejects StartFailed and leaves the container exited 128, StartError", async () => {
    const { rt, start } = await setup();
    await assert.rejects(start({ startError: "permission denied" }), isRuntimeError("StartFailed", "permission denied"));
    const [s] = await rt.listContainers();
    assert.deepEqual([s?.state, s?.exitCode, s?.reason, s?.message, s?.startedAt], ["exited", 128, "StartError", "permission denied", undefined]);
  });

  void it("startContainer on a container that is not created rejects StartFailed", async () => {
    const { rt, start } = await setup();
    const id = await start({});
    await assert.rejects(rt.startContainer(id), isRuntimeError("StartFailed"));
  });

  void it("createContainer in a stopped sandbox rejects CreateFailed; stopPodSandbox kills created containers too (137)", async () => {
    const { rt, sandbox, config } = await setup();
    const created = await rt.createContainer(sandbox.id, config("x"));
    await rt.stopPodSandbox(sandbox.id);
    assert.equal((await rt.containerStatus(created.id)).exitCode, 137);
    await assert.rejects(rt.createContainer(sandbox.id, config("x")), isRuntimeError("CreateFailed"));
  });
});

void describe("FakeRuntime: exec, files and network", () => {
  void it("exec takes durationMs of clock time, sees the container's files, and defaults to exit 0", async () => {
    const { clock, rt, start } = await setup();
    const id = await start({
      writes: [{ afterMs: 5000, path: "/tmp/ready", content: "yes" }],
      exec: (argv, files) => (argv[0] === "cat" ? { exitCode: files.read(argv[1] ?? "") === undefined ? 1 : 0, durationMs: 200 } : { exitCode: 0 }),
    });
    let result: unknown;
    const exec = rt.exec(id, ["cat", "/tmp/ready"]).then((r) => { result = r; });
    await clock.step(199);
    assert.equal(result, undefined);
    await clock.step(1);
    await exec;
    assert.deepEqual(result, { exitCode: 1, output: "", timedOut: false });
    await clock.step(5000);
    const again = rt.exec(id, ["cat", "/tmp/ready"]);
    await clock.step(200);
    assert.equal((await again).exitCode, 0);
    assert.deepEqual(await rt.exec(id, ["true"]), { exitCode: 0, output: "", timedOut: false });
  });

  void it("exec beyond its timeoutMs resolves at the timeout with timedOut (SIGKILLed: 137)", async () => {
    const { clock, rt, start } = await setup();
    const id = await start({ exec: () => ({ exitCode: 0, output: "late", durationMs: 5000 }) });
    const exec = rt.exec(id, ["sleep"], { timeoutMs: 1000 });
    await clock.step(1000);
    assert.deepEqual(await exec, { exitCode: 137, output: "", timedOut: true });
  });

  void it("a writer's emptyDir file is read by a sibling through another mount path; read-only mounts refuse writes", async () => {
    const { clock, rt, start } = await setup();
    let seen: string | undefined;
    let written: boolean | undefined;
    await start({ writes: [{ path: "/cache/x", content: "1" }] }, { mounts: [{ volumeName: "data", containerPath: "/cache", readOnly: false }] });
    const reader = await start({ exec: (_argv, files) => { seen = files.read("/in/x"); written = files.write("/in/y", "2"); return { exitCode: 0 }; } },
      { mounts: [{ volumeName: "data", containerPath: "/in", readOnly: true }] });
    await clock.step(1);
    await rt.exec(reader, []);
    assert.deepEqual([seen, written], ["1", false]);
  });

  void it("listeners accept from afterMs; HTTP answers lower-case headers; gRPC reports its status", async () => {
    const { clock, rt, sandbox, start } = await setup();
    await start({ listens: [
      { port: 80, afterMs: 2000, http: (path) => ({ statusCode: path === "/ok" ? 200 : 503, body: path, headers: { "Content-Type": "text/plain" } }) },
      { port: 9000, grpcStatus: "NOT_SERVING" },
      { port: 9001 },
    ] });
    const get = (path: string) => rt.httpGet(sandbox.id, { scheme: "HTTP", host: "127.0.0.1", port: 80, path, headers: [], timeoutMs: 1000 });
    await assert.rejects(get("/ok"), isRuntimeError("Network", "dial tcp 127.0.0.1:80: connect: connection refused"));
    await clock.step(2000);
    assert.deepEqual(await get("/ok"), { statusCode: 200, body: "/ok", headers: { "content-type": "text/plain" } });
    assert.equal((await get("/bad")).statusCode, 503);
    assert.equal(await rt.grpcHealthCheck(sandbox.id, "127.0.0.1", 9000, "", 1000), "NOT_SERVING");
    await assert.rejects(rt.grpcHealthCheck(sandbox.id, "127.0.0.1", 9001, "", 1000), isRuntimeError("Network"));
    await rt.tcpConnect(sandbox.id, "localhost", 9001, 1000);
    await assert.rejects(rt.tcpConnect(sandbox.id, "10.1.2.3", 9001, 1000), isRuntimeError("Network", "dial tcp 10.1.2.3:9001: connect: connection refused"));
  });

  void it("a listener slower than the call's timeout rejects Timeout at the timeout", async () => {
    const { clock, rt, sandbox, start } = await setup();
    await start({ listens: [{ port: 80, responseDelayMs: 3000 }] });
    const get = rt.httpGet(sandbox.id, { scheme: "HTTP", host: "127.0.0.1", port: 80, path: "/", headers: [], timeoutMs: 1000 });
    const outcome = get.then(() => "answered", (err: unknown) => err);
    await clock.step(1000);
    const err = await outcome;
    assert.ok(err instanceof RuntimeError && err.code === "Timeout", String(err));
    assert.equal(err.message, 'Get "http://127.0.0.1:80/": context deadline exceeded (Client.Timeout exceeded while awaiting headers)');
  });
});

void describe("FakeRuntime: events, logs and reopen", () => {
  void it("emits every transition of sandboxes and containers, in order", async () => {
    const { clock, rt, sandbox, start } = await setup();
    const events: RuntimeEvent[] = [];
    rt.subscribe((e) => events.push(e));
    const id = await start({ exitAfterMs: 10 });
    await clock.step(10);
    await rt.removePodSandbox(sandbox.id);
    assert.deepEqual(events, [
      { type: "ContainerCreated", containerId: id, sandboxId: sandbox.id },
      { type: "ContainerStarted", containerId: id, sandboxId: sandbox.id },
      { type: "ContainerStopped", containerId: id, sandboxId: sandbox.id },
      { type: "ContainerDeleted", containerId: id, sandboxId: sandbox.id },
      { type: "SandboxChanged", sandboxId: sandbox.id },
    ]);
  });

  void it("logs with follow deliver lines as they are printed", async () => {
    const { clock, rt, start } = await setup();
    const id = await start({ output: [{ afterMs: 100, stream: "stdout", text: "one" }, { afterMs: 200, stream: "stdout", text: "two" }], exitAfterMs: 300 });
    const texts: string[] = [];
    const following = (async () => { for await (const l of rt.logs(id, { follow: true })) texts.push(`${l.time - T0} ${l.text}`); })();
    await clock.step(150);
    assert.deepEqual(texts, ["100 one"]);
    await clock.step(150);
    await following;
    assert.deepEqual(texts, ["100 one", "200 two"]);
  });

  void it("reopen shares the machine: containers run on, programs are shared, the closed instance hears nothing", async () => {
    const { clock, rt, start } = await setup();
    const id = await start({ exitAfterMs: 1000, exitCode: 9 });
    const oldEvents: string[] = [];
    rt.subscribe((e) => oldEvents.push(e.type));
    const abort = new AbortController();
    const following = collect(rt.logs(id, { follow: true, signal: abort.signal }));
    await rt.close();
    await following; // close ends the closed instance's follows
    const next = rt.reopen();
    const newEvents: string[] = [];
    next.subscribe((e) => newEvents.push(e.type));
    assert.deepEqual(next.running().map((c) => c.id), [id]);
    assert.equal(next.programs, rt.programs);
    await clock.step(1000);
    assert.deepEqual([oldEvents, newEvents], [[], ["ContainerStopped"]]);
    assert.equal((await next.containerStatus(id)).exitCode, 9);
    assert.deepEqual(next.running(), []);
  });
});
