// Prepares a container's root file system for a resolved image. Every container gets its own
// small, writable root directory (Kubernetes containers have a writable root); what is shared
// comes in through read-only bind mounts: the busybox applets (/bin) built once and cached, or
// the host's /usr and /etc for the host image. A mapped rootfs is used in place, read-only.
// The per-container skeleton is a dozen tiny syscalls on the pod-start path: they are made
// synchronously, because each fs/promises call is a round trip through libuv's thread pool that
// costs far more than the syscall under load (docs/benchmarks.md, "Where pillion's time goes").
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { chmod, copyFile, lstat, mkdir, readlink, rename, rm, stat, symlink } from "node:fs/promises";
import { randomBytes } from "node:crypto";
import { RuntimeError } from "../runtime/runtime.ts";
import { findBinary, missingDependency, run } from "./host-tools.ts";
import type { ResolvedImage } from "./image-resolver.ts";
import type { OciMount } from "./oci-spec.ts";

export interface PreparedRoot {
  path: string;
  /** The image forces a read-only root (a mapped rootfs is never written to). */
  readonly: boolean;
  /** Mounts that come first (before /proc etc. are irrelevant: they do not overlap). */
  mounts: OciMount[];
}

const PASSWD = "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/home:/bin/false\n";
const GROUP = "root:x:0:\nnobody:x:65534:\n";
const TOP_LEVEL = ["bin", "sbin", "lib", "lib32", "lib64", "libx32"];

function roBind(source: string, destination: string): OciMount {
  return { destination, type: "bind", source, options: ["rbind", "ro", "nosuid", "nodev"] };
}

/** An image map entry's binds (image-resolver.ts ImageBind), read-only. */
function imageBinds(image: ResolvedImage): OciMount[] {
  return image.kind === "busybox" ? [] : (image.binds ?? []).map((b) => roBind(b.source, b.destination));
}

export class ImageStore {
  readonly #imagesDir: string;
  #busyboxBin: Promise<string> | undefined;
  #hostLayout: Promise<{ links: [string, string][]; dirs: string[] }> | undefined;

  constructor(options: { imagesDir: string }) {
    this.#imagesDir = options.imagesDir;
  }

  /** Creates `rootfsDir` for the image and returns the OCI root and the image's mounts. */
  async prepare(image: ResolvedImage, rootfsDir: string): Promise<PreparedRoot> {
    switch (image.kind) {
      case "busybox": {
        const bin = await this.busyboxBin();
        skeleton(rootfsDir, ["etc", "tmp", "root", "var", "home", "bin"]);
        writeFileSync(`${rootfsDir}/etc/passwd`, PASSWD);
        writeFileSync(`${rootfsDir}/etc/group`, GROUP);
        return { path: rootfsDir, readonly: false, mounts: [roBind(bin, "/bin")] };
      }
      case "host": {
        const layout = await this.hostLayout();
        skeleton(rootfsDir, ["usr", "etc", "tmp", "root", "var", "home", ...layout.dirs]);
        for (const [name, target] of layout.links) symlinkSync(target, `${rootfsDir}/${name}`);
        return {
          path: rootfsDir,
          readonly: false,
          mounts: [roBind("/usr", "/usr"), roBind("/etc", "/etc"), ...layout.dirs.map((d) => roBind(`/${d}`, `/${d}`)), ...imageBinds(image)],
        };
      }
      case "rootfs": {
        try {
          if (!(await stat(image.rootfs)).isDirectory()) throw new Error("not a directory");
        } catch (err) {
          throw new RuntimeError("CreateFailed", `image ${image.name}: rootfs ${image.rootfs} is not a directory`, { cause: err });
        }
        return {
          path: image.rootfs,
          readonly: true,
          mounts: [{ destination: "/tmp", type: "tmpfs", source: "tmpfs", options: ["nosuid", "nodev", "mode=1777"] }, ...imageBinds(image)],
        };
      }
    }
  }

  /** `<images>/busybox/bin`: the host's busybox-static plus one symlink per applet, built once. */
  busyboxBin(): Promise<string> {
    this.#busyboxBin ??= this.#buildBusybox().catch((err: unknown) => {
      this.#busyboxBin = undefined;
      throw err;
    });
    return this.#busyboxBin;
  }

  async #buildBusybox(): Promise<string> {
    const final = `${this.#imagesDir}/busybox/bin`;
    try {
      await stat(`${final}/sh`);
      return final;
    } catch {
      // build it
    }
    const busybox = await findBinary("busybox");
    if (!busybox) throw missingDependency("busybox");
    const list = await run(busybox, ["--list"]);
    if (list.code !== 0 || !list.stdout.includes("sh")) {
      throw new RuntimeError("MissingDependency", `${busybox} is not a static busybox with applets: install the busybox-static package (scripts/setup.sh does)`);
    }
    const tmp = `${this.#imagesDir}/busybox/.bin-${randomBytes(4).toString("hex")}`;
    await mkdir(tmp, { recursive: true });
    await copyFile(busybox, `${tmp}/busybox`);
    await chmod(`${tmp}/busybox`, 0o755);
    const applets = list.stdout.split("\n").map((s) => s.trim()).filter((s) => s !== "" && s !== "busybox" && !s.includes("/"));
    await Promise.all(applets.map((a) => symlink("busybox", `${tmp}/${a}`)));
    try {
      await rename(tmp, final);
    } catch {
      await rm(tmp, { recursive: true, force: true }); // another runtime won the race
    }
    return final;
  }

  /** Merged-/usr hosts: /bin → usr/bin symlinks are copied; real top-level dirs are bound read-only. */
  hostLayout(): Promise<{ links: [string, string][]; dirs: string[] }> {
    this.#hostLayout ??= (async () => {
      const links: [string, string][] = [];
      const dirs: string[] = [];
      for (const name of TOP_LEVEL) {
        try {
          const st = await lstat(`/${name}`);
          if (st.isSymbolicLink()) links.push([name, await readlink(`/${name}`)]);
          else if (st.isDirectory()) dirs.push(name);
        } catch {
          // absent on this host
        }
      }
      return { links, dirs };
    })();
    return this.#hostLayout;
  }
}

/** The container's own root directory with the given top-level dirs; /tmp is 1777. */
function skeleton(rootfsDir: string, dirs: string[]): void {
  mkdirSync(rootfsDir, { recursive: true });
  for (const d of dirs) mkdirSync(`${rootfsDir}/${d}`, { recursive: true });
  chmodSync(`${rootfsDir}/tmp`, 0o1777);
}
