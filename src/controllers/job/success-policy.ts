// matchSuccessPolicy of pkg/controller/job/success_policy.go (Kubernetes 1.33, JobSuccessPolicy
// on): an Indexed Job whose succeeded indexes satisfy one rule meets its success criteria
// early, with the SuccessCriteriaMet condition, reason SuccessPolicy, message "Matched rules
// at index <i>".
import type { SuccessPolicy } from "../../api/batch.ts";
import { intervalsTotal, parseIndexesFromString, type Interval, type OrderedIntervals } from "./ordered-intervals.ts";

export const REASON_SUCCESS_POLICY = "SuccessPolicy";

/**
 * matchSucceededIndexesRule: the rule's indexes all succeeded, or at least succeededCount of
 * them did.
 */
function matchSucceededIndexesRule(ruleIndexes: OrderedIntervals, succeeded: OrderedIntervals, succeededCount: number | undefined): boolean {
  let contains = 0, s = 0, r = 0;
  while (r < ruleIndexes.length && s < succeeded.length) {
    const ri = ruleIndexes[r] as Interval, si = succeeded[s] as Interval;
    const overlap = Math.min(ri.last, si.last) - Math.max(ri.first, si.first) + 1;
    if (overlap > 0) contains += overlap;
    if (si.last < ri.last) s++;
    else if (si.last > ri.last) r++;
    else { s++; r++; }
  }
  return contains === intervalsTotal(ruleIndexes) || (succeededCount !== undefined && contains >= succeededCount);
}

/** The message of the SuccessCriteriaMet condition when a rule is met, else undefined. */
export function matchSuccessPolicy(policy: SuccessPolicy | undefined, completions: number, succeeded: OrderedIntervals): string | undefined {
  if (!policy || succeeded.length === 0) return undefined;
  for (const [index, rule] of (policy.rules ?? []).entries()) {
    if (rule.succeededIndexes !== undefined) {
      const required = parseIndexesFromString(rule.succeededIndexes, completions);
      if (required.length === 0) continue; // unparsable rule
      if (matchSucceededIndexesRule(required, succeeded, rule.succeededCount)) return `Matched rules at index ${index}`;
    } else if (rule.succeededCount !== undefined && intervalsTotal(succeeded) >= rule.succeededCount) {
      return `Matched rules at index ${index}`;
    }
  }
  return undefined;
}
