import { test } from "node:test";
import assert from "node:assert/strict";
import { compileSchedule, formatRFC1123ZUTC, formatRFC3339In } from "./cron-schedule-next.ts";

const at = (iso: string): number => Date.parse(iso);
const iso = (ms: number | undefined): string | undefined => (ms === undefined ? undefined : new Date(ms).toISOString().replace(".000Z", "Z"));

// Schedule.Next as robfig/cron computes it (expected values worked out by hand from robfig's
// spec.go; Saturday 2025-11-22 is the start of most rows).
const cases: { name: string; schedule: string; from: string; want: string | undefined }[] = [
  { name: "every minute runs at the next whole minute", schedule: "*/1 * * * *", from: "2025-11-22T10:10:00Z", want: "2025-11-22T10:11:00Z" },
  { name: "activations are strictly after the given time, from its whole second", schedule: "* * * * *", from: "2025-11-22T10:10:59.900Z", want: "2025-11-22T10:11:00Z" },
  { name: "@hourly is minute 0 of every hour", schedule: "@hourly", from: "2025-11-22T10:10:00Z", want: "2025-11-22T11:00:00Z" },
  { name: "@daily and @midnight are 00:00", schedule: "@midnight", from: "2025-11-22T10:10:00Z", want: "2025-11-23T00:00:00Z" },
  { name: "@weekly is Sunday 00:00", schedule: "@weekly", from: "2025-11-22T10:10:00Z", want: "2025-11-23T00:00:00Z" },
  { name: "@monthly is the 1st at 00:00", schedule: "@monthly", from: "2025-11-22T10:10:00Z", want: "2025-12-01T00:00:00Z" },
  { name: "@annually is 1 January at 00:00", schedule: "@annually", from: "2025-11-22T10:10:00Z", want: "2026-01-01T00:00:00Z" },
  { name: "@every counts from the whole second", schedule: "@every 90s", from: "2025-11-22T10:10:00.500Z", want: "2025-11-22T10:11:30Z" },
  { name: "a day-of-week with day-of-month * must match the weekday (AND)", schedule: "0 0 * * 1", from: "2025-11-22T10:10:00Z", want: "2025-11-24T00:00:00Z" },
  { name: "day-of-month 1-31 is not a wildcard: either day field matches (OR)", schedule: "0 0 1-31 * 1", from: "2025-11-22T10:10:00Z", want: "2025-11-23T00:00:00Z" },
  { name: "day-of-month */2 restricts too (OR with the weekday)", schedule: "0 0 */2 * 1", from: "2025-11-22T10:10:00Z", want: "2025-11-23T00:00:00Z" },
  { name: "names of months and weekdays", schedule: "15 6 * JAN-MAR mon", from: "2025-11-22T10:10:00Z", want: "2026-01-05T06:15:00Z" },
  { name: "a TZ= prefix puts the schedule in that zone", schedule: "TZ=Asia/Seoul 0 0 * * *", from: "2025-11-22T10:10:00Z", want: "2025-11-22T15:00:00Z" },
  { name: "a day no month has is robfig's zero time", schedule: "0 0 30 2 *", from: "2025-11-22T10:10:00Z", want: undefined },
  { name: "a wall time skipped by spring-forward is not run that day", schedule: "TZ=America/New_York 30 2 * * *", from: "2025-03-09T06:00:00Z", want: "2025-03-10T06:30:00Z" },
];

for (const c of cases) {
  void test(`Next: ${c.name}`, () => {
    const compiled = compileSchedule(c.schedule, "UTC");
    assert.ok(compiled.ok);
    assert.equal(iso(compiled.schedule.next(at(c.from))), c.want);
  });
}

void test("a schedule without timeZone runs in the default zone given", () => {
  const compiled = compileSchedule("0 9 * * *", "Asia/Seoul");
  assert.ok(compiled.ok);
  assert.equal(iso(compiled.schedule.next(at("2025-11-22T10:10:00Z"))), "2025-11-23T00:00:00Z");
});

void test("an unparseable schedule reports robfig's error text", () => {
  assert.deepEqual(compileSchedule("61 * * * *", "UTC"), { ok: false, error: "end of range (61) above maximum (59): 61" });
  assert.deepEqual(compileSchedule("* * * *", "UTC"), { ok: false, error: "expected exactly 5 fields, found 4: [* * * *]" });
});

void test("times print as Go's RFC 3339 in a zone and RFC 1123Z in UTC", () => {
  const ms = at("2025-11-22T15:00:00Z");
  assert.equal(formatRFC3339In(ms, "Asia/Seoul"), "2025-11-23T00:00:00+09:00");
  assert.equal(formatRFC3339In(ms, "America/St_Johns"), "2025-11-22T11:30:00-03:30");
  assert.equal(formatRFC3339In(ms, "UTC"), "2025-11-22T15:00:00Z");
  assert.equal(formatRFC1123ZUTC(ms), "Sat, 22 Nov 2025 15:00:00 +0000");
});
