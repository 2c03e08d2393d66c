// Sets of completion indexes as ordered, non-overlapping, non-adjacent intervals: the
// orderedIntervals of pkg/controller/job/indexed_job_utils.go (Kubernetes 1.33), and their
// text form, the one of status.completedIndexes / status.failedIndexes and of a successPolicy
// rule's succeededIndexes: "0-2,4" (two adjacent indexes are written "1,2", not "1-2").

export interface Interval {
  first: number;
  last: number;
}

/** Ordered by first, never overlapping nor touching. */
export type OrderedIntervals = readonly Interval[];

/** orderedIntervals.merge: the union of two ordered lists. */
export function mergeIntervals(a: OrderedIntervals, b: OrderedIntervals): Interval[] {
  const result: Interval[] = [];
  const add = (iv: Interval): void => {
    const last = result[result.length - 1];
    if (!last || iv.first > last.last + 1) result.push({ ...iv });
    else if (last.last < iv.last) last.last = iv.last;
  };
  let i = 0, j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as Interval, y = b[j] as Interval;
    if (x.first < y.first) { add(x); i++; } else { add(y); j++; }
  }
  for (; i < a.length; i++) add(a[i] as Interval);
  for (; j < b.length; j++) add(b[j] as Interval);
  return result;
}

/** withOrderedIndexes: adds indexes given in increasing order. */
export const withOrderedIndexes = (oi: OrderedIntervals, indexes: readonly number[]): Interval[] =>
  mergeIntervals(oi, indexes.map((ix) => ({ first: ix, last: ix })));

/** total: how many indexes the intervals hold. */
export const intervalsTotal = (oi: OrderedIntervals): number => oi.reduce((n, iv) => n + iv.last - iv.first + 1, 0);

/** has: whether ix is in one of the intervals (binary search). */
export function intervalsHas(oi: OrderedIntervals, ix: number): boolean {
  let lo = 0, hi = oi.length;
  while (hi > lo) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if ((oi[mid] as Interval).last >= ix) hi = mid;
    else lo = mid + 1;
  }
  return hi < oi.length && (oi[hi] as Interval).first <= ix;
}

/** orderedIntervals.String. */
export function formatIntervals(oi: OrderedIntervals): string {
  return oi.map((iv) => {
    if (iv.last === iv.first) return `${iv.first}`;
    return `${iv.first}${iv.last === iv.first + 1 ? "," : "-"}${iv.last}`;
  }).join(",");
}

/** strconv.Atoi on a decimal integer (optional sign); NaN when it is not one. */
function atoi(s: string | undefined): number {
  return s !== undefined && /^[+-]?\d+$/.test(s) ? Number(s) : NaN;
}

/**
 * parseIndexesFromString: corrupted intervals are skipped, an interval starting at or after
 * completions ends the list, one ending beyond it is cut at completions − 1.
 */
export function parseIndexesFromString(text: string, completions: number): Interval[] {
  if (text === "") return [];
  const result: Interval[] = [];
  for (const part of text.split(",")) {
    const limits = part.split("-");
    const first = atoi(limits[0]);
    if (Number.isNaN(first)) continue;
    if (first >= completions) break;
    let last = first;
    if (limits.length > 1) {
      last = atoi(limits[1]);
      if (Number.isNaN(last)) continue;
      if (last >= completions) last = completions - 1;
    }
    const prev = result[result.length - 1];
    if (prev && prev.last === first - 1) prev.last = last;
    else result.push({ first, last });
  }
  return result;
}
