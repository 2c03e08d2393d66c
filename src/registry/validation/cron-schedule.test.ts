import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { parseStandardCron } from "./cron-schedule.ts";

void describe("parseStandardCron (robfig/cron v3 ParseStandard)", () => {
  const errors: [string, string][] = [
    ["bad", "expected exactly 5 fields, found 1: [bad]"],
    ["* * * *", "expected exactly 5 fields, found 4: [* * * *]"],
    ["61 * * * *", "end of range (61) above maximum (59): 61"],
    ["* 24 * * *", "end of range (24) above maximum (23): 24"],
    ["* * 0 * *", "beginning of range (0) below minimum (1): 0"],
    ["* * * * 7", "end of range (7) above maximum (6): 7"],
    ["5-2 * * * *", "beginning of range (5) beyond end of range (2): 5-2"],
    ["a * * * *", 'failed to parse int from a: strconv.Atoi: parsing "a": invalid syntax'],
    ["*/0 * * * *", "step of range should be a positive number: */0"],
    ["1-2-3 * * * *", "too many hyphens: 1-2-3"],
    ["*/2/3 * * * *", "too many slashes: */2/3"],
    ["-1 * * * *", 'failed to parse int from : strconv.Atoi: parsing "": invalid syntax'],
    ["@fortnightly", "unrecognized descriptor: @fortnightly"],
    ["@every 5x", 'failed to parse duration @every 5x: time: unknown unit "x" in duration "5x"'],
    ["", "empty spec string"],
    ["TZ=Mars/Olympus * * * * *", "provided bad location Mars/Olympus: unknown time zone Mars/Olympus"],
  ];
  for (const [spec, error] of errors) {
    void it(`rejects ${JSON.stringify(spec)} with ${JSON.stringify(error)}`, () => {
      assert.deepEqual(parseStandardCron(spec), { ok: false, error });
    });
  }

  void it("parses ranges, steps, lists and names", () => {
    const r = parseStandardCron("*/15 9-17 * jan,JUL mon-fri");
    assert.ok(r.ok && r.schedule.kind === "spec");
    assert.deepEqual(r.schedule.minute, { values: [0, 15, 30, 45], star: false });
    assert.deepEqual(r.schedule.hour.values, [9, 10, 11, 12, 13, 14, 15, 16, 17]);
    assert.deepEqual(r.schedule.dayOfMonth, { values: Array.from({ length: 31 }, (_, i) => i + 1), star: true });
    assert.deepEqual(r.schedule.month.values, [1, 7]);
    assert.deepEqual(r.schedule.dayOfWeek.values, [1, 2, 3, 4, 5]);
  });

  void it("accepts descriptors, @every and a known TZ prefix", () => {
    const hourly = parseStandardCron("@hourly");
    assert.ok(hourly.ok && hourly.schedule.kind === "spec");
    assert.deepEqual(hourly.schedule.minute.values, [0]);
    assert.deepEqual(parseStandardCron("@every 1m30.5s"), { ok: true, schedule: { kind: "every", everyMs: 90_000 } });
    const tz = parseStandardCron("CRON_TZ=Europe/Paris 0 3 * * *");
    assert.ok(tz.ok && tz.schedule.timeZone === "Europe/Paris");
  });
});
