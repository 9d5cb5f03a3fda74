// The drill-down region: below the table while a parameter is selected (scrolled into view
// when it opens), its heading, a note, the y axis choice (linear, log, rank; log by default
// for a heavy-tailed metric), Close, the plot (plot.js) of the data Python computed for it
// (`drilldown`), drawn again at its width when that changes, and a legend of its marks.

import { createScope, h } from "../dom.js";
import { formatMetric } from "../format.js";
import { drillNote, drillTitle, plotSvg } from "./plot.js";
import { autoYScale } from "./yaxis.js";

/** @import { DrillView, Traits } from "../types.js" */
/** @import { Card } from "../cards.js" */

/**
 * The drill-down of one panel, put into `root` before `footer` while `selected` names a
 * parameter. Close or Escape saves `selected = ""`; when that takes the focus out of the region,
 * `focusRow` gets the parameter whose plot closed.
 * @param {Traits & {uid: string, root: HTMLElement, footer: HTMLElement, focusRow: (name: string) => void}} options
 */
export function createDrilldown({ get, save, uid, root, footer, focusRow }) {
  const scope = createScope();
  const el = h("section", "hpviz-drill");
  el.id = `${uid}-drill`;
  el.setAttribute("role", "region");
  const head = h("div", "hpviz-drill-head");
  const title = h("span", "hpviz-drill-title");
  title.id = `${uid}-drill-title`;
  el.setAttribute("aria-labelledby", title.id);
  const note = h("span", "hpviz-drill-note");
  const close = h("button", "hpviz-btn hpviz-drill-close", "Close");
  close.type = "button";
  const yAxis = h("select", "hpviz-select hpviz-drill-y");
  yAxis.setAttribute("aria-label", "Y axis");
  for (const [value, text] of [
    ["linear", "y: linear"],
    ["log", "y: log"],
    ["rank", "y: rank"],
  ]) {
    const option = h("option", "", text);
    option.value = value;
    yAxis.append(option);
  }
  head.append(title, note, yAxis, close);
  const body = h("div", "hpviz-drill-body");
  const legend = h("div", "hpviz-drill-legend");
  el.append(head, body, legend);
  /** @type {"linear" | "log" | "rank" | ""} the y axis the user picked for this plot ("": automatic) */
  let yChoice = "";
  let drawnWidth = 0;
  /** @type {unknown} the view drawn, to draw it only once */
  let drawnView = null;
  let drawnSelected = "";

  scope.listen(close, "click", () => save({ selected: "" }));
  scope.listen(yAxis, "change", () => {
    yChoice = yAxis.value === "log" ? "log" : yAxis.value === "rank" ? "rank" : "linear";
    drawPlot();
  });
  // Drawn at its width (not scaled as a picture): drawn again when the width changes.
  const resized = new ResizeObserver(() => {
    if (el.parentNode && Math.abs(body.clientWidth - drawnWidth) > 4) drawPlot();
  });
  resized.observe(body);
  scope.defer(() => resized.disconnect());

  /** The plot of the view drawn, at the body's width, on the y axis chosen (or the automatic one). */
  function drawPlot() {
    const view = /** @type {DrillView} */ (drawnView);
    if (!view || view.parameter !== drawnSelected || view.kind === "none") return;
    const ys =
      view.kind === "numeric"
        ? [...(view.y || []), ...(view.special || []).flatMap((c) => c.y)]
        : (view.categories || []).flatMap((c) => c.y);
    const auto = autoYScale(ys);
    const mode = yChoice || auto;
    if (yAxis.value !== mode) yAxis.value = mode;
    yAxis.title = auto === "log" ? "The metric is heavy-tailed: log by default" : "";
    drawnWidth = body.clientWidth;
    /** @type {Element[]} */
    const parts = [plotSvg(view, { width: drawnWidth || 640, yMode: mode })];
    if (view.message) parts.push(h("div", "hpviz-drill-message", String(view.message)));
    body.replaceChildren(...parts);
    const boxes = view.kind === "categorical" || body.querySelector(".hpviz-box") !== null;
    legend.textContent = boxes
      ? "Box: the middle half of the runs (25th to 75th percentile); whisker: lowest to highest; thin line: median; thick line: mean; ring: best run. Hover a point for its run."
      : "Each point is a run (hover it for its values); ring: best run.";
  }
  // Escape in the plot closes it too (focus goes back to the row, see draw).
  scope.listen(el, "keydown", (event) => {
    if (!(event instanceof KeyboardEvent) || event.key !== "Escape" || event.defaultPrevented)
      return;
    event.preventDefault();
    event.stopPropagation();
    save({ selected: "" });
  });

  function draw() {
    const selected = String(get("selected") || "");
    const view = get("drilldown") || {};
    if (!selected) {
      if (el.parentNode) {
        // Closing (Close, Escape, the row again, or Python) with focus in the plot gives focus
        // back to the control that opened it, or to the table when that row is not shown.
        const hadFocus = el.contains(document.activeElement);
        el.remove();
        if (hadFocus) focusRow(drawnSelected);
      }
      drawnView = null;
      drawnSelected = "";
      return;
    }
    if (!el.parentNode) {
      if (footer.parentNode === root) root.insertBefore(el, footer);
      else root.append(el);
      // opened below a long table: bring it into view
      el.scrollIntoView?.({ block: "nearest" });
    }
    if (view === drawnView && selected === drawnSelected) return;
    if (selected !== drawnSelected) yChoice = "";
    drawnView = view;
    drawnSelected = selected;
    close.setAttribute("aria-label", `Close the plot of ${selected}`);
    if (view.parameter !== selected) {
      title.textContent = `${selected} against ${String(get("metric") ?? "")}`;
      note.textContent = "Computing…";
      body.replaceChildren();
      legend.textContent = "";
      yAxis.hidden = true;
      return;
    }
    title.textContent = drillTitle(view);
    if (view.kind === "none") {
      note.textContent = "";
      body.replaceChildren(
        h("div", "hpviz-drill-empty", String(view.message || "Nothing to plot.")),
      );
      legend.textContent = "";
      yAxis.hidden = true;
      return;
    }
    note.textContent = drillNote(view);
    yAxis.hidden = false;
    drawPlot();
  }

  /**
   * What the hover card of a point of the plot says (see plot.js).
   * @param {HTMLElement | SVGElement} trigger
   * @returns {Card | null}
   */
  function cardFor(trigger) {
    if (trigger.dataset.card !== "point" || !el.contains(trigger)) return null;
    const x = trigger.dataset.x ?? "";
    const value = Number(x);
    const shown = x !== "" && Number.isFinite(value) ? formatMetric(value) : x;
    const lines = [`${String(get("metric") ?? "")} ${formatMetric(Number(trigger.dataset.y))}`];
    if (trigger.dataset.run !== undefined) lines.unshift(`run ${trigger.dataset.run}`);
    return { title: `${drawnSelected} ${shown}`, lines };
  }

  return { el, draw, cardFor, dispose: scope.dispose };
}
