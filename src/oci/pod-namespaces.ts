// The pod's shared namespaces, pinned to files like CRI-O's pinns (spec/runtime-oci.md §5
// option A): `unshare --net=<pin> --ipc=<pin> --uts=<pin>` bind-mounts the new namespaces onto
// files in the sandbox dir, so they outlive every process; containers join them by path. The
// pid namespace is per container (no shareProcessNamespace). Teardown unmounts whatever is
// mounted under the sandbox dir, found in /proc/self/mountinfo, so nothing can leak.
import { mkdirSync, writeFileSync } from "node:fs";
import { mkdir, readFile, rm } from "node:fs/promises";
import { RuntimeError } from "../runtime/runtime.ts";
import { errorText, run } from "./host-tools.ts";

export interface PinPaths {
  net: string;
  ipc: string;
  uts: string;
}

/** `ip link set lo up` by busybox's applet when there is a busybox (it starts ~0.7 ms faster than iproute2's ip). */
export function loUpArgv(tools: { ip: string; busybox?: string }): string[] {
  return tools.busybox ? [tools.busybox, "ip", "link", "set", "lo", "up"] : [tools.ip, "link", "set", "lo", "up"];
}

/** Creates the pinned namespaces with loopback up. The pins' directory must be new or empty. */
export async function createPodNamespaces(tools: { unshare: string; ip: string; busybox?: string }, pins: PinPaths): Promise<void> {
  // Synchronous: a mkdir and three empty files, on the pod-start path (see image-store.ts).
  mkdirSync(pins.net.slice(0, pins.net.lastIndexOf("/")), { recursive: true });
  for (const p of [pins.net, pins.ipc, pins.uts]) writeFileSync(p, "");
  // crun brings lo up only in namespaces it creates; for joined ones the engine must (§5).
  const r = await run(tools.unshare, [`--net=${pins.net}`, `--ipc=${pins.ipc}`, `--uts=${pins.uts}`, ...loUpArgv(tools)]);
  if (r.code !== 0) throw new RuntimeError("Internal", `creating the pod namespaces: ${errorText(r.stderr)}`);
}

/** A tmpfs for an emptyDir with medium Memory, shared by the pod's containers. */
export async function mountTmpfs(tools: { mount: string }, dir: string, sizeBytes?: number): Promise<void> {
  await mkdir(dir, { recursive: true });
  const options = ["mode=0777", ...(sizeBytes !== undefined ? [`size=${sizeBytes}`] : [])].join(",");
  const r = await run(tools.mount, ["-t", "tmpfs", "-o", options, "tmpfs", dir]);
  if (r.code !== 0) throw new RuntimeError("Internal", `mounting the emptyDir tmpfs ${dir}: ${errorText(r.stderr)}`);
}

function unescapeMountPath(p: string): string {
  return p.replace(/\\([0-7]{3})/g, (_m, oct: string) => String.fromCharCode(parseInt(oct, 8)));
}

/** Mount points at or under dir, deepest first. */
export async function mountsUnder(dir: string): Promise<string[]> {
  const info = await readFile("/proc/self/mountinfo", "utf8");
  const prefix = dir.endsWith("/") ? dir : `${dir}/`;
  const points = info.split("\n").map((l) => l.split(" ")[4]).filter((p): p is string => p !== undefined).map(unescapeMountPath);
  return [...new Set(points.filter((p) => p === dir || p.startsWith(prefix)))].sort((a, b) => b.length - a.length);
}

/** Lazily unmounts the given mount points (one umount for all); missing ones are ignored. */
export async function unmountAll(tools: { umount: string }, points: string[]): Promise<void> {
  if (points.length === 0) return;
  await run(tools.umount, ["-l", ...points]);
}

/** Unmounts everything at or under dir, then removes it. */
export async function removeMountedDir(tools: { umount: string }, dir: string): Promise<void> {
  await unmountAll(tools, await mountsUnder(dir));
  await rm(dir, { recursive: true, force: true });
}
