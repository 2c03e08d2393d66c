// The flags every node-running command shares. They are taken out of argv; the rest goes to
// the subcommand's own parser.

export interface NodeFlags {
  /** Keep state here (resumable); default: a temporary directory removed at the end. */
  stateDir?: string;
  runtime?: "crun" | "runc";
  /** An image map file (src/oci/image-map-file.ts). */
  imageMap?: string;
  /** 27..33: the Kubernetes minor version emulated. */
  kubernetesMinor: number;
  /** Leave the pods and the state in place at the end. */
  keep: boolean;
  verbose: boolean;
  rest: string[];
}

export const NODE_FLAGS_USAGE = `
Node flags (for run):
      --state-dir DIR             keep pillion's state (objects, containers, logs) in DIR; a run
                                  killed with SIGKILL resumes when started again on the same DIR
      --runtime crun|runc         the OCI runtime (default: crun when installed)
      --image-map FILE            run these images from local files (YAML/JSON; docs/runtime.md,
                                  "Images"); default: env PILLION_IMAGE_MAP
      --kubernetes-version 1.N    the Kubernetes version to emulate, 1.27 to 1.33 (default 1.33)
      --keep                      leave the pods running and the state in place at the end
  -v, --verbose                   print the node's diagnostics
`;

export function parseNodeFlags(argv: readonly string[]): NodeFlags {
  const out: NodeFlags = { kubernetesMinor: 33, keep: false, verbose: false, rest: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (arg === "--") { out.rest.push(...argv.slice(i)); break; }
    const eq = arg.indexOf("=");
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const value = (): string => {
      if (eq > 0) return arg.slice(eq + 1);
      const v = argv[++i];
      if (v === undefined) throw new Error(`flag needs an argument: ${name}`);
      return v;
    };
    switch (name) {
      case "--state-dir": out.stateDir = value(); break;
      case "--runtime": {
        const v = value();
        if (v !== "crun" && v !== "runc") throw new Error(`invalid argument "${v}" for "--runtime" flag: must be crun or runc`);
        out.runtime = v;
        break;
      }
      case "--image-map": out.imageMap = value(); break;
      case "--kubernetes-version": {
        const v = value();
        const m = /^v?1\.(\d+)(\.\d+)?$/.exec(v);
        const minor = Number(m?.[1]);
        if (!m || minor < 27 || minor > 33) throw new Error(`invalid argument "${v}" for "--kubernetes-version" flag: pillion emulates 1.27 to 1.33`);
        out.kubernetesMinor = minor;
        break;
      }
      case "--keep": out.keep = true; break;
      case "-v": case "--verbose": out.verbose = true; break;
      default: out.rest.push(arg);
    }
  }
  return out;
}
