// `pillion migrate` over one input: plans every pod of every document with the same analysis
// lint uses, then applies all edits to the original text in one pass.
import { analyzePod } from "../lint/pod-analysis.ts";
import { findPodSites, type ObjectRef } from "../yaml/pod-sites.ts";
import type { SourceFile } from "../yaml/source-file.ts";
import { planPodMigration, type MigrationChange } from "./migrate-pod.ts";
import { applyEdits, type TextEdit } from "./text-edits.ts";

export interface MigrationSkip {
  object: ObjectRef;
  reason: string;
}

export interface MigrateResult {
  text: string;
  changes: MigrationChange[];
  skipped: MigrationSkip[];
}

export function migrateSourceFile(file: SourceFile): MigrateResult {
  const edits: TextEdit[] = [];
  const changes: MigrationChange[] = [];
  const skipped: MigrationSkip[] = [];
  for (const doc of file.documents) {
    for (const site of findPodSites(doc)) {
      const plan = planPodMigration(file.text, doc, analyzePod(site));
      edits.push(...plan.edits);
      changes.push(...plan.changes);
      if (plan.skipped) skipped.push({ object: site.object, reason: plan.skipped });
    }
  }
  return { text: edits.length ? applyEdits(file.text, edits) : file.text, changes, skipped };
}
