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

// hiddenUnifiedDirs lives in src/oci (the OCI runtime's tests use it too).
export { hiddenUnifiedDirs } from "../src/oci/hidden-cgroups.ts";
