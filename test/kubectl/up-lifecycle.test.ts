// `pillion up` itself: the kubeconfig it writes (mode 0600, context "pillion", merged into
// ~/.kube/config without touching other entries), a clear failure when the port is taken,
// SIGTERM stopping it with the containers still running, and a restart on the same data dir
// resuming them — the same pod, still running, its log intact.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { test } from "node:test";
import { parse } from "yaml";
import { eventually, REPO_ROOT, skipReason, startPillionUp } from "./pillion-up.ts";

const skip = skipReason(33);

test("pillion up: kubeconfig, port in use, SIGTERM keeps containers, restart resumes", { skip, timeout: 120_000 }, async () => {
  const home = mkdtempSync("/tmp/pk-home-");
  mkdirSync(join(home, ".kube"));
  writeFileSync(join(home, ".kube", "config"), "apiVersion: v1\nkind: Config\nclusters:\n- name: other\n  cluster: {server: https://example.invalid}\nusers:\n- name: other\n  user: {token: x}\ncontexts:\n- name: other\n  context: {cluster: other, user: other}\ncurrent-context: other\n");
  let c = await startPillionUp({ extraArgs: ["--merge-kubeconfig"], env: { HOME: home } });
  try {
    assert.equal(statSync(c.kubeconfig).mode & 0o777, 0o600);
    const kc = parse(readFileSync(c.kubeconfig, "utf8")) as { "current-context": string; clusters: { cluster: { server: string } }[] };
    assert.equal(kc["current-context"], "pillion");
    assert.equal(kc.clusters[0]?.cluster.server, c.server);
    const merged = parse(readFileSync(join(home, ".kube", "config"), "utf8")) as { "current-context": string; contexts: { name: string }[] };
    assert.deepEqual(merged.contexts.map((x) => x.name), ["other", "pillion"]);
    assert.equal(merged["current-context"], "pillion");

    const port = new URL(c.server).port;
    const otherDir = mkdtempSync("/tmp/pk-");
    const second = spawnSync(join(REPO_ROOT, "bin", "pillion"), ["up", "--port", port, "--data-dir", otherDir], { encoding: "utf8", env: { ...process.env, HOME: home } });
    rmSync(otherDir, { recursive: true, force: true });
    assert.equal(second.status, 1);
    assert.match(second.stderr, new RegExp(`^error: port ${port} on 127\\.0\\.0\\.1 is in use \\(another pillion, or a Kubernetes API server\\?\\): stop it or pass --port N\\n`));

    const pod = c.file("p.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: keeper}\nspec:\n  containers:\n  - {name: main, image: busybox:1.36, command: [sh, -c, 'echo first; exec sleep 3600']}\n");
    await c.kubectl(["apply", "-f", pod]);
    await eventually("the log line", 20_000, async () => ((await c.kubectl(["logs", "keeper"])).stdout === "first\n" ? true : undefined));
    const uid = (await c.kubectl(["get", "pod", "keeper", "-o", "jsonpath={.metadata.uid}"])).stdout;

    assert.equal(await c.stop(), 0);
    assert.ok(c.runtimeProcesses().length > 0, "the container keeps running after SIGTERM");

    c = await startPillionUp({ dataDir: c.dataDir, env: { HOME: home } });
    const after = await c.kubectl(["get", "pod", "keeper", "-o", "jsonpath={.metadata.uid} {.status.phase} {.status.containerStatuses[0].restartCount}"]);
    assert.equal(after.stdout, `${uid} Running 0`);
    assert.equal((await c.kubectl(["logs", "keeper"])).stdout, "first\n");
  } finally {
    await c.destroy();
    rmSync(home, { recursive: true, force: true });
  }
});
