import { test } from "node:test";
import assert from "node:assert/strict";
import { lintCommand } from "./lint-command.ts";
import { makeMemoryIO } from "./memory-io.ts";

const traditional = `apiVersion: batch/v1
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
        command: ["sh", "-c", "echo done"]
      - name: sidecar
        image: busybox
        command: ["sh", "-c", "while true; do sleep 5; done"]
`;
const clean = `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
  - name: app
    image: nginx
`;

test("text output: file:line:col: severity: message [rule-id], exit 1 on an error", async () => {
  const io = makeMemoryIO({ "job.yaml": traditional });
  assert.equal(await lintCommand(["job.yaml"], io), 1);
  const lines = io.out().split("\n");
  assert.match(lines[0] ?? "", /^job\.yaml:13:9: error: the Job will never complete: container "sidecar" keeps running .* \[traditional-sidecar-blocks-completion\]$/);
  assert.match(io.out(), /^1 error, 1 warning$/m);
});

test("exit 0 for a clean file, and for warnings below --fail-on", async () => {
  assert.equal(await lintCommand(["pod.yaml"], makeMemoryIO({ "pod.yaml": clean })), 0);
  assert.equal(await lintCommand(["--fail-on", "none", "job.yaml"], makeMemoryIO({ "job.yaml": traditional })), 0);
  assert.equal(await lintCommand(["--fail-on=warning", "--disable", "traditional-sidecar-blocks-completion", "job.yaml"], makeMemoryIO({ "job.yaml": traditional })), 1);
  assert.equal(await lintCommand(["--disable", "traditional-sidecar-blocks-completion", "job.yaml"], makeMemoryIO({ "job.yaml": traditional })), 0);
});

test("stdin: Helm output with several documents, named <stdin>", async () => {
  const io = makeMemoryIO({}, `---\n# Source: c/templates/pod.yaml\n${clean}---\n# Source: c/templates/job.yaml\n${traditional}`);
  assert.equal(await lintCommand(["-"], io), 1);
  assert.match(io.out(), /^<stdin>:\d+:9: error: .*\[traditional-sidecar-blocks-completion\]$/m);
});

test("-o json lists findings with path, position, object and fix", async () => {
  const io = makeMemoryIO({ "job.yaml": traditional });
  await lintCommand(["-o", "json", "job.yaml"], io);
  const out = JSON.parse(io.out()) as { findings: Record<string, unknown>[] };
  assert.deepEqual(out.findings[0] && { ...out.findings[0], message: undefined }, {
    ruleId: "traditional-sidecar-blocks-completion", severity: "error", message: undefined, file: "job.yaml", line: 13, column: 9,
    path: "spec.template.spec.containers[1]", object: { kind: "Job", name: "j" },
    fix: { description: 'move "sidecar" to initContainers with restartPolicy: Always', automated: "pillion migrate" },
  });
});

test("-o sarif is a SARIF 2.1.0 log with rule metadata and physical locations", async () => {
  const io = makeMemoryIO({ "job.yaml": traditional });
  await lintCommand(["-o", "sarif", "job.yaml"], io);
  const log = JSON.parse(io.out()) as {
    version: string;
    runs: { tool: { driver: { rules: { id: string; defaultConfiguration: { level: string } }[] } }; results: { ruleId: string; ruleIndex: number; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[] }[] }[];
  };
  assert.equal(log.version, "2.1.0");
  const run = log.runs[0];
  const result = run?.results[0];
  assert.equal(result?.ruleId, "traditional-sidecar-blocks-completion");
  assert.equal(result?.level, "error");
  assert.equal(run?.tool.driver.rules[result?.ruleIndex ?? -1]?.id, result?.ruleId);
  assert.deepEqual(result?.locations[0]?.physicalLocation, { artifactLocation: { uri: "job.yaml" }, region: { startLine: 13, startColumn: 9 } });
  assert.equal(run?.results[1]?.level, "warning");
  assert.ok(run?.tool.driver.rules.some((r) => r.id === "prefer-native-sidecar" && r.defaultConfiguration.level === "note"));
});

test("exit 2: YAML syntax error, missing file, unknown flag, no input", async () => {
  const bad = makeMemoryIO({ "bad.yaml": "a: [1, 2\nb: c\n" });
  assert.equal(await lintCommand(["bad.yaml"], bad), 2);
  assert.match(bad.err(), /^bad\.yaml:\d+:\d+: error: .* \[yaml-syntax\]$/m);
  const missing = makeMemoryIO();
  assert.equal(await lintCommand(["nope.yaml"], missing), 2);
  assert.match(missing.err(), /nope\.yaml: no such file or directory/);
  assert.equal(await lintCommand(["--frobnicate", "x"], makeMemoryIO()), 2);
  assert.equal(await lintCommand([], makeMemoryIO()), 2);
  assert.equal(await lintCommand(["--kubernetes-version", "two", "x"], makeMemoryIO()), 2);
});

test("--kubernetes-version 1.27 reports native sidecars as an error", async () => {
  const native = traditional.replace("      containers:\n      - name: main", "      initContainers:\n      - name: sc\n        image: busybox\n        restartPolicy: Always\n      containers:\n      - name: main");
  const io = makeMemoryIO({ "n.yaml": native });
  assert.equal(await lintCommand(["--kubernetes-version", "v1.27.9", "--disable", "traditional-sidecar-blocks-completion", "n.yaml"], io), 1);
  assert.match(io.out(), /\[native-sidecar-version\]/);
});
