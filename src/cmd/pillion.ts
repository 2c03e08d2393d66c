// `pillion`: the command line. Parses the node-wide flags, builds the node stack (node-stack.ts)
// and hands the rest to the subcommand.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCommand } from "../cli/run/run-command.ts";
import { lintCommand } from "../tools/lint/lint-command.ts";
import { migrateCommand } from "../tools/migrate/migrate-command.ts";
import { timelineCommand } from "../tools/timeline/timeline-command.ts";
import { openKubeconfig } from "../client/http/open-kubeconfig.ts";
import { parseNodeFlags, NODE_FLAGS_USAGE, type NodeFlags } from "./node-flags.ts";
import { startNodeStack, type NodeStack } from "./node-stack.ts";
import { upCommand } from "./up.ts";

const VERSION = (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }).version;

const USAGE = `pillion: a Kubernetes node in one process.

Usage:
  pillion up [flags]               serve the Kubernetes API for kubectl, with the kubelet and controllers
  pillion run FILE... [flags]      run Pods and Jobs to completion and show what happened
  pillion lint FILE... | -         find sidecar problems in Kubernetes YAML before a cluster does
  pillion migrate FILE... | -      rewrite traditional sidecars as native ones
  pillion timeline POD|job/NAME    a pod's lifecycle from any cluster, as text, SVG or HTML
  pillion version                  print the version

Run 'pillion up --help' or 'pillion run --help' for their flags.
${NODE_FLAGS_USAGE}`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case "up":
      return upCommand(rest);
    case "run":
      return run(rest);
    case "lint":
      return lintCommand(rest, processIO());
    case "migrate":
      return migrateCommand(rest, processIO());
    case "timeline":
      return timelineCommand(rest, processIO(), {
        connect: (o) => { const c = openKubeconfig(o); return { get: c.get, ...(c.connection.namespace ? { namespace: c.connection.namespace } : {}) }; },
        nowMs: () => Date.now(),
      });
    case "version":
    case "--version":
      process.stdout.write(`pillion ${VERSION} (emulates Kubernetes v1.33)\n`);
      return 0;
    case undefined:
    case "help":
    case "-h":
    case "--help":
      process.stdout.write(USAGE);
      return command === undefined ? 2 : 0;
    default:
      process.stderr.write(`error: unknown command "${command}" for "pillion"\nRun 'pillion --help' for usage.\n`);
      return 2;
  }
}

async function run(argv: string[]): Promise<number> {
  let flags: NodeFlags;
  try {
    flags = parseNodeFlags(argv);
  } catch (e) {
    process.stderr.write(`error: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  if (flags.rest.includes("-h") || flags.rest.includes("--help")) {
    return runCommand(flags.rest, processIO(), undefined as never);
  }
  if (process.getuid?.() !== 0) {
    process.stderr.write("error: pillion runs containers with crun/runc and network namespaces, which need root: run it as root (sudo)\n");
    return 2;
  }
  const temporary = !flags.stateDir;
  const stateDir = flags.stateDir ?? mkdtempSync(join(tmpdir(), "pillion-run-"));
  const log = (m: string): void => { if (flags.verbose) process.stderr.write(`pillion: ${m}\n`); };
  let stack: NodeStack;
  try {
    stack = await startNodeStack({
      stateDir, kubernetesMinor: flags.kubernetesMinor, log,
      ...(flags.runtime ? { runtime: flags.runtime } : {}),
      ...(flags.imageMap ? { imageMapFile: flags.imageMap } : {}),
    });
  } catch (e) {
    process.stderr.write(`error: ${e instanceof Error ? e.message : String(e)}\n`);
    if (temporary) rmSync(stateDir, { recursive: true, force: true });
    return 1;
  }
  const cleanup = async (): Promise<void> => {
    await stack.stop({ removePods: !flags.keep });
    if (temporary && !flags.keep) rmSync(stateDir, { recursive: true, force: true });
  };
  let interrupted = 0;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (interrupted++) return;
    process.stderr.write(`\npillion: ${signal}: stopping the pods\n`);
    void cleanup().finally(() => process.exit(signal === "SIGINT" ? 130 : 143));
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  const code = await runCommand(flags.rest, processIO(), {
    client: stack.client, logs: stack.kubelet, journal: stack.journal, clock: stack.clock, prepare: (o) => stack.prepare(o),
  });
  if (!interrupted) await cleanup();
  if (flags.keep) process.stderr.write(`pillion: kept the state in ${stateDir}\n`);
  return code;
}

function processIO(): Parameters<typeof runCommand>[1] & Parameters<typeof lintCommand>[1] {
  return {
    stdout: { write: (s: string) => { process.stdout.write(s); } },
    stderr: { write: (s: string) => { process.stderr.write(s); } },
    stdin: process.stdin,
    readFile: (path: string) => readFile(path, "utf8"),
    writeFile: (path: string, text: string) => writeFile(path, text),
  };
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; setImmediate(() => process.exit(code)); },
  (e: unknown) => { process.stderr.write(`pillion: internal error: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`); process.exit(70); },
);
