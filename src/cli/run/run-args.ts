// `pillion run` flags, parsed the way pflag parses them (--flag=value, --flag value, -f value,
// -fvalue, "--" ends the flags) with pflag's error texts.

export interface RunArgs {
  /** Manifest paths in order; "-" is stdin. */
  files: string[];
  /** 0: no limit. */
  timeoutMs: number;
  namespace?: string;
  quiet: boolean;
  timeline: boolean;
  help: boolean;
}

export const DEFAULT_TIMEOUT_MS = 10 * 60_000;

export const RUN_USAGE = `Run Kubernetes manifests to completion and show what happened.

Usage:
  pillion run FILE... [flags]
  pillion run -f FILE [-f FILE...] [flags]      (-f - reads stdin)

Applies the Pods and Jobs in the files, streams every container's output prefixed with
pod/container, waits until every Job and every run-to-completion Pod has finished, then prints
them as kubectl get does, and a timeline of each pod's containers.

Flags:
  -f, --filename FILE     a manifest file; repeatable; "-" reads stdin
  -n, --namespace NS      namespace for objects that name none (default "default")
      --timeout DURATION  give up after this long, e.g. 90s, 5m, 1h30m; 0 waits forever (default 10m)
  -q, --quiet             do not print container output
      --no-timeline       do not print the lifecycle timeline
  -h, --help              show this help

Exit status: 0 all succeeded, 1 something failed, 2 the input was invalid (nothing was
started), 124 the timeout ran out.
`;

export class UsageError extends Error {
  override name = "UsageError";
}

const UNITS: Record<string, number> = { ns: 1e-6, us: 1e-3, "µs": 1e-3, "μs": 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** time.ParseDuration, in milliseconds; throws with Go's message. Negative durations are refused. */
export function parseGoDuration(text: string): number {
  const quoted = JSON.stringify(text);
  let s = text;
  let sign = 1;
  if (s.startsWith("-") || s.startsWith("+")) { sign = s.startsWith("-") ? -1 : 1; s = s.slice(1); }
  if (s === "0") return 0;
  if (s === "") throw new UsageError(`time: invalid duration ${quoted}`);
  let total = 0;
  while (s !== "") {
    const num = /^(\d+(?:\.\d*)?|\.\d+)/.exec(s);
    if (!num) throw new UsageError(`time: invalid duration ${quoted}`);
    s = s.slice(num[0].length);
    const unit = /^[^\d.]+/.exec(s)?.[0] ?? "";
    if (!unit) throw new UsageError(`time: missing unit in duration ${quoted}`);
    const factor = UNITS[unit];
    if (factor === undefined) throw new UsageError(`time: unknown unit ${JSON.stringify(unit)} in duration ${quoted}`);
    total += Number(num[0]) * factor;
    s = s.slice(unit.length);
  }
  if (sign < 0 && total > 0) throw new UsageError(`invalid duration ${quoted}: must not be negative`);
  return total;
}

interface FlagDef { long: string; short?: string; takesValue: boolean }
const FLAGS: FlagDef[] = [
  { long: "filename", short: "f", takesValue: true },
  { long: "namespace", short: "n", takesValue: true },
  { long: "timeout", takesValue: true },
  { long: "quiet", short: "q", takesValue: false },
  { long: "no-timeline", takesValue: false },
  { long: "help", short: "h", takesValue: false },
];

/** Parses argv (after "run"); throws UsageError with pflag's wording. */
export function parseRunArgs(argv: readonly string[]): RunArgs {
  const out: RunArgs = { files: [], timeoutMs: DEFAULT_TIMEOUT_MS, quiet: false, timeline: true, help: false };
  const set = (def: FlagDef, value: string | undefined, shown: string): void => {
    switch (def.long) {
      case "filename": out.files.push(value ?? ""); break;
      case "namespace": out.namespace = value ?? ""; break;
      case "timeout":
        try {
          out.timeoutMs = parseGoDuration(value ?? "");
        } catch (e) {
          throw new UsageError(`invalid argument ${JSON.stringify(value)} for "${shown}" flag: ${(e as Error).message}`);
        }
        break;
      case "quiet": out.quiet = true; break;
      case "no-timeline": out.timeline = false; break;
      case "help": out.help = true; break;
    }
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (arg === "--") { out.files.push(...argv.slice(i + 1)); break; }
    if (arg === "-" || !arg.startsWith("-")) { out.files.push(arg); continue; }
    let def: FlagDef | undefined, value: string | undefined, shown: string;
    if (arg.startsWith("--")) {
      const eq = arg.indexOf("=");
      const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
      def = FLAGS.find((f) => f.long === name);
      if (!def) throw new UsageError(`unknown flag: --${name}`);
      shown = `--${name}`;
      if (eq >= 0) {
        if (!def.takesValue) throw new UsageError(`flag ${shown} does not take a value`);
        value = arg.slice(eq + 1);
      }
    } else {
      const short = arg.slice(1, 2);
      def = FLAGS.find((f) => f.short === short);
      if (!def) throw new UsageError(`unknown shorthand flag: '${short}' in ${arg}`);
      shown = `-${short}, --${def.long}`;
      const rest = arg.slice(2).replace(/^=/, "");
      if (rest) value = rest;
    }
    if (def.takesValue && value === undefined) {
      if (i + 1 >= argv.length) {
        throw new UsageError(arg.startsWith("--") ? `flag needs an argument: ${arg}` : `flag needs an argument: '${arg.slice(1, 2)}' in ${arg}`);
      }
      value = argv[++i];
    }
    set(def, value, shown);
  }
  return out;
}
