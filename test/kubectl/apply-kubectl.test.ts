// kubectl 1.33's write paths against `pillion up`: client-side apply (create, unchanged, an
// image change patched in place with strategic merge patch), server-side apply, and the error
// texts kubectl prints for an invalid object, an unknown field under --validate=strict, a
// missing object, a bad container name and a wrong token — each as Kubernetes prints it.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { eventually, skipReason, startPillionUp, type Cluster } from "./pillion-up.ts";

const skip = skipReason(33);

const pod = (image: string): string => `apiVersion: v1
kind: Pod
metadata:
  name: web
  labels: {app: web}
spec:
  containers:
  - name: main
    image: ${image}
    command: ["sh", "-c", "echo hello from web; exec sleep 3600"]
  - name: side
    image: busybox:1.36
    command: ["sh", "-c", "exec sleep 3600"]
`;

describe("kubectl 1.33 apply and errors", { skip }, () => {
  let c: Cluster;
  before(async () => { c = await startPillionUp(); });
  after(async () => { await c.destroy(); });

  test("apply twice with an image change updates the pod in place; unchanged when nothing changed", { timeout: 60_000 }, async () => {
    const v1 = c.file("web-v1.yaml", pod("busybox:1.36"));
    assert.deepEqual(await c.kubectl(["apply", "-f", v1]), { code: 0, stdout: "pod/web created\n", stderr: "" });
    const uid = (await c.kubectl(["get", "pod", "web", "-o", "jsonpath={.metadata.uid}"])).stdout;
    assert.deepEqual(await c.kubectl(["apply", "-f", v1]), { code: 0, stdout: "pod/web unchanged\n", stderr: "" });
    const v2 = c.file("web-v2.yaml", pod("busybox:1.37"));
    assert.deepEqual(await c.kubectl(["apply", "-f", v2]), { code: 0, stdout: "pod/web configured\n", stderr: "" });
    const after2 = await c.kubectl(["get", "pod", "web", "-o", "jsonpath={.metadata.uid} {.spec.containers[0].image} {.spec.containers[0].command[2]} {.spec.containers[1].name}"]);
    assert.equal(after2.stdout, `${uid} busybox:1.37 echo hello from web; exec sleep 3600 side`);
  });

  test("apply --server-side", { timeout: 30_000 }, async () => {
    const cm = c.file("cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ssa\ndata:\n  a: \"1\"\n");
    assert.deepEqual(await c.kubectl(["apply", "--server-side", "-f", cm]), { code: 0, stdout: "configmap/ssa serverside-applied\n", stderr: "" });
    const cm2 = c.file("cm2.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ssa\ndata:\n  a: \"2\"\n");
    assert.deepEqual(await c.kubectl(["apply", "--server-side", "-f", cm2]), { code: 0, stdout: "configmap/ssa serverside-applied\n", stderr: "" });
    assert.equal((await c.kubectl(["get", "cm", "ssa", "-o", "jsonpath={.data.a}"])).stdout, "2");
  });

  test("an invalid pod: kubectl prints `The Pod \"x\" is invalid: ...` exactly", { timeout: 30_000 }, async () => {
    const bad = c.file("bad.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: bad\nspec:\n  containers:\n  - name: main\n    image: busybox:1.36\n    restartPolicy: Never\n");
    const r = await c.kubectl(["apply", "-f", bad]);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, 'The Pod "bad" is invalid: spec.containers[0].restartPolicy: Forbidden: may not be set for non-init containers\n');
  });

  test("--validate=strict (the default) rejects an unknown field on the server, as a real one does", { timeout: 30_000 }, async () => {
    const unk = c.file("unknown.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: unk\nspec:\n  foo: bar\n  containers:\n  - name: main\n    image: busybox:1.36\n");
    const r = await c.kubectl(["apply", "--validate=strict", "-f", unk]);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, `Error from server (BadRequest): error when creating "${unk}": Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.foo"\n`);
    const warn = await c.kubectl(["create", "--validate=warn", "-f", unk]);
    assert.deepEqual(warn, { code: 0, stdout: "pod/unk created\n", stderr: 'Warning: unknown field "spec.foo"\n' });
  });

  test("not found, a missing container name, an unknown container", { timeout: 30_000 }, async () => {
    assert.deepEqual(await c.kubectl(["get", "pod", "nope"]), { code: 1, stdout: "", stderr: 'Error from server (NotFound): pods "nope" not found\n' });
    assert.deepEqual(await c.kubectl(["get", "jobs", "nope"]), { code: 1, stdout: "", stderr: 'Error from server (NotFound): jobs.batch "nope" not found\n' });
    await c.kubectl(["apply", "-f", c.file("web-v1.yaml", pod("busybox:1.36"))]);
    await eventually("web running", 20_000, async () => ((await c.kubectl(["get", "pod", "web", "-o", "jsonpath={.status.phase}"])).stdout === "Running" ? true : undefined));
    const logs = await eventually("web's log", 10_000, async () => {
      const r = await c.kubectl(["logs", "web", "-c", "main"]);
      return r.stdout ? r : undefined;
    });
    assert.equal(logs.stdout, "hello from web\n");
    const def = await c.kubectl(["logs", "web"]);
    assert.equal(def.stderr, 'Defaulted container "main" out of: main, side\n');
    const raw = await c.kubectl(["get", "--raw", "/api/v1/namespaces/default/pods/web/log"]);
    assert.equal(raw.stderr, "Error from server (BadRequest): a container name must be specified for pod web, choose one of: [main side]\n");
  });

  test("a wrong token: You must be logged in to the server (Unauthorized)", { timeout: 30_000 }, async () => {
    const r = await c.kubectl(["get", "pods", "--token", "wrong"]);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, "error: You must be logged in to the server (Unauthorized)\n");
  });
});
