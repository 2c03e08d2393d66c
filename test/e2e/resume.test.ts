// Killing pillion with SIGKILL while a Job runs, then starting it again on the same state
// directory: the containers were not restarted, their output was not lost, and the Job
// completes (issue: "The pod engine", what must be shown).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT, e2eSkipReason, runPillion } from "./run-pillion.ts";
import { parseTimeline, tableRow, POD_TABLE } from "./run-output.ts";

const skip = e2eSkipReason();

/** conmon processes whose command line names dir. */
function conmonsOf(dir: string): number {
  try {
    return execFileSync("pgrep", ["-f", `conmon.*${dir}`], { encoding: "utf8" }).trim().split("\n").filter(Boolean).length;
  } catch {
    return 0;
  }
}

test("a run killed with SIGKILL resumes on the same --state-dir: nothing restarted, no output lost, the Job completes", { skip, timeout: 150_000 }, async () => {
  const stateDir = mkdtempSync("/tmp/pe2e-resume-");
  const manifest = join("examples", "seeds", "job-native-sidecar.yaml");
  try {
    // First run: kill it hard once main is working.
    const first = spawn(join(REPO_ROOT, "bin", "pillion"), ["run", "--state-dir", stateDir, manifest], { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let out1 = "";
    first.stdout.setEncoding("utf8");
    await new Promise<void>((resolve, reject) => {
      first.stdout.on("data", (s: string) => {
        out1 += s;
        if (out1.includes("Processing... 2/5")) resolve();
      });
      first.on("exit", () => reject(new Error(`pillion exited before main was working:\n${out1}`)));
    });
    first.kill("SIGKILL");
    await new Promise((r) => first.once("exit", r));
    assert.equal(conmonsOf(stateDir), 2, "both containers keep running without pillion");

    // Second run on the same state: resumes.
    const second = await runPillion(["run", "--state-dir", stateDir, manifest], { killAfterMs: 120_000 });
    assert.equal(second.exitCode, 0, second.stderr);
    assert.match(second.stdout, /^job\.batch\/batch-job-native unchanged$/m);
    // Output from before the kill is shown again: nothing was lost.
    assert.match(second.stdout, /\/main +\| Main container started/);
    assert.match(second.stdout, /\/main +\| Processing\.\.\. 1\/5/);
    assert.match(second.stdout, /\/main +\| Main container completed/);
    const row = tableRow(second.stdout, "batch-job-native-", POD_TABLE);
    assert.deepEqual(row?.slice(1, 4), ["0/2", "Completed", "0"]);
    // The timeline (kept on disk) has one start per container: nothing was restarted.
    const events = parseTimeline(second.stdout);
    for (const c of ["sidecar", "main"]) {
      assert.equal(events.filter((e) => e.subject === c && e.what === "started").length, 1, `${c} started once:\n${second.stdout}`);
    }
    assert.equal(conmonsOf(stateDir), 0, "nothing left running");
  } finally {
    rmSync(stateDir, { recursive: true, force: true });
  }
});
