// What the runtime keeps on disk per sandbox and per container (sandbox.json, container.json),
// and how a container's state is read back from conmon's files: everything a new OciRuntime
// over the same state dir needs to re-adopt (spec/runtime-oci.md §6 "Re-adoption").
import { readFile, stat } from "node:fs/promises";
import type { SandboxVolume } from "../runtime/runtime.ts";

export interface SandboxRecord {
  id: string;
  podUid: string;
  name: string;
  namespace: string;
  hostname: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  volumes: SandboxVolume[];
  createdAt: number;
  state: "ready" | "notready";
}

export interface ContainerRecord {
  id: string;
  sandboxId: string;
  podUid: string;
  name: string;
  attempt: number;
  image: string;
  imageRef: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  createdAt: number;
  /** When `start` was issued; absent while "created". */
  startedAt?: number;
  logPath: string;
  cgroupsPath: string;
  stopSignal: string;
  terminationMessagePath?: string;
  /** exec runs as the container's user in its working dir (`crun exec` would default to 0:0 and /). */
  user: { uid: number; gid: number };
  cwd: string;
  /** Created with a stdin pipe held by conmon (ContainerConfig.stdin); attach may write it. Absent: false. */
  stdin?: boolean;
}

export interface ExitInfo {
  exitCode: number;
  finishedAt: number;
  reason: "Completed" | "Error" | "OOMKilled";
  message?: string;
}

/** conmon's exit file: the code, or undefined while absent or still empty. */
export async function readExitCode(path: string): Promise<number | undefined> {
  try {
    const text = (await readFile(path, "utf8")).trim();
    if (text === "") return undefined;
    const code = Number.parseInt(text, 10);
    return Number.isNaN(code) ? undefined : code;
  } catch {
    return undefined;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/** The container's cgroup saw an OOM kill (v1 memory.oom_control, v2 memory.events). Read before `delete`. */
async function cgroupOomKilled(cgroupsPath: string): Promise<boolean> {
  for (const [file, key] of [[`/sys/fs/cgroup/memory${cgroupsPath}/memory.oom_control`, "oom_kill"], [`/sys/fs/cgroup${cgroupsPath}/memory.events`, "oom_kill"]] as const) {
    try {
      const m = new RegExp(`^${key} (\\d+)$`, "m").exec(await readFile(file, "utf8"));
      if (m && Number(m[1]) > 0) return true;
    } catch {
      // not this hierarchy
    }
  }
  return false;
}

export const MAX_TERMINATION_MESSAGE_BYTES = 4096;

/**
 * The full outcome of an exited container. Kubernetes' rule for OOMKilled (as CRI-O applies it):
 * exit 137 and the kernel OOM-killed something in its cgroup (conmon's `oom` file, or oom_kill > 0).
 */
export async function inspectExit(options: {
  exitCode: number;
  exitFile: string;
  persistDir: string;
  cgroupsPath: string;
  terminationLog?: string;
}): Promise<ExitInfo> {
  const { exitCode } = options;
  let finishedAt: number;
  try {
    finishedAt = (await stat(options.exitFile)).mtimeMs;
  } catch {
    finishedAt = Date.now();
  }
  const oom = exitCode === 137 && ((await exists(`${options.persistDir}/oom`)) || (await cgroupOomKilled(options.cgroupsPath)));
  const info: ExitInfo = { exitCode, finishedAt: Math.floor(finishedAt), reason: oom ? "OOMKilled" : exitCode === 0 ? "Completed" : "Error" };
  if (options.terminationLog) {
    try {
      const buf = await readFile(options.terminationLog);
      const text = buf.subarray(0, MAX_TERMINATION_MESSAGE_BYTES).toString("utf8");
      if (text !== "") info.message = text;
    } catch {
      // no message
    }
  }
  return info;
}

/** conmon still watches the container: its pid is alive and its cmdline names the container. */
export async function conmonAlive(conmonPidFile: string, containerId: string): Promise<boolean> {
  try {
    const pid = Number((await readFile(conmonPidFile, "utf8")).trim());
    if (!(pid > 0)) return false;
    const cmdline = await readFile(`/proc/${pid}/cmdline`, "utf8");
    return cmdline.includes(containerId);
  } catch {
    return false;
  }
}

export async function readJson<T>(path: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(path, "utf8")) as T;
  } catch {
    return undefined;
  }
}
