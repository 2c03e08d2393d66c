// A container's volume mounts → OCI bind mounts, preparing their sources on the host: emptyDir
// directories live under the sandbox dir (a Memory-medium one is a tmpfs mounted there by the
// sandbox), hostPath is checked or created by its type, subPath is created when missing.
// Texts of hostPath type failures are the kubelet's (pkg/volume/hostpath/host_path.go).
import { mkdir, open, stat } from "node:fs/promises";
import type { Stats } from "node:fs";
import { RuntimeError } from "../runtime/runtime.ts";
import type { Mount, SandboxVolume } from "../runtime/runtime.ts";
import type { OciMount } from "./oci-spec.ts";

function createFailed(message: string): RuntimeError {
  return new RuntimeError("CreateFailed", message);
}

async function statOrUndefined(path: string): Promise<Stats | undefined> {
  try {
    return await stat(path);
  } catch {
    return undefined;
  }
}

const TYPE_CHECKS: Record<string, [(s: Stats) => boolean, string]> = {
  Directory: [(s) => s.isDirectory(), "is not a directory"],
  DirectoryOrCreate: [(s) => s.isDirectory(), "is not a directory"],
  File: [(s) => s.isFile(), "is not a file"],
  FileOrCreate: [(s) => s.isFile(), "is not a file"],
  Socket: [(s) => s.isSocket(), "is not a socket file"],
  CharDevice: [(s) => s.isCharacterDevice(), "is not a character device"],
  BlockDevice: [(s) => s.isBlockDevice(), "is not a block device"],
};

async function prepareHostPath(path: string, type: string): Promise<void> {
  const check = TYPE_CHECKS[type];
  if (!check) return; // "" (or unknown): no checks, as Kubernetes
  let st = await statOrUndefined(path);
  if (!st && type === "DirectoryOrCreate") {
    await mkdir(path, { recursive: true, mode: 0o755 });
    st = await statOrUndefined(path);
  } else if (!st && type === "FileOrCreate") {
    await (await open(path, "a", 0o644)).close();
    st = await statOrUndefined(path);
  }
  if (!st || !check[0](st)) throw createFailed(`hostPath type check failed: ${path} ${check[1]}`);
}

function checkSubPath(subPath: string): void {
  if (subPath.startsWith("/") || subPath.split("/").includes("..")) {
    throw createFailed(`subPath "${subPath}" must be a relative path without ".."`);
  }
}

export async function computeVolumeMounts(
  mounts: Mount[],
  volumes: SandboxVolume[],
  emptyDirPath: (volumeName: string) => string,
): Promise<OciMount[]> {
  const out: OciMount[] = [];
  for (const m of mounts) {
    const volume = volumes.find((v) => v.name === m.volumeName);
    if (!volume) throw createFailed(`volume "${m.volumeName}" is not a volume of the pod`);
    let source: string;
    if (volume.hostPath) {
      source = volume.hostPath.path;
      await prepareHostPath(source, volume.hostPath.type ?? "");
    } else if (volume.emptyDir) {
      source = emptyDirPath(volume.name);
    } else {
      throw createFailed(`volume "${volume.name}": only emptyDir and hostPath volumes are supported`);
    }
    if (m.subPath) {
      checkSubPath(m.subPath);
      source = `${source}/${m.subPath}`;
      if (!(await statOrUndefined(source))) await mkdir(source, { recursive: true, mode: 0o755 });
    }
    out.push({ destination: m.containerPath, type: "bind", source, options: ["rbind", m.readOnly ? "ro" : "rw"] });
  }
  return out;
}
