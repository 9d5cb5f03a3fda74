// The drill-down's picture: one parameter against the metric as SVG, drawn at the width it is
// shown at (text keeps its size in a narrow output): a scatter (log x axis when the parameter
// is log-scaled), or one strip, box and mean per value (categories, and numbers with few
// distinct values, at their place on the axis); the best run ringed. The y axis is linear, log
// or rank (yaxis.js picks the default). Every point has a hover card (its value and metric).
// `drillTitle` and `drillNote` are pure (tested in Node); `plotSvg` builds the picture.

import { svg, yAxisTitle } from "../dom.js";
import { formatMetric, groupThousands, plural } from "../format.js";
import { jitter, logTicks, makeScale, niceTicks, paddedDomain } from "./scales.js";
import { boxStats, fewValues, rankOf } from "./yaxis.js";

/** @import { DrillCategory, DrillView } from "../types.js" */

/**
 * The drill-down's heading: "lr against val_loss".
 * @param {{parameter?: string, metric?: string}} view
 */
export function drillTitle(view) {
  return `${view.parameter ?? ""} against ${view.metric ?? ""}`;
}

/**
 * The note under the drill-down's heading: "400 runs · log scale · ◯ best run: lr 0.003162,
 * val_loss 0.01234", or "2,000 of 5,000 runs shown (a sample) …".
 * @param {{kind?: string, scale?: string, n_runs?: number, n_shown?: number, parameter?: string,
 *   metric?: string, best?: {x: number | string, y: number} | null}} view
 */
export function drillNote(view) {
  const nRuns = Number(view.n_runs) || 0;
  const nShown = Number(view.n_shown) || 0;
  const parts = [
    nShown < nRuns
      ? `${groupThousands(nShown)} of ${plural(nRuns)} shown (a sample)`
      : plural(nRuns),
  ];
  if (view.kind === "numeric" && view.scale === "log") parts.push("log scale");
  if (view.best) {
    const x = typeof view.best.x === "number" ? formatMetric(view.best.x) : String(view.best.x);
    parts.push(`best run: ${view.parameter} ${x}, ${view.metric} ${formatMetric(view.best.y)}`);
  }
  return parts.join(" · ");
}

/**
 * The plot's box and margins at a width (px, drawn 1:1): a shorter plot when narrow.
 * @param {number} width
 */
function layout(width) {
  const w = Math.max(160, Math.round(width));
  return {
    width: w,
    height: w < 420 ? 210 : 250,
    left: w < 420 ? 50 : 58,
    right: 12,
    top: 10,
    bottom: 46,
  };
}

/** @typedef {ReturnType<typeof layout>} Layout */

/**
 * An axis: its line, ticks with labels, and a title.
 * @param {SVGSVGElement} plot
 * @param {Layout} box
 * @param {"x" | "y"} which
 * @param {number[]} ticks
 * @param {(v: number) => number} scale
 * @param {string} label
 * @param {(v: number) => string} [format]
 */
function drawAxis(plot, box, which, ticks, scale, label, format = formatMetric) {
  const { width, height, left, right, top, bottom } = box;
  const g = svg("g", { class: `hpviz-axis hpviz-axis-${which}` });
  if (which === "x") {
    const y0 = height - bottom;
    g.append(svg("line", { x1: left, x2: width - right, y1: y0, y2: y0 }));
    for (const t of ticks) {
      const x = scale(t);
      g.append(svg("line", { x1: x, x2: x, y1: y0, y2: y0 + 4 }));
      g.append(svg("text", { x, y: y0 + 15, "text-anchor": "middle" }, format(t)));
    }
    g.append(
      svg(
        "text",
        {
          class: "hpviz-axis-title",
          x: (left + width - right) / 2,
          y: height - 6,
          "text-anchor": "middle",
        },
        label,
      ),
    );
  } else {
    g.append(svg("line", { x1: left, x2: left, y1: top, y2: height - bottom }));
    for (const t of ticks) {
      const y = scale(t);
      g.append(svg("line", { class: "hpviz-grid", x1: left, x2: width - right, y1: y, y2: y }));
      g.append(svg("text", { x: left - 6, y: y + 4, "text-anchor": "end" }, format(t)));
    }
    const cy = (top + height - bottom) / 2;
    g.append(yAxisTitle(cy, label));
  }
  plot.append(g);
}

/**
 * A box, its whisker (min to max), median and mean, at `cx`.
 * @param {SVGGElement} into
 * @param {{min: number, q1: number, median: number, q3: number, max: number, mean: number}} c
 * @param {number} cx
 * @param {number} half
 * @param {(v: number) => number} y
 */
function drawBox(into, c, cx, half, y) {
  into.append(
    svg("line", { class: "hpviz-whisk", x1: cx, x2: cx, y1: y(c.min), y2: y(c.max) }),
    svg("rect", {
      x: cx - half,
      width: 2 * half,
      y: y(c.q3),
      height: Math.max(1, y(c.q1) - y(c.q3)),
    }),
    svg("line", {
      class: "hpviz-median",
      x1: cx - half,
      x2: cx + half,
      y1: y(c.median),
      y2: y(c.median),
    }),
    svg("line", {
      class: "hpviz-mean",
      x1: cx - half - 4,
      x2: cx + half + 4,
      y1: y(c.mean),
      y2: y(c.mean),
    }),
  );
}

/**
 * A point with its hover card's data (the run's name, its value and its metric).
 * @param {SVGGElement} dots
 * @param {number} cx
 * @param {number} cy
 * @param {string | number} x
 * @param {number} y
 * @param {string | undefined} run  The run's name or id, when the runs have one.
 */
function drawPoint(dots, cx, cy, x, y, run) {
  const dot = svg("circle", {
    cx: cx.toFixed(1),
    cy: cy.toFixed(1),
    r: 2.6,
    "data-card": "point",
    "data-x": String(x),
    "data-y": String(y),
  });
  if (run !== undefined) dot.setAttribute("data-run", run); // an attribute: text, never markup
  dots.append(dot);
}

/**
 * The SVG of a drill-down view at `width` px (drawn 1:1, so its text keeps its size), with
 * the y axis `yMode` ("linear", "log" or "rank").
 * @param {DrillView} view
 * @param {{width?: number, yMode?: "linear" | "log" | "rank"}} [options]
 * @returns {SVGSVGElement}
 */
export function plotSvg(view, { width = 640, yMode = "linear" } = {}) {
  const box = layout(width);
  const { height, left, right, top, bottom } = box;
  const plot = svg("svg", {
    class: "hpviz-plot",
    width: box.width,
    height,
    viewBox: `0 0 ${box.width} ${height}`,
    role: "img",
  });
  plot.setAttribute("aria-label", `${drillTitle(view)}: ${drillNote(view)}`);
  plot.setAttribute("data-yscale", yMode);
  const metric = String(view.metric ?? "");
  const param = String(view.parameter ?? "");
  const categories = view.categories || [];
  // numbers with a few words (gamma="scale"): each word a strip of its own, right of the numbers
  const special = view.kind === "numeric" ? view.special || [] : [];
  const ys =
    view.kind === "numeric" ? view.y || [] : categories.flatMap((c) => [c.min, c.max, ...c.y]);
  const allYs = special.length ? [...ys, ...special.flatMap((c) => [c.min, c.max, ...c.y])] : ys;
  // the y axis: on the metric (linear or log) or on its rank among the runs shown (0 to 1)
  const rank = yMode === "rank" ? rankOf(allYs) : null;
  const log = yMode === "log";
  const yDomain = rank ? /** @type {[number, number]} */ ([-0.03, 1.03]) : paddedDomain(allYs, log);
  const yScaleRaw = makeScale(yDomain, [height - bottom, top], log);
  const yScale = rank ? (/** @type {number} */ v) => yScaleRaw(rank(v)) : yScaleRaw;
  const yTicks = rank
    ? [0, 0.25, 0.5, 0.75, 1]
    : log
      ? logTicks(yDomain[0], yDomain[1])
      : niceTicks(yDomain[0], yDomain[1], 5);
  const yLabel = rank ? `${metric} (rank)` : log ? `${metric} (log scale)` : metric;
  drawAxis(
    plot,
    box,
    "y",
    yTicks,
    rank ? yScaleRaw : yScale,
    yLabel,
    rank ? (v) => `${Math.round(v * 100)}%` : formatMetric,
  );
  const dots = svg("g", { class: "hpviz-dots" });
  plot.append(dots);
  /** @type {[number, number] | null} */
  let bestAt = null;
  if (view.kind === "numeric") {
    const xLog = view.scale === "log";
    plot.setAttribute("data-xscale", xLog ? "log" : "linear");
    const xs = view.x || [];
    const runs = view.runs || [];
    const xDomain = paddedDomain(xs, xLog);
    const gap = 14;
    const specialWidth = special.length
      ? Math.min(72 * special.length, (box.width - left - right) * 0.35)
      : 0;
    const numbersBox = { ...box, right: right + specialWidth + (special.length ? gap : 0) };
    const xScale = makeScale(xDomain, [left, box.width - numbersBox.right], xLog);
    const distinct = fewValues(xs);
    const ticks =
      distinct ??
      (xLog
        ? logTicks(xDomain[0], xDomain[1])
        : niceTicks(xDomain[0], xDomain[1], box.width < 420 ? 4 : 6));
    drawAxis(plot, numbersBox, "x", ticks, xScale, xLog ? `${param} (log scale)` : param);
    if (special.length) {
      plot.setAttribute("data-special", String(special.length));
      const start = box.width - right - specialWidth;
      const band = specialWidth / special.length;
      const words = svg("g", { class: "hpviz-axis hpviz-axis-x hpviz-special" });
      words.append(
        svg("line", { x1: start, x2: box.width - right, y1: height - bottom, y2: height - bottom }),
      );
      const summaries = svg("g", { class: "hpviz-boxes" });
      const maxChars = Math.max(4, Math.floor(band / 7));
      special.forEach((/** @type {DrillCategory} */ c, k) => {
        const cx = start + band * (k + 0.5);
        const half = Math.min(24, band * 0.32);
        const g = svg("g", { class: "hpviz-box" });
        drawBox(g, c, cx, half, yScale);
        g.append(
          svg(
            "title",
            {},
            `${param} = ${c.value}: ${plural(c.count)} · mean ${metric} ${formatMetric(c.mean)} · median ${formatMetric(c.median)}`,
          ),
        );
        summaries.append(g);
        c.y.forEach((y, i) => {
          drawPoint(dots, cx + jitter(i) * half * 0.9, yScale(y), c.value, y, c.runs?.[i]);
        });
        const label = c.value.length > maxChars ? `${c.value.slice(0, maxChars - 1)}…` : c.value;
        const text = svg(
          "text",
          { x: cx, y: height - bottom + 15, "text-anchor": "middle" },
          label,
        );
        text.append(svg("title", {}, c.value));
        words.append(
          text,
          svg(
            "text",
            { class: "hpviz-cat-stats", x: cx, y: height - bottom + 29, "text-anchor": "middle" },
            `n=${c.count}`,
          ),
        );
        if (view.best && view.best.x === c.value) bestAt = [cx, yScale(view.best.y)];
      });
      plot.insertBefore(summaries, dots);
      plot.append(words);
    }
    if (distinct) {
      // few distinct values (a batch size of 16…256): a strip and a box at each value
      plot.setAttribute("data-xlayout", "strips");
      const gaps = distinct.slice(1).map((v, i) => xScale(v) - xScale(distinct[i]));
      const half = Math.max(3, Math.min(26, ...gaps.map((g) => g * 0.32)));
      const summaries = svg("g", { class: "hpviz-boxes" });
      for (const value of distinct) {
        const cx = xScale(value);
        const runsAt = xs.flatMap((x, i) => (x === value && !Number.isNaN(ys[i]) ? [i] : []));
        const at = runsAt.map((i) => ys[i]);
        const stats = boxStats(at);
        if (stats) {
          const g = svg("g", { class: "hpviz-box" });
          drawBox(g, stats, cx, half, yScale);
          summaries.append(g);
        }
        runsAt.forEach((i, k) => {
          drawPoint(dots, cx + jitter(k) * half * 0.9, yScale(ys[i]), value, ys[i], runs[i]);
        });
      }
      plot.insertBefore(summaries, dots);
    } else {
      for (let i = 0; i < xs.length; i++)
        drawPoint(dots, xScale(xs[i]), yScale(ys[i]), xs[i], ys[i], runs[i]);
    }
    if (view.best && typeof view.best.x === "number")
      bestAt = [xScale(view.best.x), yScale(view.best.y)];
  } else {
    plot.setAttribute("data-xscale", "category");
    const n = Math.max(1, categories.length);
    const band = (box.width - left - right) / n;
    const axis = svg("g", { class: "hpviz-axis hpviz-axis-x" });
    axis.append(
      svg("line", { x1: left, x2: box.width - right, y1: height - bottom, y2: height - bottom }),
    );
    const summaries = svg("g", { class: "hpviz-boxes" });
    const maxChars = Math.max(4, Math.floor(band / 7));
    categories.forEach((/** @type {DrillCategory} */ c, k) => {
      const cx = left + band * (k + 0.5);
      const half = Math.min(40, band * 0.32);
      const g = svg("g", { class: "hpviz-box" });
      drawBox(g, c, cx, half, yScale);
      g.append(
        svg(
          "title",
          {},
          `${c.value}: ${plural(c.count)} · mean ${metric} ${formatMetric(c.mean)} · median ${formatMetric(c.median)}`,
        ),
      );
      summaries.append(g);
      c.y.forEach((y, i) => {
        drawPoint(dots, cx + jitter(i) * half * 0.9, yScale(y), c.value, y, c.runs?.[i]);
      });
      const label = c.value.length > maxChars ? `${c.value.slice(0, maxChars - 1)}…` : c.value;
      const text = svg("text", { x: cx, y: height - bottom + 15, "text-anchor": "middle" }, label);
      text.append(svg("title", {}, c.value));
      const stats = band < 90 ? `n=${c.count}` : `n=${c.count} · mean ${formatMetric(c.mean)}`;
      axis.append(
        text,
        svg(
          "text",
          { class: "hpviz-cat-stats", x: cx, y: height - bottom + 29, "text-anchor": "middle" },
          stats,
        ),
      );
      if (view.best && view.best.x === c.value) bestAt = [cx, yScale(view.best.y)];
    });
    plot.insertBefore(summaries, dots);
    plot.append(axis);
  }
  if (bestAt) {
    const best = svg("circle", {
      class: "hpviz-best",
      cx: bestAt[0].toFixed(1),
      cy: bestAt[1].toFixed(1),
      r: 6,
    });
    best.append(
      svg("title", {}, drillNote({ ...view, n_runs: 0, n_shown: 0 }).replace(/^0 runs · /, "")),
    );
    plot.append(best);
  }
  return plot;
}
