// Ending a `crun exec`'d process with everything it started. crun exec forks an intermediate that
// calls setsid(2) and then runs the process, so the exec'd process and its descendants form a
// session of their own (measured: `sh -c 'sleep 30 | cat'` → sh, sleep and cat share a sid whose
// leader has exited). Killing that session leaves nothing behind, even pipelines an interactive
// shell put in process groups of their own. SIGKILL to `crun exec` alone would leave the process
// running (spec/runtime-oci.md §7).
import { readdir, readFile } from "node:fs/promises";

/** Fields of /proc/<pid>/stat after the command name: [state, ppid, pgrp, session, …]. */
export function parseProcStat(text: string): { ppid: number; pgrp: number; session: number } | undefined {
  const close = text.lastIndexOf(")");
  if (close < 0) return undefined;
  const fields = text.slice(close + 2).split(" ");
  const [ppid, pgrp, session] = [Number(fields[1]), Number(fields[2]), Number(fields[3])];
  if (!Number.isInteger(ppid) || !Number.isInteger(pgrp) || !Number.isInteger(session)) return undefined;
  return { ppid, pgrp, session };
}

async function procStat(pid: number): Promise<ReturnType<typeof parseProcStat>> {
  try {
    return parseProcStat(await readFile(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return undefined;
  }
}

/** Live pids whose session is sid. */
export async function sessionMembers(sid: number): Promise<number[]> {
  const out: number[] = [];
  for (const name of await readdir("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const st = await procStat(Number(name));
    if (st?.session === sid) out.push(Number(name));
  }
  return out;
}

/**
 * SIGKILLs pid and every process of its session, unless that session is one the caller must not
 * touch (the given `keep` pids' sessions, e.g. this process's and crun exec's): then only pid.
 * A pid already gone is not an error.
 */
export async function killExecSession(pid: number, keep: number[]): Promise<void> {
  const st = await procStat(pid);
  if (!st) return;
  const kept = new Set<number>([0, 1]);
  for (const k of keep) {
    const s = await procStat(k);
    if (s) kept.add(s.session);
  }
  const victims = kept.has(st.session) ? [pid] : [pid, ...(await sessionMembers(st.session))];
  for (const v of new Set(victims)) {
    try {
      process.kill(v, "SIGKILL");
    } catch {
      // already gone
    }
  }
}
