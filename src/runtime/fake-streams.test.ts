// The fake runtime's streams and stats beyond what the conformance suite can say: timing on the
// fake clock, back-pressure, tty line discipline, stdinOnce, HTTP over dialPort, exact numbers.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Readable } from "node:stream";
import { FakeClock } from "../machinery/fake-clock.ts";
import { drainTicks } from "./fake-harness.ts";
import type { FakeProgram } from "./fake-program.ts";
import { FakeRuntime } from "./fake-runtime.ts";
import { NODE_BASE_CPU_MILLICORES, NODE_BASE_MEMORY_BYTES } from "./fake-stats.ts";
import { RuntimeError, type ContainerConfig } from "./runtime.ts";

const T0 = Date.UTC(2025, 10, 22, 10, 10, 0);
const MiB = 1024 * 1024;

async function setup() {
  const clock = new FakeClock(T0);
  const rt = new FakeRuntime({ clock });
  const sandbox = await rt.runPodSandbox({ podUid: "uid-1", name: "web", namespace: "default", hostname: "web", labels: {}, annotations: {}, volumes: [] });
  let n = 0;
  const start = async (program: FakeProgram, overrides: Partial<ContainerConfig> = {}): Promise<string> => {
    const image = `program-${++n}`;
    rt.programs.set(image, program);
    const c = await rt.createContainer(sandbox.id, {
      name: `c${n}`, attempt: 0, image, command: [], args: [], env: [], mounts: [], resources: {}, security: {},
      stdin: false, stdinOnce: false, tty: false, labels: {}, annotations: {}, ...overrides,
    });
    await rt.startContainer(c.id);
    return c.id;
  };
  /** Steps the clock and lets stream events run. */
  const step = async (ms: number): Promise<void> => {
    await clock.step(ms);
    await drainTicks();
  };
  return { clock, rt, sandbox, start, step };
}

/** What the stream has carried so far, as text (kept up to date). */
function tail(stream: Readable | null): { text: string; ended: boolean } {
  const t = { text: "", ended: false };
  stream?.on("data", (c: Buffer) => { t.text += c.toString("latin1"); });
  stream?.on("end", () => { t.ended = true; });
  return t;
}

/** Resolves p's value, or undefined when it is still pending. */
async function peek<T>(p: Promise<T>): Promise<T | undefined> {
  const pending = Symbol("pending");
  const v = await Promise.race([p, drainTicks().then(() => pending)]);
  return v === pending ? undefined : v as T;
}

void describe("FakeRuntime: execStream", () => {
  void it("runs the script on the fake clock: output at its time, exit once stdout has ended", async () => {
    const { rt, start, step } = await setup();
    const id = await start({ execStream: async (_argv, io) => { await io.stdout("a\n"); await io.sleep(1000); await io.stderr("b\n"); return 4; } });
    const s = await rt.execStream(id, ["x"], { stdin: false, tty: false });
    const out = tail(s.stdout);
    const err = tail(s.stderr);
    await step(999);
    assert.deepEqual([out.text, err.text, await peek(s.exit)], ["a\n", "", undefined]);
    await step(1);
    assert.equal(await s.exit, 4);
    assert.deepEqual([out, err], [{ text: "a\n", ended: true }, { text: "b\n", ended: true }]);
    assert.deepEqual(rt.execRecords(id), [{ argv: ["x"], stdin: false, tty: false, resizes: [], exitCode: 4 }]);
  });

  void it("honours back-pressure: a script writing 1 MiB with no reader waits, and exits once it is read", async () => {
    const { rt, start, step } = await setup();
    let written = 0;
    const id = await start({ execStream: async (_argv, io) => {
      for (let i = 0; i < 16; i++) { await io.stdout(Buffer.alloc(64 * 1024, i)); written++; }
      return 0;
    } });
    const s = await rt.execStream(id, [], { stdin: false, tty: false });
    await step(1000);
    assert.ok(written < 16, `blocked after ${written} chunks`);
    assert.equal(await peek(s.exit), undefined);
    const out = tail(s.stdout);
    await step(0);
    assert.equal(await s.exit, 0);
    assert.equal(out.text.length, 16 * 64 * 1024);
  });

  void it("stdin reaches the script chunk by chunk; without stdin it sees EOF at once", async () => {
    const { rt, start } = await setup();
    const id = await start({ execStream: async (_argv, io) => {
      let bytes = 0;
      for await (const chunk of io.stdin) bytes += chunk.length;
      await io.stdout(`${bytes}`);
      return 0;
    } });
    const withStdin = await rt.execStream(id, [], { stdin: true, tty: false });
    const out = tail(withStdin.stdout);
    withStdin.stdin?.write("abc");
    withStdin.stdin?.end("de");
    assert.equal(await withStdin.exit, 0);
    const without = await rt.execStream(id, [], { stdin: false, tty: false });
    const out2 = tail(without.stdout);
    assert.equal(await without.exit, 0);
    assert.deepEqual([out.text, out2.text], ["5", "0"]);
  });

  void it("with a tty: stderr joins stdout, \"\\n\" becomes \"\\r\\n\", resizes are recorded and seen by the script", async () => {
    const { rt, start, step } = await setup();
    const id = await start({ execStream: async (_argv, io) => {
      await io.stderr("err\n");
      await io.sleep(100);
      const size = io.terminalSize();
      await io.stdout(`${size?.height}x${size?.width}\nend`);
      return 0;
    } });
    const s = await rt.execStream(id, ["sh"], { stdin: true, tty: true });
    assert.equal(s.stderr, null);
    const out = tail(s.stdout);
    s.resize({ width: 100, height: 30 });
    s.resize({ width: 80, height: 24 });
    await step(100);
    assert.equal(await s.exit, 0);
    assert.equal(out.text, "err\r\n24x80\r\nend");
    assert.deepEqual(rt.execRecords(id)[0]?.resizes, [{ width: 100, height: 30 }, { width: 80, height: 24 }]);
    const plain = await rt.execStream(id, ["sh"], { stdin: false, tty: false });
    plain.resize({ width: 1, height: 1 });
    assert.deepEqual(rt.execRecords(id)[1]?.resizes, [], "resize without a tty is ignored");
  });

  void it("close() kills with 137 at once, even with unread output; later writes are dropped", async () => {
    const { rt, start, step } = await setup();
    const id = await start({ execStream: async (_argv, io) => {
      await io.stdout(Buffer.alloc(1024 * 1024)); // more than the reader's buffer: blocks, nobody reads
      await io.sleep(60_000);
      return 0;
    } });
    const s = await rt.execStream(id, [], { stdin: false, tty: false });
    await step(10);
    s.close();
    s.close();
    assert.equal(await s.exit, 137);
    assert.equal(rt.execRecords(id)[0]?.exitCode, 137);
    assert.equal((await rt.containerStatus(id)).state, "running", "the container runs on");
  });

  void it("the container's exit kills its execs (137)", async () => {
    const { rt, start, step } = await setup();
    const id = await start({ exitAfterMs: 500, execStream: async (_argv, io) => { await io.sleep(60_000); return 0; } });
    const s = await rt.execStream(id, [], { stdin: false, tty: false });
    tail(s.stdout);
    await step(500);
    assert.equal(await s.exit, 137);
  });

  void it("a program without execStream runs its exec handler: durationMs, then the output on stdout", async () => {
    const { rt, start, step } = await setup();
    const id = await start({ exec: (argv) => ({ exitCode: 2, output: `ran ${argv.join(" ")}\n`, durationMs: 300 }) });
    const s = await rt.execStream(id, ["ls", "-l"], { stdin: false, tty: false });
    const out = tail(s.stdout);
    await step(299);
    assert.equal(out.text, "");
    await step(1);
    assert.deepEqual([await s.exit, out.text], [2, "ran ls -l\n"]);
  });
});

void describe("FakeRuntime: attach", () => {
  const echo: FakeProgram = { output: [{ afterMs: 0, stream: "stdout", text: "before" }, { afterMs: 100, stream: "stderr", text: "warn" }], stdin: { onLine: (l) => `got: ${l}`, eofExitCode: 0 } };

  void it("carries output printed from now on only, stderr apart; with a tty stderr is null and joins stdout", async () => {
    const { rt, start, step } = await setup();
    const id = await start(echo, { stdin: true });
    const plain = await rt.attach(id, { stdin: false, tty: false });
    const tty = await rt.attach(id, { stdin: false, tty: true });
    const [out, err, ttyOut] = [tail(plain.stdout), tail(plain.stderr), tail(tty.stdout)];
    assert.equal(tty.stderr, null);
    await step(100);
    assert.deepEqual([out.text, err.text, ttyOut.text], ["", "warn\n", "warn\n"]);
  });

  void it("without stdinOnce, ending or detaching leaves the container's stdin open for the next attachment", async () => {
    const { rt, start, step } = await setup();
    const id = await start(echo, { stdin: true });
    const first = await rt.attach(id, { stdin: true, tty: false });
    first.stdin?.end("one\n");
    first.close();
    assert.equal(await first.exit, null);
    const second = await rt.attach(id, { stdin: true, tty: false });
    const out = tail(second.stdout);
    second.stdin?.write("two\npartial");
    await step(0);
    assert.equal(out.text, "got: two\n");
    assert.equal((await rt.containerStatus(id)).state, "running");
  });

  void it("with stdinOnce, detaching the attachment holding stdin closes it: a reader exits 0 (a partial last line is dropped)", async () => {
    const { rt, start, step } = await setup();
    const id = await start(echo, { stdin: true, stdinOnce: true });
    const a = await rt.attach(id, { stdin: true, tty: false });
    a.stdin?.write("no newline");
    await step(0);
    a.close();
    assert.equal(await a.exit, null);
    await step(0);
    const s = await rt.containerStatus(id);
    assert.deepEqual([s.state, s.exitCode], ["exited", 0]);
    const texts: string[] = [];
    for await (const l of rt.logs(id)) texts.push(l.text);
    assert.deepEqual(texts, ["before"], "nothing echoed for the partial line");
  });

  void it("a stdin reader created without stdin has /dev/null: it exits at once", async () => {
    const { rt, start, step } = await setup();
    const id = await start(echo);
    await step(0);
    assert.equal((await rt.containerStatus(id)).exitCode, 0);
  });
});

void describe("FakeRuntime: dialPort", () => {
  void it("refuses before the listener's afterMs (Go's tcp4 text), then connects; the container's exit ends the connection", async () => {
    const { rt, sandbox, start, step } = await setup();
    await start({ listens: [{ port: 7000, afterMs: 1000 }], exitAfterMs: 2000 });
    await assert.rejects(rt.dialPort(sandbox.id, 7000), (err: unknown) =>
      err instanceof RuntimeError && err.code === "Network" && err.message === "dial tcp4 127.0.0.1:7000: connect: connection refused");
    await step(1000);
    const conn = await rt.dialPort(sandbox.id, 7000);
    const back = tail(conn);
    conn.write("ping");
    await step(0);
    assert.deepEqual(back, { text: "ping", ended: false });
    await step(1000);
    assert.equal(back.ended, true);
  });

  void it("a listener with http answers one HTTP/1.1 request per connection; connection() serves raw sockets", async () => {
    const { rt, sandbox, start, step } = await setup();
    await start({ listens: [
      { port: 80, http: (path, headers) => ({ statusCode: 404, body: `${path} ${headers.find(([k]) => k === "Host")?.[1]}`, headers: { "Content-Type": "text/plain" } }) },
      { port: 81, connection: (socket) => { socket.end("hello, raw"); } },
    ] });
    const http = await rt.dialPort(sandbox.id, 80);
    const res = tail(http);
    http.write("GET /missing HTTP/1.1\r\nHost: localhost:8080\r\n\r\n");
    const raw = tail(await rt.dialPort(sandbox.id, 81));
    await step(0);
    assert.deepEqual(res, {
      text: "HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\nContent-Length: 23\r\nConnection: close\r\n\r\n/missing localhost:8080",
      ended: true,
    });
    assert.deepEqual(raw, { text: "hello, raw", ended: true });
  });
});

void describe("FakeRuntime: stats", () => {
  void it("containerStats: cpuMillicores over the running time (capped by the CFS quota), memoryBytes; undefined unless running", async () => {
    const { rt, start, step } = await setup();
    const burner = await start({ cpuMillicores: 1500, memoryBytes: 64 * MiB, exitAfterMs: 5000 });
    const capped = await start({ cpuMillicores: 1000 }, { resources: { cpuQuota: 25_000, cpuPeriod: 100_000 } });
    await step(2000);
    assert.deepEqual(await rt.containerStats(burner), { timestamp: T0 + 2000, cpuUsageNanoSeconds: 3e9, memoryWorkingSetBytes: 64 * MiB });
    assert.equal((await rt.containerStats(capped))?.cpuUsageNanoSeconds, 0.5e9);
    await step(3000);
    assert.equal(await rt.containerStats(burner), undefined);
    await assert.rejects(rt.containerStats("container-404"), (err: unknown) => err instanceof RuntimeError && err.code === "NotFound");
  });

  void it("nodeStats: a base load since boot plus every container; removing one never turns its CPU back", async () => {
    const { rt, start, step } = await setup();
    const a = await start({ cpuMillicores: 1000, memoryBytes: 10 * MiB });
    await step(1000);
    const base = NODE_BASE_CPU_MILLICORES * 1e6;
    assert.deepEqual(await rt.nodeStats(), { timestamp: T0 + 1000, cpuUsageNanoSeconds: base + 1e9, memoryWorkingSetBytes: NODE_BASE_MEMORY_BYTES + 10 * MiB });
    await rt.stopContainer(a, 0);
    await rt.removeContainer(a);
    const after = await rt.nodeStats();
    assert.deepEqual([after.cpuUsageNanoSeconds, after.memoryWorkingSetBytes], [base + 1e9, NODE_BASE_MEMORY_BYTES]);
  });
});
