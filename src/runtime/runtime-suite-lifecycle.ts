// Conformance: the container lifecycle (created → running → exited), exit codes and reasons,
// stop signals and timeouts, logs, environment. Registered by runtime.suite.ts.
import assert from "node:assert/strict";
import { it } from "node:test";
import { assertRuntimeError, WAIT_MS, type SuiteContext } from "./runtime-suite-context.ts";
import { ANNOTATION_CONTAINER_HASH, ANNOTATION_RESTART_COUNT, LABEL_CONTAINER_NAME, LABEL_POD_NAME } from "./runtime.ts";

export function conformanceLifecycleTests(ctx: SuiteContext): void {
  void it("createContainer leaves the container created, with its name, attempt, labels and annotations", async () => {
    const sb = await ctx.newSandbox();
    const labels = { [LABEL_POD_NAME]: "web", [LABEL_CONTAINER_NAME]: "app" };
    const annotations = { [ANNOTATION_CONTAINER_HASH]: "1a2b3c", [ANNOTATION_RESTART_COUNT]: "2" };
    const created = await ctx.rt.createContainer(sb, ctx.config({ kind: "exit", code: 0 }, { name: "app", attempt: 2, labels, annotations }));
    await ctx.h.elapse(200);
    for (const c of [await ctx.rt.containerStatus(created.id), ...(await ctx.rt.listContainers({ sandboxId: sb }))]) {
      assert.equal(c.state, "created");
      assert.equal(c.sandboxId, sb);
      assert.equal(c.name, "app");
      assert.equal(c.attempt, 2);
      assert.deepEqual(c.labels, labels);
      assert.deepEqual(c.annotations, annotations);
      assert.equal(c.startedAt, undefined);
      assert.equal(c.exitCode, undefined);
    }
  });

  void it("startContainer makes it running with a startedAt", async () => {
    const sb = await ctx.newSandbox();
    const id = await ctx.run(sb, { kind: "runForever", ignoresSigterm: false });
    const s = await ctx.waitState(id, "running");
    assert.ok(s.startedAt !== undefined && s.startedAt >= s.createdAt);
    assert.equal(s.exitCode, undefined);
  });

  for (const [code, reason] of [[0, "Completed"], [3, "Error"]] as const) {
    void it(`a program that exits ${code} ends exited, exit code ${code}, reason ${reason}`, async () => {
      const id = await ctx.run(await ctx.newSandbox(), { kind: "exit", code });
      const s = await ctx.waitState(id, "exited");
      assert.equal(s.exitCode, code);
      assert.equal(s.reason, reason);
      assert.ok(s.finishedAt !== undefined && s.startedAt !== undefined && s.finishedAt >= s.startedAt);
    });
  }

  void it("logs hold the program's stdout and stderr lines as full (F) CRI entries with timestamps", async () => {
    const id = await ctx.run(await ctx.newSandbox(), { kind: "exit", code: 1, stdout: ["out one", "out two"], stderr: ["err one"] });
    const s = await ctx.waitState(id, "exited");
    const lines = await ctx.logs(id);
    assert.deepEqual(lines.filter((l) => l.stream === "stdout").map((l) => l.text), ["out one", "out two"]);
    assert.deepEqual(lines.filter((l) => l.stream === "stderr").map((l) => l.text), ["err one"]);
    for (const l of lines) {
      assert.equal(l.tag, "F");
      assert.match(l.timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/);
      assert.equal(Math.floor(l.time / 1000), Math.floor(Date.parse(l.timestamp) / 1000));
      assert.ok(l.time >= s.createdAt - 1000 && l.time <= (s.finishedAt ?? 0) + 1000, `time ${l.time} within the container's life`);
    }
  });

  void it("logs with follow yield the lines and end once the container has exited", async () => {
    const id = await ctx.run(await ctx.newSandbox(), { kind: "exit", code: 0, stdout: ["one", "two"], sleepSeconds: 1 });
    const texts = await ctx.h.during(async () => {
      const out: string[] = [];
      for await (const l of ctx.rt.logs(id, { follow: true })) out.push(l.text);
      return out;
    }, WAIT_MS);
    assert.deepEqual(texts, ["one", "two"]);
    assert.equal((await ctx.rt.containerStatus(id)).state, "exited");
  });

  void it("logs with follow of a running container end when the signal aborts", async () => {
    const id = await ctx.run(await ctx.newSandbox(), { kind: "runForever", ignoresSigterm: false, stdout: ["hello"] });
    const abort = new AbortController();
    const texts = await ctx.h.during(async () => {
      const out: string[] = [];
      for await (const l of ctx.rt.logs(id, { follow: true, signal: abort.signal })) {
        out.push(l.text);
        abort.abort();
      }
      return out;
    }, WAIT_MS);
    assert.deepEqual(texts, ["hello"]);
  });

  void it("the environment and the working directory reach the process", async () => {
    const sb = await ctx.newSandbox();
    const env = [{ name: "GREETING", value: "hello world" }, { name: "PAIR", value: "a=b" }];
    const printEnv = await ctx.run(sb, { kind: "printEnv", names: ["GREETING", "PAIR"] }, { env });
    const printCwd = await ctx.run(sb, { kind: "printCwd" }, { workingDir: "/tmp" });
    await ctx.waitState(printEnv, "exited");
    await ctx.waitState(printCwd, "exited");
    assert.deepEqual((await ctx.logs(printEnv)).map((l) => l.text), ["GREETING=hello world", "PAIR=a=b"]);
    assert.deepEqual((await ctx.logs(printCwd)).map((l) => l.text), ["/tmp"]);
  });

  void it("a process that ignores SIGTERM is SIGKILLed (137) when the stop timeout ends, not before", async () => {
    const id = await ctx.run(await ctx.newSandbox(), { kind: "runForever", ignoresSigterm: true });
    const running = await ctx.waitState(id, "running");
    const stopping = ctx.rt.stopContainer(id, 3);
    void stopping.catch(() => {}); // awaited below
    await ctx.h.elapse(1500);
    assert.equal((await ctx.rt.containerStatus(id)).state, "running", "killed before the timeout");
    await ctx.h.during(() => stopping, WAIT_MS);
    const s = await ctx.rt.containerStatus(id);
    assert.equal(s.state, "exited");
    assert.equal(s.exitCode, 137);
    assert.equal(s.reason, "Error");
    assert.ok((s.finishedAt ?? 0) - (running.startedAt ?? 0) >= 2500, "ended well after the stop began");
  });

  void it("a process that handles SIGTERM exits with its own code, before the timeout", async () => {
    const id = await ctx.run(await ctx.newSandbox(), { kind: "exitOnSigterm", exitCode: 0 });
    const running = await ctx.waitState(id, "running");
    await ctx.h.during(() => ctx.rt.stopContainer(id, 30), WAIT_MS);
    const s = await ctx.rt.containerStatus(id);
    assert.equal(s.exitCode, 0);
    assert.equal(s.reason, "Completed");
    assert.ok((s.finishedAt ?? 0) - (running.startedAt ?? 0) < 20_000);
  });

  void it("stopContainer with timeout 0 kills at once (137)", async () => {
    const id = await ctx.run(await ctx.newSandbox(), { kind: "exitOnSigterm", exitCode: 0 });
    await ctx.waitState(id, "running");
    await ctx.h.during(() => ctx.rt.stopContainer(id, 0), WAIT_MS);
    assert.equal((await ctx.rt.containerStatus(id)).exitCode, 137);
  });

  void it("stopContainer on an exited container resolves and keeps its exit code", async () => {
    const id = await ctx.run(await ctx.newSandbox(), { kind: "exit", code: 5 });
    await ctx.waitState(id, "exited");
    await ctx.h.during(() => ctx.rt.stopContainer(id, 10), WAIT_MS);
    assert.equal((await ctx.rt.containerStatus(id)).exitCode, 5);
  });

  void it("removeContainer deletes the container (status NotFound) and is idempotent", async () => {
    const id = await ctx.run(await ctx.newSandbox(), { kind: "exit", code: 0 });
    await ctx.waitState(id, "exited");
    await ctx.h.during(() => ctx.rt.removeContainer(id), WAIT_MS);
    await ctx.h.during(() => ctx.rt.removeContainer(id), WAIT_MS);
    await assertRuntimeError(ctx.rt.containerStatus(id), "NotFound");
    assert.equal((await ctx.rt.listContainers()).find((c) => c.id === id), undefined);
  });

  void it("createContainer of an image that does not exist rejects ImageNotFound", async () => {
    const sb = await ctx.newSandbox();
    await assertRuntimeError(ctx.h.during(() => ctx.rt.createContainer(sb, ctx.config({ kind: "exit", code: 0 }, { image: ctx.h.unknownImage })), WAIT_MS), "ImageNotFound");
  });

  void it("OOM: a process beyond its memory limit ends 137, OOMKilled", async (t) => {
    if (!ctx.h.capabilities.oomKill) { t.skip(`${ctx.h.name} cannot limit memory here`); return; }
    const id = await ctx.run(await ctx.newSandbox(), { kind: "allocate", megabytes: 256 }, { resources: { memoryLimitBytes: 32 * 1024 * 1024 } });
    const s = await ctx.waitState(id, "exited");
    assert.equal(s.exitCode, 137);
    assert.equal(s.reason, "OOMKilled");
  });
}
