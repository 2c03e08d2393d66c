// The basics with kubectl 1.32 (the version spec/kubectl-protocol.md was observed with):
// version, discovery, apply, get (table, -A, --show-labels, jsonpath), logs, delete.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { eventually, skipReason, startPillionUp, tableRows, type Cluster } from "./pillion-up.ts";

const skip = skipReason(32);

describe("kubectl 1.32 basics", { skip }, () => {
  let c: Cluster;
  before(async () => { c = await startPillionUp({ extraArgs: ["--kubernetes-version", "1.32"] }); });
  after(async () => { await c.destroy(); });

  test("version, apply, get, logs, delete", { timeout: 60_000 }, async () => {
    const k = (args: string[]): ReturnType<Cluster["kubectl"]> => c.kubectl(args, { minor: 32 });
    const v = await k(["version"]);
    assert.match(v.stdout, /^Client Version: v1\.32\.\d+\nKustomize Version: v[\d.]+\nServer Version: v1\.32\.0\n$/);
    const ar = await k(["api-resources", "--api-group=batch", "-o", "name"]);
    assert.equal(ar.stdout, "cronjobs.batch\njobs.batch\n");
    const pod = c.file("p.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: hello, labels: {app: hello}}\nspec:\n  restartPolicy: Never\n  containers:\n  - {name: main, image: busybox:1.36, command: [echo, hi]}\n");
    assert.deepEqual(await k(["apply", "-f", pod]), { code: 0, stdout: "pod/hello created\n", stderr: "" });
    await eventually("the pod to complete", 20_000, async () => ((await k(["get", "pod", "hello", "-o", "jsonpath={.status.phase}"])).stdout === "Succeeded" ? true : undefined));
    const rows = tableRows((await k(["get", "pods", "-A", "--show-labels"])).stdout);
    assert.deepEqual(rows[0], ["NAMESPACE", "NAME", "READY", "STATUS", "RESTARTS", "AGE", "LABELS"]);
    assert.deepEqual([rows[1]?.[0], rows[1]?.[1], rows[1]?.[2], rows[1]?.[3], rows[1]?.[6]], ["default", "hello", "0/1", "Completed", "app=hello"]);
    assert.equal((await k(["logs", "hello"])).stdout, "hi\n");
    assert.deepEqual(await k(["delete", "-f", pod]), { code: 0, stdout: 'pod "hello" deleted\n', stderr: "" });
  });
});
