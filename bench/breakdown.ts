// --profile: splits each sample's time at the spawned helpers' timestamps (spawn-trace.ts), so
// the report shows which stretch of "applied → running" pillion spends beyond the floor.
import type { FloorSample } from "./floor-runner.ts";
import type { PodSample } from "./pod-runner.ts";
import { spawnsBetween, type SpawnEvent } from "./spawn-trace.ts";
import { summarize } from "./summary.ts";

export interface BreakdownRow {
  segment: string;
  /** Medians in ms; undefined where the segment does not exist on that side. */
  pillion?: number;
  floor?: number;
}

type Segments = Record<string, number>;

export const SEGMENTS = [
  "API create (defaults, validation, SQLite insert)",
  "create returned → netns helper spawned (watch, pod worker, status write, sandbox files)",
  "netns pin: unshare --net/--ipc/--uts + ip link set lo up",
  "netns pinned → conmon spawned (sandbox record, events, rootfs + bundle)",
  "conmon spawned → sync pipe (wrapper + crun create)",
  "sync pipe → crun start spawned",
  "crun start (spawn → exit)",
  "crun start spawned → first log line",
  "crun start exited → watch sees Running",
] as const;

function find(events: SpawnEvent[], what: string, test: (e: SpawnEvent) => boolean = () => true): SpawnEvent | undefined {
  return events.find((e) => e.what === what && test(e));
}

export function podSegments(s: PodSample): Segments | undefined {
  const ev = spawnsBetween(s.t0, s.runningSeenAt);
  const netns = find(ev, "unshare", (e) => e.args.some((a) => a.startsWith("--net=")));
  const conmon = find(ev, "conmon");
  const start = find(ev, "crun start") ?? find(ev, "runc start");
  if (!netns?.exitedAt || !conmon?.syncAt || !start?.exitedAt) return undefined;
  return {
    [SEGMENTS[0]]: s.appliedAt - s.t0,
    [SEGMENTS[1]]: netns.spawnedAt - s.appliedAt,
    [SEGMENTS[2]]: netns.exitedAt - netns.spawnedAt,
    [SEGMENTS[3]]: conmon.spawnedAt - netns.exitedAt,
    [SEGMENTS[4]]: conmon.syncAt - conmon.spawnedAt,
    [SEGMENTS[5]]: start.spawnedAt - conmon.syncAt,
    [SEGMENTS[6]]: start.exitedAt - start.spawnedAt,
    [SEGMENTS[7]]: s.firstLineAt - start.spawnedAt,
    [SEGMENTS[8]]: s.runningSeenAt - start.exitedAt,
  };
}

export function floorSegments(s: FloorSample): Segments | undefined {
  const ev = spawnsBetween(s.t0 - 1, s.startedAt);
  const conmon = find(ev, "conmon");
  const start = find(ev, "crun start") ?? find(ev, "runc start");
  if (!conmon?.syncAt || !start?.exitedAt) return undefined;
  return {
    [SEGMENTS[4]]: conmon.syncAt - conmon.spawnedAt,
    [SEGMENTS[5]]: start.spawnedAt - conmon.syncAt,
    [SEGMENTS[6]]: start.exitedAt - start.spawnedAt,
    [SEGMENTS[7]]: s.firstLineAt - start.spawnedAt,
  };
}

function median(list: Segments[], key: string): number | undefined {
  const values = list.map((s) => s[key]).filter((v): v is number => v !== undefined);
  return values.length ? summarize(values).p50 : undefined;
}

export function computeBreakdown(pods: PodSample[], floors: FloorSample[]): BreakdownRow[] {
  const p = pods.map(podSegments).filter((x): x is Segments => x !== undefined);
  const f = floors.map(floorSegments).filter((x): x is Segments => x !== undefined);
  return SEGMENTS.map((segment) => {
    const row: BreakdownRow = { segment };
    const pv = median(p, segment);
    const fv = median(f, segment);
    if (pv !== undefined) row.pillion = pv;
    if (fv !== undefined) row.floor = fv;
    return row;
  });
}
