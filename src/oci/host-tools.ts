// The host programs the OCI runtime drives, found once at start-up, and the one helper that runs
// them. A missing program is a RuntimeError("MissingDependency") naming the Debian package, never
// a crash at first use.
import { spawn } from "node:child_process";
import { access, constants, readFile, realpath, statfs, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { RuntimeError } from "../runtime/runtime.ts";

export interface HostTools {
  conmon: string;
  /** crun or runc, absolute. */
  runtime: string;
  runtimeName: "crun" | "runc";
  /** What conmon runs for `create`: the compiled hybrid-cgroup helper or the wrapper script, or `runtime` itself. */
  createRuntime: string;
  unshare: string;
  nsenter: string;
  ip: string;
  umount: string;
  mount: string;
  /** busybox-static when installed (only required by the busybox image; see image-store.ts). */
  busybox?: string;
}

const PACKAGES: Record<string, string> = {
  conmon: "conmon", crun: "crun", runc: "runc", unshare: "util-linux", nsenter: "util-linux",
  ip: "iproute2", umount: "mount", mount: "mount", busybox: "busybox-static",
  // Only for streams (kubectl exec -t, attach -i): found at first use, all Essential on Debian.
  script: "bsdutils", stty: "coreutils", perl: "perl-base",
};

const SEARCH_DIRS = ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"];

/** The absolute path of an executable on PATH (or the usual sbin dirs), or undefined. */
export async function findBinary(name: string): Promise<string | undefined> {
  const dirs = [...(process.env["PATH"] ?? "").split(":").filter((d) => d.startsWith("/")), ...SEARCH_DIRS];
  for (const dir of dirs) {
    const p = `${dir}/${name}`;
    try {
      await access(p, constants.X_OK);
      return p;
    } catch {
      // keep looking
    }
  }
  return undefined;
}

export function missingDependency(binary: string): RuntimeError {
  const pkg = PACKAGES[binary] ?? binary;
  return new RuntimeError("MissingDependency", `${binary} not found: install the ${pkg} package (scripts/setup.sh does)`);
}

/** findBinary, or a MissingDependency naming the package. */
export async function requireBinary(name: string): Promise<string> {
  return require(name);
}

async function require(name: string): Promise<string> {
  const p = await findBinary(name);
  if (!p) throw missingDependency(name);
  return p;
}

const TMPFS_MAGIC = 0x01021994;
const UNIFIED = "/sys/fs/cgroup/unified";

/**
 * Hybrid cgroups as spec/runtime-oci.md §1 detects them: /sys/fs/cgroup is a tmpfs (v1 layout)
 * and the cgroup2 mount at /sys/fs/cgroup/unified has controllers. crun refuses that layout
 * ("cgroups in hybrid mode not supported, drop all controllers from cgroupv2").
 */
export async function isHybridCgroups(): Promise<boolean> {
  try {
    const st = await statfs("/sys/fs/cgroup");
    if (st.type !== TMPFS_MAGIC) return false;
    const controllers = await readFile("/sys/fs/cgroup/unified/cgroup.controllers", "utf8");
    return controllers.trim() !== "";
  } catch {
    return false;
  }
}

/**
 * The shell wrapper conmon runs for `crun create` on a hybrid-cgroup host: a private mount
 * namespace where the cgroup2 mount at /sys/fs/cgroup/unified is lazily unmounted, so crun sees
 * a pure v1 host. Unmounting alone would uncover the directory of the /sys/fs/cgroup tmpfs under
 * the mount point, and crun (v1 mode) would create every container's cgroupsPath there as well;
 * `crun delete` runs on the host, where that path is cgroup2 again, so those tmpfs dirs would
 * never be removed (docs/benchmarks.md, "Leak found"). An empty tmpfs mounted over the mount
 * point takes crun's writes instead and dies with the namespace. If that mount fails, crun still
 * runs (the leak is preferable to failing every container).
 */
export function hybridCgroupWrapper(tools: { unshare: string; mount: string; runtime: string }): string {
  return "#!/bin/sh\n# pillion: crun refuses hybrid cgroups; hide the unified mount from it (docs/runtime.md).\n" +
    `exec ${tools.unshare} --mount --propagation private /bin/sh -c '` +
    `umount -l ${UNIFIED} 2>/dev/null && ${tools.mount} -t tmpfs -o size=4k,mode=755 tmpfs ${UNIFIED}; ` +
    `exec ${tools.runtime} "$@"' crun "$@"\n`;
}

/** Where scripts/setup.sh builds src/oci/native/crun-hybrid.c (when the machine has a C compiler). */
export const DEFAULT_HYBRID_HELPER = fileURLToPath(new URL("../../.tools/bin/crun-hybrid", import.meta.url));

/** The compiled helper, when it is there and was built for this crun (the same real path); else undefined. */
async function compiledHelperFor(helper: string, runtime: string): Promise<string | undefined> {
  try {
    await access(helper, constants.X_OK);
    const r = await run(helper, ["--pillion-crun-path"]);
    if (r.code !== 0) return undefined;
    const [built, found] = await Promise.all([realpath(r.stdout.trim()), realpath(runtime)]);
    return built === found ? helper : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Finds every program, and on a hybrid-cgroup host picks what conmon runs for `crun create`
 * (§1 option 1): crun in a private mount namespace where the unified mount is lazily unmounted
 * (and shadowed by an empty tmpfs), so it sees a pure v1 host. That is the compiled helper
 * (src/oci/native/crun-hybrid.c: one exec, ~8 ms faster per create) when scripts/setup.sh built
 * it for this crun, else the shell wrapper written at wrapperPath. Only `create` goes through
 * it; start/kill/exec/delete use crun directly.
 */
export async function discoverHostTools(options: { preferred?: "crun" | "runc"; wrapperPath: string; hybridHelper?: string }): Promise<HostTools> {
  const [conmon, unshare, nsenter, ip, umount, mount] = await Promise.all(
    ["conmon", "unshare", "nsenter", "ip", "umount", "mount"].map(require),
  ) as [string, string, string, string, string, string];
  let runtimeName: "crun" | "runc" = options.preferred ?? "crun";
  let runtime = await findBinary(runtimeName);
  if (!runtime && !options.preferred) {
    runtimeName = "runc";
    runtime = await findBinary("runc");
    if (!runtime) throw missingDependency("crun");
  }
  if (!runtime) throw missingDependency(runtimeName);
  let createRuntime = runtime;
  if (runtimeName === "crun" && (await isHybridCgroups())) {
    const helper = await compiledHelperFor(options.hybridHelper ?? DEFAULT_HYBRID_HELPER, runtime);
    if (helper) {
      createRuntime = helper;
    } else {
      await writeFile(options.wrapperPath, hybridCgroupWrapper({ unshare, mount, runtime }), { mode: 0o755 });
      createRuntime = options.wrapperPath;
    }
  }
  const busybox = await busyboxWithIp();
  return { conmon, runtime, runtimeName, createRuntime, unshare, nsenter, ip, umount, mount, ...(busybox ? { busybox } : {}) };
}

/** busybox when it is installed and has the `ip` applet (used for `ip link set lo up`). */
async function busyboxWithIp(): Promise<string | undefined> {
  const busybox = await findBinary("busybox");
  if (!busybox) return undefined;
  const list = await run(busybox, ["--list"]).catch(() => undefined);
  return list?.code === 0 && /^ip$/m.test(list.stdout) ? busybox : undefined;
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a program to completion, collecting its output (stdin is /dev/null). Never rejects for a non-zero exit. */
export function run(file: string, args: string[], options: { env?: NodeJS.ProcessEnv } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: ["ignore", "pipe", "pipe"], env: options.env ?? process.env });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => { stdout += d; });
    child.stderr.setEncoding("utf8").on("data", (d: string) => { stderr += d; });
    child.on("error", (err) => reject(new RuntimeError("Internal", `${file}: ${err.message}`, { cause: err })));
    child.on("close", (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr }));
  });
}

/** The last non-empty line of a tool's error output: the error itself, as the user should see it. */
export function errorText(text: string): string {
  return text.trim().split("\n").filter((l) => l.trim() !== "").pop()?.trim() ?? "";
}
