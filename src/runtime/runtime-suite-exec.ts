// Conformance: exec, events (PLEG) and re-adoption after a restart. Registered by runtime.suite.ts.
import assert from "node:assert/strict";
import { it } from "node:test";
import { assertRuntimeError, WAIT_MS, type SuiteContext } from "./runtime-suite-context.ts";
import type { RuntimeEvent } from "./runtime.ts";

export function conformanceExecTests(ctx: SuiteContext): void {
  void it("exec runs a command in a running container and returns its exit code and output", async () => {
    const id = await ctx.run(await ctx.newSandbox(), { kind: "runForever", ignoresSigterm: false });
    await ctx.waitState(id, "running");
    const argv = ctx.h.execArgv({ kind: "exit", code: 3, stdout: ["hello", "world"] });
    const r = await ctx.h.during(() => ctx.rt.exec(id, argv, { timeoutMs: WAIT_MS }), WAIT_MS);
    assert.deepEqual({ ...r, output: r.output.trimEnd() }, { exitCode: 3, output: "hello\nworld", timedOut: false });
  });

  void it("exec that outlasts its timeout resolves timedOut, at the timeout", async () => {
    const id = await ctx.run(await ctx.newSandbox(), { kind: "runForever", ignoresSigterm: false });
    await ctx.waitState(id, "running");
    const argv = ctx.h.execArgv({ kind: "sleep", seconds: 60 });
    // during() fails after WAIT_MS: the exec must end at its 1 s timeout, not after 60 s.
    const r = await ctx.h.during(() => ctx.rt.exec(id, argv, { timeoutMs: 1000 }), WAIT_MS);
    assert.equal(r.timedOut, true);
  });

  void it("exec in an exited container rejects NotRunning", async () => {
    const id = await ctx.run(await ctx.newSandbox(), { kind: "exit", code: 0 });
    await ctx.waitState(id, "exited");
    await assertRuntimeError(ctx.h.during(() => ctx.rt.exec(id, ctx.h.execArgv({ kind: "exit", code: 0 })), WAIT_MS), "NotRunning");
  });

  void it("subscribers see a container created, started and stopped; unsubscribed, they see nothing more", async () => {
    const sb = await ctx.newSandbox();
    const events: RuntimeEvent[] = [];
    const unsubscribe = ctx.rt.subscribe((e) => events.push(e));
    const id = await ctx.run(sb, { kind: "exit", code: 0, sleepSeconds: 1 });
    const kinds = (): string[] => events.filter((e) => "containerId" in e && e.containerId === id).map((e) => e.type);
    await ctx.h.waitFor("ContainerStopped", async () => (kinds().includes("ContainerStopped") ? true : undefined), WAIT_MS);
    assert.deepEqual(kinds(), ["ContainerCreated", "ContainerStarted", "ContainerStopped"]);
    unsubscribe();
    const seen = events.length;
    await ctx.h.during(() => ctx.rt.removeContainer(id), WAIT_MS);
    await ctx.h.elapse(500);
    assert.equal(events.length, seen);
  });

  void it("re-adoption: a reopened runtime sees running containers, can stop them, and reports exits that happened while closed", async (t) => {
    const reopen = ctx.h.reopenRuntime?.bind(ctx.h);
    if (!ctx.h.capabilities.readopt || !reopen) { t.skip(`${ctx.h.name} cannot re-adopt containers`); return; }
    const sb = await ctx.newSandbox();
    const long = await ctx.run(sb, { kind: "exitOnSigterm", exitCode: 0 });
    const short = await ctx.run(sb, { kind: "exit", code: 7, stdout: ["before the restart"], sleepSeconds: 2 });
    await ctx.waitState(long, "running");
    await ctx.waitState(short, "running");
    await ctx.rt.close();
    await ctx.h.elapse(3000);
    ctx.rt = await reopen(ctx.rt);

    assert.equal((await ctx.rt.listPodSandboxes()).find((s) => s.id === sb)?.state, "ready");
    assert.equal((await ctx.rt.containerStatus(long)).state, "running");
    const s = await ctx.waitState(short, "exited");
    assert.equal(s.exitCode, 7);
    assert.deepEqual((await ctx.logs(short)).map((l) => l.text), ["before the restart"]);

    await ctx.h.during(() => ctx.rt.stopContainer(long, 10), WAIT_MS);
    const stopped = await ctx.rt.containerStatus(long);
    assert.equal(stopped.state, "exited");
    assert.equal(stopped.exitCode, 0);
  });

  void it("closing the runtime during a stop does not SIGKILL: the container outlives it, still running", async (t) => {
    const reopen = ctx.h.reopenRuntime?.bind(ctx.h);
    if (!ctx.h.capabilities.readopt || !reopen) { t.skip(`${ctx.h.name} cannot re-adopt containers`); return; }
    const sb = await ctx.newSandbox();
    const id = await ctx.run(sb, { kind: "runForever", ignoresSigterm: true });
    await ctx.waitState(id, "running");
    const stopping = ctx.rt.stopContainer(id, 30).then(() => "stopped", () => "rejected");
    await ctx.h.elapse(500);
    await ctx.rt.close();
    assert.equal(await ctx.h.during(() => stopping, WAIT_MS), "rejected");
    await ctx.h.elapse(500);
    ctx.rt = await reopen(ctx.rt);
    assert.equal((await ctx.rt.containerStatus(id)).state, "running");
  });
}
