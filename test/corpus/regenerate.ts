// Rewrites the corpus expectations from the current lint and migrate. Review `git diff
// test/corpus` afterwards: the expectations are the specification, not a snapshot to accept.
import { rmSync, writeFileSync } from "node:fs";
import { lintSourceFile } from "../../src/tools/lint/lint.ts";
import { migrateSourceFile } from "../../src/tools/migrate/migrate-source.ts";
import { parseSourceFile } from "../../src/tools/yaml/source-file.ts";
import { loadCorpus, toExpected } from "./corpus.ts";

for (const c of loadCorpus()) {
  const file = parseSourceFile(c.file, c.text);
  const findings = lintSourceFile(file, { options: c.options }).map(toExpected);
  writeFileSync(c.lintPath, `${JSON.stringify(findings, null, 2)}\n`);
  const migrated = migrateSourceFile(file).text;
  if (migrated !== c.text) writeFileSync(c.migratedPath, migrated);
  else rmSync(c.migratedPath, { force: true });
  process.stdout.write(`${c.name}: ${findings.length} finding(s)${migrated !== c.text ? ", migrated" : ""}\n`);
}
