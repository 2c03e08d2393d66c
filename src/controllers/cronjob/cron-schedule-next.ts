// A CronJob's schedule as robfig/cron's Schedule.Next, the one operation the CronJob
// controller asks of it (pkg/controller/cronjob uses cron.ParseStandard + Schedule.Next).
//
// Parsing is src/registry/validation/cron-schedule.ts (robfig's grammar and error texts, so the
// controller's UnparseableSchedule events print what Kubernetes prints). The next run is
// computed by cron-parser (CronExpressionParser.parse(expr, { currentDate, tz })), fed the
// fields robfig parsed, expanded to plain lists, so robfig's semantics hold:
//   - a day-of-month or day-of-week field written `*` or `?` is a wildcard (AND with the other
//     day field); any other text, `1-31` or `*/2` included, restricts (OR), as robfig's starBit;
//   - `@every <duration>` (robfig's ConstantDelaySchedule) is computed here: cron-parser has no
//     such form;
//   - "no time in the next 5 years" (`0 0 30 2 *`, which robfig parses) is `undefined`, robfig's
//     zero time; cron-parser rejects such a field at parse, which we map to the same thing.
// DST, where cron-parser and robfig differ: robfig walks absolute hours, so a wall time skipped
// by a spring-forward gap never matches (the run is skipped); cron-parser would run it at the
// landing hour, so such results are filtered out here. In the repeated hour of a fall-back
// robfig matches both instants; cron-parser returns the first only (deliberate difference,
// docs/cronjob-controller.md).
import { CronExpressionParser, type CronExpression } from "cron-parser";
import { parseStandardCron, isKnownTimeZone, type CronField, type CronSchedule } from "../../registry/validation/cron-schedule.ts";

/** robfig/cron's Schedule: the first activation strictly after afterMs, or undefined (zero time). */
export interface CronNext {
  next(afterMs: number): number | undefined;
}

export type CompiledSchedule = { ok: true; schedule: CronNext } | { ok: false; error: string };

/** robfig's Next gives up after five years; so do we. */
const YEAR_LIMIT_MS = 5 * 366 * 24 * 3_600_000;

const fieldText = (f: CronField): string => (f.star ? "*" : f.values.join(","));

/**
 * cron.ParseStandard(spec): spec may carry a TZ=/CRON_TZ= prefix, as formatSchedule builds it
 * from spec.timeZone. Without one the schedule runs in defaultTimeZone (robfig's time.Local,
 * i.e. the controller-manager's zone).
 */
export function compileSchedule(spec: string, defaultTimeZone: string): CompiledSchedule {
  const parsed = parseStandardCron(spec);
  if (!parsed.ok) return { ok: false, error: parsed.error };
  return { ok: true, schedule: scheduleOf(parsed.schedule, parsed.schedule.timeZone ?? defaultTimeZone) };
}

function scheduleOf(s: CronSchedule, timeZone: string): CronNext {
  if (s.kind === "every") {
    // ConstantDelaySchedule.Next: t.Add(Delay - t.Nanosecond()): from the whole second.
    return { next: (afterMs) => Math.floor(afterMs / 1000) * 1000 + s.everyMs };
  }
  const expression = `0 ${fieldText(s.minute)} ${fieldText(s.hour)} ${fieldText(s.dayOfMonth)} ${fieldText(s.month)} ${fieldText(s.dayOfWeek)}`;
  const tz = timeZone === "" || timeZone === "Local" ? "UTC" : timeZone;
  const minutes = new Set(s.minute.values);
  const hours = new Set(s.hour.values);
  return {
    next(afterMs) {
      // Schedule.Next starts at the next whole second: activations are strictly after afterMs.
      const from = Math.floor(afterMs / 1000) * 1000;
      let expr: CronExpression;
      try {
        expr = CronExpressionParser.parse(expression, { currentDate: new Date(from), tz });
      } catch {
        return undefined; // a field no date satisfies: robfig's zero time
      }
      for (let i = 0; i < 4; i++) {
        let at: number;
        try {
          at = expr.next().getTime();
        } catch {
          return undefined;
        }
        if (at - from > YEAR_LIMIT_MS) return undefined;
        const wall = wallClock(at, tz);
        if (minutes.has(wall.minute) && hours.has(wall.hour)) return at;
        // a DST landing instead of the scheduled wall time: robfig skips it
      }
      return undefined;
    },
  };
}

/** The wall-clock fields of an instant in a zone (Go's t.In(loc)). */
export interface WallClock {
  year: number; month: number; day: number; hour: number; minute: number; second: number;
  /** Minutes east of UTC. */
  offsetMinutes: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

export function wallClock(ms: number, timeZone: string): WallClock {
  const tz = timeZone === "" || timeZone === "Local" ? "UTC" : timeZone;
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: tz, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric",
      hour: "numeric", minute: "numeric", second: "numeric",
    });
    formatters.set(tz, f);
  }
  const parts: Record<string, number> = {};
  for (const p of f.formatToParts(new Date(ms))) if (p.type !== "literal") parts[p.type] = Number(p.value);
  const get = (k: string): number => parts[k] ?? 0;
  const wholeSecond = Math.floor(ms / 1000) * 1000;
  const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return {
    year: get("year"), month: get("month"), day: get("day"), hour: get("hour"), minute: get("minute"), second: get("second"),
    offsetMinutes: Math.round((asUtc - wholeSecond) / 60_000),
  };
}

const pad = (n: number, width = 2): string => String(n).padStart(width, "0");

/** Go's t.In(loc).Format(time.RFC3339): "2025-11-23T00:00:00+09:00", "…Z" in UTC. */
export function formatRFC3339In(ms: number, timeZone: string): string {
  const w = wallClock(ms, timeZone);
  const off = w.offsetMinutes;
  const zone = off === 0 ? "Z" : `${off < 0 ? "-" : "+"}${pad(Math.floor(Math.abs(off) / 60))}:${pad(Math.abs(off) % 60)}`;
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}${zone}`;
}

/** Go's t.UTC().Format(time.RFC1123Z): "Sat, 22 Nov 2025 10:11:00 +0000". */
export function formatRFC1123ZUTC(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toUTCString().replace(/GMT$/, "+0000");
}

/** time.LoadLocation's error for a zone name, or undefined when it loads. */
export function loadLocationError(timeZone: string): string | undefined {
  return isKnownTimeZone(timeZone) ? undefined : `unknown time zone ${timeZone}`;
}
