import { test } from "node:test";
import assert from "node:assert/strict";
import { isSimpleCommand, runsForever, shellIgnoresSigterm, shellInvocation } from "./shell-script.ts";

const sh = (script: string): string[] => ["sh", "-c", script];

test("shellInvocation finds the script after -c, -ec and -o options", () => {
  assert.deepEqual(shellInvocation(["/bin/bash", "-o", "pipefail", "-ec", "echo hi"]), { shell: "bash", script: "echo hi" });
  assert.deepEqual(shellInvocation(["busybox", "sh", "-c", "x"]), { shell: "sh", script: "x" });
  assert.equal(shellInvocation(["python", "-c", "x"]), undefined);
  assert.equal(shellInvocation(["sh", "script.sh"]), undefined);
});

const forever: [string, string[], boolean][] = [
  ["an unconditional while loop", sh("while true; do echo hi; sleep 5; done"), true],
  ["while :", sh("while :; do sleep 1; done"), true],
  ["sleep infinity in a script", sh("echo ready && sleep infinity"), true],
  ["tail -f in a script", sh("tail -n+1 -f /var/log/app.log"), true],
  ["tail -F as the command", ["tail", "-F", "/x.log"], true],
  ["sleep infinity as the command", ["sleep", "infinity"], true],
  ["a loop that exits when a file appears", sh("while true; do [ -f /done ] && exit 0; sleep 1; done"), false],
  ["a loop that breaks", sh("while true; do if ping -c1 db; then break; fi; done"), false],
  ["a bounded for loop", sh("for i in 1 2 3; do sleep 2; done"), false],
  ["sleep 3600 (finishes)", ["sleep", "3600"], false],
  ["loop words in a quoted string", sh("echo 'while true; do'"), false],
  ["no command at all", [], false],
];

for (const [name, argv, want] of forever) {
  test(`runsForever: ${name} → ${want}`, () => assert.equal(runsForever(argv), want));
}

const sigterm: [string, string[], boolean][] = [
  ["a while loop without trap", sh("while true; do sleep 5; done"), true],
  ["a pipeline into a loop", sh("tail -f /x | while read l; do echo $l; done"), true],
  ["a trap on TERM", sh("trap 'exit 0' TERM; while true; do sleep 1; done"), false],
  ["a trap on SIGTERM and INT", sh("trap cleanup SIGTERM SIGINT\nwhile true; do sleep 1; done"), false],
  ["exec of the long-running process", sh("touch /x; exec tail -F /x"), false],
  ["a single simple command (the shell execs it)", sh("tail -n+1 -f /var/log/nginx/access.log"), false],
  ["exec used only for a redirection", sh("exec >/dev/null 2>&1; while true; do sleep 1; done"), true],
  ["not a shell", ["envoy", "-c", "/etc/envoy.yaml"], false],
];

for (const [name, argv, want] of sigterm) {
  test(`shellIgnoresSigterm: ${name} → ${want}`, () => assert.equal(shellIgnoresSigterm(argv), want));
}

test("isSimpleCommand: one command with redirections is simple; lists, pipes and loops are not", () => {
  assert.equal(isSimpleCommand("tail -F /opt/logs.txt > /dev/stdout"), true);
  assert.equal(isSimpleCommand("a; b"), false);
  assert.equal(isSimpleCommand("a | b"), false);
  assert.equal(isSimpleCommand("a && b"), false);
  assert.equal(isSimpleCommand("echo $(date)"), false);
  assert.equal(isSimpleCommand("echo one\necho two"), false);
});
