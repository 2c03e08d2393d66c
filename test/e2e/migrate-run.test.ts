// `pillion migrate` on the seeds' traditional-sidecar Job, then `pillion run` of the result:
// the Job that hung now completes (issue 6: "The result passes `pillion lint` and runs on
// pillion with the Job completing").
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT, e2eSkipReason, leftoversOf, runPillion } from "./run-pillion.ts";
import { JOB_TABLE, tableRow } from "./run-output.ts";

test("the migrated traditional-sidecar Job passes lint and completes on pillion", { skip: e2eSkipReason(), timeout: 120_000 }, async () => {
  const dir = mkdtempSync("/tmp/pe2e-migrate-");
  try {
    const pillion = join(REPO_ROOT, "bin", "pillion");
    const migrated = execFileSync(pillion, ["migrate", join(REPO_ROOT, "examples", "seeds", "job-traditional.yaml")], { encoding: "utf8" });
    const file = join(dir, "job.yaml");
    writeFileSync(file, migrated);
    execFileSync(pillion, ["lint", file], { encoding: "utf8" }); // throws on exit status 1 (an error finding)

    const run = await runPillion(["run", file], { killAfterMs: 100_000 });
    assert.equal(run.exitCode, 0, run.stderr);
    assert.deepEqual(tableRow(run.stdout, "batch-job-traditional", JOB_TABLE)?.slice(1, 3), ["Complete", "1/1"]);
    assert.deepEqual(await leftoversOf(run), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
