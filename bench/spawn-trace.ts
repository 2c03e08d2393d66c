// --profile: records every child process the benchmark's process spawns (the runtime's helpers:
// unshare + ip for the netns pins, conmon, crun start/kill/delete, umount) with its spawn and
// exit times, and for conmon the moment its sync pipe reported the container's pid. It patches
// child_process.spawn and re-syncs the ESM named exports (module.syncBuiltinESMExports), so the
// runtime's own `import { spawn }` sees the wrapper; nothing in src/ changes.
import childProcess from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { syncBuiltinESMExports } from "node:module";
import { basename } from "node:path";
import type { Readable } from "node:stream";
import { epochMs } from "./hr-time.ts";

export interface SpawnEvent {
  /** "unshare", "conmon", "crun start", "crun kill", "umount", ... */
  what: string;
  args: string[];
  spawnedAt: number;
  exitedAt?: number;
  /** conmon only: the sync pipe's first bytes arrived. */
  syncAt?: number;
}

export const spawnEvents: SpawnEvent[] = [];

function label(file: string, args: readonly string[]): string {
  const name = basename(file);
  if (name === "crun" || name === "runc") return `${name} ${args.find((a) => !a.startsWith("-")) ?? ""}`;
  return name;
}

let installed = false;

export function installSpawnTrace(): void {
  if (installed) return;
  installed = true;
  const original = childProcess.spawn;
  const traced = function (this: unknown, file: string, args?: readonly string[], options?: object): ChildProcess {
    const list: string[] = Array.isArray(args) ? args.map((a) => String(a)) : [];
    const ev: SpawnEvent = { what: label(file, list), args: list, spawnedAt: epochMs() };
    spawnEvents.push(ev);
    const child = (original as (...a: unknown[]) => ChildProcess).call(this, file, args, options);
    child.once("exit", () => { ev.exitedAt = epochMs(); });
    const sync = child.stdio[3] as Readable | null | undefined;
    sync?.once("data", () => { ev.syncAt = epochMs(); });
    return child;
  };
  (childProcess as { spawn: unknown }).spawn = traced;
  syncBuiltinESMExports();
}

/** Events that started within [from, to]. */
export function spawnsBetween(from: number, to: number): SpawnEvent[] {
  return spawnEvents.filter((e) => e.spawnedAt >= from && e.spawnedAt <= to);
}
