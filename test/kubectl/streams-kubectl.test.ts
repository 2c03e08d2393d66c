// Into the pod with the real kubectl (issue 5): port-forward (pod/, svc/ with a named target
// port, deploy/, job/; 100 concurrent connections with every byte checked; the seeds' metrics
// adapter), exec (stdin, exit codes, a killed client), cp both ways, attach, top pod/node, and
// the errors kubectl prints for a real cluster. After the suite, nothing pillion started is left.
// kubectl 1.33 speaks WebSocket first (exec) and SPDY-over-WebSocket (port-forward); the 1.32
// lanes force the SPDY fallbacks (KUBECTL_*_WEBSOCKETS=false, as kubectl documents). Needs root,
// crun, conmon and kubectl; skips otherwise.
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { eventually, REPO_ROOT, skipReason, startPillionUp, tableRows, type Cluster } from "./pillion-up.ts";

const skip = skipReason(33) ?? skipReason(32);
if (skip) process.stderr.write(`# skipping the kubectl streaming tests: ${skip}\n`);

/** One pod burns a CPU, the other holds ~100 MB in a shell variable (`& wait`: ash would exec a last plain command and drop its heap). */
const TOP_PODS = `
apiVersion: v1
kind: Pod
metadata: { name: burner }
spec:
  terminationGracePeriodSeconds: 0
  containers:
  - { name: burn, image: busybox, command: [sh, -c, "while :; do :; done"] }
---
apiVersion: v1
kind: Pod
metadata: { name: holder }
spec:
  terminationGracePeriodSeconds: 0
  containers:
  - name: hold
    image: busybox
    command: [sh, -c, "x=$(head -c 100000000 /dev/zero | tr '\\\\0' x); echo held; sleep 100000 & wait"]
`;

const PODS = `
apiVersion: v1
kind: Pod
metadata: { name: web, labels: { app: web } }
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: http
    image: busybox
    command: [sh, -c, "mkdir -p /www && head -c 65536 /dev/urandom > /www/blob && echo hello from web > /www/index.html && exec httpd -f -p 8080 -h /www"]
    ports: [{ name: http, containerPort: 8080 }]
  - name: echo
    image: pillion-test/echo-server:1.0
---
apiVersion: v1
kind: Service
metadata: { name: web }
spec:
  selector: { app: web }
  ports: [{ name: http, port: 80, targetPort: http }]
---
apiVersion: v1
kind: Pod
metadata: { name: talker }
spec:
  terminationGracePeriodSeconds: 0
  containers:
  - name: main
    image: busybox
    stdin: true
    command: [sh, -c, "echo talker up; while read l; do echo \\"got: $l\\"; done"]
`;

/** kubectl 1.32 lanes: the SPDY fallbacks only. */
const spdyOnly = (minor: number): NodeJS.ProcessEnv => (minor === 32 ? { KUBECTL_PORT_FORWARD_WEBSOCKETS: "false", KUBECTL_REMOTE_COMMAND_WEBSOCKETS: "false" } : {});

/** `kubectl port-forward` in the background; resolves once it listens on every port, with the local ports in order. */
async function portForward(c: Cluster, args: readonly string[], minor = 33): Promise<{ port: number; ports: number[]; stop: () => void; err: () => string }> {
  const pf = c.spawnKubectl(["port-forward", ...args], minor, spdyOnly(minor));
  const wanted = args.filter((a) => /^\d*:\d+$/.test(a)).length;
  const ports = await eventually(`kubectl port-forward ${args.join(" ")} to listen`, 20_000, async () => {
    const found = [...pf.out().matchAll(/Forwarding from 127\.0\.0\.1:(\d+)/g)].map((m) => Number(m[1]));
    if (found.length < wanted && pf.child.exitCode !== null) throw new Error(`kubectl port-forward exited ${pf.child.exitCode}: ${pf.err()}`);
    return found.length >= wanted ? found : undefined;
  });
  return { port: ports[0] ?? 0, ports, stop: () => pf.child.kill(), err: pf.err };
}

/** Sends payload on a fresh connection, half-closes, and returns everything read back. */
function echoThrough(port: number, payload: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const sock = connect({ host: "127.0.0.1", port });
    const chunks: Buffer[] = [];
    sock.on("data", (d: Buffer) => chunks.push(d));
    sock.on("end", () => resolve(Buffer.concat(chunks)));
    sock.on("error", reject);
    sock.end(payload);
  });
}

describe("kubectl port-forward, exec, cp, attach and top against pillion", { skip, concurrency: false }, () => {
  let c: Cluster;
  before(async () => {
    c = await startPillionUp({ extraArgs: ["--image-map", join(REPO_ROOT, "test", "kubectl", "testdata", "image-map.yaml")] });
    const r = await c.kubectl(["apply", "-f", c.file("pods.yaml", PODS)]);
    assert.equal(r.code, 0, r.stderr);
    const w = await c.kubectl(["wait", "--for=condition=Ready", "pod/web", "pod/talker", "--timeout=60s"], { timeoutMs: 70_000 });
    assert.equal(w.code, 0, w.stderr);
  });
  after(async () => {
    if (!c) return;
    try {
      await c.kubectl(["delete", "deploy,job,pods,svc", "--all", "--wait=true", "--timeout=60s"], { timeoutMs: 70_000 });
      await eventually("the pods' processes to go", 20_000, async () => (c.runtimeProcesses().length === 0 ? true : undefined));
      assert.equal(await c.stop(), 0);
      // Nothing pillion started outlives it: no conmon, container, exec, netns proxy or mount.
      assert.deepEqual(c.processesWithArg("exec"), []);
      assert.deepEqual(c.runtimeProcesses(), []);
      assert.deepEqual(c.mounts(), []);
    } finally {
      await c.destroy();
    }
  });

  for (const minor of [33, 32]) {
    test(`port-forward pod/ (kubectl 1.${minor}): two ports, an HTTP GET and 100 concurrent echo connections, every byte checked`, { timeout: 90_000 }, async () => {
      // The second "Forwarding from 127.0.0.1" line is 9000's local port.
      const pf = await portForward(c, ["pod/web", ":8080", ":9000"], minor);
      try {
        const http = pf.ports[0] ?? 0;
        const echo = pf.ports[1] ?? 0;
        const res = await fetch(`http://127.0.0.1:${http}/index.html`);
        assert.equal(res.status, 200);
        assert.equal(await res.text(), "hello from web\n");
        const blob = Buffer.from(await (await fetch(`http://127.0.0.1:${http}/blob`)).arrayBuffer());
        const inPod = await c.kubectl(["exec", "web", "-c", "http", "--", "md5sum", "/www/blob"]);
        assert.equal(inPod.stdout.split(" ")[0], createHash("md5").update(blob).digest("hex"));
        const payloads = Array.from({ length: 100 }, (_, i) => Buffer.concat([Buffer.from(`conn ${i}:`), randomBytes(20_000 + i * 97)]));
        const answers = await Promise.all(payloads.map((p) => echoThrough(echo, p)));
        answers.forEach((a, i) => assert.ok(a.equals(payloads[i] ?? Buffer.alloc(0)), `connection ${i}: ${a.length} bytes back of ${payloads[i]?.length}`));
      } finally {
        pf.stop();
      }
    });
  }

  test("port-forward svc/ resolves a named targetPort; a port nothing listens on is kubectl's error", { timeout: 60_000 }, async () => {
    const pf = await portForward(c, ["svc/web", ":80"]);
    try {
      const res = await fetch(`http://127.0.0.1:${pf.port}/index.html`);
      assert.equal(await res.text(), "hello from web\n");
    } finally {
      pf.stop();
    }
    const closed = await portForward(c, ["pod/web", ":7777"]);
    try {
      await assert.rejects(fetch(`http://127.0.0.1:${closed.port}/`));
      const msg = await eventually("the forwarding error", 10_000, async () => (/an error occurred forwarding \d+ -> 7777/.test(closed.err()) ? closed.err() : undefined));
      // klog quotes the error: its own quotes come escaped.
      assert.match(msg, /error forwarding port 7777 to pod [0-9a-f]{64}, uid : failed to connect to localhost:7777 inside namespace \\"[0-9a-f]{64}\\", IPv4: dial tcp4 127\.0\.0\.1:7777: connect: connection refused/);
    } finally {
      closed.stop();
    }
  });

  test("port-forward deploy/ to the seeds' metrics adapter: its Prometheus metrics", { timeout: 90_000 }, async () => {
    const r = await c.kubectl(["apply", "-f", join(REPO_ROOT, "examples", "batch-adapter", "deployment-native-sidecar.yaml")]);
    assert.equal(r.code, 0, r.stderr);
    const w = await c.kubectl(["rollout", "status", "deploy/native-sidecar-demo", "--timeout=60s"], { timeoutMs: 70_000 });
    assert.equal(w.code, 0, w.stderr);
    for (const target of ["svc/native-sidecar-demo", "deploy/native-sidecar-demo"]) {
      const pf = await portForward(c, [target, ":9889"]);
      try {
        const body = await (await fetch(`http://127.0.0.1:${pf.port}/metrics`)).text();
        assert.match(body, /^# HELP batch_job_items_processed Total items processed$/m);
        assert.match(body, /^batch_job_items_processed \d+$/m);
      } finally {
        pf.stop();
      }
    }
  });

  for (const minor of [33, 32]) {
    test(`exec (kubectl 1.${minor}): stdin through cat, stderr, a non-zero exit code`, { timeout: 60_000 }, async () => {
      const cat = await c.kubectl(["exec", "-i", "web", "-c", "http", "--", "cat"], { minor, env: spdyOnly(minor), stdin: "line one\nline two\n" });
      assert.deepEqual(cat, { code: 0, stdout: "line one\nline two\n", stderr: "" });
      const fail = await c.kubectl(["exec", "web", "-c", "http", "--", "sh", "-c", "echo out; echo err >&2; exit 3"], { minor });
      assert.deepEqual(fail, { code: 3, stdout: "out\n", stderr: "err\ncommand terminated with exit code 3\n" });
    });
  }

  test("exec: a killed kubectl kills the command in the container", { timeout: 60_000 }, async () => {
    const ex = c.spawnKubectl(["exec", "web", "-c", "http", "--", "sleep", "4242"]);
    await eventually("sleep 4242 in the container", 10_000, async () => {
      const ps = await c.kubectl(["exec", "web", "-c", "http", "--", "ps"]);
      return ps.stdout.includes("sleep 4242") ? true : undefined;
    });
    ex.child.kill("SIGKILL");
    await eventually("sleep 4242 to be killed", 10_000, async () => {
      const ps = await c.kubectl(["exec", "web", "-c", "http", "--", "ps"]);
      return ps.stdout.includes("sleep 4242") ? undefined : true;
    });
    assert.deepEqual(c.processesWithArg("exec").filter((p) => !p.includes(" ps")), []);
  });

  test("exec errors: no such pod, no such container, a completed pod", { timeout: 60_000 }, async () => {
    const nopod = await c.kubectl(["exec", "nope", "--", "true"]);
    assert.deepEqual(nopod, { code: 1, stdout: "", stderr: 'Error from server (NotFound): pods "nope" not found\n' });
    const noctr = await c.kubectl(["exec", "web", "-c", "nope", "--", "true"]);
    assert.equal(noctr.code, 1);
    assert.match(noctr.stderr, /container nope is not valid for pod web|container nope not found in pod web/);
    const job = await c.kubectl(["create", "-f", c.file("done.yaml", "apiVersion: v1\nkind: Pod\nmetadata: { name: done }\nspec:\n  restartPolicy: Never\n  containers: [{ name: main, image: busybox, command: [\"true\"] }]\n")]);
    assert.equal(job.code, 0, job.stderr);
    await eventually("pod done to succeed", 30_000, async () => ((await c.kubectl(["get", "pod", "done", "-o", "jsonpath={.status.phase}"])).stdout === "Succeeded" ? true : undefined));
    const done = await c.kubectl(["exec", "done", "--", "true"]);
    assert.deepEqual(done, { code: 1, stdout: "", stderr: "error: cannot exec into a container in a completed pod; current phase is Succeeded\n" });
  });

  test("cp: a binary file into the pod and back out, byte for byte", { timeout: 60_000 }, async () => {
    const data = randomBytes(300_000);
    const local = c.file("blob.bin", "");
    writeFileSync(local, data);
    const into = await c.kubectl(["cp", local, "web:/tmp/blob.bin", "-c", "http"]);
    assert.equal(into.code, 0, into.stderr);
    const size = await c.kubectl(["exec", "web", "-c", "http", "--", "wc", "-c", "/tmp/blob.bin"]);
    assert.equal(size.stdout.trim().split(/\s+/)[0], String(data.length));
    const back = join(c.dataDir, "blob-back.bin");
    const out = await c.kubectl(["cp", "web:/tmp/blob.bin", back, "-c", "http"]);
    assert.equal(out.code, 0, out.stderr);
    assert.ok(readFileSync(back).equals(data), "the file came back changed");
  });

  test("attach: the container's output from now on, and its stdin", { timeout: 60_000 }, async () => {
    const at = c.spawnKubectl(["attach", "-i", "talker"], 33, {}, "pipe");
    try {
      // kubectl reads its stdin once attached: the line waits in the pipe until then.
      at.child.stdin?.write("hello there\n");
      await eventually("the container's answer", 10_000, async () => (at.out().includes("got: hello there\n") ? true : undefined));
      assert.doesNotMatch(at.out(), /talker up/, "attach shows only output from now on");
    } finally {
      at.child.kill();
    }
  });

  test("top pod --containers and top node: the burner's CPU and the holder's memory", { timeout: 90_000 }, async () => {
    const applied = await c.kubectl(["apply", "-f", c.file("top.yaml", TOP_PODS)]);
    assert.equal(applied.code, 0, applied.stderr);
    await eventually("the holder to hold its memory", 30_000, async () => ((await c.kubectl(["logs", "holder"])).stdout.includes("held") ? true : undefined));
    const rows = await eventually("metrics for burner and holder", 40_000, async () => {
      const r = await c.kubectl(["top", "pod", "--containers"]);
      const t = tableRows(r.stdout);
      return t.some((row) => row[0] === "burner") && t.some((row) => row[0] === "holder") ? t : undefined;
    });
    assert.deepEqual(rows[0], ["POD", "NAME", "CPU(cores)", "MEMORY(bytes)"]);
    const burn = rows.find((row) => row[0] === "burner");
    const hold = rows.find((row) => row[0] === "holder");
    assert.ok(burn && hold);
    assert.ok(Number(/^(\d+)m$/.exec(burn[2] ?? "")?.[1] ?? 0) >= 500, `burner CPU ${burn[2]}`);
    assert.ok(Number(/^(\d+)Mi$/.exec(hold[3] ?? "")?.[1] ?? 0) >= 80, `holder memory ${hold[3]}`);
    const pods = tableRows((await c.kubectl(["top", "pod"])).stdout);
    assert.deepEqual(pods[0], ["NAME", "CPU(cores)", "MEMORY(bytes)"]);
    const node = tableRows((await c.kubectl(["top", "node"])).stdout);
    assert.deepEqual(node[0], ["NAME", "CPU(cores)", "CPU(%)", "MEMORY(bytes)", "MEMORY(%)"]);
    assert.match(node[1]?.[2] ?? "", /^\d+%$/);
    assert.match(node[1]?.[4] ?? "", /^\d+%$/);
    await c.kubectl(["delete", "pod", "burner", "holder", "--wait=false"]);
  });
});
