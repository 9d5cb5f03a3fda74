// The table: its sortable column headers, the body of rows (rows.js, placed by virtual.js),
// and what shows instead of rows or above them (the empty state, Python's message).

import { correlationCard, importanceCard } from "./cards.js";
import { createScope, h } from "./dom.js";
import { formatNumber } from "./format.js";
import { floorFraction, importanceScale } from "./geometry.js";
import { setAside } from "./manager.js";
import { ariaSortFor, filterRows, pyStrip, sortAfterClick, sortRows } from "./order.js";
import { profileRange } from "./rowextras.js";
import { createRows } from "./rows.js";
import { createVirtualBody } from "./virtual.js";

/** @import { EmptyTexts, Row, SortKey, Traits } from "./types.js" */
/** @import { Card } from "./cards.js" */

/** @type {{key: SortKey, label: string, info: string}[]} */
export const COLUMNS = [
  { key: "parameter", label: "Parameter", info: "" },
  {
    key: "importance",
    label: "Importance",
    info:
      "Random-forest impurity importance: how much each parameter helps a forest predict the " +
      "metric from the parameters. The importances of the shown parameters sum to 1; hidden " +
      "parameters are left out of the model. The dashed line is the noise floor.",
  },
  {
    key: "correlation",
    label: "Correlation",
    info:
      "Linear (Pearson) correlation between the parameter and the metric, from -1 to 1, on " +
      "log10 of parameters searched on a log scale (marked log); the number is r with its own " +
      "sign. Green (✓) means raising the parameter moves the metric in the good direction for " +
      "the goal, red (✗) the bad one, grey (≈) that its 90% interval contains 0, so the " +
      "direction is not established. Categorical parameters show one correlation per value " +
      "(the run has that value vs. not), on the same axis and coloured by the same rule. " +
      "Sorting by correlation orders every row by its strength |r| (a categorical by its " +
      "strongest value). Correlation is association, not causation.",
  },
];

/**
 * What the empty state says, or null when the table has rows to show. Its sentences are
 * Python's (`texts`: the `empty_texts` trait, hpviz/contract.py), with `{n}` and `{search}`
 * filled in here.
 * @param {object} s
 * @param {string} s.status
 * @param {string} s.message
 * @param {number} s.nRows        Visible rows (before the search filter).
 * @param {number} s.nShown       Rows left after the search filter.
 * @param {string} s.search
 * @param {number} s.nParameters  All candidate parameters.
 * @param {EmptyTexts} s.texts
 * @returns {string | null}
 */
export function emptyText({ status, message, nRows, nShown, search, nParameters, texts }) {
  const msg = (message || "").trim();
  if (status === "error") return msg || texts.error;
  if (status === "empty") return msg || texts.empty;
  if (status === "computing" && nRows === 0) return null;
  if (nRows === 0) {
    if (msg) return msg;
    if (nParameters === 0) return texts.no_parameters;
    return fill(texts.all_hidden, { n: String(nParameters) });
  }
  if (nShown === 0) return fill(texts.no_match, { search: pyStrip(search) });
  return null;
}

/**
 * `template` with each `{name}` replaced by `values[name]` (Python's `str.format`, for the names
 * given; the values are text, never read as a template).
 * @param {string} template
 * @param {Record<string, string>} values
 */
export function fill(template, values) {
  return String(template).replace(/\{(\w+)\}/g, (whole, name) =>
    name in values ? values[name] : whole,
  );
}

/**
 * The action the empty state offers inline: "Clear search" when the search hides every row,
 * "Show all" when every parameter is hidden; null otherwise.
 * @param {object} s
 * @param {string} s.status
 * @param {number} s.nRows
 * @param {number} s.nShown
 * @param {number} s.nParameters
 * @param {number} s.nHidden
 * @returns {"clear-search" | "show-all" | null}
 */
export function emptyAction({ status, nRows, nShown, nParameters, nHidden }) {
  if (status === "error") return null;
  if (nParameters > 0 && nHidden >= nParameters) return "show-all";
  if (status !== "empty" && nRows > 0 && nShown === 0) return "clear-search";
  return null;
}

/**
 * What the footer shows after a draw of the table.
 * @typedef {object} TableFacts
 * @property {number} nShown       rows shown (after the search)
 * @property {number} nParameters  all candidate parameters
 * @property {number} nHidden      parameters hidden
 * @property {number} nAside       constants and identifiers, not listed (the dialog lists them)
 * @property {boolean} footer      whether the footer has anything to say
 * @property {boolean} floor       whether the noise floor is drawn
 */

/**
 * The table of one panel, in `root`: the table's scroll box is `el`; Python's message goes
 * above it while there is one. Clicking a header sorts; clicking a row opens its drill-down.
 * @param {Traits & {uid: string, root: HTMLElement}} options
 */
export function createTable({ get, save, uid, root }) {
  const scope = createScope();
  const banner = h("div", "hpviz-message");

  const el = h("div", "hpviz-table-wrap");
  const table = h("table", "hpviz-table");
  const colgroup = h("colgroup");
  for (const name of ["parameter", "importance", "correlation"])
    colgroup.append(h("col", `hpviz-col-${name}`));
  const thead = h("thead");
  const headRow = h("tr");
  /** @type {Map<SortKey, {th: HTMLTableCellElement, arrow: HTMLSpanElement}>} */
  const headers = new Map();
  // Help texts are the headers' descriptions, kept outside the headers so that a header's
  // accessible name is just its label.
  const descriptions = h("div", "hpviz-descriptions");
  descriptions.hidden = true;
  for (const column of COLUMNS) {
    const th = h("th", `hpviz-th hpviz-th-${column.key}`);
    th.scope = "col";
    const button = h("button", "hpviz-sort");
    button.type = "button";
    button.dataset.sort = column.key;
    const label = h("span", "hpviz-sort-label", column.label);
    const arrow = h("span", "hpviz-arrow");
    arrow.setAttribute("aria-hidden", "true");
    button.append(label, arrow);
    const inner = h("div", "hpviz-th-inner");
    inner.append(button);
    th.append(inner);
    if (column.info) {
      // The help is on the (i) only: hovering, focusing or tapping it shows its card; the rest
      // of the header sorts, and shows no card over the column just sorted.
      const info = h("button", "hpviz-info"); // drawn by a CSS mask; named by its aria-label
      info.type = "button";
      info.setAttribute("aria-label", `About ${column.label}`);
      info.dataset.card = `help:${column.key}`;
      th.setAttribute("aria-label", column.label); // the header is named by its label alone
      const description = h("span", "", column.info);
      description.id = `${uid}-info-${column.key}`;
      descriptions.append(description);
      button.setAttribute("aria-describedby", description.id);
      inner.append(info);
    }
    // The whole cell sorts, not only its label (but its (i) explains).
    scope.listen(th, "click", (event) => {
      if (event.target instanceof Element && event.target.closest(".hpviz-info")) return;
      save(sortAfterClick(get("sort_by"), Boolean(get("descending")), column.key));
    });
    headers.set(column.key, { th, arrow });
    headRow.append(th);
  }
  headRow.setAttribute("aria-rowindex", "1");
  thead.append(headRow);
  const tbody = h("tbody", "hpviz-no-floor");
  table.append(colgroup, thead, tbody);
  const empty = h("div", "hpviz-empty");
  empty.setAttribute("role", "status");
  const emptyTextEl = h("span", "hpviz-empty-text");
  const emptyButton = h("button", "hpviz-btn hpviz-empty-action");
  emptyButton.type = "button";
  empty.append(emptyTextEl, emptyButton);
  scope.listen(emptyButton, "click", () => {
    if (emptyButton.dataset.action === "clear-search") save({ search: "" });
    else if (emptyButton.dataset.action === "show-all") save({ hidden: [] });
  });
  el.append(table, descriptions);

  const rows = createRows();
  const body = createVirtualBody({ table, thead, tbody, scroller: el, rows });
  /** @type {Row[]} the rows the table shows, in order (for the CSV) */
  let shownRows = [];

  scope.listen(tbody, "click", (event) => {
    const tr = event.target instanceof Element ? event.target.closest("tr[data-parameter]") : null;
    if (!tr) return;
    const name = tr.getAttribute("data-parameter") || "";
    save({ selected: get("selected") === name ? "" : name });
  });

  /** @returns {TableFacts} */
  function draw() {
    const status = String(get("status") || "ready");
    if (status === "computing") el.setAttribute("aria-busy", "true");
    else el.removeAttribute("aria-busy");
    const message = String(get("message") || "");
    const allParameters = get("parameters") || [];
    // constants and identifiers are not listed: counted apart (the dialog lists them)
    const aside = setAside(allParameters, get("rows") || [], get("roles") || []);
    const parameters = allParameters.filter((name) => !aside.has(name));
    const hidden = new Set(get("hidden") || []);
    // Rows of parameters hidden a moment ago leave at once, before Python recomputes.
    const visibleRows = (get("rows") || []).filter(
      (row) => !hidden.has(row.parameter) && !aside.has(row.parameter),
    );
    const searchText = String(get("search") ?? "");
    const showRows = status !== "empty" && status !== "error";
    const shown = showRows
      ? sortRows(filterRows(visibleRows, searchText), get("sort_by"), Boolean(get("descending")))
      : [];
    shownRows = shown;

    // header sort state
    const sortBy = get("sort_by");
    const descending = Boolean(get("descending"));
    for (const [key, { th, arrow }] of headers) {
      const state = ariaSortFor(key, sortBy, descending);
      th.setAttribute("aria-sort", state);
      arrow.textContent = state === "descending" ? "↓" : state === "ascending" ? "↑" : "";
    }

    // body
    // The axis is the analysis' (every row it returned), so a search or a hide never rescales it.
    const floorValue = get("noise_floor");
    const max = importanceScale(get("rows") || [], floorValue);
    const floor = floorFraction(floorValue, max);
    const ctx = {
      max,
      floor: floor === null ? null : floorValue,
      goal: String(get("goal") || "minimize"),
      nRuns: Number(get("n_runs")) || 0,
      yRange: profileRange(get("rows") || []),
    };
    const floorText = floor === null ? "" : String(floor);
    if (floorText !== tbody.style.getPropertyValue("--hpviz-x")) {
      if (floor === null) tbody.style.removeProperty("--hpviz-x");
      else tbody.style.setProperty("--hpviz-x", floorText);
      tbody.classList.toggle("hpviz-no-floor", floor === null);
    }
    body.place(shown, ctx, String(get("metric") ?? ""));

    // empty state, banner
    const emptyMessage = emptyText({
      status,
      message,
      nRows: showRows ? visibleRows.length : 0,
      nShown: shown.length,
      search: searchText,
      nParameters: parameters.length,
      texts: get("empty_texts"),
    });
    const action = emptyAction({
      status,
      nRows: showRows ? visibleRows.length : 0,
      nShown: shown.length,
      nParameters: parameters.length,
      nHidden: parameters.filter((name) => hidden.has(name)).length,
    });
    if (emptyMessage !== null) {
      emptyTextEl.textContent = emptyMessage;
      emptyButton.hidden = action === null;
      emptyButton.dataset.action = action ?? "";
      emptyButton.textContent = action === "show-all" ? "Show all" : "Clear search";
      if (empty.parentNode !== el) el.append(empty);
    } else if (empty.parentNode) {
      empty.remove();
    }
    // (notes, when Python sends them, show one per line instead: notices.js)
    const hasNotes = (get("notes") || []).length > 0;
    const bannerText =
      status === "ready" && !hasNotes && emptyMessage !== message.trim() ? message.trim() : "";
    if (bannerText) {
      banner.textContent = bannerText;
      if (banner.parentNode !== root) root.insertBefore(banner, el);
    } else if (banner.parentNode) {
      banner.remove();
    }
    return {
      nShown: shown.length,
      nParameters: parameters.length,
      nHidden: parameters.filter((name) => hidden.has(name)).length,
      nAside: aside.size,
      footer:
        showRows && allParameters.length > 0 && !(status === "computing" && shown.length === 0),
      floor: floor !== null,
    };
  }

  /**
   * Focus the control of a parameter's row, or (when that row is not shown) the first column
   * header, so focus never falls out of the panel.
   * @param {string} name
   */
  function focusRow(name) {
    let view = rows.views.get(name);
    const index = shownRows.findIndex((row) => String(row.parameter) === name);
    if (index >= 0 && !(view && view.tr.parentNode === tbody)) {
      // not rendered (scrolled far away): scroll it into view, render it, then focus it
      body.reveal(index);
      view = rows.views.get(name);
    }
    if (view && view.tr.parentNode === tbody) view.button.focus();
    else headRow.querySelector("button")?.focus({ preventScroll: true });
  }

  /**
   * What the hover card of `trigger` (an element of the table with `data-card`) says.
   * @param {HTMLElement | SVGElement} trigger
   * @returns {Card | null}
   */
  function cardFor(trigger) {
    const kind = trigger.dataset.card || "";
    if (kind.startsWith("help:")) {
      const column = COLUMNS.find((c) => `help:${c.key}` === kind);
      return column?.info ? { title: column.label, lines: [column.info] } : null;
    }
    const floorValue = get("noise_floor");
    if (kind === "floor") {
      if (typeof floorValue !== "number") return null;
      return {
        title: `Noise floor ${formatNumber(floorValue, 3)}`,
        lines: [
          "The importance that shuffled copies of the parameters (which carry no information) " +
            "reach in the same forest. Bars that stop short of this line are indistinguishable from noise.",
        ],
      };
    }
    const name =
      trigger.dataset.name ?? trigger.closest("tr[data-parameter]")?.getAttribute("data-parameter");
    if (name == null) return null;
    if (kind === "name") {
      // a name cut in the middle (here or in the Parameters dialog), whole
      const cut = Array.from(trigger.children).some(
        (part) => part.scrollWidth > part.clientWidth + 1,
      );
      return cut ? { title: name, lines: [] } : null;
    }
    const row = rows.views.get(name)?.row;
    if (!row) return null;
    if (kind === "imp") return importanceCard(row, floorValue);
    if (kind === "corr") {
      const context = {
        metric: String(get("metric") ?? ""),
        goal: String(get("goal") || "minimize"),
        nRuns: Number(get("n_runs")) || 0,
      };
      return correlationCard(row, context);
    }
    return null;
  }

  return {
    el,
    draw,
    cardFor,
    focusRow,
    markSelected: rows.markSelected,
    /** The rows shown, in display order. */
    shown: () => shownRows,
    /**
     * The name cell of each row in the page (rows far from the view are not), by parameter.
     * @returns {Iterable<[string, HTMLElement]>}
     */
    *rowsInPage() {
      for (const [name, view] of rows.views) {
        const cell = view.button.parentElement;
        if (view.tr.isConnected && cell) yield [name, cell];
      }
    },
    dispose() {
      body.dispose();
      scope.dispose();
    },
  };
}
