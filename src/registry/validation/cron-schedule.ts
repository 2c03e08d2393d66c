// A cron schedule parser with the exact errors of github.com/robfig/cron/v3 (v3.0.1, parser.go:
// ParseStandard, normalizeFields, getField, getRange, parseIntOrName, mustParseInt,
// parseDescriptor), which CronJob validation prints verbatim:
//   spec.schedule: Invalid value: "61 * * * *": end of range (61) above maximum (59): 61
// Written here instead of adding an npm cron package because no package reproduces those
// texts. It parses only; computing the next run is the CronJob controller's business.

export interface Bounds { min: number; max: number; names?: Readonly<Record<string, number>> }

const MONTH_NAMES = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };
const DOW_NAMES = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };

export const MINUTES: Bounds = { min: 0, max: 59 };
export const HOURS: Bounds = { min: 0, max: 23 };
export const DAYS_OF_MONTH: Bounds = { min: 1, max: 31 };
export const MONTHS: Bounds = { min: 1, max: 12, names: MONTH_NAMES };
export const DAYS_OF_WEEK: Bounds = { min: 0, max: 6, names: DOW_NAMES };

/** One field: the values it matches, and whether it was `*` / `?` (robfig's starBit). */
export interface CronField { values: number[]; star: boolean }

export type CronSchedule =
  | { kind: "spec"; timeZone?: string; minute: CronField; hour: CronField; dayOfMonth: CronField; month: CronField; dayOfWeek: CronField }
  | { kind: "every"; timeZone?: string; everyMs: number };

export type CronParseResult = { ok: true; schedule: CronSchedule } | { ok: false; error: string };

class CronError extends Error {}

/** strconv.Atoi, with Go's error text. */
function atoi(s: string): number {
  if (!/^[+-]?[0-9]+$/.test(s)) throw new CronError(`strconv.Atoi: parsing ${JSON.stringify(s)}: invalid syntax`);
  const n = Number(s);
  if (!Number.isSafeInteger(n) || Math.abs(n) > 2 ** 63 - 1) throw new CronError(`strconv.Atoi: parsing ${JSON.stringify(s)}: value out of range`);
  return n;
}

function mustParseInt(expr: string): number {
  let num: number;
  try {
    num = atoi(expr);
  } catch (e) {
    throw new CronError(`failed to parse int from ${expr}: ${(e as Error).message}`);
  }
  if (num < 0) throw new CronError(`negative number (${num}) not allowed: ${expr}`);
  return num;
}

function parseIntOrName(expr: string, names: Bounds["names"]): number {
  const named = names?.[expr.toLowerCase()];
  return named ?? mustParseInt(expr);
}

/** getRange: number | number "-" number [ "/" number ]. */
function getRange(expr: string, r: Bounds, into: Set<number>): boolean {
  const rangeAndStep = expr.split("/");
  const lowAndHigh = (rangeAndStep[0] ?? "").split("-");
  const singleDigit = lowAndHigh.length === 1;
  let start: number;
  let end: number;
  let star = false;
  if (lowAndHigh[0] === "*" || lowAndHigh[0] === "?") {
    start = r.min;
    end = r.max;
    star = true;
  } else {
    start = parseIntOrName(lowAndHigh[0] ?? "", r.names);
    if (lowAndHigh.length === 1) end = start;
    else if (lowAndHigh.length === 2) end = parseIntOrName(lowAndHigh[1] ?? "", r.names);
    else throw new CronError(`too many hyphens: ${expr}`);
  }
  let step = 1;
  if (rangeAndStep.length === 2) {
    step = mustParseInt(rangeAndStep[1] ?? "");
    if (singleDigit) end = r.max; // "N/step" means "N-max/step"
    if (step > 1) star = false;
  } else if (rangeAndStep.length > 2) {
    throw new CronError(`too many slashes: ${expr}`);
  }
  if (start < r.min) throw new CronError(`beginning of range (${start}) below minimum (${r.min}): ${expr}`);
  if (end > r.max) throw new CronError(`end of range (${end}) above maximum (${r.max}): ${expr}`);
  if (start > end) throw new CronError(`beginning of range (${start}) beyond end of range (${end}): ${expr}`);
  if (step === 0) throw new CronError(`step of range should be a positive number: ${expr}`);
  for (let i = start; i <= end; i += step) into.add(i);
  return star;
}

/** getField: a comma-separated list of ranges (empty items are skipped, like strings.FieldsFunc). */
function getField(field: string, r: Bounds): CronField {
  const values = new Set<number>();
  let star = false;
  for (const expr of field.split(",").filter((s) => s !== "")) star = getRange(expr, r, values) || star;
  return { values: [...values].sort((a, b) => a - b), star };
}

/** time.ParseDuration, enough of it for "@every": Go's error texts for the common mistakes. */
function parseGoDuration(s: string): number {
  const orig = s;
  const quoted = JSON.stringify(orig);
  const units: Record<string, number> = { ns: 1e-6, us: 1e-3, "µs": 1e-3, "μs": 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  let rest = s;
  let sign = 1;
  if (rest.startsWith("-") || rest.startsWith("+")) { sign = rest.startsWith("-") ? -1 : 1; rest = rest.slice(1); }
  if (rest === "0") return 0;
  if (rest === "") throw new CronError(`time: invalid duration ${quoted}`);
  let total = 0;
  while (rest !== "") {
    const num = /^([0-9]*)(\.[0-9]*)?/.exec(rest);
    const numText = num?.[0] ?? "";
    if (numText === "" || numText === ".") throw new CronError(`time: invalid duration ${quoted}`);
    rest = rest.slice(numText.length);
    const unit = /^[^0-9.]*/.exec(rest)?.[0] ?? "";
    if (unit === "") throw new CronError(`time: missing unit in duration ${quoted}`);
    const scale = units[unit];
    if (scale === undefined) throw new CronError(`time: unknown unit ${JSON.stringify(unit)} in duration ${quoted}`);
    total += Number(numText) * scale;
    rest = rest.slice(unit.length);
  }
  return sign * total;
}

function parseDescriptor(descriptor: string): CronSchedule {
  const fixed = (minute: string, hour: string, dom: string, month: string, dow: string): CronSchedule => ({
    kind: "spec", minute: getField(minute, MINUTES), hour: getField(hour, HOURS),
    dayOfMonth: getField(dom, DAYS_OF_MONTH), month: getField(month, MONTHS), dayOfWeek: getField(dow, DAYS_OF_WEEK),
  });
  switch (descriptor) {
    case "@yearly": case "@annually": return fixed("0", "0", "1", "1", "*");
    case "@monthly": return fixed("0", "0", "1", "*", "*");
    case "@weekly": return fixed("0", "0", "*", "*", "0");
    case "@daily": case "@midnight": return fixed("0", "0", "*", "*", "*");
    case "@hourly": return fixed("0", "*", "*", "*", "*");
  }
  const every = "@every ";
  if (descriptor.startsWith(every)) {
    let ms: number;
    try {
      ms = parseGoDuration(descriptor.slice(every.length));
    } catch (e) {
      throw new CronError(`failed to parse duration ${descriptor}: ${(e as Error).message}`);
    }
    // ConstantDelaySchedule: rounded down to the second, at least one second.
    return { kind: "every", everyMs: Math.max(1000, ms - (ms % 1000)) };
  }
  throw new CronError(`unrecognized descriptor: ${descriptor}`);
}

/** Whether the runtime knows the IANA zone (Go's time.LoadLocation; see docs/registry.md). */
export function isKnownTimeZone(tz: string): boolean {
  if (tz === "" || tz === "UTC" || tz === "Local") return true;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** cron.ParseStandard: 5 fields (minute hour dom month dow), descriptors, a TZ=/CRON_TZ= prefix. */
export function parseStandardCron(input: string): CronParseResult {
  try {
    let spec = input;
    if (spec.length === 0) throw new CronError("empty spec string");
    let timeZone: string | undefined;
    if (spec.startsWith("TZ=") || spec.startsWith("CRON_TZ=")) {
      const space = spec.indexOf(" ");
      const eq = spec.indexOf("=");
      const name = spec.slice(eq + 1, space < 0 ? spec.length : space);
      // Deliberate difference: v3.0.1 panics on a TZ= prefix without a space after it.
      if (!isKnownTimeZone(name)) throw new CronError(`provided bad location ${name}: unknown time zone ${name}`);
      timeZone = name;
      spec = space < 0 ? "" : spec.slice(space).trim();
    }
    let schedule: CronSchedule;
    if (spec.startsWith("@")) {
      schedule = parseDescriptor(spec);
    } else {
      const fields = spec.split(/\s+/).filter((f) => f !== "");
      if (fields.length !== 5) throw new CronError(`expected exactly 5 fields, found ${fields.length}: [${fields.join(" ")}]`);
      const [minute, hour, dom, month, dow] = fields as [string, string, string, string, string];
      schedule = {
        kind: "spec",
        minute: getField(minute, MINUTES), hour: getField(hour, HOURS), dayOfMonth: getField(dom, DAYS_OF_MONTH),
        month: getField(month, MONTHS), dayOfWeek: getField(dow, DAYS_OF_WEEK),
      };
    }
    if (timeZone !== undefined) schedule.timeZone = timeZone;
    return { ok: true, schedule };
  } catch (e) {
    if (e instanceof CronError) return { ok: false, error: e.message };
    throw e;
  }
}
