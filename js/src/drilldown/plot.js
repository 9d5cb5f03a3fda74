// The drill-down's picture: one parameter against the metric as SVG, a scatter (log x axis
// when the parameter is log-scaled) or one strip, box and mean per value, the best run ringed.
// `drillTitle` and `drillNote` are pure (tested in Node); `plotSvg` builds the picture.

import { formatMetric, groupThousands, plural } from "../format.js";
import { jitter, logTicks, makeScale, niceTicks, paddedDomain } from "./scales.js";

/** @import { DrillView } from "../types.js" */

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
  const parts = [nShown < nRuns ? `${groupThousands(nShown)} of ${plural(nRuns)} shown (a sample)` : plural(nRuns)];
  if (view.kind === "numeric" && view.scale === "log") parts.push("log scale");
  if (view.best) {
    const x = typeof view.best.x === "number" ? formatMetric(view.best.x) : String(view.best.x);
    parts.push(`best run: ${view.parameter} ${x}, ${view.metric} ${formatMetric(view.best.y)}`);
  }
  return parts.join(" · ");
}

const SVG_NS = "http://www.w3.org/2000/svg";

/**
 * An SVG element with attributes and its text.
 * @template {keyof SVGElementTagNameMap} K
 * @param {K} tag
 * @param {Record<string, string | number>} [attrs]
 * @param {string} [text]
 * @returns {SVGElementTagNameMap[K]}
 */
function svg(tag, attrs = {}, text) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** The plot's box (the SVG's viewBox) and its margins, in SVG units. */
const PLOT = { width: 640, height: 250, left: 58, right: 14, top: 10, bottom: 46 };

/**
 * An axis: its line, ticks with labels, and a title.
 * @param {SVGSVGElement} plot
 * @param {"x" | "y"} which
 * @param {number[]} ticks
 * @param {(v: number) => number} scale
 * @param {string} label
 */
function drawAxis(plot, which, ticks, scale, label) {
  const { width, height, left, right, top, bottom } = PLOT;
  const g = svg("g", { class: `hpviz-axis hpviz-axis-${which}` });
  if (which === "x") {
    const y0 = height - bottom;
    g.append(svg("line", { x1: left, x2: width - right, y1: y0, y2: y0 }));
    for (const t of ticks) {
      const x = scale(t);
      g.append(svg("line", { x1: x, x2: x, y1: y0, y2: y0 + 4 }));
      g.append(svg("text", { x, y: y0 + 15, "text-anchor": "middle" }, formatMetric(t)));
    }
    g.append(svg("text", { class: "hpviz-axis-title", x: (left + width - right) / 2, y: height - 6, "text-anchor": "middle" }, label));
  } else {
    g.append(svg("line", { x1: left, x2: left, y1: top, y2: height - bottom }));
    for (const t of ticks) {
      const y = scale(t);
      g.append(svg("line", { class: "hpviz-grid", x1: left, x2: width - right, y1: y, y2: y }));
      g.append(svg("text", { x: left - 6, y: y + 4, "text-anchor": "end" }, formatMetric(t)));
    }
    const cy = (top + height - bottom) / 2;
    g.append(svg("text", { class: "hpviz-axis-title", x: 12, y: cy, "text-anchor": "middle", transform: `rotate(-90 12 ${cy})` }, label));
  }
  plot.append(g);
}

/**
 * The SVG of a drill-down view: a scatter (log x axis when the parameter is log-scaled) or
 * one strip, box and mean per value; the best run ringed.
 * @param {DrillView} view
 * @returns {SVGSVGElement}
 */
export function plotSvg(view) {
  const { width, height, left, right, top, bottom } = PLOT;
  const plot = svg("svg", { class: "hpviz-plot", viewBox: `0 0 ${width} ${height}`, role: "img" });
  plot.setAttribute("aria-label", `${drillTitle(view)}: ${drillNote(view)}`);
  const metric = String(view.metric ?? "");
  const param = String(view.parameter ?? "");
  const categories = view.categories || [];
  const ys = view.kind === "numeric" ? view.y || [] : categories.flatMap((c) => [c.min, c.max, ...c.y]);
  const yDomain = paddedDomain(ys);
  const yScale = makeScale(yDomain, [height - bottom, top]);
  drawAxis(plot, "y", niceTicks(yDomain[0], yDomain[1], 5), yScale, metric);
  const dots = svg("g", { class: "hpviz-dots" });
  plot.append(dots);
  /** @type {[number, number] | null} */
  let bestAt = null;
  if (view.kind === "numeric") {
    const log = view.scale === "log";
    plot.setAttribute("data-xscale", log ? "log" : "linear");
    const xs = view.x || [];
    const xDomain = paddedDomain(xs, log);
    const xScale = makeScale(xDomain, [left, width - right], log);
    const ticks = log ? logTicks(xDomain[0], xDomain[1]) : niceTicks(xDomain[0], xDomain[1], 6);
    drawAxis(plot, "x", ticks, xScale, log ? `${param} (log scale)` : param);
    for (let i = 0; i < xs.length; i++) {
      dots.append(svg("circle", { cx: xScale(xs[i]).toFixed(1), cy: yScale(ys[i]).toFixed(1), r: 2.6 }));
    }
    if (view.best && typeof view.best.x === "number") bestAt = [xScale(view.best.x), yScale(view.best.y)];
  } else {
    plot.setAttribute("data-xscale", "category");
    const n = Math.max(1, categories.length);
    const band = (width - left - right) / n;
    const axis = svg("g", { class: "hpviz-axis hpviz-axis-x" });
    axis.append(svg("line", { x1: left, x2: width - right, y1: height - bottom, y2: height - bottom }));
    const summaries = svg("g", { class: "hpviz-boxes" });
    categories.forEach((c, k) => {
      const cx = left + band * (k + 0.5);
      const half = Math.min(40, band * 0.32);
      const box = svg("g", { class: "hpviz-box" });
      box.append(
        svg("line", { class: "hpviz-whisk", x1: cx, x2: cx, y1: yScale(c.min), y2: yScale(c.max) }),
        svg("rect", { x: cx - half, width: 2 * half, y: yScale(c.q3), height: Math.max(1, yScale(c.q1) - yScale(c.q3)) }),
        svg("line", { class: "hpviz-median", x1: cx - half, x2: cx + half, y1: yScale(c.median), y2: yScale(c.median) }),
        svg("line", { class: "hpviz-mean", x1: cx - half - 4, x2: cx + half + 4, y1: yScale(c.mean), y2: yScale(c.mean) })
      );
      box.append(svg("title", {}, `${c.value}: ${plural(c.count)} · mean ${metric} ${formatMetric(c.mean)} · median ${formatMetric(c.median)}`));
      summaries.append(box);
      c.y.forEach((y, i) => {
        dots.append(svg("circle", { cx: (cx + jitter(i) * half * 0.9).toFixed(1), cy: yScale(y).toFixed(1), r: 2.4 }));
      });
      const label = c.value.length > 16 ? `${c.value.slice(0, 15)}…` : c.value;
      const text = svg("text", { x: cx, y: height - bottom + 15, "text-anchor": "middle" }, label);
      text.append(svg("title", {}, c.value));
      axis.append(text, svg("text", { class: "hpviz-cat-stats", x: cx, y: height - bottom + 29, "text-anchor": "middle" }, `n=${c.count} · mean ${formatMetric(c.mean)}`));
      if (view.best && view.best.x === c.value) bestAt = [cx, yScale(view.best.y)];
    });
    plot.insertBefore(summaries, dots);
    plot.append(axis);
  }
  if (bestAt) {
    const best = svg("circle", { class: "hpviz-best", cx: bestAt[0].toFixed(1), cy: bestAt[1].toFixed(1), r: 6 });
    best.append(svg("title", {}, drillNote({ ...view, n_runs: 0, n_shown: 0 }).replace(/^0 runs · /, "")));
    plot.append(best);
  }
  return plot;
}
