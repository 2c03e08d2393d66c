import { test } from "node:test";
import assert from "node:assert/strict";
import type { ContainerStatus, Pod } from "../../api/core.ts";
import type { KubeObject } from "../../api/meta.ts";
import { JobController } from "../../controllers/job/job-controller.ts";
import { makeTestClient, type TestClient } from "../../controllers/job/make-test-client.ts";
import { MemoryJournal, type JournalKind } from "../../kubelet/journal.ts";
import { rfc3339 } from "../../machinery/clock.ts";
import { FakeClock } from "../../machinery/fake-clock.ts";
import { FakeLogSource } from "./fake-log-source.ts";
import { runCommand } from "./run-command.ts";
import type { RunStack } from "./run-stack.ts";

function setup(files: Record<string, string>) {
  const clock = new FakeClock();
  const tc = makeTestClient(clock);
  const logs = new FakeLogSource(() => clock.now());
  const journal = new MemoryJournal();
  const stack: RunStack = {
    client: tc.client, logs, journal, clock,
    prepare: (obj: KubeObject) => { tc.client.registryFor(obj.apiVersion, obj.kind)?.prepare(obj); },
  };
  const out: string[] = [], err: string[] = [];
  const io = {
    stdout: { write: (s: string) => { out.push(s); } },
    stderr: { write: (s: string) => { err.push(s); } },
    stdin: (async function* () { /* empty */ })(),
    readFile: async (p: string) => {
      const f = files[p];
      if (f === undefined) throw new Error("ENOENT");
      return f;
    },
  };
  return { clock, tc, logs, journal, stack, io, stdout: () => out.join(""), stderr: () => err.join("") };
}

const jobYaml = (name: string, containers: string, extra = "") => `apiVersion: batch/v1
kind: Job
metadata:
  name: ${name}
spec:
  backoffLimit: 0${extra}
  template:
    spec:
      restartPolicy: Never
      containers:
${containers}`;

const container = (name: string) => `      - name: ${name}\n        image: busybox:1.36\n        command: ["sh", "-c", "echo hi"]\n`;

async function storedCount(tc: TestClient): Promise<number> {
  return (await tc.client.pods.list()).items.length + (await tc.client.jobs.list()).items.length;
}

void test("invalid input exits 2 with kubectl's message and creates nothing", async () => {
  const bad = jobYaml("bad", container("main")).replace("restartPolicy: Never", "restartPolicy: Always");
  const pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: ok\nspec:\n  restartPolicy: Never\n  containers:\n  - name: c\n    image: busybox\n";
  const s = setup({ "run.yaml": `${pod}---\n${bad}` });
  assert.equal(await runCommand(["run.yaml"], s.io, s.stack), 2);
  assert.equal(s.stderr(), 'The Job "bad" is invalid: spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"\n');
  assert.equal(s.stdout(), "");
  assert.equal(await storedCount(s.tc), 0);
});

void test("input errors exit 2 before anything is created", async () => {
  const cases: { name: string; text: string; stderr: string }[] = [
    {
      name: "a kind pillion run cannot run",
      text: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n",
      stderr: 'error: in.yaml: pillion run cannot run kind "Deployment" (apps/v1) yet; it runs Pods (v1) and Jobs (batch/v1), and creates Namespaces\n',
    },
    {
      name: "malformed YAML names the file and the line",
      text: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: [x\n",
      stderr: "error: error parsing in.yaml: error converting YAML to JSON: yaml: line 5: Flow sequence in block collection must be sufficiently indented and end with a ]\n",
    },
    {
      name: "apiVersion and kind missing",
      text: "metadata:\n  name: x\n",
      stderr: 'error: error validating "in.yaml": error validating data: [apiVersion not set, kind not set]\n',
    },
    {
      name: "a document that is not an object",
      text: "- a\n- b\n",
      stderr: 'error: unable to decode "in.yaml": json: cannot unmarshal array into Go value of type map[string]interface {}\n',
    },
    {
      name: "a Job with an unknown completionMode is invalid",
      text: jobYaml("idx", container("main"), "\n  completionMode: Sparse\n  completions: 2"),
      stderr: 'The Job "idx" is invalid: spec.completionMode: Unsupported value: "Sparse": supported values: "NonIndexed", "Indexed"\n',
    },
  ];
  for (const c of cases) {
    const s = setup({ "in.yaml": c.text });
    assert.equal(await runCommand(["-f", "in.yaml"], s.io, s.stack), 2, c.name);
    assert.equal(s.stderr(), c.stderr, c.name);
    assert.equal(await storedCount(s.tc), 0, c.name);
  }
  const missing = setup({});
  assert.equal(await runCommand(["nope.yaml"], missing.io, missing.stack), 2);
  assert.equal(missing.stderr(), 'error: the path "nope.yaml" does not exist\n');
  const flag = setup({});
  assert.equal(await runCommand(["--timeout", "5x", "a.yaml"], flag.io, flag.stack), 2);
  assert.match(flag.stderr(), /^error: invalid argument "5x" for "--timeout" flag: time: unknown unit "x" in duration "5x"\n/);
});

function cs(name: string, state: ContainerStatus["state"]): ContainerStatus {
  return { name, state, lastState: {}, ready: false, restartCount: 0, image: "busybox:1.36", imageID: "", started: !!state.running };
}

/** Waits (on microtasks) until the Job controller has created the Job's pod. */
async function podOf(s: ReturnType<typeof setup>, job: string): Promise<Pod> {
  for (let i = 0; i < 50; i++) {
    const pod = (await s.tc.client.pods.list()).items.find((p) => p.metadata.labels?.["job-name"] === job);
    if (pod) return pod;
    await s.clock.step(0);
  }
  throw new Error(`no pod for ${job}`);
}

function journal(s: ReturnType<typeof setup>, pod: Pod, container: string, kind: JournalKind, extra: { exitCode?: number; detail?: string } = {}): void {
  s.journal.record({ time: s.clock.now(), namespace: "default", pod: pod.metadata.name ?? "", podUid: pod.metadata.uid ?? "", container, kind, ...extra });
}

void test("a Job that completes exits 0, streams its output and prints the tables and the timeline", async () => {
  const s = setup({ "job.yaml": jobYaml("hello", container("main")) });
  const controller = new JobController({ client: s.tc.client, clock: s.clock });
  controller.start();
  const result = runCommand(["job.yaml", "--timeout=1m"], s.io, s.stack);
  const pod = await podOf(s, "hello");
  const name = pod.metadata.name ?? "";
  journal(s, pod, "main", "Created");
  s.logs.start("default", name, "main", pod.metadata.uid);
  journal(s, pod, "main", "Started");
  await s.clock.step(1500);
  s.logs.write("default", name, "main", "Processing... ", "P");
  s.logs.write("default", name, "main", "1/1");
  await s.clock.step(500);
  journal(s, pod, "main", "Exited", { exitCode: 0 });
  s.logs.exit("default", name, "main");
  const fresh = await s.tc.client.pods.get("default", name);
  fresh.status = { phase: "Succeeded", startTime: rfc3339(s.clock.now() - 2000), containerStatuses: [cs("main", { terminated: { exitCode: 0, reason: "Completed", finishedAt: rfc3339(s.clock.now()) } })] };
  await s.tc.client.pods.updateStatus(fresh);
  await s.clock.step(0);
  assert.equal(await result, 0, s.stderr());
  await controller.stop();

  const out = s.stdout();
  assert.ok(out.startsWith("job.batch/hello created\n"), out);
  assert.ok(out.includes(`${name}/main | Processing... 1/1\n`), out);
  assert.ok(out.includes(`NAME          READY   STATUS      RESTARTS   AGE\n${name}   0/1     Completed   0          2s\n`), out);
  assert.ok(out.includes("NAME    STATUS     COMPLETIONS   DURATION   AGE\nhello   Complete   1/1           2s         2s\n"), out);
  assert.ok(out.includes(`Timeline\npod/${name}\n  +0.00s  main  created\n  +0.00s  main  started\n  +2.00s  main  exited 0\n`), out);
  assert.equal(s.stderr(), "");
});

void test("the timeout exits 124 and explains the traditional sidecar keeping the Job's pod alive", async () => {
  const s = setup({ "trad.yaml": jobYaml("trad", container("main") + container("sidecar")) });
  const controller = new JobController({ client: s.tc.client, clock: s.clock });
  controller.start();
  const result = runCommand(["trad.yaml", "--timeout", "2m", "--no-timeline", "-q"], s.io, s.stack);
  const pod = await podOf(s, "trad");
  const fresh = await s.tc.client.pods.get("default", pod.metadata.name ?? "");
  fresh.status = {
    phase: "Running",
    containerStatuses: [cs("main", { terminated: { exitCode: 0, reason: "Completed" } }), cs("sidecar", { running: { startedAt: rfc3339(s.clock.now()) } })],
  };
  await s.tc.client.pods.updateStatus(fresh);
  await s.clock.step(120_000);
  assert.equal(await result, 124);
  await controller.stop();
  assert.equal(s.stderr(), [
    "error: timed out after 2m; 1 of 1 still running:",
    `  job.batch/trad: still running after 2m: pod ${pod.metadata.name ?? ""}: container "main" completed (exit 0) but container "sidecar" is still running; a regular container keeps a Job's pod alive until it exits — make it a native sidecar (an init container with restartPolicy: Always)`,
    "",
  ].join("\n"));
  assert.ok(s.stdout().includes("trad   Running   0/1           2m         2m\n"), s.stdout());
  assert.ok(!s.stdout().includes("Timeline"));
});

void test("an Indexed Job with a podFailurePolicy is run: exit 0 once every index succeeded", async () => {
  const extra = "\n  completionMode: Indexed\n  completions: 2\n  parallelism: 2\n  podFailurePolicy:\n    rules:\n    - action: FailJob\n      onExitCodes:\n        operator: In\n        values: [42]";
  const s = setup({ "idx.yaml": jobYaml("idx", container("main"), extra) });
  const controller = new JobController({ client: s.tc.client, clock: s.clock });
  controller.start();
  const result = runCommand(["idx.yaml", "--no-timeline", "-q"], s.io, s.stack);
  await podOf(s, "idx");
  const pods = (await s.tc.client.pods.list()).items;
  assert.equal(pods.length, 2);
  for (const pod of pods) {
    const fresh = await s.tc.client.pods.get("default", pod.metadata.name ?? "");
    fresh.status = { phase: "Succeeded", containerStatuses: [cs("main", { terminated: { exitCode: 0, reason: "Completed", finishedAt: rfc3339(s.clock.now()) } })] };
    await s.tc.client.pods.updateStatus(fresh);
  }
  await s.clock.step(0);
  assert.equal(await result, 0, s.stderr());
  await controller.stop();
  assert.equal((await s.tc.client.jobs.get("default", "idx")).status?.completedIndexes, "0,1");
});

void test("a Job that fails exits 1 and says why", async () => {
  const s = setup({ "fail.yaml": jobYaml("boom", container("main")) });
  const controller = new JobController({ client: s.tc.client, clock: s.clock });
  controller.start();
  const result = runCommand(["fail.yaml"], s.io, s.stack);
  const pod = await podOf(s, "boom");
  const fresh = await s.tc.client.pods.get("default", pod.metadata.name ?? "");
  fresh.status = { phase: "Failed", containerStatuses: [cs("main", { terminated: { exitCode: 3, reason: "Error", finishedAt: rfc3339(s.clock.now()) } })] };
  await s.tc.client.pods.updateStatus(fresh);
  await s.clock.step(0);
  assert.equal(await result, 1);
  await controller.stop();
  assert.equal(s.stderr(), "error: job.batch/boom failed: BackoffLimitExceeded: Job has reached the specified backoff limit\n");
});

void test("a Namespace in the input is created first; a missing namespace is invalid input", async () => {
  const ns = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team\n";
  const inTeam = jobYaml("j", container("main")).replace("metadata:\n  name: j", "metadata:\n  name: j\n  namespace: team");
  const missing = setup({ "a.yaml": inTeam });
  assert.equal(await runCommand(["a.yaml"], missing.io, missing.stack), 2);
  assert.equal(missing.stderr(), 'Error from server (NotFound): error when creating "a.yaml": namespaces "team" not found\n');
  const ok = setup({ "b.yaml": `${ns}---\n${inTeam}` });
  const code = runCommand(["--timeout", "1s", "b.yaml"], ok.io, ok.stack);
  await ok.clock.step(2_000);
  assert.equal(await code, 124);
  assert.match(ok.stdout(), /^namespace\/team created\njob\.batch\/j created$/m);
});
