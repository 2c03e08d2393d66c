import { test } from "node:test";
import assert from "node:assert/strict";
import { applyEdits, reindent, sequenceItemBlock } from "./text-edits.ts";
import { unifiedDiff } from "./unified-diff.ts";

const seq = `containers:
# leading comment of a
- name: a
  image: x
  # trailing comment of a

- name: b   # inline
  command:
  - |
    line one
      indented
next: 1
`;

const cases: [string, string, string][] = [
  ["an item with its leading comment and trailing comment, without the blank line after", "name: a", "# leading comment of a\n- name: a\n  image: x\n  # trailing comment of a\n"],
  ["the last item through its block scalar, stopping at the parent's next key", "name: b", "- name: b   # inline\n  command:\n  - |\n    line one\n      indented\n"],
];

for (const [name, anchor, want] of cases) {
  test(`sequenceItemBlock: ${name}`, () => {
    const block = sequenceItemBlock(seq, seq.indexOf(anchor));
    assert.ok(block);
    assert.equal(seq.slice(block.start, block.end), want);
    assert.equal(block.column, 0);
  });
}

test("sequenceItemBlock refuses flow sequences", () => {
  const flow = "containers: [{name: a}]\n";
  assert.equal(sequenceItemBlock(flow, flow.indexOf("{")), undefined);
});

test("reindent shifts non-blank lines and keeps block-scalar structure", () => {
  assert.equal(reindent("- a\n\n  b\n", 2), "  - a\n\n    b\n");
  assert.equal(reindent("    - a\n      b\n", -4), "- a\n  b\n");
});

test("applyEdits splices in offset order, keeps same-offset insertions in order, rejects overlaps", () => {
  assert.equal(applyEdits("abcdef", [{ start: 3, end: 3, text: "2" }, { start: 0, end: 1, text: "A" }, { start: 3, end: 3, text: "3" }]), "Abc23def");
  assert.throws(() => applyEdits("abcdef", [{ start: 0, end: 4, text: "" }, { start: 2, end: 3, text: "x" }]), /overlapping/);
});

test("unifiedDiff: hunk headers count old and new lines; equal texts give nothing", () => {
  assert.equal(unifiedDiff("a", "b", "x\n", "x\n"), "");
  assert.equal(unifiedDiff("a", "b", "1\n2\n3\n", "1\n3\n4\n"), "--- a\n+++ b\n@@ -1,3 +1,3 @@\n 1\n-2\n 3\n+4\n");
  const long = Array.from({ length: 20 }, (_, i) => `l${i}`);
  const changed = [...long];
  changed[1] = "x1";
  changed[18] = "x18";
  const d = unifiedDiff("a", "b", `${long.join("\n")}\n`, `${changed.join("\n")}\n`);
  assert.deepEqual(d.split("\n").filter((l) => l.startsWith("@@")), ["@@ -1,5 +1,5 @@", "@@ -16,5 +16,5 @@"]);
});
