// Files of the fake runtime: each container's private root file system, each sandbox's emptyDir
// volumes (shared by the containers that mount them, gone with the sandbox) and hostPath volumes
// (shared by every sandbox, like the host's disk). Paths are resolved through the container's
// mounts, longest mount path first, as the kernel's mount table would.
import { posix } from "node:path";
import type { FakeFiles } from "./fake-program.ts";
import type { Mount, SandboxVolume } from "./runtime.ts";

type Dir = Map<string, string>;

export class FakeFileStore {
  /** `${sandboxId}\u0000${volumeName}` → files by path relative to the volume. */
  readonly #emptyDirs = new Map<string, Dir>();
  /** Absolute host path → content. */
  readonly #host: Dir = new Map();

  createSandboxVolumes(sandboxId: string, volumes: readonly SandboxVolume[]): void {
    for (const v of volumes) if (v.emptyDir) this.#emptyDirs.set(key(sandboxId, v.name), new Map());
  }

  removeSandboxVolumes(sandboxId: string, volumes: readonly SandboxVolume[]): void {
    for (const v of volumes) this.#emptyDirs.delete(key(sandboxId, v.name));
  }

  /** The first mount whose volume the sandbox does not have, if any. */
  static missingVolume(volumes: readonly SandboxVolume[], mounts: readonly Mount[]): string | undefined {
    return mounts.find((m) => !volumes.some((v) => v.name === m.volumeName))?.volumeName;
  }

  /** The file view of one container: rootfs is its private root file system. */
  view(options: { sandboxId: string; volumes: readonly SandboxVolume[]; mounts: readonly Mount[]; workingDir?: string; rootfs: Dir }): FakeFiles {
    const mounts = [...options.mounts].sort((a, b) => norm(b.containerPath).length - norm(a.containerPath).length);
    const locate = (path: string): { dir: Dir; name: string; readOnly: boolean } => {
      const abs = posix.resolve("/", options.workingDir ?? "/", path);
      for (const m of mounts) {
        const at = norm(m.containerPath);
        if (abs !== at && !abs.startsWith(at === "/" ? "/" : `${at}/`)) continue;
        const rel = posix.join(m.subPath ?? "", abs.slice(at.length));
        const volume = options.volumes.find((v) => v.name === m.volumeName);
        if (volume?.hostPath) return { dir: this.#host, name: posix.join(volume.hostPath.path, rel), readOnly: m.readOnly };
        const dir = this.#emptyDirs.get(key(options.sandboxId, m.volumeName));
        if (dir) return { dir, name: posix.normalize(`/${rel}`), readOnly: m.readOnly };
      }
      return { dir: options.rootfs, name: abs, readOnly: false };
    };
    return {
      read: (path) => {
        const { dir, name } = locate(path);
        return dir.get(name);
      },
      write: (path, content) => {
        const { dir, name, readOnly } = locate(path);
        if (readOnly) return false;
        dir.set(name, content);
        return true;
      },
    };
  }
}

const key = (sandboxId: string, volumeName: string): string => `${sandboxId}\u0000${volumeName}`;
const norm = (p: string): string => posix.resolve("/", p);
