// The drill-down's y axis and summaries: which scale suits a metric (log for a heavy tail),
// ranks, box statistics, and whether a numeric parameter has few enough distinct values to be
// drawn as strips. Pure: no DOM.

/**
 * The y axis a metric gets by default: "log" when it is heavy-tailed (every value positive
 * and the largest at least 100 × the smallest, the rule the analysis uses for a log-scaled
 * parameter, or the top tenth more than 10 × the median away from it), else "linear".
 * @param {readonly number[]} values
 * @returns {"linear" | "log"}
 */
export function autoYScale(values) {
  const finite = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (finite.length < 3 || finite[0] <= 0) return "linear";
  const min = finite[0];
  const max = finite[finite.length - 1];
  const median = finite[Math.floor(finite.length / 2)];
  const q90 = finite[Math.floor(finite.length * 0.9)];
  const spread = median - min || 1e-12;
  return max >= 100 * min || q90 - median > 10 * spread ? "log" : "linear";
}

/**
 * A function from a value to its rank among `values`, 0 (smallest) to 1 (largest); ties get
 * their mean rank.
 * @param {readonly number[]} values
 * @returns {(value: number) => number}
 */
export function rankOf(values) {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  const n = sorted.length;
  return (value) => {
    if (n <= 1) return 0.5;
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid] < value) lo = mid + 1;
      else hi = mid;
    }
    let end = lo;
    while (end < n && sorted[end] === value) end++;
    const rank = end > lo ? (lo + end - 1) / 2 : Math.min(lo, n - 1);
    return rank / (n - 1);
  };
}

/**
 * Min, quartiles, median, max and mean of some values (null when there are none).
 * @param {readonly number[]} values
 */
export function boxStats(values) {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return null;
  const at = (/** @type {number} */ q) => {
    const pos = (v.length - 1) * q;
    const i = Math.floor(pos);
    return v[i] + (v[Math.min(i + 1, v.length - 1)] - v[i]) * (pos - i);
  };
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  return { min: v[0], q1: at(0.25), median: at(0.5), q3: at(0.75), max: v[v.length - 1], mean };
}

/**
 * The distinct values of a numeric parameter, sorted, when there are few (2 to `limit`) and
 * each is shared by several runs: drawn as strips and boxes at their values. Null otherwise.
 * @param {readonly number[]} xs
 * @param {number} [limit=8]
 * @returns {number[] | null}
 */
export function fewValues(xs, limit = 8) {
  const distinct = new Set();
  for (const x of xs) {
    if (!Number.isFinite(x)) continue;
    distinct.add(x);
    if (distinct.size > limit) return null;
  }
  if (distinct.size < 2 || xs.length < 2 * distinct.size) return null;
  return Array.from(distinct).sort((a, b) => a - b);
}
