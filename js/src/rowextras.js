// What a row says beyond its two bars (issue "honest numbers"): the shape of the parameter's
// effect as a sparkline of the binned median metric across its range, drawn better-up on one
// scale for every row (so a seed's noise stays a ripple), with the best runs' range shaded
// and a tag in the same terms (best in the middle, higher is better, lower is better, no
// clear shape: hpviz.analysis.shape); when it is conditional, in
// how many runs it is active and on what; when it moves together with another parameter.
// (Its correlations' colours and glyphs are rows.js's, by geometry.js's one rule.) rows.js
// calls `decorateRow` after drawing a row; the helpers are pure.

import { h, svg } from "./dom.js";
import { MINUS } from "./format.js";

/** @import { Row } from "./types.js" */

export const SPARK_WIDTH = 64;
export const SPARK_HEIGHT = 16;

/**
 * The metric's span over every row's profile: one y scale for all the sparklines, so that a
 * parameter whose bins differ by a seed's noise draws a near-flat line beside one that moves
 * the metric. Null when no row has two points.
 * @param {readonly {profile?: readonly {x: number, y: number}[]}[]} rows
 * @returns {[number, number] | null}
 */
export function profileRange(rows) {
  let low = Infinity;
  let high = -Infinity;
  for (const row of rows) {
    const points = Array.isArray(row.profile) ? row.profile : [];
    if (points.length < 2) continue;
    for (const p of points) {
      if (!Number.isFinite(p?.y)) continue;
      if (p.y < low) low = p.y;
      if (p.y > high) high = p.y;
    }
  }
  return high >= low ? [low, high] : null;
}

/**
 * The sparkline's geometry: a polyline through the profile's points (x on log10 where the
 * parameter is log-scaled; y up where the metric is better) and the best range's band, in
 * a `width` × `height` box; null with fewer than two points. `yRange` (profileRange) is the
 * y scale shared by every row; without it the line spans its own range.
 * @param {readonly {x: number, y: number}[] | undefined} profile
 * @param {{log: boolean, goal: string, bestLow?: number | null, bestHigh?: number | null, yRange?: [number, number] | null}} options
 * @param {number} [width]
 * @param {number} [height]
 */
export function sparkline(
  profile,
  { log, goal, bestLow, bestHigh, yRange },
  width = SPARK_WIDTH,
  height = SPARK_HEIGHT,
) {
  const axis = (/** @type {number} */ x) => (log ? Math.log10(x) : x);
  const points = (profile || []).filter(
    (p) => Number.isFinite(p?.x) && Number.isFinite(p?.y) && (!log || p.x > 0),
  );
  if (points.length < 2) return null;
  const xs = points.map((p) => axis(p.x));
  const ys = points.map((p) => p.y);
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  const own = [Math.min(...ys), Math.max(...ys)];
  const [y0, y1] = yRange && yRange[0] <= own[0] && yRange[1] >= own[1] ? yRange : own;
  const pad = 1.5;
  const sx = (/** @type {number} */ x) =>
    x1 > x0 ? ((x - x0) / (x1 - x0)) * (width - 2 * pad) + pad : width / 2;
  // better is up: a minimised metric's low values at the top
  const sy = (/** @type {number} */ y) => {
    if (!(y1 > y0)) return height / 2;
    const t = (y - y0) / (y1 - y0);
    return pad + (goal === "maximize" ? 1 - t : t) * (height - 2 * pad);
  };
  const path = xs
    .map((x, i) => `${i ? "L" : "M"}${sx(x).toFixed(1)},${sy(ys[i]).toFixed(1)}`)
    .join("");
  let band = null;
  if (
    typeof bestLow === "number" &&
    typeof bestHigh === "number" &&
    Number.isFinite(bestLow) &&
    Number.isFinite(bestHigh)
  ) {
    if (!log || (bestLow > 0 && bestHigh > 0)) {
      const left = Math.max(0, Math.min(width, sx(axis(bestLow))));
      const right = Math.max(0, Math.min(width, sx(axis(bestHigh))));
      band = { x: Math.min(left, right), width: Math.max(1, Math.abs(right - left)) };
    }
  }
  return { path, band };
}

/**
 * An end of the best range: two significant digits, whatever the parameter's magnitude
 * (a learning rate of 0.00032 stays readable).
 * @param {number} value
 */
export function rangeEnd(value) {
  const text = String(Number(value.toPrecision(2)));
  return text.startsWith("-") ? MINUS + text.slice(1) : text;
}

/**
 * What the row's small print says, one piece each: the shape and best range, the condition,
 * the dependence.
 * @param {Row} row
 * @returns {{shape: string, best: string, active: string, moves: string}}
 */
export function rowFacts(row) {
  const shape = typeof row.shape === "string" ? row.shape : "";
  const best =
    typeof row.best_low === "number" && typeof row.best_high === "number"
      ? `best ${rangeEnd(row.best_low)} to ${rangeEnd(row.best_high)}`
      : "";
  let active = "";
  if (row.parent && typeof row.active_fraction === "number") {
    const pct = Math.round(row.active_fraction * 100);
    active = `active in ${pct}% of runs${row.active_when ? ` (${row.active_when})` : ""}`;
  }
  const moves = row.moves_with ? `moves together with ${row.moves_with}` : "";
  return { shape, best, active, moves };
}

/**
 * What a row's shape tag explains on hover: what the line is and which way is better on it.
 * @param {Row} row
 * @param {string} metric
 * @param {string} goal
 * @param {string} best  rowFacts' best range ("" when none)
 */
export function shapeTitle(row, metric, goal, best) {
  const better = goal === "maximize" ? "higher" : "lower";
  const line = `The line: the median ${metric} across ${row.parameter}'s range, better (${better}) ${metric} drawn up, on one scale for every row.`;
  if (row.shape === "no clear shape") {
    return `${line} These runs show no clear shape: the best runs are spread over the range (which is not the same as no effect).`;
  }
  return `${line}${best ? ` The best runs sit at ${best.slice(5)}.` : ""}`;
}

/**
 * @typedef {object} Extras  The elements a row's extras live in (kept with the row).
 * @property {HTMLDivElement} el
 * @property {SVGSVGElement} svg
 * @property {SVGRectElement} band
 * @property {SVGPathElement} line
 * @property {HTMLSpanElement} tag
 * @property {HTMLSpanElement} note
 * @property {string} key
 */

/** @type {WeakMap<HTMLTableRowElement, Extras>} */
const extrasOf = new WeakMap();

/** @param {HTMLTableRowElement} tr */
function extrasFor(tr) {
  let extras = extrasOf.get(tr);
  if (extras === undefined) {
    const el = h("div", "hpviz-extras");
    const spark = svg("svg", {
      class: "hpviz-spark",
      viewBox: `0 0 ${SPARK_WIDTH} ${SPARK_HEIGHT}`,
      width: SPARK_WIDTH,
      height: SPARK_HEIGHT,
      "aria-hidden": "true",
    });
    const band = svg("rect", { class: "hpviz-spark-best", y: 0, height: SPARK_HEIGHT });
    const line = svg("path", { class: "hpviz-spark-line" });
    spark.append(band, line);
    const tag = h("span", "hpviz-kind hpviz-shape");
    const note = h("span", "hpviz-extra-note");
    el.append(spark, tag, note);
    tr.firstElementChild?.append(el);
    extras = { el, svg: spark, band, line, tag, note, key: "" };
    extrasOf.set(tr, extras);
  }
  return extras;
}

/**
 * Bring a drawn row's extras up to date (idempotent: cheap when nothing changed).
 * @param {{tr: HTMLTableRowElement}} view
 * @param {Row} row
 * @param {string} goal
 * @param {[number, number] | null} [yRange]  the y scale every row's sparkline shares
 * @param {string} [metric]
 */
export function decorateRow(view, row, goal, yRange = null, metric = "the metric") {
  const facts = rowFacts(row);
  const key = JSON.stringify([
    row.profile,
    row.shape,
    row.best_low,
    row.best_high,
    row.scale,
    facts,
    goal,
    yRange,
    metric,
  ]);
  const existing = extrasOf.get(view.tr);
  if (existing?.key === key && existing.el.isConnected) return;
  const any = facts.shape || facts.active || facts.moves;
  if (!any && existing === undefined) return;
  const extras = extrasFor(view.tr);
  extras.key = key;
  if (!extras.el.isConnected) view.tr.firstElementChild?.append(extras.el);
  const spark = sparkline(row.profile, {
    log: row.scale === "log",
    goal,
    bestLow: row.best_low,
    bestHigh: row.best_high,
    yRange,
  });
  extras.svg.style.display = spark ? "" : "none";
  if (spark) {
    extras.line.setAttribute("d", spark.path);
    extras.band.style.display = spark.band ? "" : "none";
    if (spark.band) {
      extras.band.setAttribute("x", spark.band.x.toFixed(1));
      extras.band.setAttribute("width", spark.band.width.toFixed(1));
    }
  }
  extras.tag.textContent = facts.shape;
  extras.tag.hidden = !facts.shape;
  extras.tag.dataset.shape = facts.shape;
  extras.tag.title = facts.shape ? shapeTitle(row, metric, goal, facts.best) : "";
  extras.svg.setAttribute("data-better", "up");
  extras.note.textContent = [facts.best, facts.active, facts.moves].filter(Boolean).join(" · ");
  extras.el.hidden = !(spark || facts.shape || facts.active || facts.moves);
}
