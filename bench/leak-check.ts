// After the run: nothing the benchmark started may be left behind. Counts conmon processes
// naming the bench dir, mounts under it (the pods' netns/ipc/uts pins are nsfs mounts there),
// containers crun still knows in either runtime root, and the bench's cgroup directories.
import { readdir, readFile, stat } from "node:fs/promises";
import { run } from "../src/oci/host-tools.ts";

export interface LeakReport {
  conmons: number[];
  mounts: string[];
  nsfsMounts: number;
  containers: string[];
  cgroups: string[];
  /** Hidden tmpfs dirs under the cgroup2 mount (see hiddenUnifiedDirs), found and then removed. */
  hiddenCgroups: { pillion: number; floor: number };
}

export function isClean(r: LeakReport): boolean {
  return r.conmons.length === 0 && r.mounts.length === 0 && r.containers.length === 0 && r.cgroups.length === 0;
}

async function conmonsUnder(dir: string): Promise<number[]> {
  const pids: number[] = [];
  for (const name of await readdir("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const argv = (await readFile(`/proc/${name}/cmdline`, "utf8").catch(() => "")).split("\0");
    if (argv[0]?.endsWith("conmon") && argv.some((a) => a.includes(dir))) pids.push(Number(name));
  }
  return pids;
}

async function mountsUnder(dir: string): Promise<{ points: string[]; nsfs: number }> {
  const info = await readFile("/proc/self/mountinfo", "utf8");
  const points: string[] = [];
  let nsfs = 0;
  for (const line of info.split("\n")) {
    const fields = line.split(" ");
    const point = fields[4];
    if (!point || !(point === dir || point.startsWith(`${dir}/`))) continue;
    points.push(point);
    if (fields[fields.indexOf("-") + 1] === "nsfs") nsfs++;
  }
  return { points, nsfs };
}

async function containersIn(runtime: string, root: string): Promise<string[]> {
  const r = await run(runtime, [`--root=${root}`, "list", "-q"]);
  return r.code === 0 ? r.stdout.split("\n").map((s) => s.trim()).filter(Boolean) : [];
}

async function cgroupDirs(relative: string[]): Promise<string[]> {
  const hierarchies = await readdir("/sys/fs/cgroup").catch(() => [] as string[]);
  const found: string[] = [];
  for (const h of hierarchies) {
    for (const rel of relative) {
      const p = `/sys/fs/cgroup/${h}${rel}`;
      if (await stat(p).then((s) => s.isDirectory(), () => false)) found.push(p);
    }
  }
  return found;
}

export async function checkLeaks(o: { dir: string; runtime: string; runtimeRoots: string[]; cgroups: string[] }): Promise<LeakReport> {
  const [conmons, mounts, containers, cgroups] = await Promise.all([
    conmonsUnder(o.dir), mountsUnder(o.dir),
    Promise.all(o.runtimeRoots.map((root) => containersIn(o.runtime, root))).then((l) => l.flat()),
    cgroupDirs(o.cgroups),
  ]);
  return { conmons, mounts: mounts.points, nsfsMounts: mounts.nsfs, containers, cgroups, hiddenCgroups: { pillion: 0, floor: 0 } };
}

/**
 * On a hybrid-cgroup host, `crun create` runs (through the wrapper) where the cgroup2 mount at
 * /sys/fs/cgroup/unified is lazily unmounted, so crun — in v1 mode — also creates the
 * container's cgroupsPath (with a plain `cgroup.procs` file) in the tmpfs directory under it.
 * `crun delete` runs on the host, sees the real cgroup2 there, and never removes them: they are
 * hidden from the host under the cgroup2 mount. This looks (or, with remove, deletes) in a
 * private mount namespace where the tmpfs directory is visible. Paths must start with /pillion.
 */
export async function hiddenUnifiedDirs(unshare: string, paths: string[], remove: boolean): Promise<string[]> {
  const safe = paths.filter((p) => /^\/pillion[\w./-]*$/.test(p) && !p.includes(".."));
  if (safe.length === 0) return [];
  const script = [
    "umount -l /sys/fs/cgroup/unified 2>/dev/null || exit 0",
    '[ "$(stat -f -c %T /sys/fs/cgroup/unified)" = tmpfs ] || exit 0',
    "cd /sys/fs/cgroup/unified || exit 0",
    'mode=$1; shift',
    'for p; do if [ -e ".$p" ]; then echo "$p"; [ "$mode" = remove ] && rm -rf ".$p"; fi; done',
  ].join("\n");
  const r = await run(unshare, ["--mount", "--propagation", "private", "/bin/sh", "-c", script, "sh", remove ? "remove" : "list", ...safe]);
  return r.stdout.split("\n").filter(Boolean);
}
