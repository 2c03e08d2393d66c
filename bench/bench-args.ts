// Command-line flags of the pod-start benchmark (docs/benchmarks.md). Pure: argv in, options out.

export interface BenchArgs {
  /** Sequential samples of each kind (pillion pods and bare floor starts), interleaved. */
  pods: number;
  /** Pods (and bare starts) launched at once in the burst phase; 0 skips the burst. */
  burst: number;
  /** Unmeasured rounds first (JIT, busybox applet cache, page cache). */
  warmup: number;
  json: boolean;
  /** Trace every spawned helper and print where each pod's time goes. */
  profile: boolean;
  /** Default: a fresh directory under /tmp, removed at the end. */
  stateDir?: string;
  help: boolean;
}

export const BENCH_USAGE = `Usage: node bench/pod-start.bench.ts [--pods N] [--burst N] [--warmup N] [--profile] [--json] [--state-dir DIR]

Times "pod applied -> its process running" on a pillion node stack, beside a bare conmon + crun
start of the same command measured in the same run (see docs/benchmarks.md). Needs root.

  --pods N       sequential samples of each kind (default 100)
  --burst N      pods created at once, beside N bare starts at once (default 50; 0 skips)
  --warmup N     unmeasured rounds before the samples (default 3)
  --profile      trace spawned helpers and print where pillion's time goes
  --json         also print the figures as one JSON object (last line of output)
  --state-dir D  where the node stack and the bare bundles live (default: a temporary dir)
`;

export class BenchUsageError extends Error {}

function count(flag: string, value: string | undefined, min: number): number {
  if (value === undefined || !/^\d+$/.test(value)) throw new BenchUsageError(`${flag} needs a whole number`);
  const n = Number(value);
  if (n < min) throw new BenchUsageError(`${flag} must be at least ${min}`);
  return n;
}

export function parseBenchArgs(argv: readonly string[]): BenchArgs {
  const out: BenchArgs = { pods: 100, burst: 50, warmup: 3, json: false, profile: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    const eq = arg.indexOf("=");
    const [flag, inline] = arg.startsWith("--") && eq > 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
    const value = (): string | undefined => inline ?? argv[++i];
    switch (flag) {
      case "--pods": out.pods = count(flag, value(), 1); break;
      case "--burst": out.burst = count(flag, value(), 0); break;
      case "--warmup": out.warmup = count(flag, value(), 0); break;
      case "--json": out.json = true; break;
      case "--profile": out.profile = true; break;
      case "--state-dir": {
        const dir = value();
        if (!dir) throw new BenchUsageError("--state-dir needs a directory");
        out.stateDir = dir;
        break;
      }
      case "-h": case "--help": out.help = true; break;
      default: throw new BenchUsageError(`unknown argument ${JSON.stringify(arg)}`);
    }
  }
  return out;
}
