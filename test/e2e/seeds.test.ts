// The seeds' examples (examples/seeds/) on the real runtime — crun + conmon, run through
// `bin/pillion run` as a person would — checked against what Kubernetes 1.33 does with them:
// start order, stop order, exit codes, the kubectl columns. Needs root, crun and conmon; skips
// with the reason otherwise. Every run must leave nothing behind: no state dir, no conmon.
// The runs are independent and mostly asleep, so they run concurrently (about 50 s in all,
// the native-sidecar Job's 30 s grace period being the longest).
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { containerOutput, JOB_TABLE, POD_TABLE, PodTimeline, tableRow } from "./run-output.ts";
import { describeRun, e2eSkipReason, leftoversOf, runPillion, type PillionRun } from "./run-pillion.ts";

const skip = e2eSkipReason();
if (skip) process.stderr.write(`# skipping the seeds' end-to-end tests: ${skip}\n`);

/** Runs pillion, then asserts the run left nothing behind and was not killed by the test. */
async function pillion(args: readonly string[], killAfterMs: number): Promise<PillionRun> {
  const run = await runPillion(args, { killAfterMs });
  assert.deepEqual(await leftoversOf(run), [], `the run left things behind\n${describeRun(run)}`);
  assert.equal(run.killed, false, `the run outlived ${killAfterMs} ms\n${describeRun(run)}`);
  return run;
}

/** Runs the assertions; a failure carries the whole run's output. */
function expectRun(run: PillionRun, check: () => void): void {
  try {
    check();
  } catch (e) {
    if (e instanceof Error) e.message += `\n${describeRun(run)}`;
    throw e;
  }
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)}s`;

describe("the seeds' examples on crun + conmon", { skip, concurrency: true }, () => {
  test("native sidecar Job (001): sidecar first, main after its startup probe, Job Complete, sidecar SIGKILLed (137) after the 30 s grace", { timeout: 150_000 }, async () => {
    const run = await pillion(["run", "examples/seeds/job-native-sidecar.yaml"], 120_000);
    expectRun(run, () => {
      assert.equal(run.exitCode, 0);
      assert.equal(run.stderr, "");
      assert.deepEqual(tableRow(run.stdout, "batch-job-native-", POD_TABLE)?.slice(1, 4), ["0/2", "Completed", "0"]);
      const job = tableRow(run.stdout, "batch-job-native", JOB_TABLE);
      assert.deepEqual(job?.slice(0, 3), ["batch-job-native", "Complete", "1/1"]);
      const durationS = Number(/^(\d+)s$/.exec(job[3] ?? "")?.[1]);
      assert.ok(durationS >= 39 && durationS <= 50, `Job duration ${job[3]}: about 10 s of work + 30 s grace`);

      const t = new PodTimeline({ stdout: run.stdout, podPrefix: "batch-job-native-" });
      const sidecarStarted = t.get("sidecar", "started");
      const mainCreated = t.get("main", "created");
      const mainStarted = t.get("main", "started");
      assert.ok(sidecarStarted.index < mainCreated.index, "the sidecar started before main was created");
      if (t.has("sidecar", "startup probe passed")) {
        const probe = t.get("sidecar", "startup probe passed");
        assert.ok(probe.index < mainCreated.index && probe.atMs <= mainCreated.atMs, "main was created after the startup probe passed");
      }
      assert.ok(mainStarted.atMs - sidecarStarted.atMs >= 1000, `main started ${seconds(mainStarted.atMs - sidecarStarted.atMs)} after the sidecar (initialDelaySeconds: 1)`);

      const mainExited = t.get("main", "exited");
      assert.equal(mainExited.what, "exited 0 (Completed)");
      const workMs = mainExited.atMs - mainStarted.atMs;
      assert.ok(workMs >= 9500 && workMs <= 14_000, `main worked ${seconds(workMs)}, about 10 s`);
      const term = t.get("sidecar", "signalled SIGTERM");
      const kill = t.get("sidecar", "signalled SIGKILL");
      const sidecarExited = t.get("sidecar", "exited");
      assert.ok(mainExited.index < term.index && mainExited.atMs <= term.atMs, "the sidecar is signalled after main exited");
      assert.ok(term.index < kill.index && kill.index < sidecarExited.index);
      const graceMs = kill.atMs - term.atMs;
      assert.ok(graceMs >= 29_500 && graceMs <= 32_000, `SIGKILL ${seconds(graceMs)} after SIGTERM: the 30 s grace period`);
      assert.equal(sidecarExited.what, "exited 137 (SIGKILL after 30s grace)");
      assert.ok(t.has("(pod)", "pod terminated (Succeeded)"));

      assert.equal(containerOutput(run.stdout, "batch-job-native-", "sidecar")[0], "Native Sidecar started");
      assert.equal(containerOutput(run.stdout, "batch-job-native-", "main").at(-1), "Main container completed");
    });
  });

  test("traditional sidecar Job (001): main completes but the sidecar keeps the pod 1/2 NotReady, so the run times out (124)", { timeout: 90_000 }, async () => {
    const run = await pillion(["run", "--timeout", "20s", "examples/seeds/job-traditional.yaml"], 60_000);
    expectRun(run, () => {
      assert.equal(run.exitCode, 124);
      assert.deepEqual(tableRow(run.stdout, "batch-job-traditional-", POD_TABLE)?.slice(1, 4), ["1/2", "NotReady", "0"]);
      assert.deepEqual(tableRow(run.stdout, "batch-job-traditional", JOB_TABLE)?.slice(0, 3), ["batch-job-traditional", "Running", "0/1"]);
      assert.match(run.stderr, /^error: timed out after 20s; 1 of 1 still running:\n/);
      assert.match(run.stderr, /job\.batch\/batch-job-traditional: still running after 20s: pod batch-job-traditional-\w+: container "main" completed \(exit 0\) but container "sidecar" is still running; a regular container keeps a Job's pod alive until it exits/);

      const t = new PodTimeline({ stdout: run.stdout, podPrefix: "batch-job-traditional-" });
      const skewMs = Math.abs(t.get("sidecar", "started").atMs - t.get("main", "started").atMs);
      assert.ok(skewMs < 2000, `main and sidecar start together (${seconds(skewMs)} apart)`);
      assert.equal(t.get("main", "exited").what, "exited 0 (Completed)");
      assert.equal(t.indexOf("sidecar", "exited"), -1, "the sidecar is still running at the end");
      assert.equal(containerOutput(run.stdout, "batch-job-traditional-", "main").at(-1), "Main container completed");
    });
  });

  test("multi-sidecar chain production-app (001): each sidecar created after the previous one's startup probe passed, app last, stopped in reverse order", { timeout: 150_000 }, async () => {
    const run = await pillion(["run", "examples/seeds/production-app.yaml"], 120_000);
    expectRun(run, () => {
      assert.equal(run.exitCode, 0);
      assert.deepEqual(tableRow(run.stdout, "production-app", POD_TABLE)?.slice(0, 4), ["production-app", "0/4", "Completed", "0"]);
      const t = new PodTimeline({ stdout: run.stdout, podPrefix: "production-app" });
      const sidecars = ["vault-agent", "cloud-sql-proxy", "otel-collector"];
      assert.deepEqual(t.subjectsOf("created"), [...sidecars, "app"]);
      sidecars.forEach((sidecar, i) => {
        const next = sidecars[i + 1] ?? "app";
        const probe = t.get(sidecar, "startup probe passed");
        const nextCreated = t.get(next, "created");
        assert.ok(t.get(sidecar, "started").index < probe.index);
        assert.ok(probe.index < nextCreated.index && probe.atMs <= nextCreated.atMs, `${next} created after ${sidecar}'s startup probe passed`);
      });

      const appExited = t.get("app", "exited");
      assert.equal(appExited.what, "exited 0 (Completed)");
      assert.deepEqual(t.subjectsOf("signalled SIGTERM"), ["otel-collector", "cloud-sql-proxy", "vault-agent"]);
      assert.ok(appExited.index < t.get("otel-collector", "signalled SIGTERM").index, "the sidecars are stopped after the app exited");
      // Kubernetes 1.33 (kuberuntime_termination_order.go): a sidecar is signalled only after
      // every container started after it has exited.
      assert.ok(t.get("otel-collector", "exited").index < t.get("cloud-sql-proxy", "signalled SIGTERM").index);
      assert.ok(t.get("cloud-sql-proxy", "exited").index < t.get("vault-agent", "signalled SIGTERM").index);
      for (const sidecar of sidecars) assert.equal(t.get(sidecar, "exited").what, "exited 0 (after SIGTERM, Completed)");
      assert.ok(t.has("(pod)", "pod terminated (Succeeded)"));

      const app = containerOutput(run.stdout, "production-app", "app");
      assert.ok(app.includes("Connected to database") && app.includes("Application ready"), "the app reached 5432 and 13133 at its first attempt");
    });
  });

  test("istio-proxy then init-setup (002): sidecar started, init container ran, app ran; app exits before the sidecar is stopped", { timeout: 90_000 }, async () => {
    const run = await pillion(["run", "examples/seeds/myapp-istio-sidecar.yaml"], 60_000);
    expectRun(run, () => {
      assert.equal(run.exitCode, 0);
      assert.deepEqual(tableRow(run.stdout, "myapp", POD_TABLE)?.slice(0, 4), ["myapp", "0/2", "Completed", "0"]);
      const t = new PodTimeline({ stdout: run.stdout, podPrefix: "myapp" });
      assert.deepEqual(t.subjectsOf("created"), ["istio-proxy", "init-setup", "app"]);
      const order = [
        t.get("istio-proxy", "started"), t.get("init-setup", "created"), t.get("init-setup", "exited"),
        t.get("app", "created"), t.get("app", "exited"), t.get("istio-proxy", "signalled SIGTERM"),
        t.get("istio-proxy", "exited"), t.get("(pod)", "pod terminated"),
      ];
      assert.deepEqual(order.map((e) => e.index), order.map((e) => e.index).toSorted((a, b) => a - b), `in the seed's order:\n${t.toString()}`);
      assert.equal(t.get("init-setup", "exited").what, "exited 0 (Completed)");
      assert.equal(t.get("app", "exited").what, "exited 0 (Completed)");
      assert.equal(t.get("istio-proxy", "exited").what, "exited 0 (after SIGTERM, Completed)");
      assert.equal(t.get("(pod)", "pod terminated").what, "pod terminated (Succeeded)");
      assert.deepEqual(containerOutput(run.stdout, "myapp", "init-setup"), ["Initial setup complete"]);
    });
  });

  test("nginx-sidecar (003): the streaming containers print what nginx wrote to the shared emptyDir", { timeout: 90_000 }, async () => {
    // 14 s: long enough for a tail that lost the race with nginx's first write to come back
    // after the 10 s crash back-off and replay the file (tail -n+1).
    const run = await pillion(["run", "--timeout", "14s", "examples/seeds/nginx-sidecar.yaml"], 60_000);
    expectRun(run, () => {
      assert.equal(run.exitCode, 124);
      assert.match(run.stderr, /pod\/nginx-sidecar: still running after 14s: its restartPolicy is Always \(the default for a Pod\)/);
      assert.deepEqual(tableRow(run.stdout, "nginx-sidecar", POD_TABLE)?.slice(1, 3), ["3/3", "Running"]);
      const access = containerOutput(run.stdout, "nginx-sidecar", "sidecar-access").filter((l) => /: response:200$/.test(l));
      assert.ok(access.length >= 2, "sidecar-access streams access.log");
      assert.ok(containerOutput(run.stdout, "nginx-sidecar", "sidecar-error").some((l) => l.endsWith("[notice] 1#1: start worker processes")), "sidecar-error streams error.log");
    });
  });

  test("app-with-logging-sidecar (004): log-shipper starts before main-app and streams the lines main-app appends", { timeout: 90_000 }, async () => {
    const run = await pillion(["run", "--timeout", "8s", "examples/seeds/app-with-logging-sidecar.yaml"], 60_000);
    expectRun(run, () => {
      assert.equal(run.exitCode, 124);
      const t = new PodTimeline({ stdout: run.stdout, podPrefix: "app-with-logging-sidecar" });
      assert.ok(t.get("log-shipper", "started").index < t.get("main-app", "created").index);
      const shipped = containerOutput(run.stdout, "app-with-logging-sidecar", "log-shipper").filter((l) => l === "logging");
      assert.ok(shipped.length >= 3, `log-shipper shipped ${shipped.length} lines`);
    });
  });

  test("web-server-with-helper (004): the web server serves the page content-generator wrote", { timeout: 90_000 }, async () => {
    const run = await pillion(["run", "--timeout", "8s", "examples/seeds/web-server-with-helper.yaml"], 60_000);
    expectRun(run, () => {
      assert.equal(run.exitCode, 124);
      assert.ok(containerOutput(run.stdout, "web-server-with-helper", "web-server").includes("GET / -> Hello from Helper!"));
    });
  });

  test("mc-pod (004): NODE_NAME from fieldRef spec.nodeName is pillion; mc-pod-3 streams the dates mc-pod-2 writes", { timeout: 90_000 }, async () => {
    const run = await pillion(["run", "--timeout", "6s", "examples/seeds/mc-pod.yaml"], 60_000);
    expectRun(run, () => {
      assert.equal(run.exitCode, 124);
      assert.deepEqual(containerOutput(run.stdout, "mc-pod", "mc-pod-1"), ["NODE_NAME=pillion"]);
      const dates = containerOutput(run.stdout, "mc-pod", "mc-pod-3").filter((l) => /\d\d:\d\d:\d\d/.test(l));
      assert.ok(dates.length >= 2, `mc-pod-3 streamed ${dates.length} dates`);
    });
  });
});

describe("invalid manifests: Kubernetes' message, exit 2, nothing started", { skip, concurrency: true }, () => {
  const forbidden = 'The Pod "x" is invalid: spec.containers[0].restartPolicy: Forbidden: may not be set for non-init containers\n';
  const cases: { name: string; file: string; stderr: string | RegExp }[] = [
    { name: "restartPolicy on a regular container is Forbidden", file: "main-container-restart-policy.yaml", stderr: forbidden },
    {
      name: "an init container's restartPolicy OnFailure is Unsupported",
      file: "init-container-restart-policy-on-failure.yaml",
      stderr: 'The Pod "x" is invalid: spec.initContainers[0].restartPolicy: Unsupported value: "OnFailure": supported values: "Always"\n',
    },
    {
      // pkg/apis/batch/validation: Always (or unset) is reported as Required, not NotSupported.
      name: "a Job template with restartPolicy Always is refused",
      file: "job-restart-policy-always.yaml",
      stderr: 'The Job "x" is invalid: spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"\n',
    },
    {
      // The text after "line 10:" is the yaml package's, not go-yaml's (docs/run.md).
      name: "malformed YAML is a parse error with its line",
      file: "malformed.yaml",
      stderr: /^error: error parsing test\/e2e\/testdata\/malformed\.yaml: error converting YAML to JSON: yaml: line 10: .+\n$/,
    },
    {
      name: "a Deployment is a kind pillion run cannot run",
      file: "unknown-kind.yaml",
      stderr: 'error: test/e2e/testdata/unknown-kind.yaml: pillion run cannot run kind "Deployment" (apps/v1) yet; it runs Pods (v1) and Jobs (batch/v1), and creates Namespaces\n',
    },
    {
      name: "a kind no API serves is refused by name",
      file: "unknown-kind-crd.yaml",
      stderr: 'error: test/e2e/testdata/unknown-kind-crd.yaml: pillion run cannot run kind "Widget" (example.com/v1) yet; it runs Pods (v1) and Jobs (batch/v1), and creates Namespaces\n',
    },
    { name: "a valid Job next to an invalid Pod is not created either", file: "valid-job-then-invalid-pod.yaml", stderr: forbidden },
    { name: "a missing file", file: "nope.yaml", stderr: 'error: the path "test/e2e/testdata/nope.yaml" does not exist\n' },
  ];
  for (const c of cases) {
    test(c.name, { timeout: 60_000 }, async () => {
      const run = await pillion(["run", `test/e2e/testdata/${c.file}`], 30_000);
      expectRun(run, () => {
        assert.equal(run.exitCode, 2);
        if (typeof c.stderr === "string") assert.equal(run.stderr, c.stderr);
        else assert.match(run.stderr, c.stderr);
        assert.equal(run.stdout, "", "nothing created, nothing started");
      });
    });
  }
});
