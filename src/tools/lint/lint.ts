// `pillion lint`'s engine: every pod spec of every document, through every rule, placed at
// file:line:column. Pure — the command (lint-command.ts) does the reading and printing.
import { formatPath, offsetOfPath, type NodePath } from "../yaml/node-path.ts";
import { findPodSites } from "../yaml/pod-sites.ts";
import { positionAt, type SourceFile } from "../yaml/source-file.ts";
import { DEFAULT_LINT_OPTIONS, type Finding, type LintOptions, type Rule } from "./finding.ts";
import { analyzePod } from "./pod-analysis.ts";
import { ALL_RULES } from "./rules/all-rules.ts";

export interface LintRun {
  options?: Partial<LintOptions>;
  /** Rule ids to skip. */
  disabled?: readonly string[];
  rules?: readonly Rule[];
}

export function lintSourceFile(file: SourceFile, run: LintRun = {}): Finding[] {
  const options: LintOptions = { ...DEFAULT_LINT_OPTIONS, ...run.options };
  const disabled = new Set(run.disabled ?? []);
  const rules = (run.rules ?? ALL_RULES).filter((r) => !disabled.has(r.meta.id));
  const out: Finding[] = [];
  for (const doc of file.documents) {
    for (const site of findPodSites(doc)) {
      const analysis = analyzePod(site);
      const apiPath = (p: NodePath): string => formatPath([...site.apiPath, ...p]);
      for (const rule of rules) {
        for (const f of rule.check({ analysis, options, apiPath })) {
          const pos = positionAt(file, offsetOfPath(doc, [...site.docPath, ...f.path]));
          const finding: Finding = {
            ruleId: f.ruleId,
            severity: f.severity ?? rule.meta.severity,
            message: f.message,
            file: file.name,
            line: pos.line,
            column: pos.column,
            path: apiPath(f.path),
            object: site.object,
          };
          if (f.fix) finding.fix = f.fix;
          out.push(finding);
        }
      }
    }
  }
  return out.sort((a, b) => a.line - b.line || a.column - b.column);
}
