// Cgroup directories hidden under the cgroup2 mount of a hybrid-cgroup host. The shell wrapper
// pillion used before the tmpfs shadow (host-tools.ts hybridCgroupWrapper) only unmounted
// /sys/fs/cgroup/unified in crun's private mount namespace, so crun (v1 mode) also created each
// container's cgroupsPath, with a plain `cgroup.procs` file, in the /sys/fs/cgroup tmpfs
// directory under the mount point. `crun delete` runs on the host, where that path is cgroup2,
// and never removed them: they are invisible from the host and live until reboot. This looks
// (and, with remove, deletes) in a private mount namespace where that directory is visible.
import { run } from "./host-tools.ts";

const SAFE_PATH = /^\/pillion[\w./-]*$/;

/**
 * The given cgroup paths (each must start with /pillion, no `..`) that exist in the tmpfs under
 * the cgroup2 mount; removed first when remove is true. [] on a host without that layout.
 */
export async function hiddenUnifiedDirs(unshare: string, paths: string[], remove: boolean): Promise<string[]> {
  const safe = paths.filter((p) => SAFE_PATH.test(p) && !p.includes(".."));
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
