/*
 * pillion's compiled hybrid-cgroup helper for `crun create` (docs/runtime.md, "Namespaces and
 * networking"; spec/runtime-oci.md §1 option 1). conmon runs it as its --runtime for create; it
 * does in one exec what the shell wrapper (src/oci/host-tools.ts hybridCgroupWrapper) does with
 * four (sh, unshare, sh, umount/mount): a private mount namespace, the cgroup2 mount at
 * /sys/fs/cgroup/unified lazily unmounted so crun sees a pure v1 host, an empty tmpfs over the
 * mount point so crun's v1-mode writes there die with the namespace (no hidden cgroup dirs),
 * then exec crun with the same arguments.
 *
 * Built by scripts/setup.sh (when a C compiler is present) for one crun binary:
 *   cc -O2 -Wall -DCRUN_PATH='"/usr/bin/crun"' -o .tools/bin/crun-hybrid src/oci/native/crun-hybrid.c
 * `crun-hybrid --pillion-crun-path` prints that path; the runtime uses the helper only when it
 * names the crun it found, and the shell wrapper otherwise.
 */
#define _GNU_SOURCE
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

#ifndef CRUN_PATH
#error "build with -DCRUN_PATH='\"/path/to/crun\"'"
#endif

#define UNIFIED "/sys/fs/cgroup/unified"

int main(int argc, char **argv) {
  if (argc == 2 && strcmp(argv[1], "--pillion-crun-path") == 0) {
    puts(CRUN_PATH);
    return 0;
  }
  if (unshare(CLONE_NEWNS) != 0) {
    perror("crun-hybrid: unshare(CLONE_NEWNS)");
    return 125;
  }
  /* As `unshare --mount --propagation private`: nothing done here reaches the host. */
  if (mount("none", "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0) {
    perror("crun-hybrid: make / rprivate");
    return 125;
  }
  /* Not a hybrid host (nothing mounted there): crun runs as usual. A failed tmpfs mount only
     means crun's v1-mode writes land in the directory under the mount point (the old leak). */
  if (umount2(UNIFIED, MNT_DETACH) == 0) (void)mount("tmpfs", UNIFIED, "tmpfs", 0, "size=4k,mode=755");
  argv[0] = (char *)CRUN_PATH;
  execv(CRUN_PATH, argv);
  perror("crun-hybrid: exec " CRUN_PATH);
  return 127;
}
