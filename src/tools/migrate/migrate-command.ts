// `pillion migrate FILE... | -`: rewrites traditional sidecars as native ones (docs/migrate.md).
// Prints the result on stdout; --write rewrites the files in place; --check exits 1 when
// anything would change (for CI); --diff prints a unified diff instead of the result.
// Exit status: 0 done (or nothing to do), 1 --check found work, 2 usage, read or parse error.
import { parseKubernetesMinor, readInputs, type CommandIO } from "../lint/command-io.ts";
import { parseSourceFile } from "../yaml/source-file.ts";
import type { MigrationChange } from "./migrate-pod.ts";
import { migrateSourceFile } from "./migrate-source.ts";
import { unifiedDiff } from "./unified-diff.ts";

export const MIGRATE_USAGE = `Rewrite traditional sidecars as native sidecars (initContainers + restartPolicy: Always).

Usage:
  pillion migrate FILE... [flags]     (FILE "-" reads stdin)

Flags:
      --write                    rewrite the files in place (stdin is still printed)
      --check                    print nothing, exit 1 if anything would change (for CI)
      --diff                     print a unified diff instead of the result
      --kubernetes-version 1.N   the target cluster's version (native sidecars need 1.29+, or 1.28 with the SidecarContainers gate)
  -h, --help                     this help

Everything migrate does not rewrite is kept byte for byte. Added startup probes carry the
comment "# pillion migrate: review this startup probe". See docs/migrate.md.
`;

interface MigrateArgs {
  files: string[];
  write: boolean;
  check: boolean;
  diff: boolean;
  kubernetesMinor: number;
  help: boolean;
}

function parseMigrateArgs(argv: readonly string[]): MigrateArgs | string {
  const args: MigrateArgs = { files: [], write: false, check: false, diff: false, kubernetesMinor: 33, help: false };
  for (let i = 0; i < argv.length; i++) {
    const raw = argv[i] ?? "";
    const [flag, inline] = raw.startsWith("--") && raw.includes("=") ? [raw.slice(0, raw.indexOf("=")), raw.slice(raw.indexOf("=") + 1)] : [raw, undefined];
    switch (flag) {
      case "-h": case "--help": args.help = true; break;
      case "--write": case "-w": args.write = true; break;
      case "--check": args.check = true; break;
      case "--diff": args.diff = true; break;
      case "--kubernetes-version": {
        const v = inline ?? argv[++i];
        const minor = v === undefined ? undefined : parseKubernetesMinor(v);
        if (minor === undefined) return `--kubernetes-version must look like 1.29, not "${v ?? ""}"`;
        args.kubernetesMinor = minor;
        break;
      }
      default:
        if (raw.startsWith("-") && raw !== "-") return `unknown flag: ${raw}`;
        args.files.push(raw);
    }
  }
  if (args.write && args.check) return "--write and --check exclude each other";
  return args;
}

function describe(file: string, c: MigrationChange): string {
  const what = c.action === "moved-to-init-containers" ? `moved "${c.container}" to initContainers with restartPolicy: Always` : `added restartPolicy: Always to init container "${c.container}"`;
  const probe = c.startupProbe ? `, added a startup probe (from its ${c.startupProbe === "readinessProbe" ? "readiness probe" : c.startupProbe === "containerPort" ? "first container port" : "port the app uses"}; review it)` : "";
  return `${file}: ${c.object.kind} "${c.object.name}": ${what}${probe}\n`;
}

export async function migrateCommand(argv: readonly string[], io: CommandIO): Promise<number> {
  const args = parseMigrateArgs(argv);
  if (typeof args === "string") {
    io.stderr.write(`error: ${args}\nRun 'pillion migrate --help' for usage.\n`);
    return 2;
  }
  if (args.help) { io.stdout.write(MIGRATE_USAGE); return 0; }
  if (!args.files.length) {
    io.stderr.write("error: no input: give one or more FILEs, or - for stdin\nRun 'pillion migrate --help' for usage.\n");
    return 2;
  }
  if (args.kubernetesMinor <= 27) {
    io.stderr.write(`error: Kubernetes 1.${args.kubernetesMinor} has no native sidecars (restartPolicy on init containers is an unknown field): migrated pods would hang in Init; target 1.29+ (or 1.28 with the SidecarContainers feature gate)\n`);
    return 2;
  }
  if (args.kubernetesMinor === 28) io.stderr.write("warning: Kubernetes 1.28 runs native sidecars only with the SidecarContainers feature gate on (kube-apiserver and kubelet)\n");

  const { inputs, failed } = await readInputs(args.files, io);
  let status = failed ? 2 : 0;
  let wouldChange = false;
  let printed = 0;
  for (const input of inputs) {
    const file = parseSourceFile(input.name, input.text);
    if (file.errors.length) {
      for (const e of file.errors) io.stderr.write(`${file.name}:${e.position.line}:${e.position.column}: error: ${e.message} [yaml-syntax]\n`);
      status = 2;
      continue;
    }
    const result = migrateSourceFile(file);
    for (const s of result.skipped) io.stderr.write(`${file.name}: ${s.object.kind} "${s.object.name}": not migrated: ${s.reason}; migrate it by hand (docs/migrate.md)\n`);
    const changed = result.text !== input.text;
    if (changed) wouldChange = true;
    if (args.check) {
      if (changed) io.stderr.write(`${file.name}: would migrate\n`);
    } else {
      for (const c of result.changes) io.stderr.write(describe(file.name, c));
    }
    if (args.diff) {
      io.stdout.write(unifiedDiff(`a/${file.name}`, `b/${file.name}`, input.text, result.text));
    } else if (args.write && input.path !== undefined) {
      if (changed) await io.writeFile(input.path, result.text);
    } else if (!args.check) {
      if (printed++ > 0 && !/^---/.test(result.text)) io.stdout.write("---\n");
      io.stdout.write(result.text);
      if (result.text && !result.text.endsWith("\n")) io.stdout.write("\n");
    }
  }
  if (status === 0 && args.check && wouldChange) status = 1;
  return status;
}
