import { test } from "node:test";
import assert from "node:assert/strict";
import { parseGoDuration, parseRunArgs } from "./run-args.ts";

void test("parseGoDuration reads Go duration syntax and fails with Go's messages", () => {
  const ok: [string, number][] = [["90s", 90_000], ["5m", 300_000], ["1h30m", 5_400_000], ["1.5h", 5_400_000], ["300ms", 300], ["0", 0], ["2m30s", 150_000]];
  for (const [text, ms] of ok) assert.equal(parseGoDuration(text), ms, text);
  const bad: [string, string][] = [
    ["90", 'time: missing unit in duration "90"'],
    ["1d", 'time: unknown unit "d" in duration "1d"'],
    ["abc", 'time: invalid duration "abc"'],
    ["", 'time: invalid duration ""'],
  ];
  for (const [text, msg] of bad) assert.throws(() => parseGoDuration(text), { message: msg }, text);
});

void test("parseRunArgs: files, repeated -f, stdin, flags in both forms", () => {
  assert.deepEqual(parseRunArgs(["a.yaml", "-f", "b.yaml", "-f=-", "--timeout=90s", "-n", "ns", "-q", "--no-timeline"]), {
    files: ["a.yaml", "b.yaml", "-"], timeoutMs: 90_000, namespace: "ns", quiet: true, timeline: false, help: false,
  });
  assert.deepEqual(parseRunArgs(["--filename", "x", "--", "--odd.yaml"]).files, ["x", "--odd.yaml"]);
  assert.equal(parseRunArgs(["x"]).timeoutMs, 600_000);
  assert.throws(() => parseRunArgs(["--bogus"]), { message: "unknown flag: --bogus" });
  assert.throws(() => parseRunArgs(["-x"]), { message: "unknown shorthand flag: 'x' in -x" });
  assert.throws(() => parseRunArgs(["-f"]), { message: "flag needs an argument: 'f' in -f" });
});
