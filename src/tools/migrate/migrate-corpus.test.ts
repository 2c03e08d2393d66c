// Table-driven over test/corpus: migrate gives NAME.migrated.yaml (or leaves the text as it
// is), is idempotent, keeps every byte it does not rewrite, changes only what it says, and its
// result passes `pillion lint`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { parseAllDocuments, type Document } from "yaml";
import type { Container } from "../../api/core.ts";
import { loadCorpus } from "../../../test/corpus/corpus.ts";
import { lintSourceFile } from "../lint/lint.ts";
import { findPodSites } from "../yaml/pod-sites.ts";
import { parseSourceFile } from "../yaml/source-file.ts";
import { REVIEW_COMMENT } from "./probe-yaml.ts";
import { migrateSourceFile } from "./migrate-source.ts";

const corpus = loadCorpus();
const migrate = (name: string, text: string): string => migrateSourceFile(parseSourceFile(name, text)).text;

/** Rules whose findings migrate resolves: none of them may remain in its output. */
const RESOLVED = ["traditional-sidecar-blocks-completion", "init-container-never-exits", "prefer-native-sidecar", "sidecar-start-order", "init-container-needs-later-container"];

function count(lines: readonly string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const l of lines) m.set(l, (m.get(l) ?? 0) + 1);
  return m;
}

/** Lines migrate may add: the initContainers key, restartPolicy, and each reviewed probe block. */
function addedByMigrate(lines: readonly string[]): Set<number> {
  const out = new Set<number>();
  lines.forEach((l, i) => {
    const t = l.trim();
    if (t === "initContainers:" || t === "restartPolicy: Always") out.add(i);
    if (t === REVIEW_COMMENT) {
      const indent = l.length - l.trimStart().length;
      out.add(i);
      out.add(i + 1);
      for (let j = i + 2; j < lines.length && (lines[j] ?? "").length - (lines[j] ?? "").trimStart().length > indent; j++) out.add(j);
    }
  });
  return out;
}

test("migrate rewrites at least 15 corpus manifests and leaves the others alone", () => {
  assert.ok(corpus.filter((c) => c.expectedMigrated !== undefined).length >= 15);
});

for (const c of corpus) {
  const expected = c.expectedMigrated ?? c.text;
  test(`migrate ${c.name}: result is ${c.expectedMigrated === undefined ? "the input, unchanged" : `${c.name}.migrated.yaml`}`, () => {
    assert.equal(migrate(c.file, c.text), expected);
  });

  if (c.expectedMigrated === undefined) continue;

  test(`migrate ${c.name}: migrating the result again changes nothing`, () => {
    assert.equal(migrate(c.file, expected), expected);
  });

  test(`migrate ${c.name}: every line it does not add is an original line, moved at most (re-indented)`, () => {
    const before = c.text.split("\n");
    const after = expected.split("\n");
    const added = addedByMigrate(after);
    const kept = after.filter((_, i) => !added.has(i));
    // Modulo indentation (moves re-indent), the kept lines are the original lines, minus blank
    // separator lines of moved items and restartPolicy values rewritten to Always.
    const ignored = (l: string): boolean => l === "" || l === "initContainers:" || /^restartPolicy:/.test(l);
    const want = count(before.map((l) => l.trim()).filter((l) => !ignored(l)));
    const got = count(kept.map((l) => l.trim()).filter((l) => !ignored(l)));
    assert.deepEqual(got, want);
    // Lines outside moved containers keep their bytes: each unindented-equal line exists verbatim.
    const verbatim = new Set(before);
    const changedIndent = kept.filter((l) => l.trim() !== "" && !verbatim.has(l));
    for (const l of changedIndent) assert.ok(before.some((b) => b.trim() === l.trim()), l);
  });

  test(`migrate ${c.name}: documents lint finds nothing to migrate in are byte-identical`, () => {
    const split = (t: string): string[] => t.split(/^(?=---\s*$)/m);
    const docsBefore = split(c.text);
    const docsAfter = split(expected);
    assert.equal(docsAfter.length, docsBefore.length);
    docsBefore.forEach((d, i) => {
      const needs = lintSourceFile(parseSourceFile("doc", d)).some((f) => f.fix?.automated);
      if (!needs) assert.equal(docsAfter[i], d);
    });
  });

  test(`migrate ${c.name}: the same containers with the same fields, moved ones now native sidecars`, () => {
    const docs = (t: string): Document.Parsed[] => parseAllDocuments(t) as Document.Parsed[];
    const before = docs(c.text);
    const after = docs(expected);
    assert.equal(after.length, before.length);
    before.forEach((doc, i) => {
      const sitesBefore = findPodSites(doc);
      const sitesAfter = findPodSites(after[i] as Document.Parsed);
      assert.equal(sitesAfter.length, sitesBefore.length);
      sitesBefore.forEach((sb, k) => {
        const sa = sitesAfter[k];
        assert.ok(sa);
        const byName = (cs: readonly Container[] | undefined): Map<string, Container> => new Map((cs ?? []).map((x) => [x.name, x]));
        const old = byName([...(sb.spec.initContainers ?? []), ...sb.spec.containers]);
        const now = byName([...(sa.spec.initContainers ?? []), ...sa.spec.containers]);
        assert.deepEqual([...now.keys()].sort(), [...old.keys()].sort());
        for (const [name, o] of old) {
          const n = { ...now.get(name) } as Container;
          // A container migrate made native: in initContainers now, with restartPolicy Always.
          if (n.restartPolicy === "Always" && o.restartPolicy !== "Always") {
            assert.ok((sa.spec.initContainers ?? []).some((x) => x.name === name), name);
            delete n.restartPolicy;
            if (!o.startupProbe) delete n.startupProbe;
            const oo = { ...o };
            delete oo.restartPolicy;
            assert.deepEqual(n, oo, name);
          } else {
            assert.deepEqual(n, o, name);
          }
        }
        // Order: main containers keep theirs; the existing init containers keep theirs.
        const oldMains = sb.spec.containers.map((x) => x.name).filter((x) => sa.spec.containers.some((y) => y.name === x));
        assert.deepEqual(sa.spec.containers.map((x) => x.name), oldMains);
        const oldInits = (sb.spec.initContainers ?? []).map((x) => x.name);
        assert.deepEqual((sa.spec.initContainers ?? []).map((x) => x.name).filter((x) => oldInits.includes(x)), oldInits);
      });
    });
  });

  test(`migrate ${c.name}: the result passes pillion lint`, () => {
    const findings = lintSourceFile(parseSourceFile(c.file, expected), { options: c.options });
    assert.deepEqual(findings.filter((f) => f.severity === "error" || RESOLVED.includes(f.ruleId)).map((f) => `${f.ruleId} ${f.path}`), []);
  });
}
