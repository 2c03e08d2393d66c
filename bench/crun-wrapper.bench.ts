// How much the hybrid-cgroup wrapper costs, and what the alternatives would save
// (docs/benchmarks.md, "Proposals"). Each variant runs the floor's bare conmon + crun start
// (floor-runner.ts) with a different program as conmon's --runtime for `create`; rounds are
// interleaved so load hits all variants alike. Also counts the cgroup dirs each variant leaves
// hidden under the cgroup2 mount. Only meaningful on a hybrid-cgroup host; needs root.
//
//   . scripts/env.sh && node bench/crun-wrapper.bench.ts [rounds, default 30]
import { spawnSync } from "node:child_process";
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { discoverHostTools, type HostTools } from "../src/oci/host-tools.ts";
import { FloorRunner } from "./floor-runner.ts";
import { hiddenUnifiedDirs } from "./leak-check.ts";
import { summarize } from "./summary.ts";

const COMMAND = ["sh", "-c", "echo started; sleep 3600"];

/** The tmpfs-shadow wrapper: as pillion's, plus an empty tmpfs over the unified mount point. */
function shadowWrapper(tools: HostTools): string {
  return "#!/bin/sh\n" +
    `exec ${tools.unshare} --mount --propagation private /bin/sh -c 'umount -l /sys/fs/cgroup/unified 2>/dev/null && ` +
    `${tools.mount} -t tmpfs -o size=4k,mode=755 tmpfs /sys/fs/cgroup/unified; exec ${tools.runtime} "$@"' crun "$@"\n`;
}

/** One exec instead of four: unshare(CLONE_NEWNS), make / rprivate, swap the unified mount, exec crun. */
const HELPER_C = `#define _GNU_SOURCE
#include <sched.h>
#include <stdio.h>
#include <sys/mount.h>
#include <unistd.h>
int main(int argc, char **argv) {
  (void)argc;
  if (unshare(CLONE_NEWNS) != 0) { perror("unshare"); return 125; }
  if (mount("none", "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0) { perror("make-rprivate /"); return 125; }
  if (umount2("/sys/fs/cgroup/unified", MNT_DETACH) == 0)
    mount("tmpfs", "/sys/fs/cgroup/unified", "tmpfs", 0, "size=4k,mode=755");
  execv(CRUN, argv);
  perror("exec crun");
  return 127;
}
`;

async function main(): Promise<void> {
  const rounds = Number(process.argv[2] ?? "30");
  const dir = await mkdtemp("/tmp/pillion-wrapper-bench-");
  const base = await discoverHostTools({ wrapperPath: `${dir}/current.sh` });
  if (base.createRuntime === base.runtime) {
    process.stdout.write("not a hybrid-cgroup host: crun runs without a wrapper here; nothing to compare\n");
    await rm(dir, { recursive: true, force: true });
    return;
  }
  await writeFile(`${dir}/shadow.sh`, shadowWrapper(base));
  await chmod(`${dir}/shadow.sh`, 0o755);
  const variants: [string, string][] = [["current wrapper (sh, unshare, sh, umount, crun)", base.createRuntime], ["tmpfs-shadow wrapper (+ mount)", `${dir}/shadow.sh`]];
  await writeFile(`${dir}/helper.c`, HELPER_C);
  const cc = spawnSync("cc", ["-O2", `-DCRUN="${base.runtime}"`, "-o", `${dir}/crun-hybrid`, `${dir}/helper.c`], { encoding: "utf8" });
  if (cc.status === 0) variants.push(["compiled helper (one exec, + tmpfs shadow)", `${dir}/crun-hybrid`]);
  else process.stderr.write(`no C compiler: skipping the compiled helper (${cc.error?.message ?? cc.stderr})\n`);

  const runners = await Promise.all(variants.map(async ([, createRuntime], i) => FloorRunner.open({
    dir: `${dir}/v${i}`, tools: { ...base, createRuntime }, command: COMMAND, cgroupParent: `/pillion-wrapper-bench-${i}`,
  })));
  const create: number[][] = variants.map(() => []);
  const total: number[][] = variants.map(() => []);
  try {
    for (let r = -2; r < rounds; r++) {
      for (let k = 0; k < runners.length; k++) {
        const i = (k + r + 2) % runners.length; // rotate the order each round
        const runner = runners[i] as FloorRunner;
        const s = await runner.startOne();
        await runner.remove(s.id);
        if (r >= 0) { create[i]?.push(s.createdAt - s.t0); total[i]?.push(s.firstLineAt - s.t0); }
      }
    }
  } finally {
    await Promise.all(runners.map((x) => x.close()));
  }
  process.stdout.write(`crun create wrapper variants, ${rounds} interleaved rounds, ms (median [p90])\n`);
  for (const [i, [name]] of variants.entries()) {
    const hidden = await hiddenUnifiedDirs(base.unshare, [`/pillion-wrapper-bench-${i}`], true);
    const c = summarize(create[i] ?? []);
    const t = summarize(total[i] ?? []);
    process.stdout.write(`${name.padEnd(48)} conmon → created ${c.p50.toFixed(1)} [${c.p90.toFixed(1)}]   → first log line ${t.p50.toFixed(1)} [${t.p90.toFixed(1)}]   hidden cgroup dirs left: ${hidden.length ? "yes" : "no"}\n`);
  }
  await rm(dir, { recursive: true, force: true });
}

await main();
