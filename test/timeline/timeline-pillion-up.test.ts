// End to end: `pillion up`, the seeds' native-sidecar Job applied with the real kubectl 1.33,
// then `pillion timeline job/batch-job-native` reading it back over HTTPS with the kubeconfig's
// CA and token: the text shows the seeds' order, and the HTML chart shows the lanes in Chromium.
// Needs root, crun, conmon and kubectl 1.33 (and chromium for the chart); skips otherwise.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { REPO_ROOT, SEEDS, skipReason, startPillionUp, type Cluster } from "../kubectl/pillion-up.ts";
import { assertLanes, chromiumSkipReason, screenshot } from "./chromium-screenshot.ts";

const skip = skipReason(33);
if (skip) process.stderr.write(`# skipping the timeline end-to-end test: ${skip}\n`);

function pillion(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(join(REPO_ROOT, "bin", "pillion"), args, { timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === "number" ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

describe("pillion timeline against pillion up", { skip }, () => {
  let c: Cluster;
  before(async () => {
    c = await startPillionUp();
    const apply = await c.kubectl(["apply", "-f", join(SEEDS, "job-native-sidecar.yaml")]);
    assert.equal(apply.code, 0, apply.stderr);
    const wait = await c.kubectl(["wait", "--for=condition=complete", "job/batch-job-native", "--timeout=90s"], { timeoutMs: 100_000 });
    assert.equal(wait.code, 0, wait.stderr);
  }, { timeout: 150_000 });
  after(async () => { await c.destroy(); });

  test("the text timeline gives the seeds' order", { timeout: 60_000 }, async () => {
    const r = await pillion(["timeline", "job/batch-job-native", "--kubeconfig", c.kubeconfig]);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trim().split("\n");
    assert.match(lines[0] ?? "", /^pod\/batch-job-native-[a-z0-9]{5} {2}default {2}Succeeded$/);
    const wanted = [
      /sidecar +started$/,
      /≈\+[\d.]+s +sidecar +startup probe passed$/,
      /main +started$/,
      /main +exited 0 \(Completed\)$/,
      /sidecar +stop signal sent \(Killing: Stopping container sidecar\)$/,
      // Kubernetes' timestamps are whole seconds: a 30 s grace can read 31 s between them.
      /sidecar +exited 137 \(SIGKILL after 3[01]s grace\)$/,
      /job\/batch-job-native +Complete$/,
    ];
    const positions = wanted.map((re) => lines.findIndex((l) => re.test(l)));
    assert.ok(positions.every((p) => p > 0), `every step is there:\n${r.stdout}`);
    assert.deepEqual([...positions].sort((a, b) => a - b), positions, `in the seeds' order:\n${r.stdout}`);
  });

  test("the HTML chart shows the sidecar lane above the main lane", { timeout: 120_000, skip: chromiumSkipReason() }, async () => {
    const file = join(c.dataDir, "timeline.html");
    const r = await pillion(["timeline", "job/batch-job-native", "--kubeconfig", c.kubeconfig, "-o", "html", "--output-file", file]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(readFileSync(file, "utf8"), /<title>job\/batch-job-native \(namespace default\)<\/title>/);
    assertLanes(await screenshot(file));
  });

  test("an unknown pod is the server's NotFound, exit 1", async () => {
    const r = await pillion(["timeline", "nope", "--kubeconfig", c.kubeconfig]);
    assert.deepEqual(r, { code: 1, stdout: "", stderr: 'error: pods "nope" not found\n' });
  });
});
