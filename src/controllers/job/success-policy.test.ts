import { test } from "node:test";
import assert from "node:assert/strict";
import type { SuccessPolicy } from "../../api/batch.ts";
import { parseIndexesFromString } from "./ordered-intervals.ts";
import { matchSuccessPolicy } from "./success-policy.ts";

void test("matchSuccessPolicy: succeededIndexes, succeededCount, both, and the rule's index in the message", () => {
  const cases: { name: string; policy: SuccessPolicy | undefined; succeeded: string; want: string | undefined }[] = [
    { name: "no policy", policy: undefined, succeeded: "0-9", want: undefined },
    { name: "nothing succeeded", policy: { rules: [{ succeededCount: 0 }] }, succeeded: "", want: undefined },
    { name: "all the rule's indexes succeeded", policy: { rules: [{ succeededIndexes: "0,2-3" }] }, succeeded: "0-3", want: "Matched rules at index 0" },
    { name: "one of the rule's indexes missing", policy: { rules: [{ succeededIndexes: "0,2-3" }] }, succeeded: "0,1,3", want: undefined },
    { name: "succeededCount among the rule's indexes", policy: { rules: [{ succeededIndexes: "0-4", succeededCount: 2 }] }, succeeded: "1,3,7", want: "Matched rules at index 0" },
    { name: "succeededCount counts only the rule's indexes", policy: { rules: [{ succeededIndexes: "0-4", succeededCount: 2 }] }, succeeded: "1,7-9", want: undefined },
    { name: "succeededCount alone counts every index", policy: { rules: [{ succeededIndexes: "9" }, { succeededCount: 3 }] }, succeeded: "1,7-8", want: "Matched rules at index 1" },
    { name: "an unparsable rule is skipped", policy: { rules: [{ succeededIndexes: "x" }, { succeededCount: 1 }] }, succeeded: "4", want: "Matched rules at index 1" },
  ];
  for (const c of cases) assert.equal(matchSuccessPolicy(c.policy, 10, parseIndexesFromString(c.succeeded, 10)), c.want, c.name);
});
