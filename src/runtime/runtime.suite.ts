// The ContainerRuntime conformance suite (STYLE.md §3): one behavioural suite that the fake
// runtime (fake-runtime.test.ts) and the OCI runtime (src/oci) both pass, so the fake cannot
// drift from the real thing. It speaks only through the RuntimeHarness: abstract programs, exec
// commands, and time (waitFor/elapse/during). Timeouts are generous for the real runtime; on the
// fake they are clock steps and cost nothing.
//
// Usage: runtimeSuite(() => new FakeHarness()). The factory is called before each test, so each
// test gets a fresh harness and runtime; afterEach stops and removes every sandbox of the
// runtime, closes it and calls harness.cleanup().
import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import type { RuntimeHarness } from "./runtime-harness.ts";
import { assertRuntimeError, newSuiteContext, WAIT_MS, type SuiteContext } from "./runtime-suite-context.ts";
import { conformanceExecTests } from "./runtime-suite-exec.ts";
import { conformanceLifecycleTests } from "./runtime-suite-lifecycle.ts";
import { conformanceStreamTests } from "./runtime-suite-streams.ts";
import { RuntimeError, type SandboxVolume } from "./runtime.ts";

export function runtimeSuite(makeHarness: () => RuntimeHarness): void {
  void describe("ContainerRuntime conformance", () => {
    const ctx = newSuiteContext();
    beforeEach(async () => {
      ctx.h = makeHarness();
      ctx.rt = await ctx.h.newRuntime();
    });
    afterEach(async () => {
      const { h, rt } = ctx;
      for (const s of await rt.listPodSandboxes()) {
        await h.during(() => rt.stopPodSandbox(s.id), WAIT_MS);
        await h.during(() => rt.removePodSandbox(s.id), WAIT_MS);
      }
      await rt.close();
      await h.cleanup();
    });

    conformanceSandboxTests(ctx);
    conformanceLifecycleTests(ctx);
    conformanceExecTests(ctx);
    conformanceStreamTests(ctx);
  });
}

function conformanceSandboxTests(ctx: SuiteContext): void {
  void it("runPodSandbox returns a ready sandbox that listPodSandboxes shows with its labels and annotations", async () => {
    const id = await ctx.newSandbox({ labels: { app: "web" }, annotations: { note: "a b" } });
    const s = (await ctx.rt.listPodSandboxes()).find((x) => x.id === id);
    assert.ok(s);
    assert.equal(s.state, "ready");
    assert.equal(s.namespace, "conformance");
    assert.deepEqual(s.labels, { app: "web" });
    assert.deepEqual(s.annotations, { note: "a b" });
  });

  void it("stopPodSandbox makes the sandbox notready and is idempotent; removePodSandbox removes it, idempotently", async () => {
    const id = await ctx.newSandbox();
    await ctx.h.during(() => ctx.rt.stopPodSandbox(id), WAIT_MS);
    await ctx.h.during(() => ctx.rt.stopPodSandbox(id), WAIT_MS);
    assert.equal((await ctx.rt.listPodSandboxes()).find((x) => x.id === id)?.state, "notready");
    await ctx.h.during(() => ctx.rt.removePodSandbox(id), WAIT_MS);
    await ctx.h.during(() => ctx.rt.removePodSandbox(id), WAIT_MS);
    assert.equal((await ctx.rt.listPodSandboxes()).find((x) => x.id === id), undefined);
  });

  void it("stopPodSandbox kills running containers at once, even one that ignores SIGTERM (137)", async () => {
    const sb = await ctx.newSandbox();
    const a = await ctx.run(sb, { kind: "runForever", ignoresSigterm: true });
    const b = await ctx.run(sb, { kind: "exitOnSigterm", exitCode: 0 });
    await ctx.waitState(a, "running");
    await ctx.waitState(b, "running");
    await ctx.h.during(() => ctx.rt.stopPodSandbox(sb), WAIT_MS);
    for (const id of [a, b]) {
      const s = await ctx.waitState(id, "exited");
      assert.equal(s.exitCode, 137, `exit code of ${id}`);
    }
  });

  void it("listContainers lists every container, and only the sandbox's with a sandboxId filter", async () => {
    const sb1 = await ctx.newSandbox();
    const sb2 = await ctx.newSandbox();
    const c1 = await ctx.rt.createContainer(sb1, ctx.config({ kind: "exit", code: 0 }));
    const c2 = await ctx.rt.createContainer(sb2, ctx.config({ kind: "exit", code: 0 }));
    assert.deepEqual((await ctx.rt.listContainers({ sandboxId: sb1 })).map((c) => c.id), [c1.id]);
    const all = (await ctx.rt.listContainers()).map((c) => c.id);
    assert.ok(all.includes(c1.id) && all.includes(c2.id));
  });

  void it("an emptyDir is shared by the containers of a sandbox and not seen by another sandbox", async () => {
    const volumes: SandboxVolume[] = [{ name: "shared", emptyDir: {} }];
    const sb = await ctx.newSandbox({ volumes });
    const writer = await ctx.run(sb, { kind: "writeFile", path: "/data/greeting", content: "hello from writer" },
      { mounts: [{ volumeName: "shared", containerPath: "/data", readOnly: false }] });
    await ctx.waitState(writer, "running");
    await ctx.h.elapse(500);
    const readerMounts = { mounts: [{ volumeName: "shared", containerPath: "/mnt/other", readOnly: false }] };
    const reader = await ctx.run(sb, { kind: "readFile", path: "/mnt/other/greeting" }, readerMounts);
    await ctx.waitState(reader, "exited");
    assert.deepEqual((await ctx.logs(reader)).map((l) => l.text.trimEnd()), ["hello from writer"]);

    const other = await ctx.run(await ctx.newSandbox({ volumes }), { kind: "readFile", path: "/mnt/other/greeting" }, readerMounts);
    await ctx.waitState(other, "exited");
    assert.deepEqual((await ctx.logs(other)).map((l) => l.text.trimEnd()), ["missing"]);
  });

  void it("httpGet and tcpConnect reach a server in the sandbox; nothing listening is connection refused", async () => {
    const sb = await ctx.newSandbox();
    const server = await ctx.run(sb, { kind: "httpServer", port: 8080, body: "hello" });
    const request = { scheme: "HTTP" as const, host: "127.0.0.1", port: 8080, path: "/healthz", headers: [] as [string, string][], timeoutMs: 1000 };
    const res = await ctx.h.waitFor("the http server", async () => {
      try {
        return await ctx.h.during(() => ctx.rt.httpGet(sb, request), WAIT_MS);
      } catch (err) {
        if (err instanceof RuntimeError && err.code === "Network") return undefined;
        throw err;
      }
    }, WAIT_MS);
    assert.equal(res.statusCode, 200);
    assert.equal(res.body, "hello");
    await ctx.h.during(() => ctx.rt.tcpConnect(sb, "127.0.0.1", 8080, 1000), WAIT_MS);
    await assertRuntimeError(ctx.h.during(() => ctx.rt.tcpConnect(sb, "127.0.0.1", 8081, 1000), WAIT_MS),
      "Network", "dial tcp 127.0.0.1:8081: connect: connection refused");
    await assertRuntimeError(ctx.h.during(() => ctx.rt.httpGet(sb, { ...request, port: 8081 }), WAIT_MS),
      "Network", /dial tcp 127\.0\.0\.1:8081: connect: connection refused$/);

    await ctx.h.during(() => ctx.rt.stopContainer(server, 0), WAIT_MS);
    await assertRuntimeError(ctx.h.during(() => ctx.rt.tcpConnect(sb, "127.0.0.1", 8080, 1000), WAIT_MS),
      "Network", "dial tcp 127.0.0.1:8080: connect: connection refused");
  });

  void it("a stopped sandbox rejects network calls with NotRunning and new containers with CreateFailed", async () => {
    const sb = await ctx.newSandbox();
    await ctx.h.during(() => ctx.rt.stopPodSandbox(sb), WAIT_MS);
    const request = { scheme: "HTTP" as const, host: "127.0.0.1", port: 8080, path: "/", headers: [] as [string, string][], timeoutMs: 1000 };
    await assertRuntimeError(ctx.h.during(() => ctx.rt.tcpConnect(sb, "127.0.0.1", 8080, 1000), WAIT_MS), "NotRunning");
    await assertRuntimeError(ctx.h.during(() => ctx.rt.httpGet(sb, request), WAIT_MS), "NotRunning");
    await assertRuntimeError(ctx.h.during(() => ctx.rt.createContainer(sb, ctx.config({ kind: "exit", code: 0 })), WAIT_MS), "CreateFailed");
  });
}
