// Output formats of `pillion lint`: compiler-style text, JSON, and SARIF 2.1.0 (for code
// scanning UIs), which carries each rule's metadata and each result's location.
import type { Finding, RuleMeta, Severity } from "./finding.ts";

/** `file:line:col: severity: message [rule-id]`, one per line, then a count. */
export function formatText(findings: readonly Finding[]): string {
  let out = "";
  for (const f of findings) out += `${f.file}:${f.line}:${f.column}: ${f.severity}: ${f.message} [${f.ruleId}]\n`;
  if (findings.length) {
    const n = (s: Severity): number => findings.filter((f) => f.severity === s).length;
    const parts = [[n("error"), "error"], [n("warning"), "warning"], [n("info"), "info"]] as const;
    out += `${parts.filter(([c]) => c > 0).map(([c, w]) => `${c} ${w}${c === 1 || w === "info" ? "" : "s"}`).join(", ")}\n`;
  }
  return out;
}

export function formatJson(findings: readonly Finding[]): string {
  return `${JSON.stringify({ findings }, null, 2)}\n`;
}

const SARIF_LEVEL: Record<Severity, "error" | "warning" | "note"> = { error: "error", warning: "warning", info: "note" };

/** SARIF 2.1.0 log with one run; rule help is docs/lint.md (one section per rule id). */
export function formatSarif(findings: readonly Finding[], rules: readonly RuleMeta[]): string {
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [{
      tool: {
        driver: {
          name: "pillion lint",
          rules: rules.map((r) => ({
            id: r.id,
            name: r.id,
            shortDescription: { text: r.title },
            fullDescription: { text: r.description },
            help: { text: `${r.description} See docs/lint.md#${r.id}.` },
            defaultConfiguration: { level: SARIF_LEVEL[r.severity] },
          })),
        },
      },
      results: findings.map((f) => ({
        ruleId: f.ruleId,
        ...(index.has(f.ruleId) ? { ruleIndex: index.get(f.ruleId) } : {}),
        level: SARIF_LEVEL[f.severity],
        message: { text: f.message },
        locations: [{
          physicalLocation: {
            artifactLocation: { uri: f.file },
            region: { startLine: f.line, startColumn: f.column },
          },
          logicalLocations: [{
            name: f.path,
            fullyQualifiedName: `${f.object.kind}/${f.object.name}.${f.path}`,
            kind: "member",
          }],
        }],
        ...(f.fix ? { properties: { fix: f.fix.description, ...(f.fix.automated ? { automatedBy: f.fix.automated } : {}) } } : {}),
      })),
    }],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
