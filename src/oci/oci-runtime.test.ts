// The OCI runtime against the real crun + conmon: the shared conformance suite, then what only
// the real runtime has (host image, crun's own error texts, pinned namespaces, cleanup). Skipped,
// with the reason, when not root or when conmon/crun are missing.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { after, afterEach, before, describe, it } from "node:test";
import { runtimeSuite } from "../runtime/runtime.suite.ts";
import { RuntimeError } from "../runtime/runtime.ts";
import type { ContainerConfig, RuntimeContainer } from "../runtime/runtime.ts";
import { leftoversOf, OciHarness, ociUnavailableReason } from "./oci-harness.ts";
import { OciRuntime } from "./oci-runtime.ts";

const unavailable = await ociUnavailableReason();
if (unavailable) console.log(`# skipping the OCI runtime tests: ${unavailable}`);

void describe("OciRuntime: conformance", { skip: unavailable ?? false }, () => {
  runtimeSuite(() => new OciHarness());
});

void describe("OciRuntime: the real runtime", { skip: unavailable ?? false }, () => {
  let dir: string;
  let rt: OciRuntime;
  let n = 0;

  before(async () => {
    dir = await mkdtemp(`${tmpdir()}/pillion-oci-test-`);
    rt = await OciRuntime.open({ stateDir: dir, imageMap: { "myapp:1.0": { hostImage: true, command: ["/bin/sh", "-c", "echo mapped $0"] } } });
  });
  afterEach(async () => {
    for (const s of await rt.listPodSandboxes()) await rt.removePodSandbox(s.id);
  });
  after(async () => {
    await rt.close();
    const leftovers = await leftoversOf(dir);
    await rm(dir, { recursive: true, force: true });
    assert.deepEqual(leftovers, []);
  });

  const sandbox = async (volumes: Parameters<OciRuntime["runPodSandbox"]>[0]["volumes"] = []): Promise<string> =>
    (await rt.runPodSandbox({ podUid: randomUUID(), name: `p${++n}`, namespace: "t", hostname: `p${n}`, labels: {}, annotations: {}, volumes })).id;
  const config = (overrides: Partial<ContainerConfig>): ContainerConfig => ({
    name: `c${++n}`, attempt: 0, image: "busybox", command: [], args: [], env: [], mounts: [], resources: {}, security: {},
    stdin: false, stdinOnce: false, tty: false, labels: {}, annotations: {}, ...overrides,
  });
  const exited = async (id: string): Promise<RuntimeContainer> => {
    for (let i = 0; i < 500; i++) {
      const s = await rt.containerStatus(id);
      if (s.state === "exited") return s;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`container ${id} did not exit`);
  };
  const runToExit = async (sb: string, overrides: Partial<ContainerConfig>): Promise<{ status: RuntimeContainer; lines: string[] }> => {
    const c = await rt.createContainer(sb, config(overrides));
    await rt.startContainer(c.id);
    const status = await exited(c.id);
    const lines: string[] = [];
    for await (const l of rt.logs(c.id)) lines.push(l.text);
    return { status, lines };
  };

  void it("a missing executable is CreateFailed with crun's own text", async () => {
    const sb = await sandbox();
    await assert.rejects(rt.createContainer(sb, config({ command: ["/nope"] })), (err: unknown) => {
      assert.ok(err instanceof RuntimeError);
      assert.equal(err.code, "CreateFailed");
      assert.match(err.message, /executable file `\/nope` not found in \$PATH: No such file or directory$/);
      return true;
    });
    assert.deepEqual(await rt.listContainers({ sandboxId: sb }), []);
  });

  void it("an unknown image without a command is ImageNotFound, naming the image", async () => {
    const sb = await sandbox();
    await assert.rejects(rt.createContainer(sb, config({ image: "nginx:1.27" })), (err: unknown) =>
      err instanceof RuntimeError && err.code === "ImageNotFound" && err.message.includes('"nginx:1.27" is not a known image'));
  });

  void it("an unknown image with a command runs on the host image (host /usr read-only, writable root)", async () => {
    const sb = await sandbox();
    const { status, lines } = await runToExit(sb, {
      image: "python:3.12",
      command: ["/bin/sh", "-c", "test -x /usr/bin/env && echo has-usr; touch /usr/x 2>/dev/null || echo usr-ro; touch /x && echo root-rw"],
    });
    assert.equal(status.exitCode, 0);
    assert.deepEqual(lines, ["has-usr", "usr-ro", "root-rw"]);
  });

  void it("an image-map entry gives the image its entrypoint; the pod's args are appended", async () => {
    const { lines } = await runToExit(await sandbox(), { image: "myapp:1.0", args: ["hello"] });
    assert.deepEqual(lines, ["mapped hello"]);
  });

  void it("the termination message file is read at exit; readOnlyRootFilesystem makes / read-only", async () => {
    const { status, lines } = await runToExit(await sandbox(), {
      command: ["sh", "-c", "touch /x 2>/dev/null || echo root-ro; printf 'bye' > /dev/termination-log; exit 2"],
      terminationMessagePath: "/dev/termination-log", security: { readOnlyRootFilesystem: true },
    });
    assert.deepEqual([status.exitCode, status.reason, status.message, lines], [2, "Error", "bye", ["root-ro"]]);
  });

  void it("the pod's hostname, /etc/hosts and loopback are set up in the pinned namespaces", async () => {
    const sb = await sandbox();
    const { lines } = await runToExit(sb, { command: ["sh", "-c", "hostname; cat /etc/hostname; tail -1 /etc/hosts; ip link show lo | grep -c UP"] });
    const host = (await rt.listPodSandboxes()).find((s) => s.id === sb)?.name;
    assert.deepEqual(lines, [host, host, `127.0.0.1\t${host}`, "1"]);
  });

  void it("a Memory emptyDir is a tmpfs shared by the pod's containers; a hostPath is bound, with subPath", async () => {
    const hostDir = await mkdtemp(`${tmpdir()}/pillion-hostpath-`);
    try {
      const sb = await sandbox([{ name: "mem", emptyDir: { medium: "Memory" } }, { name: "host", hostPath: { path: hostDir, type: "Directory" } }]);
      const mounts = [
        { volumeName: "mem", containerPath: "/m", readOnly: false },
        { volumeName: "host", containerPath: "/h", readOnly: false, subPath: "sub" },
      ];
      await runToExit(sb, { command: ["sh", "-c", "echo a > /m/f; echo b > /h/f"], mounts });
      const { lines } = await runToExit(sb, { command: ["sh", "-c", "cat /m/f; grep ' /m ' /proc/mounts | cut -d' ' -f3"], mounts });
      assert.deepEqual(lines, ["a", "tmpfs"]);
      assert.equal(await readFile(`${hostDir}/sub/f`, "utf8"), "b\n");
    } finally {
      await rm(hostDir, { recursive: true, force: true });
    }
  });

  void it("an exec that times out kills the exec'd process, not just crun exec", async () => {
    const sb = await sandbox();
    const c = await rt.createContainer(sb, config({ command: ["sh", "-c", "while true; do sleep 1; done"] }));
    await rt.startContainer(c.id);
    const r = await rt.exec(c.id, ["sleep", "77"], { timeoutMs: 300 });
    assert.equal(r.timedOut, true);
    const ps = await rt.exec(c.id, ["ps"]);
    assert.doesNotMatch(ps.output, /sleep 77/);
    await rt.stopContainer(c.id, 0);
  });

  void it("exec output is cut at 10 KiB", async () => {
    const sb = await sandbox();
    const c = await rt.createContainer(sb, config({ command: ["sh", "-c", "while true; do sleep 1; done"] }));
    await rt.startContainer(c.id);
    const r = await rt.exec(c.id, ["sh", "-c", "head -c 50000 /dev/zero | tr '\\0' x"]);
    assert.deepEqual([r.exitCode, r.output.length], [0, 10 * 1024]);
    await rt.stopContainer(c.id, 0);
  });

  void it("probes of a stopped sandbox reject NotRunning; removal leaves no files, mounts or processes", async () => {
    const sb = await sandbox([{ name: "mem", emptyDir: { medium: "Memory" } }]);
    await rt.tcpConnect(sb, "127.0.0.1", 1, 500).catch(() => undefined); // starts the netns proxy
    await rt.stopPodSandbox(sb);
    await assert.rejects(rt.tcpConnect(sb, "127.0.0.1", 1, 500), (err: unknown) => err instanceof RuntimeError && err.code === "NotRunning");
    await rt.removePodSandbox(sb);
    await assert.rejects(stat(`${dir}/sandboxes/${sb}`));
    assert.deepEqual(await leftoversOf(dir, { except: `${dir}/ns-pool/` }), []); // the pool is the open runtime's
  });
});
