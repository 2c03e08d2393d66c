// `pillion lint FILE... | -`: finds traditional sidecars and the other mistakes of docs/lint.md.
// Exit status: 0 when no finding is at or above --fail-on (default error), 1 when one is,
// 2 on a usage error, an unreadable file or a YAML syntax error.
import { parseSourceFile } from "../yaml/source-file.ts";
import { readInputs, parseKubernetesMinor, type CommandIO } from "./command-io.ts";
import { DEFAULT_LINT_OPTIONS, SEVERITY_RANK, type Finding, type LintOptions, type Severity } from "./finding.ts";
import { formatJson, formatSarif, formatText } from "./format-findings.ts";
import { lintSourceFile } from "./lint.ts";
import { ALL_RULES } from "./rules/all-rules.ts";

export const LINT_USAGE = `Find traditional sidecars and sidecar mistakes in Kubernetes YAML.

Usage:
  pillion lint FILE... [flags]     (FILE "-" reads stdin, e.g. helm template . | pillion lint -)

Flags:
  -o, --output text|json|sarif   output format (default text)
      --fail-on error|warning|info|none
                                 exit 1 when a finding has at least this severity (default error)
      --kubernetes-version 1.N   the target cluster's version (default 1.${DEFAULT_LINT_OPTIONS.kubernetesMinor})
      --min-startup-seconds N    least startup-probe budget for a sidecar (default ${DEFAULT_LINT_OPTIONS.minStartupSeconds})
      --disable ID[,ID]          skip these rules
      --list-rules               print the rules and exit
  -h, --help                     this help

Exit status: 0 no finding at or above --fail-on, 1 findings, 2 usage or parse error.
Rules: docs/lint.md.
`;

type Output = "text" | "json" | "sarif";

interface LintArgs {
  files: string[];
  output: Output;
  failOn: Severity | "none";
  options: LintOptions;
  disabled: string[];
  help: boolean;
  listRules: boolean;
}

class UsageError extends Error {
  override name = "UsageError";
}

export function parseLintArgs(argv: readonly string[]): LintArgs {
  const args: LintArgs = { files: [], output: "text", failOn: "error", options: { ...DEFAULT_LINT_OPTIONS }, disabled: [], help: false, listRules: false };
  const ids = new Set(ALL_RULES.map((r) => r.meta.id));
  for (let i = 0; i < argv.length; i++) {
    const raw = argv[i] ?? "";
    const eq = raw.startsWith("--") ? raw.indexOf("=") : -1;
    const flag = eq > 0 ? raw.slice(0, eq) : raw;
    const value = (): string => {
      if (eq > 0) return raw.slice(eq + 1);
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`flag needs an argument: ${flag}`);
      return v;
    };
    switch (flag) {
      case "-h": case "--help": args.help = true; break;
      case "--list-rules": args.listRules = true; break;
      case "-o": case "--output": {
        const v = value();
        if (v !== "text" && v !== "json" && v !== "sarif") throw new UsageError(`unknown output format "${v}" (text, json, sarif)`);
        args.output = v;
        break;
      }
      case "--fail-on": {
        const v = value();
        if (v !== "error" && v !== "warning" && v !== "info" && v !== "none") throw new UsageError(`--fail-on must be error, warning, info or none, not "${v}"`);
        args.failOn = v;
        break;
      }
      case "--kubernetes-version": {
        const v = value();
        const minor = parseKubernetesMinor(v);
        if (minor === undefined) throw new UsageError(`--kubernetes-version must look like 1.28, not "${v}"`);
        args.options.kubernetesMinor = minor;
        break;
      }
      case "--min-startup-seconds": {
        const v = value();
        const n = Number(v.replace(/s$/, ""));
        if (!Number.isFinite(n) || n < 0) throw new UsageError(`--min-startup-seconds must be a number of seconds, not "${v}"`);
        args.options.minStartupSeconds = n;
        break;
      }
      case "--disable": {
        for (const id of value().split(",").map((s) => s.trim()).filter(Boolean)) {
          if (!ids.has(id)) throw new UsageError(`unknown rule "${id}" (see --list-rules)`);
          args.disabled.push(id);
        }
        break;
      }
      default:
        if (raw.startsWith("-") && raw !== "-") throw new UsageError(`unknown flag: ${raw}`);
        args.files.push(raw);
    }
  }
  return args;
}

function listRules(): string {
  return ALL_RULES.map((r) => `${r.meta.id.padEnd(40)}${r.meta.severity.padEnd(9)}${r.meta.title}\n`).join("");
}

export async function lintCommand(argv: readonly string[], io: CommandIO): Promise<number> {
  let args: LintArgs;
  try {
    args = parseLintArgs(argv);
  } catch (e) {
    io.stderr.write(`error: ${e instanceof Error ? e.message : String(e)}\nRun 'pillion lint --help' for usage.\n`);
    return 2;
  }
  if (args.help) { io.stdout.write(LINT_USAGE); return 0; }
  if (args.listRules) { io.stdout.write(listRules()); return 0; }
  if (!args.files.length) {
    io.stderr.write("error: no input: give one or more FILEs, or - for stdin\nRun 'pillion lint --help' for usage.\n");
    return 2;
  }
  const { inputs, failed } = await readInputs(args.files, io);
  let parseFailed = failed;
  const findings: Finding[] = [];
  for (const input of inputs) {
    const file = parseSourceFile(input.name, input.text);
    if (file.errors.length) {
      parseFailed = true;
      for (const e of file.errors) io.stderr.write(`${file.name}:${e.position.line}:${e.position.column}: error: ${e.message} [yaml-syntax]\n`);
      continue;
    }
    findings.push(...lintSourceFile(file, { options: args.options, disabled: args.disabled }));
  }
  const rules = ALL_RULES.map((r) => r.meta).filter((m) => !args.disabled.includes(m.id));
  switch (args.output) {
    case "text": io.stdout.write(formatText(findings)); break;
    case "json": io.stdout.write(formatJson(findings)); break;
    case "sarif": io.stdout.write(formatSarif(findings, rules)); break;
  }
  if (parseFailed) return 2;
  const threshold = args.failOn;
  if (threshold === "none") return 0;
  return findings.some((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK[threshold]) ? 1 : 0;
}
