// hpviz front end: which hyperparameters matter for a metric, and which way they push it.
//
// anywidget loads the bundle of this module (hpviz/static/widget.js, built by `npm run build`)
// and calls `render` from its default export; the static export's page calls
// `mountStandalone`. `render` composes the parts, each a module owning its elements and state:
//
//   header.js   metric selector, goal, run count, the live state (live.js)
//   toolbar.js  search, Parameters button, wand, CSV download (csv.js)
//   table.js    sortable headers, rows (rows.js) placed near the view (virtual.js), messages
//   footer.js   shown/hidden counts, legend
//   manager.js  the Parameters dialog, with the column roles (roles.js) in it
//   notices.js  the notes on the analysis above the table (runs left out, metric picked …)
//   wand.js     the wand's choice in force, for which metric, and its undo
//   drilldown/  one parameter against the metric (region.js, plot.js, scales.js)
//   interactions.js  which parameters work together, under the table; pairmap.js the heatmap
//               of an open pair
//   hovercard.js the cards shown on hover, focus or tap (their texts: cards.js)
//
// It keeps them in sync with the model (every change redraws once, in a microtask) and returns
// the cleanup. Nothing at the top level of any module touches `document` or `window`, so Node
// imports them to test their pure helpers (`node --test tests/js/`). Data (parameter names,
// metric names, category values, messages) only ever reaches the page through `textContent`
// and attributes, never through innerHTML.

import { downloadCsv } from "./csv.js";
import { h } from "./dom.js";
import { createDrilldown } from "./drilldown/region.js";
import { createFooter } from "./footer.js";
import { createHeader } from "./header.js";
import { createHovercard } from "./hovercard.js";
import { createInteractions } from "./interactions.js";
import { createManager } from "./manager.js";
import { createNotices } from "./notices.js";
import { createPairmap } from "./pairmap.js";
import { createRoles } from "./roles.js";
import { standaloneModel } from "./standalone.js";
import { createTable } from "./table.js";
import { createToolbar } from "./toolbar.js";
import { createWandNotice } from "./wand.js";

/** @import { AnyWidget } from "@anywidget/types" */
/** @import { PanelModel, State, Traits } from "./types.js" */

// The synced traits (hpviz/contract.py's SYNCED_TRAITS): a change of any redraws.
/** @type {(keyof State)[]} */
const WATCHED = [
  "metric",
  "metrics",
  "goal",
  "parameters",
  "hidden",
  "sort_by",
  "descending",
  "search",
  "n_runs",
  "n_excluded",
  "rows",
  "noise_floor",
  "status",
  "message",
  "notes",
  "warnings",
  "fitted_on",
  "note_actions",
  "empty_texts",
  "selected",
  "roles",
  "goal_guessed",
  "wand_choice",
  "drilldown",
  "updating",
  "n_runs_newest",
  "ranking",
  "pairs",
  "pairs_info",
  "pair",
  "pair_view",
];

let instances = 0;

/**
 * Draw the panel into `el` and keep it in sync with `model`; returns the cleanup. `standalone`:
 * a static export's page, where nothing reaches Python.
 * @param {{model: PanelModel, el: HTMLElement, standalone?: boolean}} props
 */
function render({ model, el, standalone = false }) {
  const uid = `hpviz-${++instances}-${Math.random().toString(36).slice(2, 8)}`;
  let disposed = false;
  /** @type {Traits} */
  const traits = {
    get: (name) => model.get(name),
    save(values) {
      // (Object.entries types the keys as strings; they are the keys of a Partial<State>.)
      for (const [name, value] of Object.entries(values))
        model.set(/** @type {keyof State} */ (name), value);
      model.save_changes();
    },
  };
  const { get } = traits;

  const root = h("div", "hpviz");
  // Keys pressed inside the panel are the panel's: JupyterLab's command-mode shortcuts
  // (Enter, A, B, D D …) would otherwise fire when a button or checkbox here has focus.
  root.setAttribute("data-lm-suppress-shortcuts", "true");

  // (the table is made below; the header asks for its rows only when it draws)
  const header = createHeader({ ...traits, rowsInPage: () => table.rowsInPage() });
  const toolbar = createToolbar({
    ...traits,
    send: (message) => model.send(message),
    onDownload: () => {
      const floor = get("noise_floor");
      const context = {
        metric: String(get("metric") ?? ""),
        goal: String(get("goal") || ""),
        nRuns: Number(get("n_runs")) || 0,
        noiseFloor: typeof floor === "number" ? floor : null,
        target: String(get("fitted_on") || ""),
      };
      downloadCsv(table.shown(), context, root);
    },
  });
  const table = createTable({ ...traits, uid, root });
  const footer = createFooter();
  root.append(header.el, toolbar.el, table.el, footer.el);
  el.append(root);
  const manager = createManager({
    ...traits,
    uid,
    root,
    anchor: toolbar.el,
    button: toolbar.manageButton,
  });
  const notices = createNotices({
    ...traits,
    send: standalone ? undefined : (message) => model.send(message),
  });
  root.insertBefore(notices.el, table.el);
  const wandNotice = createWandNotice({
    ...traits,
    send: (message) => model.send(message),
    button: toolbar.wandButton,
  });
  root.insertBefore(wandNotice.el, table.el);
  const roles = createRoles({
    ...traits,
    searchValue: manager.searchValue,
    send: standalone ? undefined : (message) => model.send(message),
  });
  manager.body.append(roles.el);
  const drawRoles = () => roles.draw();
  manager.el.addEventListener("input", drawRoles);
  toolbar.manageButton.addEventListener("click", drawRoles);
  const drilldown = createDrilldown({
    ...traits,
    uid,
    root,
    footer: footer.el,
    focusRow: table.focusRow,
  });
  const interactions = createInteractions({ ...traits, uid });
  root.append(interactions.el);
  const pairmap = createPairmap({
    ...traits,
    uid,
    after: interactions.el,
    focusPair: interactions.focusPair,
  });
  const card = createHovercard({
    root,
    uid,
    contentFor: (trigger) =>
      table.cardFor(trigger) ??
      drilldown.cardFor(trigger) ??
      interactions.cardFor(trigger) ??
      pairmap.cardFor(trigger),
  });

  let scheduled = false;
  function redraw() {
    scheduled = false;
    if (disposed) return;
    root.setAttribute("data-status", String(get("status") || "ready"));
    header.draw();
    toolbar.draw();
    footer.draw(table.draw());
    manager.draw();
    notices.draw();
    wandNotice.draw();
    roles.draw();
    table.markSelected(String(get("selected") || ""), drilldown.el.id);
    drilldown.draw();
    interactions.draw();
    pairmap.draw();
    card.refresh();
  }
  const schedule = () => {
    if (scheduled || disposed) return;
    scheduled = true;
    queueMicrotask(redraw);
  };
  for (const name of WATCHED) model.on(`change:${name}`, schedule);
  redraw();

  return () => {
    disposed = true;
    manager.dispose();
    roles.dispose();
    notices.dispose();
    wandNotice.dispose();
    manager.el.removeEventListener("input", drawRoles);
    toolbar.manageButton.removeEventListener("click", drawRoles);
    for (const part of [header, toolbar, table, drilldown, interactions, pairmap, card])
      part.dispose();
    for (const name of WATCHED) model.off(`change:${name}`, schedule);
    root.remove();
  };
}

/**
 * The static export's page: the panel in `el`, over the state exported into the JSON script
 * element `stateElementId` (see standalone.js).
 * @param {string} stateElementId
 * @param {HTMLElement} el
 */
export function mountStandalone(stateElementId, el) {
  return render({ model: standaloneModel(stateElementId), el, standalone: true });
}

export default /** @satisfies {AnyWidget<State>} */ ({ render });
