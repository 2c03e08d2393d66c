// The manifest corpus of `pillion lint` and `pillion migrate`: NAME.yaml, its expected findings
// NAME.lint.json, and NAME.migrated.yaml when migrate rewrites it (absent = unchanged).
// NAME.options.json may give lint options ({"kubernetesVersion": "1.27"}).
// Regenerate the expectations with `node test/corpus/regenerate.ts` and review the diff.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Finding, LintOptions } from "../../src/tools/lint/finding.ts";
import { parseKubernetesMinor } from "../../src/tools/lint/command-io.ts";

export const CORPUS_DIR = new URL(".", import.meta.url).pathname;

export interface CorpusCase {
  name: string;
  /** The file name findings carry: "test/corpus/NAME.yaml". */
  file: string;
  text: string;
  options: Partial<LintOptions>;
  expectedFindings: ExpectedFinding[] | undefined;
  expectedMigrated: string | undefined;
  migratedPath: string;
  lintPath: string;
}

export type ExpectedFinding = Pick<Finding, "line" | "column" | "severity" | "ruleId" | "path" | "message"> & { object: string };

export function toExpected(f: Finding): ExpectedFinding {
  return { line: f.line, column: f.column, severity: f.severity, ruleId: f.ruleId, object: `${f.object.kind}/${f.object.name}`, path: f.path, message: f.message };
}

export function loadCorpus(): CorpusCase[] {
  return readdirSync(CORPUS_DIR).filter((f) => f.endsWith(".yaml") && !f.endsWith(".migrated.yaml")).sort().map((f) => {
    const name = f.slice(0, -".yaml".length);
    const at = (suffix: string): string => join(CORPUS_DIR, name + suffix);
    const options: Partial<LintOptions> = {};
    if (existsSync(at(".options.json"))) {
      const o = JSON.parse(readFileSync(at(".options.json"), "utf8")) as { kubernetesVersion?: string; minStartupSeconds?: number };
      const minor = o.kubernetesVersion ? parseKubernetesMinor(o.kubernetesVersion) : undefined;
      if (minor !== undefined) options.kubernetesMinor = minor;
      if (o.minStartupSeconds !== undefined) options.minStartupSeconds = o.minStartupSeconds;
    }
    return {
      name,
      file: `test/corpus/${f}`,
      text: readFileSync(join(CORPUS_DIR, f), "utf8"),
      options,
      expectedFindings: existsSync(at(".lint.json")) ? JSON.parse(readFileSync(at(".lint.json"), "utf8")) as ExpectedFinding[] : undefined,
      expectedMigrated: existsSync(at(".migrated.yaml")) ? readFileSync(at(".migrated.yaml"), "utf8") : undefined,
      migratedPath: at(".migrated.yaml"),
      lintPath: at(".lint.json"),
    };
  });
}
