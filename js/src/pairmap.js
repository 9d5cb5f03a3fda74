// The two-parameter drill-down: while a pair is open (`pair`), a region under the Interactions
// with a heatmap of the median metric per cell of a binned grid (`pair_view`, computed by
// Python): numeric axes by their bins' edges (log where the parameter is log-scaled),
// categories as bands, cells coloured by the goal (darker is better), the best cell outlined
// and the best run ringed; each cell's count and median on hover. Close or Escape closes it
// and gives focus back to the pair's button. `cellPlaces`, `goodness` and the texts are pure.

import { createScope, h, svg, yAxisTitle } from "./dom.js";
import { logTicks, makeScale, niceTicks } from "./drilldown/scales.js";
import { formatMetric, groupThousands, plural } from "./format.js";

/** @import { EmptyDict, PairAxis, PairView, Traits } from "./types.js" */
/** @import { Card } from "./cards.js" */

/**
 * "lr × batch_size against val_loss".
 * @param {PairView} view
 */
export function pairTitle(view) {
  const [a, b] = view.parameters || ["", ""];
  return `${a} × ${b} against ${view.metric ?? ""}`;
}

/**
 * A band's text along an axis: a category's value, or a numeric bin's range "0.001–0.003".
 * @param {PairAxis} axis
 * @param {number} index
 */
export function bandText(axis, index) {
  if (axis.kind === "category") return String((axis.labels || [])[index] ?? "");
  const edges = axis.edges || [];
  return `${formatMetric(edges[index])}–${formatMetric(edges[index + 1])}`;
}

/**
 * The note under the heading: "300 runs · best cell: lr 0.001–0.003, optimizer adam: median
 * 0.12 (8 runs) · best run: val_loss 0.09".
 * @param {PairView} view
 */
export function pairNote(view) {
  const parts = [plural(Number(view.n_runs) || 0)];
  const [a, b] = view.parameters || ["", ""];
  const best = view.best_cell;
  if (best && view.x && view.y) {
    const cell = (view.cells || []).find((c) => c.i === best.i && c.j === best.j);
    if (cell) {
      parts.push(
        `best cell: ${a} ${bandText(view.x, best.i)}, ${b} ${bandText(view.y, best.j)}: median ${formatMetric(cell.median)} (${plural(cell.count)})`,
      );
    }
  }
  if (view.best) parts.push(`best run: ${view.metric ?? ""} ${formatMetric(view.best.metric)}`);
  return parts.join(" · ");
}

/**
 * Where an axis' bands sit, in pixels between `start` and `end`: numeric bins by their edges
 * (on log10 where the axis is log), categories (and few values) as equal bands.
 * @param {PairAxis} axis
 * @param {number} start
 * @param {number} end
 * @returns {{from: number, to: number}[]}
 */
export function cellPlaces(axis, start, end) {
  if (axis.kind === "numeric" && (axis.edges || []).length > 1) {
    const edges = /** @type {number[]} */ (axis.edges);
    const log = axis.scale === "log" && edges[0] > 0;
    const scale = makeScale([edges[0], edges[edges.length - 1]], [start, end], log);
    return edges.slice(0, -1).map((edge, i) => ({ from: scale(edge), to: scale(edges[i + 1]) }));
  }
  const n = Math.max(1, (axis.labels || []).length);
  const size = (end - start) / n;
  return Array.from({ length: n }, (_, i) => ({
    from: start + i * size,
    to: start + (i + 1) * size,
  }));
}

/**
 * Whether `view` is the heatmap of `pair` (the trait is `{}` while no pair is open, and the
 * previous pair's until Python has sent the new one).
 * @param {PairView | EmptyDict} view
 * @param {string[]} pair
 * @returns {view is PairView}
 */
function isViewOf(view, pair) {
  return JSON.stringify(view.parameters) === JSON.stringify(pair);
}

/**
 * How good a median is among the cells' medians, 0 (worst) to 1 (best) for the goal; 0.5 when
 * every cell has the same median.
 * @param {number} median
 * @param {number} lowest
 * @param {number} highest
 * @param {string} goal
 */
export function goodness(median, lowest, highest, goal) {
  if (!(highest > lowest)) return 0.5;
  const t = (median - lowest) / (highest - lowest);
  return goal === "maximize" ? t : 1 - t;
}

/**
 * The heatmap's SVG at `width` px.
 * @param {PairView} view
 * @param {number} width
 */
export function heatmapSvg(view, width) {
  const w = Math.max(200, Math.round(width));
  const box = { left: 96, right: 12, top: 8, bottom: 52 };
  const height = Math.max(180, Math.min(360, Math.round(w * 0.5)));
  const x = /** @type {PairAxis} */ (view.x);
  const y = /** @type {PairAxis} */ (view.y);
  const [a, b] = view.parameters || ["", ""];
  const plot = svg("svg", {
    class: "hpviz-plot hpviz-heatmap",
    width: w,
    height,
    viewBox: `0 0 ${w} ${height}`,
    role: "img",
  });
  plot.setAttribute("aria-label", `${pairTitle(view)}: ${pairNote(view)}`);
  plot.setAttribute("data-xscale", x.kind === "numeric" ? x.scale || "linear" : "category");
  plot.setAttribute("data-yscale", y.kind === "numeric" ? y.scale || "linear" : "category");
  const xs = cellPlaces(x, box.left, w - box.right);
  const ys = cellPlaces(y, height - box.bottom, box.top); // first band at the bottom
  const cells = view.cells || [];
  const medians = cells.map((c) => c.median);
  const lowest = Math.min(...medians);
  const highest = Math.max(...medians);
  const goal = String(view.goal || "minimize");
  const layer = svg("g", { class: "hpviz-cells" });
  for (const cell of cells) {
    const cx = xs[cell.i];
    const cy = ys[cell.j];
    if (!cx || !cy) continue;
    const good = goodness(cell.median, lowest, highest, goal);
    const rect = svg("rect", {
      x: Math.min(cx.from, cx.to).toFixed(1),
      y: Math.min(cy.from, cy.to).toFixed(1),
      width: Math.max(1, Math.abs(cx.to - cx.from) - 1).toFixed(1),
      height: Math.max(1, Math.abs(cy.to - cy.from) - 1).toFixed(1),
      "data-card": "cell",
      "data-i": cell.i,
      "data-j": cell.j,
    });
    rect.style.setProperty("--hpviz-cell", `${Math.round(8 + good * 72)}%`);
    layer.append(rect);
  }
  plot.append(layer);
  const best = view.best_cell;
  if (best && xs[best.i] && ys[best.j]) {
    const cx = xs[best.i];
    const cy = ys[best.j];
    const outline = svg("rect", {
      class: "hpviz-best-cell",
      x: Math.min(cx.from, cx.to).toFixed(1),
      y: Math.min(cy.from, cy.to).toFixed(1),
      width: Math.abs(cx.to - cx.from).toFixed(1),
      height: Math.abs(cy.to - cy.from).toFixed(1),
    });
    outline.append(
      svg("title", {}, `Best cell: ${a} ${bandText(x, best.i)}, ${b} ${bandText(y, best.j)}`),
    );
    plot.append(outline);
  }
  drawAxis(plot, x, xs, "x", { w, height, box, label: a });
  drawAxis(plot, y, ys, "y", { w, height, box, label: b });
  if (view.best && xs[view.best.i] && ys[view.best.j]) {
    const px = place(x, xs, view.best.i, view.best.x, box.left, w - box.right);
    const py = place(y, ys, view.best.j, view.best.y, height - box.bottom, box.top);
    const ring = svg("circle", { class: "hpviz-best", cx: px.toFixed(1), cy: py.toFixed(1), r: 6 });
    ring.append(
      svg(
        "title",
        {},
        `Best run: ${a} ${String(view.best.x)}, ${b} ${String(view.best.y)}, ${view.metric ?? ""} ${formatMetric(view.best.metric)}`,
      ),
    );
    plot.append(ring);
  }
  return plot;
}

/**
 * The best run's place along an axis: at its value on a numeric axis, the band's middle else.
 * @param {PairAxis} axis
 * @param {{from: number, to: number}[]} places
 * @param {number} index
 * @param {number | string} value
 * @param {number} start
 * @param {number} end
 */
function place(axis, places, index, value, start, end) {
  const edges = axis.edges || [];
  if (axis.kind === "numeric" && typeof value === "number" && edges.length > 1) {
    const log = axis.scale === "log" && edges[0] > 0;
    return makeScale([edges[0], edges[edges.length - 1]], [start, end], log)(value);
  }
  return (places[index].from + places[index].to) / 2;
}

/**
 * An axis: its line, ticks (round values of a numeric axis, a band's label else) and title.
 * @param {SVGSVGElement} plot
 * @param {PairAxis} axis
 * @param {{from: number, to: number}[]} places
 * @param {"x" | "y"} which
 * @param {{w: number, height: number, box: {left: number, right: number, top: number, bottom: number}, label: string}} frame
 */
function drawAxis(plot, axis, places, which, { w, height, box, label }) {
  const g = svg("g", { class: `hpviz-axis hpviz-axis-${which}` });
  const log = axis.scale === "log";
  /** @type {{at: number, text: string}[]} */
  let ticks;
  if (axis.kind === "numeric" && (axis.edges || []).length > 1) {
    const edges = /** @type {number[]} */ (axis.edges);
    const [lo, hi] = [edges[0], edges[edges.length - 1]];
    const [start, end] = which === "x" ? [box.left, w - box.right] : [height - box.bottom, box.top];
    const scale = makeScale([lo, hi], [start, end], log && lo > 0);
    const values = log && lo > 0 ? logTicks(lo, hi) : niceTicks(lo, hi, which === "x" ? 5 : 4);
    ticks = values
      .filter((v) => v >= lo && v <= hi)
      .map((v) => ({ at: scale(v), text: formatMetric(v) }));
  } else {
    const labels = axis.labels || [];
    const room = which === "x" ? Math.abs(places[0]?.to - places[0]?.from) / 7 : 13;
    ticks = labels.map((text, i) => ({
      at: (places[i].from + places[i].to) / 2,
      text:
        text.length > Math.max(3, room)
          ? `${text.slice(0, Math.max(2, Math.floor(room) - 1))}…`
          : text,
    }));
  }
  const title = `${label}${log ? " (log scale)" : ""}`;
  if (which === "x") {
    const y0 = height - box.bottom;
    g.append(svg("line", { x1: box.left, x2: w - box.right, y1: y0, y2: y0 }));
    for (const t of ticks)
      g.append(
        svg("line", { x1: t.at, x2: t.at, y1: y0, y2: y0 + 4 }),
        svg("text", { x: t.at, y: y0 + 15, "text-anchor": "middle" }, t.text),
      );
    g.append(
      svg(
        "text",
        {
          class: "hpviz-axis-title",
          x: (box.left + w - box.right) / 2,
          y: height - 8,
          "text-anchor": "middle",
        },
        title,
      ),
    );
  } else {
    g.append(svg("line", { x1: box.left, x2: box.left, y1: box.top, y2: height - box.bottom }));
    for (const t of ticks)
      g.append(
        svg("line", { x1: box.left - 4, x2: box.left, y1: t.at, y2: t.at }),
        svg("text", { x: box.left - 6, y: t.at + 4, "text-anchor": "end" }, t.text),
      );
    const cy = (box.top + height - box.bottom) / 2;
    g.append(yAxisTitle(cy, title));
  }
  plot.append(g);
}

/**
 * The drill-down region of a pair, put right after `after` (the Interactions) while `pair` is set.
 * @param {Traits & {uid: string, after: HTMLElement, focusPair: (pair: string[]) => void}} options
 */
export function createPairmap({ get, save, uid, after, focusPair }) {
  const scope = createScope();
  const el = h("section", "hpviz-drill hpviz-pairmap");
  el.id = `${uid}-pairmap`;
  el.setAttribute("role", "region");
  const head = h("div", "hpviz-drill-head");
  const title = h("span", "hpviz-drill-title");
  title.id = `${uid}-pairmap-title`;
  el.setAttribute("aria-labelledby", title.id);
  const note = h("span", "hpviz-drill-note");
  const close = h("button", "hpviz-btn hpviz-drill-close", "Close");
  close.type = "button";
  head.append(title, note, close);
  const body = h("div", "hpviz-drill-body");
  const legend = h("div", "hpviz-drill-legend");
  el.append(head, body, legend);
  /** @type {unknown} */
  let drawnView = null;
  /** @type {string[]} */
  let drawnPair = [];
  let drawnWidth = 0;

  scope.listen(close, "click", () => save({ pair: [] }));
  scope.listen(el, "keydown", (event) => {
    if (!(event instanceof KeyboardEvent) || event.key !== "Escape" || event.defaultPrevented)
      return;
    event.preventDefault();
    event.stopPropagation();
    save({ pair: [] });
  });
  const resized = new ResizeObserver(() => {
    if (el.parentNode && Math.abs(body.clientWidth - drawnWidth) > 4) drawPlot();
  });
  resized.observe(body);
  scope.defer(() => resized.disconnect());

  function drawPlot() {
    const view = /** @type {PairView} */ (drawnView);
    if (!view?.x || !view.y || !(view.cells || []).length) return;
    drawnWidth = body.clientWidth;
    /** @type {Element[]} */
    const parts = [heatmapSvg(view, drawnWidth || 640)];
    if (view.message) parts.push(h("div", "hpviz-drill-message", String(view.message)));
    body.replaceChildren(...parts);
  }

  function draw() {
    const pair = get("pair") || [];
    const view = get("pair_view") || {};
    if (pair.length !== 2) {
      if (el.parentNode) {
        const hadFocus = el.contains(document.activeElement);
        el.remove();
        if (hadFocus) focusPair(drawnPair);
      }
      drawnView = null;
      drawnPair = [];
      return;
    }
    if (!el.parentNode) {
      after.after(el);
      el.scrollIntoView?.({ block: "nearest" });
    }
    if (view === drawnView && JSON.stringify(pair) === JSON.stringify(drawnPair)) return;
    drawnView = view;
    drawnPair = [...pair];
    close.setAttribute("aria-label", `Close the heatmap of ${pair[0]} × ${pair[1]}`);
    if (!isViewOf(view, pair)) {
      title.textContent = `${pair[0]} × ${pair[1]} against ${String(get("metric") ?? "")}`;
      note.textContent = "Computing…";
      body.replaceChildren();
      legend.textContent = "";
      return;
    }
    title.textContent = pairTitle(view);
    if (!(view.cells || []).length) {
      note.textContent = "";
      body.replaceChildren(
        h("div", "hpviz-drill-empty", String(view.message || "Nothing to plot.")),
      );
      legend.textContent = "";
      return;
    }
    note.textContent = pairNote(view);
    legend.textContent = `Each cell: the median ${view.metric ?? ""} of its runs (darker is better; hover a cell for its count and median); outlined: the best cell (of cells with 3 runs or more); ring: the best run.`;
    drawPlot();
  }

  /**
   * What a cell's hover card says.
   * @param {HTMLElement | SVGElement} trigger
   * @returns {Card | null}
   */
  function cardFor(trigger) {
    if (trigger.dataset.card !== "cell" || !el.contains(trigger)) return null;
    const view = /** @type {PairView} */ (drawnView);
    if (!view?.x || !view.y) return null;
    const i = Number(trigger.dataset.i);
    const j = Number(trigger.dataset.j);
    const cell = (view.cells || []).find((c) => c.i === i && c.j === j);
    if (!cell) return null;
    const [a, b] = view.parameters || ["", ""];
    return {
      title: `${a} ${bandText(view.x, i)}, ${b} ${bandText(view.y, j)}`,
      lines: [
        `median ${view.metric ?? ""} ${formatMetric(cell.median)}`,
        `${groupThousands(cell.count)} run${cell.count === 1 ? "" : "s"}`,
      ],
    };
  }

  return { el, draw, cardFor, dispose: scope.dispose };
}
