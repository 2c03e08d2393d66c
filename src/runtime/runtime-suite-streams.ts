// Conformance: exec and attach streams, port-forward connections, CPU and memory readings
// (kubectl exec, cp, attach, port-forward, top). Registered by runtime.suite.ts.
//
// Each test stays within about 3 s of real time on the OCI runtime. What a runtime may lack
// (a terminal for exec, writing to an attached container's stdin) is skipped through
// harness.capabilities, where an absent flag means the runtime has it.
import assert from "node:assert/strict";
import { it } from "node:test";
import type { Duplex, Readable } from "node:stream";
import type { RuntimeHarness } from "./runtime-harness.ts";
import { assertRuntimeError, WAIT_MS, type SuiteContext } from "./runtime-suite-context.ts";
import { RuntimeError, type ContainerStats, type StreamOptions } from "./runtime.ts";

const PLAIN: StreamOptions = { stdin: false, tty: false };
const MiB = 1024 * 1024;

export function conformanceStreamTests(ctx: SuiteContext): void {
  conformanceExecStreamTests(ctx);
  conformanceAttachTests(ctx);
  conformancePortAndStatsTests(ctx);
}

function conformanceExecStreamTests(ctx: SuiteContext): void {
  void it("execStream pipes stdin through `cat` byte for byte (every byte value, 256 KiB) and exits 0 at the end of stdin", async () => {
    const id = await runningContainer(ctx);
    const s = await ctx.h.during(() => ctx.rt.execStream(id, ctx.h.execArgv({ kind: "cat" }), { stdin: true, tty: false }), WAIT_MS);
    assert.ok(s.stdin && s.stderr, "stdin and stderr are open");
    const out = collect(s.stdout);
    const err = collect(s.stderr);
    const input = Buffer.from(Array.from({ length: 256 * 1024 }, (_, i) => (i * 7 + (i >> 8)) & 255));
    s.stdin.end(input);
    assert.equal(await ctx.h.during(() => s.exit, WAIT_MS), 0);
    const output = await ctx.h.during(() => out, WAIT_MS);
    assert.equal(output.length, input.length);
    assert.ok(output.equals(input), "the same bytes in the same order");
    assert.equal((await ctx.h.during(() => err, WAIT_MS)).length, 0);
  });

  void it("execStream keeps stderr apart from stdout and resolves exit with a non-zero code; without stdin, stdin is null", async () => {
    const id = await runningContainer(ctx);
    const argv = ctx.h.execArgv({ kind: "exit", code: 3, stdout: ["to stdout"], stderr: ["to stderr"] });
    const s = await ctx.h.during(() => ctx.rt.execStream(id, argv, PLAIN), WAIT_MS);
    assert.equal(s.stdin, null);
    const out = collect(s.stdout);
    const err = collect(s.stderr);
    assert.equal(await ctx.h.during(() => s.exit, WAIT_MS), 3);
    assert.equal((await ctx.h.during(() => out, WAIT_MS)).toString(), "to stdout\n");
    assert.equal((await ctx.h.during(() => err, WAIT_MS)).toString(), "to stderr\n");
  });

  void it("execStream with a tty: one output stream (stderr null) with the terminal's \\r\\n, and the size resize() set", async (t) => {
    if (ctx.h.capabilities.tty === false) { t.skip(`${ctx.h.name} has no terminal for exec`); return; }
    const id = await runningContainer(ctx);
    const argv = ctx.h.execArgv({ kind: "printTerminal", afterSeconds: 1 });
    const s = await ctx.h.during(() => ctx.rt.execStream(id, argv, { stdin: true, tty: true }), WAIT_MS);
    assert.equal(s.stderr, null);
    s.resize({ width: 80, height: 24 });
    const out = collect(s.stdout);
    try {
      assert.equal(await ctx.h.during(() => s.exit, WAIT_MS), 0);
    } finally {
      s.stdin?.end(); // kept open until the end: a terminal whose input ends hangs up
    }
    // `stty size` prints rows, then columns.
    assert.match((await ctx.h.during(() => out, WAIT_MS)).toString(), /tty 24 80\r\n/);
  });

  void it("execStream and attach reject NotRunning in an exited container and NotFound for an unknown one", async () => {
    const id = await ctx.run(await ctx.newSandbox(), { kind: "exit", code: 0 });
    await ctx.waitState(id, "exited");
    const argv = ctx.h.execArgv({ kind: "exit", code: 0 });
    await assertRuntimeError(ctx.h.during(() => ctx.rt.execStream(id, argv, PLAIN), WAIT_MS), "NotRunning");
    await assertRuntimeError(ctx.h.during(() => ctx.rt.attach(id, PLAIN), WAIT_MS), "NotRunning");
    await assertRuntimeError(ctx.h.during(() => ctx.rt.execStream("no-such-container", argv, PLAIN), WAIT_MS), "NotFound");
    await assertRuntimeError(ctx.h.during(() => ctx.rt.attach("no-such-container", PLAIN), WAIT_MS), "NotFound");
  });

  void it("close() of a running exec kills it: exit resolves promptly with a signal's code and stdout ends", async () => {
    const id = await runningContainer(ctx);
    const s = await ctx.h.during(() => ctx.rt.execStream(id, ctx.h.execArgv({ kind: "sleep", seconds: 60 }), PLAIN), WAIT_MS);
    const out = collect(s.stdout);
    await ctx.h.elapse(300);
    s.close();
    s.close(); // idempotent
    const code = await ctx.h.during(() => s.exit, 2000);
    assert.ok(typeof code === "number" && code >= 128, `killed by a signal (128 + n), got ${code}`);
    assert.equal((await ctx.h.during(() => out, WAIT_MS)).length, 0);
  });
}

function conformanceAttachTests(ctx: SuiteContext): void {
  void it("attach to a container without stdin: stdin is null; exit resolves with its exit code when it exits while attached", async () => {
    const id = await ctx.run(await ctx.newSandbox(), { kind: "exit", code: 3, sleepSeconds: 1 });
    await ctx.waitState(id, "running");
    const a = await ctx.h.during(() => ctx.rt.attach(id, { stdin: true, tty: false }), WAIT_MS);
    assert.equal(a.stdin, null, "the container was created without stdin");
    assert.ok(a.stderr);
    const out = collect(a.stdout);
    assert.equal(await ctx.h.during(() => a.exit, WAIT_MS), 3);
    await ctx.h.during(() => out, WAIT_MS); // stdout ends with the container
  });

  void it("attach with stdin: the container reads what is written; every attachment sees its output; close() detaches (exit null)", async (t) => {
    if (ctx.h.capabilities.attachStdin === false) { t.skip(`${ctx.h.name} cannot write to an attached container's stdin`); return; }
    const id = await ctx.run(await ctx.newSandbox(), { kind: "echoStdin" }, { stdin: true });
    await ctx.waitState(id, "running");
    const observer = await ctx.h.during(() => ctx.rt.attach(id, PLAIN), WAIT_MS);
    const writer = await ctx.h.during(() => ctx.rt.attach(id, { stdin: true, tty: false }), WAIT_MS);
    assert.equal(observer.stdin, null);
    assert.ok(writer.stdin);
    const seenByObserver = new TextTail(observer.stdout);
    const seenByWriter = new TextTail(writer.stdout);
    writer.stdin.write("hello\n");
    await ctx.h.during(() => seenByWriter.until(/got: hello\n/), WAIT_MS);
    await ctx.h.during(() => seenByObserver.until(/got: hello\n/), WAIT_MS);
    writer.close();
    writer.close(); // idempotent
    observer.close();
    assert.deepEqual(await ctx.h.during(() => Promise.all([writer.exit, observer.exit]), WAIT_MS), [null, null]);
    await ctx.h.during(() => Promise.all([seenByWriter.ended, seenByObserver.ended]), WAIT_MS);
    assert.equal((await ctx.rt.containerStatus(id)).state, "running", "detaching leaves the container running");
  });

  void it("attach to a stdinOnce container: ending the session's stdin closes the container's; it exits 0 and so does the attachment", async (t) => {
    if (ctx.h.capabilities.attachStdin === false) { t.skip(`${ctx.h.name} cannot write to an attached container's stdin`); return; }
    const id = await ctx.run(await ctx.newSandbox(), { kind: "echoStdin" }, { stdin: true, stdinOnce: true });
    await ctx.waitState(id, "running");
    const a = await ctx.h.during(() => ctx.rt.attach(id, { stdin: true, tty: false }), WAIT_MS);
    assert.ok(a.stdin);
    const seen = new TextTail(a.stdout);
    a.stdin.write("last line\n");
    await ctx.h.during(() => seen.until(/got: last line\n/), WAIT_MS);
    a.stdin.end();
    assert.equal(await ctx.h.during(() => a.exit, WAIT_MS), 0);
    const s = await ctx.waitState(id, "exited");
    assert.equal(s.exitCode, 0);
  });
}

function conformancePortAndStatsTests(ctx: SuiteContext): void {
  void it("dialPort: 20 concurrent connections to an echo server each get their own bytes back", async () => {
    const sb = await ctx.newSandbox();
    await ctx.run(sb, { kind: "echoServer", port: 7070 });
    await ctx.h.waitFor("the echo server", async () => {
      try {
        (await ctx.h.during(() => ctx.rt.dialPort(sb, 7070), WAIT_MS)).destroy();
        return true;
      } catch (err) {
        if (err instanceof RuntimeError && err.code === "Network") return undefined;
        throw err;
      }
    }, WAIT_MS);
    const payloads = Array.from({ length: 20 }, (_, i) => Buffer.from(Array.from({ length: 4096 + i }, (_, j) => (j * (i + 1) + i) & 255)));
    const echoed = await ctx.h.during(() => Promise.all(payloads.map(async (payload) => {
      const conn = await ctx.rt.dialPort(sb, 7070);
      try {
        const back = readBytes(conn, payload.length);
        conn.write(payload);
        return await back;
      } finally {
        conn.destroy();
      }
    })), WAIT_MS);
    payloads.forEach((payload, i) => { assert.ok(echoed[i]?.equals(payload), `connection ${i} got its own bytes back`); });
  });

  void it("dialPort rejects Network with Go's text when nothing listens, NotRunning for a stopped sandbox, NotFound for an unknown one", async () => {
    const sb = await ctx.newSandbox();
    await assertRuntimeError(ctx.h.during(() => ctx.rt.dialPort(sb, 7071), WAIT_MS),
      "Network", "dial tcp4 127.0.0.1:7071: connect: connection refused");
    await ctx.h.during(() => ctx.rt.stopPodSandbox(sb), WAIT_MS);
    await assertRuntimeError(ctx.h.during(() => ctx.rt.dialPort(sb, 7071), WAIT_MS), "NotRunning");
    await assertRuntimeError(ctx.h.during(() => ctx.rt.dialPort("no-such-sandbox", 7071), WAIT_MS), "NotFound");
  });

  void it("containerStats: a CPU burner uses about one core over 1.5 s (cumulative ns)", async () => {
    const id = await ctx.run(await ctx.newSandbox(), { kind: "burnCpu" });
    const cores = await cpuRate(ctx.h, () => ctx.rt.containerStats(id), 1500);
    assert.ok(cores >= 0.5 && cores <= 1.25, `one busy loop: between 0.5 and 1.25 cores, got ${cores.toFixed(3)}`);
  });

  void it("containerStats: a CPU burner with a CFS quota of half a CPU uses about half a core", async () => {
    const id = await ctx.run(await ctx.newSandbox(), { kind: "burnCpu" }, { resources: { cpuQuota: 50_000, cpuPeriod: 100_000 } });
    const cores = await cpuRate(ctx.h, () => ctx.rt.containerStats(id), 1500);
    assert.ok(cores >= 0.3 && cores <= 0.7, `throttled to 0.5 core, got ${cores.toFixed(3)}`);
  });

  void it("containerStats: a container holding 64 MiB has a working set of at least 48 MiB; an exited one has no stats", async () => {
    const sb = await ctx.newSandbox();
    const holder = await ctx.run(sb, { kind: "holdMemory", megabytes: 64 });
    const stats = await ctx.h.waitFor("64 MiB held", async () => {
      const s = await ctx.rt.containerStats(holder);
      return s && s.memoryWorkingSetBytes >= 48 * MiB ? s : undefined;
    }, WAIT_MS);
    assert.ok(stats.memoryWorkingSetBytes < 1024 * MiB, `bytes, not a smaller unit: ${stats.memoryWorkingSetBytes}`);
    const done = await ctx.run(sb, { kind: "exit", code: 0 });
    await ctx.waitState(done, "exited");
    assert.equal(await ctx.rt.containerStats(done), undefined);
  });

  void it("nodeStats: the node's cumulative CPU grows over time and its working set is positive", async () => {
    const first = await ctx.rt.nodeStats();
    await ctx.h.elapse(1000);
    const second = await ctx.rt.nodeStats();
    assert.ok(second.timestamp > first.timestamp, "a later reading");
    assert.ok(second.cpuUsageNanoSeconds > first.cpuUsageNanoSeconds, "cumulative CPU grows");
    assert.ok(first.memoryWorkingSetBytes > 0);
  });
}

/** A container that runs until stopped. */
async function runningContainer(ctx: SuiteContext): Promise<string> {
  const id = await ctx.run(await ctx.newSandbox(), { kind: "runForever", ignoresSigterm: false });
  await ctx.waitState(id, "running");
  return id;
}

/** Cores used between two readings overMs apart: Δ cpu ns / Δ timestamp ns. */
async function cpuRate(h: RuntimeHarness, read: () => Promise<ContainerStats | undefined>, overMs: number): Promise<number> {
  const first = await h.waitFor("a first reading", read, WAIT_MS);
  await h.elapse(overMs);
  const second = await read();
  assert.ok(second, "still running");
  assert.ok(second.timestamp > first.timestamp && second.cpuUsageNanoSeconds >= first.cpuUsageNanoSeconds, "cumulative");
  return (second.cpuUsageNanoSeconds - first.cpuUsageNanoSeconds) / ((second.timestamp - first.timestamp) * 1e6);
}

/** Everything the stream carries until it ends. */
function collect(stream: Readable | null): Promise<Buffer> {
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    if (!stream) { resolve(Buffer.alloc(0)); return; }
    stream.on("data", (c: Buffer) => chunks.push(c));
    stream.once("end", () => { resolve(Buffer.concat(chunks)); });
    stream.once("error", reject);
  });
}

/** The first n bytes the connection sends (or fewer, if it ends first). */
function readBytes(conn: Duplex, n: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  return new Promise((resolve, reject) => {
    const done = (): void => { conn.off("data", onData); resolve(Buffer.concat(chunks)); };
    const onData = (c: Buffer): void => {
      chunks.push(c);
      length += c.length;
      if (length >= n) done();
    };
    conn.on("data", onData);
    conn.once("end", done);
    conn.once("error", reject);
  });
}

/** The text a stream has carried so far, and a way to wait for a pattern in it. */
class TextTail {
  text = "";
  readonly ended: Promise<void>;
  #waiters: (() => void)[] = [];

  constructor(stream: Readable) {
    stream.on("data", (c: Buffer) => {
      this.text += c.toString("utf8");
      for (const w of this.#waiters) w();
    });
    this.ended = new Promise((resolve) => { stream.once("end", resolve); });
  }

  /** Resolves once the text matches. */
  until(pattern: RegExp): Promise<void> {
    return new Promise((resolve) => {
      const check = (): void => {
        if (!pattern.test(this.text)) return;
        this.#waiters = this.#waiters.filter((w) => w !== check);
        resolve();
      };
      this.#waiters.push(check);
      check();
    });
  }
}
