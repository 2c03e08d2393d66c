import { test } from "node:test";
import assert from "node:assert/strict";
import { makeMemoryIO } from "../lint/memory-io.ts";
import { migrateCommand } from "./migrate-command.ts";

const job = `# the nightly job
apiVersion: batch/v1
kind: Job
metadata:
  name: j
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: main
        image: busybox
      - name: proxy
        image: envoyproxy/envoy:v1.30-latest
        ports:
        - containerPort: 10000
`;
const migrated = `# the nightly job
apiVersion: batch/v1
kind: Job
metadata:
  name: j
spec:
  template:
    spec:
      restartPolicy: Never
      initContainers:
      - name: proxy
        image: envoyproxy/envoy:v1.30-latest
        restartPolicy: Always
        ports:
        - containerPort: 10000
        # pillion migrate: review this startup probe
        startupProbe:
          tcpSocket:
            port: 10000
          periodSeconds: 1
          failureThreshold: 30
      containers:
      - name: main
        image: busybox
`;

test("prints the migrated YAML on stdout and what it did on stderr", async () => {
  const io = makeMemoryIO({ "job.yaml": job });
  assert.equal(await migrateCommand(["job.yaml"], io), 0);
  assert.equal(io.out(), migrated);
  assert.equal(io.err(), 'job.yaml: Job "j": moved "proxy" to initContainers with restartPolicy: Always, added a startup probe (from its first container port; review it)\n');
  assert.equal(io.files.get("job.yaml"), job);
});

test("--write rewrites the file in place; a second run changes nothing", async () => {
  const io = makeMemoryIO({ "job.yaml": job });
  assert.equal(await migrateCommand(["--write", "job.yaml"], io), 0);
  assert.equal(io.files.get("job.yaml"), migrated);
  assert.equal(io.out(), "");
  const again = makeMemoryIO({ "job.yaml": migrated });
  assert.equal(await migrateCommand(["--check", "job.yaml"], again), 0);
});

test("--check exits 1 and names the file when something would change, and writes nothing", async () => {
  const io = makeMemoryIO({ "job.yaml": job });
  assert.equal(await migrateCommand(["--check", "job.yaml"], io), 1);
  assert.equal(io.out(), "");
  assert.equal(io.err(), "job.yaml: would migrate\n");
  assert.equal(io.files.get("job.yaml"), job);
});

test("--diff prints a unified diff", async () => {
  const io = makeMemoryIO({ "job.yaml": job });
  assert.equal(await migrateCommand(["--diff", "job.yaml"], io), 0);
  assert.match(io.out(), /^--- a\/job\.yaml\n\+\+\+ b\/job\.yaml\n@@ -7,10 \+7,18 @@\n/);
  assert.match(io.out(), /^\+      initContainers:$/m);
  assert.match(io.out(), /^-      - name: main$/m);
  assert.match(io.out(), /^\+        restartPolicy: Always$/m);
});

test("stdin in, stdout out", async () => {
  const io = makeMemoryIO({}, job);
  assert.equal(await migrateCommand(["-"], io), 0);
  assert.equal(io.out(), migrated);
});

test("flow-style YAML is left alone with a reason", async () => {
  const flow = '{"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "f"}, "spec": {"template": {"spec": {"restartPolicy": "Never", "containers": [{"name": "m", "image": "busybox"}, {"name": "p", "image": "envoyproxy/envoy"}]}}}}\n';
  const io = makeMemoryIO({ "f.yaml": flow });
  assert.equal(await migrateCommand(["f.yaml"], io), 0);
  assert.equal(io.out(), flow);
  assert.match(io.err(), /f\.yaml: Job "f": not migrated: the pod spec is not a block mapping/);
});

test("exit 2 on usage errors, parse errors, and Kubernetes 1.27", async () => {
  assert.equal(await migrateCommand([], makeMemoryIO()), 2);
  assert.equal(await migrateCommand(["--write", "--check", "x"], makeMemoryIO()), 2);
  assert.equal(await migrateCommand(["bad.yaml"], makeMemoryIO({ "bad.yaml": "a: [\n" })), 2);
  const old = makeMemoryIO({ "job.yaml": job });
  assert.equal(await migrateCommand(["--kubernetes-version", "1.27", "job.yaml"], old), 2);
  assert.match(old.err(), /Kubernetes 1\.27 has no native sidecars/);
});
