// exec/attach streams, port-forward dials and cgroup stats on the real crun + conmon: what the
// shared suite cannot see (bytes through the real pipes and ptys, nothing left behind after
// close, throughput, real cgroup numbers). Skipped, with the reason, when not root etc.
import assert from "node:assert/strict";
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import type { Readable } from "node:stream";
import { after, afterEach, before, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { RuntimeError } from "../runtime/runtime.ts";
import type { ContainerConfig } from "../runtime/runtime.ts";
import { leftoversOf, ociUnavailableReason, programScript } from "./oci-harness.ts";
import { OciRuntime } from "./oci-runtime.ts";

const unavailable = await ociUnavailableReason();
if (unavailable) console.log(`# skipping the OCI stream tests: ${unavailable}`);

/** Everything a readable yields, until it ends. */
async function collect(r: Readable | null): Promise<Buffer> {
  if (!r) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  for await (const c of r) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** Resolves once the readable has produced text containing `text`; the whole output so far. */
function waitForText(r: Readable, text: string, timeoutMs = 10_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = "";
    const timer = setTimeout(() => reject(new Error(`no ${JSON.stringify(text)} within ${timeoutMs} ms; got ${JSON.stringify(seen)}`)), timeoutMs);
    r.on("data", (d: Buffer) => {
      seen += d.toString("latin1");
      if (seen.includes(text)) {
        clearTimeout(timer);
        resolve(seen);
      }
    });
  });
}

/** pids of live processes whose command line contains text. */
async function processesMentioning(text: string): Promise<string[]> {
  const out: string[] = [];
  for (const pid of await readdir("/proc")) {
    if (!/^\d+$/.test(pid) || Number(pid) === process.pid) continue;
    const cmdline = await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "");
    if (cmdline.replace(/\0/g, " ").includes(text)) out.push(`${pid}: ${cmdline.replace(/\0/g, " ")}`);
  }
  return out;
}

void describe("OciRuntime: streams and stats", { skip: unavailable ?? false }, () => {
  let dir: string;
  let rt: OciRuntime;
  let n = 0;

  before(async () => {
    dir = await mkdtemp(`${tmpdir()}/pillion-oci-streams-`);
    rt = await OciRuntime.open({ stateDir: dir });
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

  const sandbox = async (): Promise<string> =>
    (await rt.runPodSandbox({ podUid: randomUUID(), name: `p${++n}`, namespace: "t", hostname: `p${n}`, labels: {}, annotations: {}, volumes: [] })).id;
  const start = async (sb: string, script: string, overrides: Partial<ContainerConfig> = {}): Promise<string> => {
    const c = await rt.createContainer(sb, {
      name: `c${++n}`, attempt: 0, image: "busybox", command: ["sh", "-c", script], args: [], env: [], mounts: [], resources: {}, security: {},
      stdin: false, stdinOnce: false, tty: false, labels: {}, annotations: {}, ...overrides,
    });
    await rt.startContainer(c.id);
    return c.id;
  };
  const forever = (sb: string): Promise<string> => start(sb, programScript({ kind: "runForever", ignoresSigterm: false }));
  const logText = async (id: string): Promise<string> => {
    let s = "";
    for await (const l of rt.logs(id)) s += `${l.text}\n`;
    return s;
  };

  void it("exec without a tty: stdin, stdout and stderr are separate binary-safe pipes; exit is the process's code", async () => {
    const id = await forever(await sandbox());
    const payload = randomBytes(3 * 1024 * 1024);
    const s = await rt.execStream(id, ["sh", "-c", "cat; echo to-stderr >&2; exit 3"], { stdin: true, tty: false });
    assert.ok(s.stdin);
    s.stdin.end(payload);
    const [out, err, code] = await Promise.all([collect(s.stdout), collect(s.stderr), s.exit]);
    assert.equal(createHash("sha256").update(out).digest("hex"), createHash("sha256").update(payload).digest("hex"));
    assert.deepEqual([err.toString(), code], ["to-stderr\n", 3]);
  });

  void it("exec without stdin gives the process /dev/null; a signal death is 128 + n", async () => {
    const id = await forever(await sandbox());
    const s = await rt.execStream(id, ["sh", "-c", "cat; readlink /proc/self/fd/0; kill -9 $$"], { stdin: false, tty: false });
    assert.equal(s.stdin, null);
    const [out, code] = await Promise.all([collect(s.stdout), s.exit]);
    assert.deepEqual([out.toString(), code], ["/dev/null\n", 137]);
  });

  void it("exec close() kills the exec'd process and its children, and crun exec ends", async () => {
    const id = await forever(await sandbox());
    const s = await rt.execStream(id, ["sh", "-c", "sleep 7777 | cat; echo never"], { stdin: true, tty: false });
    const ps = async (): Promise<string> => (await rt.exec(id, ["ps", "-o", "args"])).output;
    for (let i = 0; i < 100 && !(await ps()).includes("sleep 7777"); i++) await sleep(20);
    s.stdout.resume();
    s.stderr?.resume();
    s.close();
    s.close();
    assert.equal(await s.exit, 137);
    assert.doesNotMatch(await ps(), /sleep 7777|cat/);
    assert.deepEqual(await processesMentioning(`${dir}/containers/${id}/exec-`), []); // crun exec --pid-file <bundle>/exec-….pid
    assert.deepEqual((await readdir(`${dir}/containers/${id}`)).filter((f) => f.startsWith("exec-")), []);
  });

  void it("exec with a tty: one cooked output stream, resize reaches the process (SIGWINCH), stdin is echoed once", async () => {
    const id = await forever(await sandbox());
    const s = await rt.execStream(id, ["sh", "-c", "trap 'echo winch' WINCH; sleep 1; echo \"tty $(stty size)\"; cat"], { stdin: true, tty: true });
    assert.equal(s.stderr, null);
    s.resize({ width: 101, height: 33 });
    const output = collect(s.stdout);
    await sleep(1500);
    assert.ok(s.stdin);
    s.stdin.write("hello\n");
    await sleep(300);
    s.stdin.write("\x04"); // ^D: the terminal's end of file ends cat
    const [out, code] = await Promise.all([output, s.exit]);
    // The container's pty is cooked: "\n" → "\r\n", input echoed (once: script's pty is raw).
    assert.equal(out.toString(), "winch\r\ntty 33 101\r\nhello\r\nhello\r\n");
    assert.equal(code, 0);
  });

  void it("exec with a tty propagates the exit code and close() leaves no script, crun or process behind", async () => {
    const id = await forever(await sandbox());
    const quick = await rt.execStream(id, ["sh", "-c", "exit 5"], { stdin: false, tty: true });
    quick.stdout.resume();
    assert.equal(await quick.exit, 5);
    const s = await rt.execStream(id, ["sh", "-c", "sleep 6666"], { stdin: true, tty: true });
    s.stdout.resume();
    for (let i = 0; i < 100 && !(await rt.exec(id, ["ps", "-o", "args"])).output.includes("sleep 6666"); i++) await sleep(20);
    s.close();
    await s.exit;
    assert.doesNotMatch((await rt.exec(id, ["ps", "-o", "args"])).output, /sleep 6666/);
    assert.deepEqual(await processesMentioning(`${dir}/containers/${id}/exec-`), []); // script, crun exec
  });

  void it("attach: output from now on (partial lines whole, stderr apart), then the container's exit code", async () => {
    const sb = await sandbox();
    const id = await start(sb, "echo before; while [ ! -f /tmp/go ]; do sleep 0.05; done; printf 'partial'; sleep 0.2; echo ' done'; echo oops >&2; exit 4");
    for (let i = 0; i < 200 && !(await logText(id)).includes("before"); i++) await sleep(20);
    const s = await rt.attach(id, { stdin: true, tty: false });
    assert.equal(s.stdin, null); // created without stdin
    const partial = waitForText(s.stdout, "partial");
    await rt.exec(id, ["touch", "/tmp/go"]);
    assert.equal(await partial, "partial"); // before the line is complete
    const [err, code] = await Promise.all([collect(s.stderr), s.exit]);
    assert.deepEqual([err.toString(), code], ["oops\n", 4]);
  });

  void it("attach with stdin (stdinOnce): input reaches the container, its end is the container's EOF", async () => {
    const sb = await sandbox();
    const id = await start(sb, programScript({ kind: "echoStdin" }), { stdin: true, stdinOnce: true });
    const s = await rt.attach(id, { stdin: true, tty: true });
    assert.ok(s.stdin);
    assert.equal(s.stderr, null);
    const out = collect(s.stdout);
    s.stdin.write("one\n");
    s.stdin.end("two\n");
    assert.equal(await s.exit, 0);
    assert.equal((await out).toString(), "got: one\ngot: two\n");
    assert.deepEqual(await processesMentioning(`${id.slice(0, 12)}/attach`), []);
  });

  void it("attach close() detaches: exit is null, the bridge is gone, the container runs on", async () => {
    const sb = await sandbox();
    const id = await start(sb, programScript({ kind: "echoStdin" }), { stdin: true, stdinOnce: false });
    const s = await rt.attach(id, { stdin: true, tty: false });
    const out = waitForText(s.stdout, "got: x");
    s.stdin?.write("x\n");
    await out;
    s.close();
    assert.equal(await s.exit, null);
    assert.deepEqual(await processesMentioning(`${id.slice(0, 12)}/attach`), []);
    assert.equal((await rt.containerStatus(id)).state, "running");
    // stdinOnce false: a second attach still writes the same stdin.
    const again = await rt.attach(id, { stdin: true, tty: false });
    const out2 = waitForText(again.stdout, "got: y");
    again.stdin?.write("y\n");
    await out2;
    again.close();
  });

  void it("attach and exec reject NotFound and NotRunning", async () => {
    const sb = await sandbox();
    const id = await start(sb, "exit 0");
    for (let i = 0; i < 200 && (await rt.containerStatus(id)).state !== "exited"; i++) await sleep(20);
    for (const p of [rt.attach(id, { stdin: false, tty: false }), rt.execStream(id, ["true"], { stdin: false, tty: false })]) {
      await assert.rejects(p, (e: unknown) => e instanceof RuntimeError && e.code === "NotRunning");
    }
    await assert.rejects(rt.attach("nope", { stdin: false, tty: false }), (e: unknown) => e instanceof RuntimeError && e.code === "NotFound");
    assert.equal(await rt.containerStats(id), undefined);
  });

  void it("dialPort: 10 MB through an echo server come back intact; a closed port is Go's tcp4 refusal", async () => {
    const sb = await sandbox();
    const server = await start(sb, programScript({ kind: "echoServer", port: 7070 }));
    let conn;
    for (let i = 0; i < 200 && !conn; i++) conn = await rt.dialPort(sb, 7070).catch(async () => { await sleep(20); return undefined; });
    assert.ok(conn);
    // nc answers only after its `cat` started: the dial succeeded; wait for an echo before timing.
    const payload = randomBytes(10 * 1024 * 1024);
    const started = performance.now();
    const back = collect(conn);
    conn.end(payload);
    const echoed = await back;
    const mbps = payload.length / 1024 / 1024 / ((performance.now() - started) / 1000);
    console.log(`# dialPort echo round trip: ${mbps.toFixed(0)} MB/s (10 MB each way)`);
    assert.equal(echoed.length, payload.length);
    assert.ok(echoed.equals(payload));
    await assert.rejects(rt.dialPort(sb, 9), (e: unknown) =>
      e instanceof RuntimeError && e.code === "Network" && e.message === "dial tcp4 127.0.0.1:9: connect: connection refused");
    assert.ok(server);
  });

  void it("dialPort: destroying the Duplex closes the connection inside the pod", async () => {
    const sb = await sandbox();
    const server = await start(sb, programScript({ kind: "echoServer", port: 7071 }));
    let conn;
    for (let i = 0; i < 200 && !conn; i++) conn = await rt.dialPort(sb, 7071).catch(async () => { await sleep(20); return undefined; });
    assert.ok(conn);
    const echoed = waitForText(conn, "ping");
    conn.write("ping");
    await echoed;
    const established = async (): Promise<number> =>
      (await rt.exec(server, ["sh", "-c", "netstat -tn | grep -c ESTABLISHED"])).output.trim() === "0" ? 0 : 1;
    assert.equal(await established(), 1);
    conn.destroy();
    for (let i = 0; i < 100 && (await established()) !== 0; i++) await sleep(20);
    assert.equal(await established(), 0);
    await assert.rejects(rt.dialPort("no-such-sandbox", 80), (e: unknown) => e instanceof RuntimeError && e.code === "NotFound");
  });

  void it("containerStats reads the container's cgroup (a busy loop up to one core, held memory in the working set); nodeStats the root", async () => {
    const sb = await sandbox();
    const burner = await start(sb, programScript({ kind: "burnCpu" }));
    const holder = await start(sb, programScript({ kind: "holdMemory", megabytes: 64 }));
    await sleep(1000);
    const a = await rt.containerStats(burner);
    await sleep(500);
    const b = await rt.containerStats(burner);
    assert.ok(a && b);
    const cores = (b.cpuUsageNanoSeconds - a.cpuUsageNanoSeconds) / ((b.timestamp - a.timestamp) * 1e6);
    // One thread: at most one core; well above idle even on a loaded 2-CPU machine (units: ns/ns).
    assert.ok(cores > 0.1 && cores < 1.2, `busy loop used ${cores} cores`);
    const mem = await rt.containerStats(holder);
    assert.ok(mem && mem.memoryWorkingSetBytes > 60 * 1024 * 1024, `working set ${mem?.memoryWorkingSetBytes}`);
    const node = await rt.nodeStats();
    assert.ok(node.cpuUsageNanoSeconds > b.cpuUsageNanoSeconds && node.memoryWorkingSetBytes > mem.memoryWorkingSetBytes);
  });
});
