import { test } from "node:test";
import assert from "node:assert/strict";
import { formatIntervals, intervalsHas, intervalsTotal, mergeIntervals, parseIndexesFromString, withOrderedIndexes } from "./ordered-intervals.ts";

void test("parseIndexesFromString then formatIntervals: Kubernetes' interval text", () => {
  const cases: { name: string; text: string; completions: number; want: string; total: number }[] = [
    { name: "empty", text: "", completions: 5, want: "", total: 0 },
    { name: "one index", text: "3", completions: 5, want: "3", total: 1 },
    { name: "a range and a single", text: "0-2,4", completions: 5, want: "0-2,4", total: 4 },
    { name: "two adjacent indexes are written with a comma", text: "1-2", completions: 5, want: "1,2", total: 2 },
    { name: "touching intervals merge", text: "0-1,2,3-4", completions: 10, want: "0-4", total: 5 },
    { name: "an interval past completions is cut", text: "1-9", completions: 4, want: "1-3", total: 3 },
    { name: "an interval starting past completions ends the list", text: "0,5,2", completions: 4, want: "0", total: 1 },
    { name: "corrupted intervals are skipped", text: "0,x,3-y,4", completions: 9, want: "0,4", total: 2 },
  ];
  for (const c of cases) {
    const oi = parseIndexesFromString(c.text, c.completions);
    assert.equal(formatIntervals(oi), c.want, c.name);
    assert.equal(intervalsTotal(oi), c.total, c.name);
  }
});

void test("withOrderedIndexes and mergeIntervals add indexes, merging neighbours; intervalsHas finds them", () => {
  const base = parseIndexesFromString("2-4,8", 100);
  assert.equal(formatIntervals(withOrderedIndexes(base, [0, 1, 5, 9, 12])), "0-5,8,9,12");
  assert.equal(formatIntervals(withOrderedIndexes(base, [3, 3])), "2-4,8", "indexes already there change nothing");
  assert.equal(formatIntervals(mergeIntervals(base, parseIndexesFromString("6-7,10", 100))), "2-4,6-8,10");
  assert.deepEqual([0, 2, 4, 5, 8, 9].map((ix) => intervalsHas(base, ix)), [false, true, true, false, true, false]);
});
