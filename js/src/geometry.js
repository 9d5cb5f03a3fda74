// Where the bars, whiskers and the noise floor go, as fractions of their tracks, and which
// colour and glyph a correlation gets. Pure: no DOM.

/**
 * A correlation with its 90% interval: a numeric row's, or one value's of a categorical.
 * @typedef {{correlation?: number | null, correlation_low?: number | null, correlation_high?: number | null}} Correlated
 */

/**
 * The importance axis, 0 to this value: the largest importance or interval end of every row
 * the analysis returned (not only those shown, so a search or a scroll never rescales the
 * bars), and the noise floor, so the floor line and every whisker fit on the track. 1 when
 * nothing is positive.
 * @param {readonly {importance?: number | null, importance_high?: number | null}[]} rows
 * @param {number | null | undefined} [noiseFloor]
 */
export function importanceScale(rows, noiseFloor) {
  let max = 0;
  const consider = (/** @type {unknown} */ v) => {
    if (typeof v === "number" && Number.isFinite(v) && v > max) max = v;
  };
  for (const row of rows) {
    consider(row.importance);
    consider(row.importance_high);
  }
  consider(noiseFloor);
  return max > 0 ? Math.min(1, max) : 1;
}

/**
 * Width of an importance bar as a fraction 0..1 of its track: importance / the axis' end
 * (importanceScale); 0 when the scale is 0 or the value is missing.
 * @param {number | null | undefined} importance
 * @param {number} max
 */
export function barFraction(importance, max) {
  if (!(max > 0) || !Number.isFinite(max)) return 0;
  if (typeof importance !== "number" || !Number.isFinite(importance) || importance <= 0) return 0;
  return Math.min(1, importance / max);
}

/**
 * Where the noise floor line goes on the importance scale (a fraction 0..1 of the track, same
 * scale as the bars), or null when there is no floor (importanceScale makes room for it).
 * @param {number | null | undefined} noiseFloor
 * @param {number} max
 */
export function floorFraction(noiseFloor, max) {
  if (typeof noiseFloor !== "number" || !Number.isFinite(noiseFloor) || noiseFloor < 0) return null;
  if (!(max > 0) || !Number.isFinite(max)) return null;
  return Math.min(1, noiseFloor / max);
}

/**
 * Where an importance interval's whisker goes on the bar's track, as fractions 0..1 of it (the
 * bars' scale, clipped to the track, which importanceScale makes wide enough); null when the
 * interval is missing or the scale is 0.
 * @param {number | null | undefined} low
 * @param {number | null | undefined} high
 * @param {number} max
 * @returns {{left: number, width: number} | null}
 */
export function whiskerGeometry(low, high, max) {
  if (!(max > 0) || !Number.isFinite(max)) return null;
  if (typeof low !== "number" || typeof high !== "number") return null;
  if (!Number.isFinite(low) || !Number.isFinite(high) || high < low) return null;
  const left = Math.min(1, Math.max(0, low / max));
  const right = Math.min(1, Math.max(0, high / max));
  return { left, width: right - left };
}

/**
 * Geometry of a diverging correlation bar, in percent of its track: it starts at the centre
 * (50%) and is |r| × 50% wide, to the right for positive r and to the left for negative r.
 * Null when r is missing.
 * @param {number | null | undefined} r
 * @returns {{side: "positive" | "negative", width: number, left: number} | null}
 */
export function correlationGeometry(r) {
  if (typeof r !== "number" || !Number.isFinite(r)) return null;
  const width = Math.min(1, Math.abs(r)) * 50;
  return r < 0
    ? { side: "negative", width, left: 50 - width }
    : { side: "positive", width, left: 50 };
}

/**
 * Whether a correlation's direction is not established, so it is drawn neutral with "≈": its
 * 90% interval contains 0, or it has none (too few runs to tell). The one rule for every
 * correlation the panel draws: a numeric row's and each value's of a categorical. False when
 * there is no correlation at all (nothing is drawn).
 * @param {Correlated} stat
 */
export function correlationUncertain(stat) {
  const r = stat.correlation;
  if (typeof r !== "number" || !Number.isFinite(r)) return false;
  const low = stat.correlation_low;
  const high = stat.correlation_high;
  if (
    typeof low !== "number" ||
    typeof high !== "number" ||
    !Number.isFinite(low) ||
    !Number.isFinite(high)
  )
    return true;
  return low <= 0 && high >= 0;
}

/**
 * Whether a correlation is good news for the goal: lowering a minimised metric (r < 0) or
 * raising a maximised one (r > 0). Exactly 0, missing, or uncertain (correlationUncertain) is
 * neutral.
 * @param {number | null | undefined} r
 * @param {string} goal
 * @param {boolean} [uncertain=false]
 * @returns {"good" | "bad" | "neutral"}
 */
export function correlationTone(r, goal, uncertain = false) {
  if (uncertain || typeof r !== "number" || !Number.isFinite(r) || r === 0) return "neutral";
  const good = goal === "maximize" ? r > 0 : r < 0;
  return good ? "good" : "bad";
}

/**
 * CSS class of a correlation bar: "hpviz-good", "hpviz-bad" or "hpviz-neutral".
 * @param {number | null | undefined} r
 * @param {string} goal
 * @param {boolean} [uncertain=false]
 */
export function correlationClass(r, goal, uncertain = false) {
  return `hpviz-${correlationTone(r, goal, uncertain)}`;
}

/**
 * The mark beside a correlation, so what it means for the goal is never told by colour alone,
 * and never by a mark read as r's sign (r keeps its own sign beside it): "✓" helps the goal,
 * "✗" hurts it, "≈" could be zero; "" when there is no correlation.
 * @param {number | null | undefined} r
 * @param {string} goal
 * @param {boolean} uncertain
 */
export function correlationGlyph(r, goal, uncertain) {
  if (typeof r !== "number" || !Number.isFinite(r)) return "";
  const tone = correlationTone(r, goal, uncertain);
  return tone === "good" ? "✓" : tone === "bad" ? "✗" : "≈";
}

/**
 * A percentage for a style (at most three decimals, so the text stays short and stable).
 * @param {number} n
 */
export function percent(n) {
  return `${Math.round(n * 1000) / 1000}%`;
}
