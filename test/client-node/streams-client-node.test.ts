// @kubernetes/client-node's Exec and PortForward against a real `pillion up` (issue 5). Both
// speak the kubelet's WebSocket channel protocols (spec §15), not kubectl's: Exec offers
// v5..channel.k8s.io and reads the Status from channel 3; PortForward is the v4 channel
// port-forward protocol (a 2-byte port prefix on each channel first). Needs root, crun, conmon.
import assert from "node:assert/strict";
import { createServer, type AddressInfo } from "node:net";
import { PassThrough, Readable } from "node:stream";
import { after, before, test } from "node:test";
import { Exec, KubeConfig, PortForward, type V1Status } from "@kubernetes/client-node";
import { skipReason, startPillionUp, type Cluster } from "../kubectl/pillion-up.ts";

const skip = skipReason(33);
let cluster: Cluster;
let kc: KubeConfig;

const POD = `
apiVersion: v1
kind: Pod
metadata: { name: web }
spec:
  terminationGracePeriodSeconds: 0
  containers:
  - name: main
    image: busybox
    command: [sh, -c, "mkdir -p /www && echo hello from web > /www/index.html && exec httpd -f -p 8080 -h /www"]
`;

before(async () => {
  if (skip) return;
  cluster = await startPillionUp();
  kc = new KubeConfig();
  kc.loadFromFile(cluster.kubeconfig);
  const r = await cluster.kubectl(["apply", "-f", cluster.file("web.yaml", POD)]);
  assert.equal(r.code, 0, r.stderr);
  const w = await cluster.kubectl(["wait", "--for=condition=Ready", "pod/web", "--timeout=60s"], { timeoutMs: 70_000 });
  assert.equal(w.code, 0, w.stderr);
});
after(async () => { if (!skip) await cluster.destroy(); });

/** Runs a command through client-node's Exec; resolves with its output and the final Status. */
function execIn(command: string[], stdin?: string): Promise<{ stdout: string; stderr: string; status: V1Status }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.setEncoding("utf8").on("data", (s: string) => { out += s; });
  stderr.setEncoding("utf8").on("data", (s: string) => { err += s; });
  return new Promise((resolve, reject) => {
    new Exec(kc).exec("default", "web", "main", command, stdout, stderr, stdin === undefined ? null : Readable.from([Buffer.from(stdin)]), false,
      (status) => resolve({ stdout: out, stderr: err, status })).catch(reject);
  });
}

test("Exec: output, stdin and the exit code in the Status", { skip, timeout: 60_000 }, async () => {
  const ok = await execIn(["sh", "-c", "echo out; echo err >&2"]);
  assert.deepEqual([ok.stdout, ok.stderr, ok.status.status], ["out\n", "err\n", "Success"]);
  const cat = await execIn(["cat"], "through stdin\n");
  assert.equal(cat.stdout, "through stdin\n");
  const failed = await execIn(["sh", "-c", "exit 7"]);
  assert.equal(failed.status.status, "Failure");
  assert.equal(failed.status.reason, "NonZeroExitCode");
  assert.deepEqual(failed.status.details?.causes, [{ reason: "ExitCode", message: "7" }]);
});

test("PortForward: an HTTP GET through a local server, as client-node's README shows", { skip, timeout: 60_000 }, async () => {
  const forward = new PortForward(kc);
  const server = createServer((socket) => { void forward.portForward("default", "web", [8080], socket, null, socket); });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    const port = (server.address() as AddressInfo).port;
    const res = await fetch(`http://127.0.0.1:${port}/index.html`, { headers: { connection: "close" } });
    assert.equal(await res.text(), "hello from web\n");
  } finally {
    server.close();
  }
});
