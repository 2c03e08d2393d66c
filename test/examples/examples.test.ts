// The example system (examples/batch-adapter, log-adapter, ambassador; docs/examples-system.md)
// on the real runtime: each example's TypeScript programs run under `bin/pillion run
// --image-map examples/image-map.yaml`, as its README shows. Checked: the traditional Job hangs
// (124), the native Job completes with the adapter exiting 0 on SIGTERM (not 137), the metrics
// endpoint answered the kubelet's probes, the log adapter's JSON lines, the ambassador's
// answers; every run leaves nothing behind. Needs root, crun and conmon; skips with the reason
// otherwise. The runs are independent and run concurrently (about 30 s in all).
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { containerOutput, JOB_TABLE, POD_TABLE, PodTimeline, tableRow } from "../e2e/run-output.ts";
import { describeRun, e2eSkipReason, leftoversOf, runPillion, type PillionRun } from "../e2e/run-pillion.ts";

const skip = e2eSkipReason();
if (skip) process.stderr.write(`# skipping the example system's tests: ${skip}\n`);

const MAP = ["--image-map", "examples/image-map.yaml"];

/** Runs pillion with the examples' image map; asserts the run left nothing behind. */
async function pillion(args: readonly string[], killAfterMs: number): Promise<PillionRun> {
  const run = await runPillion(["run", ...MAP, ...args], { killAfterMs });
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

describe("the example system on crun + conmon", { skip, concurrency: true }, () => {
  test("batch-adapter, traditional: batch-processor completes but metrics-adapter keeps the Job's pod alive (124)", { timeout: 80_000 }, async () => {
    const run = await pillion(["--timeout", "25s", "examples/batch-adapter/job-traditional.yaml"], 70_000);
    expectRun(run, () => {
      assert.equal(run.exitCode, 124);
      assert.match(containerOutput(run.stdout, "batch-job-traditional-", "batch-processor").at(-1) ?? "", /^Batch Job completed! 45\/50 successful \(90\.0%\)/);
      assert.deepEqual(tableRow(run.stdout, "batch-job-traditional-", POD_TABLE)?.slice(1, 3), ["1/2", "NotReady"]);
      assert.deepEqual(tableRow(run.stdout, "batch-job-traditional", JOB_TABLE)?.slice(0, 3), ["batch-job-traditional", "Running", "0/1"]);
      const t = new PodTimeline({ stdout: run.stdout, podPrefix: "batch-job-traditional-" });
      assert.equal(t.get("batch-processor", "exited").what, "exited 0 (Completed)");
      assert.equal(t.has("metrics-adapter", "exited"), false, "the adapter never stops");
      assert.match(run.stderr, /container "batch-processor" completed \(exit 0\) but container "metrics-adapter" is still running/);
    });
  });

  test("batch-adapter, native: adapter first, batch-processor after its startup probe, adapter exits 0 on SIGTERM, Job Complete", { timeout: 80_000 }, async () => {
    const run = await pillion(["examples/batch-adapter/job-native-sidecar.yaml"], 70_000);
    expectRun(run, () => {
      assert.equal(run.exitCode, 0);
      assert.equal(run.stderr, "");
      assert.deepEqual(tableRow(run.stdout, "batch-job-native-sidecar-", POD_TABLE)?.slice(1, 3), ["0/2", "Completed"]);
      assert.deepEqual(tableRow(run.stdout, "batch-job-native-sidecar", JOB_TABLE)?.slice(0, 3), ["batch-job-native-sidecar", "Complete", "1/1"]);
      const t = new PodTimeline({ stdout: run.stdout, podPrefix: "batch-job-native-sidecar-" });
      const probe = t.get("metrics-adapter", "startup probe passed");
      assert.ok(probe.index < t.get("batch-processor", "created").index, "batch-processor was created after the adapter's startup probe passed");
      const term = t.get("metrics-adapter", "signalled SIGTERM");
      assert.ok(t.get("batch-processor", "exited 0").index < term.index);
      const exited = t.get("metrics-adapter", "exited");
      assert.equal(exited.what, "exited 0 (after SIGTERM, Completed)");
      assert.ok(exited.atMs - term.atMs < 2_000, `the adapter exited ${exited.atMs - term.atMs} ms after SIGTERM, not after the grace period`);
      assert.equal(t.has("metrics-adapter", "signalled SIGKILL"), false);

      const adapter = containerOutput(run.stdout, "batch-job-native-sidecar-", "metrics-adapter");
      assert.match(adapter[0] ?? "", /^Adapter ready/);
      assert.ok(adapter.some((l) => /^scrape #1 by kube-probe\/1\.33: /.test(l)), "the kubelet's probes scraped /metrics");
      assert.equal(adapter.at(-1), "SIGTERM: last processed=50 successful=45 failed=5; exiting");
    });
  });

  test("log-adapter: the app's plain lines come out of the native sidecar as JSON, the last ones flushed on SIGTERM", { timeout: 60_000 }, async () => {
    const run = await pillion(["examples/log-adapter/log-adapter.yaml"], 50_000);
    expectRun(run, () => {
      assert.equal(run.exitCode, 0);
      const json = containerOutput(run.stdout, "log-adapter", "log-adapter").filter((l) => l.startsWith("{"))
        .map((l) => JSON.parse(l) as { time: string; level: string; message: string });
      assert.deepEqual(json.map((e) => e.level), ["info", "info", "debug", "info", "warn", "info", "error", "info"]);
      assert.equal(json.at(-1)?.message, "order service stopping: 2 orders accepted, 1 rejected");
      assert.ok(json.every((e) => !Number.isNaN(Date.parse(e.time))));
      const t = new PodTimeline({ stdout: run.stdout, podPrefix: "log-adapter" });
      assert.equal(t.get("log-adapter", "exited").what, "exited 0 (after SIGTERM, Completed)");
    });
  });

  test("ambassador: the app's calls to localhost:9000 reach the quote service through the ambassador", { timeout: 60_000 }, async () => {
    const run = await pillion(["examples/ambassador/ambassador.yaml"], 50_000);
    expectRun(run, () => {
      assert.equal(run.exitCode, 0);
      const app = containerOutput(run.stdout, "ambassador", "app");
      assert.equal(app.length, 3);
      for (const [i, line] of app.entries()) assert.match(line, new RegExp(`^GET http://localhost:9000/ → 200: \\{"service":"quote-service","n":${i + 1},`));
      assert.equal(containerOutput(run.stdout, "ambassador", "ambassador").filter((l) => / → http:\/\/localhost:9001\/ 200 /.test(l)).length, 3);
      assert.equal(containerOutput(run.stdout, "ambassador", "quote-service").filter((l) => l.includes("via ambassador")).length, 3);
      const t = new PodTimeline({ stdout: run.stdout, podPrefix: "ambassador" });
      assert.deepEqual(t.subjectsOf("started"), ["quote-service", "ambassador", "app"]);
      assert.ok(t.get("ambassador", "startup probe passed").index < t.get("app", "created").index);
      assert.deepEqual(t.subjectsOf("signalled SIGTERM"), ["ambassador", "quote-service"], "sidecars stop in reverse order");
      assert.deepEqual(t.subjectsOf("exited").map((s) => `${s} ${t.get(s, "exited").what}`), [
        "app exited 0 (Completed)", "ambassador exited 0 (after SIGTERM, Completed)", "quote-service exited 0 (after SIGTERM, Completed)",
      ]);
    });
  });
});
