// The table's rows: one element per parameter, kept across redraws.
//
// A row is stamped from constant templates (cloneNode is much cheaper than building each
// element), filled with the row's data, and refilled in place when Python sends new numbers
// for the same parameter (a parameter hidden or shown, another metric): the browser keeps the
// element and its layout. Only a change of shape (kind, number of values listed) builds a new
// one. Re-sorting, searching, a new scale (the analysis' largest importance), noise floor or
// goal touch only what they change. What the hover cards say (cards.js) is also each focusable
// part's accessible label. Which rows are in the page at all is virtual.js's business.

import { cardText, correlationCard, importanceCard } from "./cards.js";
import { as, h } from "./dom.js";
import { DASH, formatNumber, isNumber, splitName, splitValue } from "./format.js";
import {
  barFraction,
  correlationClass,
  correlationGeometry,
  correlationGlyph,
  correlationUncertain,
  percent,
  whiskerGeometry,
} from "./geometry.js";
import { decorateRow } from "./rowextras.js";

/** @import { Row, ValueStat } from "./types.js" */

/** How many values of a categorical parameter the correlation cell lists. */
export const MAX_VALUES = 4;

/**
 * The small tag after a parameter's name: "categorical", "constant", "id", or "" for
 * numeric and boolean parameters.
 * @param {string} kind
 */
export function kindLabel(kind) {
  if (kind === "categorical") return "categorical";
  if (kind === "constant") return "constant";
  if (kind === "identifier") return "id";
  if (kind === "empty") return "no value";
  return "";
}

/** @param {string} kind */
export function kindTitle(kind) {
  if (kind === "categorical") return "Categorical: one correlation per value";
  if (kind === "constant") return "Constant: the same value in every run, so it cannot matter";
  if (kind === "identifier")
    return "Identifier: a different value in (almost) every run, left out of the model";
  if (kind === "empty")
    return "No analysed run has a value (only runs without a value of the metric set it)";
  return "";
}

/**
 * The values of a categorical parameter that its correlation cell lists: the `limit`
 * strongest by |correlation| (missing last, then by count), and those left over.
 * @param {readonly ValueStat[]} values
 * @param {number} [limit=MAX_VALUES]
 * @returns {{shown: ValueStat[], rest: ValueStat[]}}
 */
export function topValues(values, limit = MAX_VALUES) {
  const strength = (/** @type {ValueStat} */ v) =>
    typeof v.correlation === "number" && Number.isFinite(v.correlation)
      ? Math.abs(v.correlation)
      : -1;
  const ordered = (values || [])
    .slice()
    .sort((a, b) => strength(b) - strength(a) || (b.count || 0) - (a.count || 0));
  return { shown: ordered.slice(0, limit), rest: ordered.slice(limit) };
}

/**
 * The accessible name of a row's control, which opens its drill-down: "Plot lr against
 * val_loss" (it contains the name shown, as WCAG's "label in name" asks).
 * @param {string} parameter
 * @param {string} metric
 */
export function plotLabel(parameter, metric) {
  return `Plot ${parameter} against ${metric}`;
}

/**
 * What a row's elements depend on: its kind and what its correlation cell lists.
 * @param {Row} row
 */
export function rowShape(row) {
  const values = row.kind === "categorical" && Array.isArray(row.values) ? row.values.length : 0;
  const log = row.scale === "log" ? "|log" : "";
  if (values > 0)
    return `${row.kind}|${Math.min(values, MAX_VALUES)}${values > MAX_VALUES ? "+" : ""}${log}`;
  return `${row.kind}|${isNumber(row.correlation) ? "r" : "-"}${log}`;
}

/**
 * @typedef {object} RowContext  What every shown row is drawn against.
 * @property {number} max       the importance axis' end (geometry.importanceScale)
 * @property {number | null} floor  the noise floor (null: none drawn)
 * @property {string} goal
 * @property {number} nRuns     runs analysed
 * @property {[number, number] | null} [yRange]  the metric's span every sparkline shares
 *
 * @typedef {object} ValueView  One value of a categorical parameter in its cell.
 * @property {HTMLLIElement} item
 * @property {HTMLSpanElement} label
 * @property {HTMLDivElement} bar
 * @property {HTMLSpanElement} num
 *
 * @typedef {object} Tone  A correlation bar drawn, coloured and given a glyph by one rule
 *   (geometry.correlationUncertain): neutral with "≈" when its direction is not established.
 * @property {HTMLDivElement} el   the bar
 * @property {HTMLSpanElement} num  its number (the glyph goes before it)
 * @property {number | null} r
 * @property {boolean} uncertain
 *
 * @typedef {object} RowView
 * @property {string} shape    what the elements were built for (see rowShape)
 * @property {HTMLTableRowElement} tr
 * @property {HTMLButtonElement} button  the name: the control that opens the drill-down
 * @property {HTMLSpanElement} head     the name's part cut in the middle when it is too long
 * @property {HTMLSpanElement} tail     the name's end, kept
 * @property {boolean} expanded  whether its drill-down is open (aria-expanded, data-selected)
 * @property {HTMLDivElement} imp      importance cell's content (its hover card, focusable)
 * @property {HTMLDivElement} bar      the importance bar
 * @property {HTMLDivElement} whisker  the importance's interval, across the bar
 * @property {HTMLSpanElement} impNum
 * @property {HTMLDivElement} floor    this row's piece of the noise floor line
 * @property {HTMLDivElement | null} corr     a single correlation (numeric, boolean)
 * @property {HTMLDivElement | null} corrBar
 * @property {HTMLSpanElement | null} corrNum
 * @property {HTMLUListElement | null} list   per-value correlations (categorical; focusable)
 * @property {ValueView[]} values
 * @property {HTMLLIElement | null} more
 * @property {Tone[]} tones  correlation bars to colour, with their numbers' glyphs
 * @property {Row | null} row  the data shown
 * @property {string} metric   the metric the cards name
 * @property {number} max      the scale the bar is drawn on
 * @property {string} labels   what the accessible labels were made for (floor, goal, runs)
 * @property {string} goal
 * @property {boolean} weak
 * @property {number} height   as last measured by virtual.js (NaN before)
 */

/** The elements every row is cloned from. */
function makeTemplates() {
  const tr = h("tr", "hpviz-row");
  const nameCell = h("td", "hpviz-td-name");
  const param = h("div", "hpviz-param");
  // The name is the row's control: a disclosure button that opens the parameter's drill-down
  // (Enter, Space or a click; a click elsewhere on the row does the same).
  const nameButton = h("button", "hpviz-name");
  nameButton.type = "button";
  nameButton.setAttribute("aria-expanded", "false");
  nameButton.dataset.card = "name";
  nameButton.append(h("span", "hpviz-name-head"), h("span", "hpviz-name-tail"));
  param.append(nameButton);
  nameCell.append(param);
  const impCell = h("td", "hpviz-td-importance");
  const imp = h("div", "hpviz-imp");
  // Focusable, so the keyboard reaches its card; its label says what the card says.
  imp.tabIndex = 0;
  imp.setAttribute("role", "img");
  imp.dataset.card = "imp";
  const track = h("div", "hpviz-track");
  track.append(h("div", "hpviz-bar"), h("div", "hpviz-whisker"));
  imp.append(track, h("span", "hpviz-num"));
  const floorLine = h("div", "hpviz-floor");
  floorLine.dataset.card = "floor";
  impCell.append(imp, floorLine);
  tr.append(nameCell, impCell, h("td", "hpviz-td-correlation"));

  // A single correlation is laid out like one value of a categorical parameter (an empty
  // label, the track, the number), so every correlation bar shares one axis.
  const corr = h("div", "hpviz-corr");
  corr.tabIndex = 0;
  corr.setAttribute("role", "img");
  corr.dataset.card = "corr";
  const ctrack = h("div", "hpviz-ctrack");
  ctrack.append(h("div", "hpviz-corr-bar"));
  corr.append(h("span", "hpviz-value-label"), ctrack, h("span", "hpviz-num"));

  const value = h("li", "hpviz-value");
  const mini = h("div", "hpviz-ctrack hpviz-ctrack-mini");
  mini.append(h("div", "hpviz-corr-bar"));
  value.append(h("span", "hpviz-value-label"), mini, h("span", "hpviz-num"));

  const none = h("span", "hpviz-null", DASH);
  none.dataset.card = "corr";
  return { tr, corr, value, none, kind: h("span", "hpviz-kind") };
}

/**
 * Place a diverging correlation bar for r (hidden when r is missing).
 * @param {HTMLDivElement} bar
 * @param {number | null} r
 */
function placeCorrelation(bar, r) {
  const geometry = correlationGeometry(r);
  if (geometry) {
    bar.style.cssText = `left:${percent(geometry.left)};width:${percent(geometry.width)}`;
    bar.hidden = false;
  } else {
    bar.hidden = true;
  }
}

/**
 * The rows of one panel: `render(row, ctx, metric)` gives the up-to-date element of a row,
 * built, refilled or kept as it is; `views` holds every row built so far, by parameter.
 */
export function createRows() {
  const templates = makeTemplates();
  /** @type {Map<string, RowView>} */
  const views = new Map();

  /**
   * The elements of a parameter's row, for rows of this shape; fillRow puts the data in.
   * @param {Row} row
   * @param {string} shape
   * @returns {RowView}
   */
  function buildRow(row, shape) {
    const name = String(row.parameter);
    const tr = as(templates.tr.cloneNode(true), HTMLTableRowElement);
    tr.setAttribute("data-parameter", name);
    tr.setAttribute("data-kind", String(row.kind));
    const nameCell = tr.firstChild;
    const impCell = as(nameCell?.nextSibling, HTMLTableCellElement);
    const corrCell = as(tr.lastChild, HTMLTableCellElement);

    // (1) name and kind
    const param = as(nameCell?.firstChild, HTMLDivElement);
    const nameEl = as(param.firstChild, HTMLButtonElement);
    const [headText, tailText] = splitName(name);
    const head = as(nameEl.firstChild, HTMLSpanElement);
    const tail = as(nameEl.lastChild, HTMLSpanElement);
    head.textContent = headText;
    tail.textContent = tailText;
    const tag = kindLabel(row.kind);
    if (tag) {
      const tagEl = as(templates.kind.cloneNode(false), HTMLSpanElement);
      tagEl.textContent = tag;
      tagEl.title = kindTitle(row.kind);
      param.append(tagEl);
    }
    if (row.scale === "log") {
      const logEl = as(templates.kind.cloneNode(false), HTMLSpanElement);
      logEl.className = "hpviz-kind hpviz-log";
      logEl.textContent = "log";
      logEl.title = `Searched on a log scale (positive, spanning two or more decades): its correlation is computed on log10(${name})`;
      param.append(logEl);
    }

    // (2) importance
    const imp = as(impCell.firstChild, HTMLDivElement);
    const bar = as(imp.firstChild?.firstChild, HTMLDivElement);

    /** @type {RowView} */
    const view = {
      shape,
      tr,
      button: nameEl,
      head,
      tail,
      expanded: false,
      imp,
      bar,
      whisker: as(bar.nextSibling, HTMLDivElement),
      impNum: as(imp.lastChild, HTMLSpanElement),
      floor: as(impCell.lastChild, HTMLDivElement),
      corr: null,
      corrBar: null,
      corrNum: null,
      list: null,
      values: [],
      more: null,
      tones: [],
      row: null,
      metric: "",
      max: NaN,
      labels: "",
      goal: "",
      weak: false,
      height: NaN,
    };

    // (3) correlation: one diverging bar, or one per value for a categorical parameter
    const values = row.kind === "categorical" && Array.isArray(row.values) ? row.values : [];
    if (values.length > 0) {
      const list = h("ul", "hpviz-values");
      list.tabIndex = 0;
      list.dataset.card = "corr";
      const n = Math.min(values.length, MAX_VALUES);
      for (let i = 0; i < n; i++) {
        const item = as(templates.value.cloneNode(true), HTMLLIElement);
        const label = as(item.firstChild, HTMLSpanElement);
        view.values.push({
          item,
          label,
          bar: as(label.nextSibling?.firstChild, HTMLDivElement),
          num: as(item.lastChild, HTMLSpanElement),
        });
        list.append(item);
      }
      if (values.length > MAX_VALUES) {
        view.more = h("li", "hpviz-more");
        list.append(view.more);
      }
      view.list = list;
      corrCell.append(list);
    } else if (isNumber(row.correlation)) {
      const corr = as(templates.corr.cloneNode(true), HTMLDivElement);
      view.corr = corr;
      view.corrBar = as(corr.firstChild?.nextSibling?.firstChild, HTMLDivElement);
      view.corrNum = as(corr.lastChild, HTMLSpanElement);
      corrCell.append(corr);
    } else {
      corrCell.append(templates.none.cloneNode(true));
    }
    return view;
  }

  /**
   * Put a row's data (numbers, tooltips, value labels) into elements of its shape.
   * @param {RowView} view
   * @param {Row} row
   * @param {string} metric
   */
  function fillRow(view, row, metric) {
    view.button.setAttribute("aria-label", plotLabel(String(row.parameter), metric));
    view.row = row;
    view.metric = metric;
    view.max = NaN; // the bar's width and the bars' colours are redone by updateRow
    view.goal = "";
    view.labels = ""; // the accessible labels are redone by updateRow
    view.impNum.textContent = formatNumber(row.importance, 3);

    /** @type {Tone[]} */
    const tones = [];
    if (view.list) {
      const { shown, rest } = topValues(row.values);
      view.values.forEach((slot, i) => {
        const v = shown[i];
        const r = isNumber(v.correlation) ? v.correlation : null;
        // cut in the middle when too long (two paths that differ at the end stay apart),
        // whole in the list's card and on hover
        const [head, tail] = splitValue(String(v.value));
        slot.label.replaceChildren(
          h("span", "hpviz-name-head", head),
          h("span", "hpviz-name-tail", tail),
        );
        slot.label.title = String(v.value);
        placeCorrelation(slot.bar, r);
        slot.num.textContent = formatNumber(r, 2);
        tones.push({ el: slot.bar, num: slot.num, r, uncertain: correlationUncertain(v) });
      });
      if (view.more) {
        view.more.textContent = `+${rest.length} more`;
      }
    } else if (view.corr && view.corrBar && view.corrNum) {
      // (a view with a single bar is built only for a row whose correlation is a number)
      const r = isNumber(row.correlation) ? row.correlation : null;
      placeCorrelation(view.corrBar, r);
      view.corrNum.textContent = formatNumber(r, 2);
      tones.push({ el: view.corrBar, num: view.corrNum, r, uncertain: correlationUncertain(row) });
    }
    view.tones = tones;
  }

  /**
   * Bring a row up to date with the scale, the noise floor and the goal. (The floor's place
   * comes from a variable on the table body, set once for all rows.)
   * @param {RowView} view
   * @param {Row} row
   * @param {RowContext} ctx
   */
  function updateRow(view, row, ctx) {
    if (view.max !== ctx.max) {
      view.max = ctx.max;
      view.bar.style.width = percent(barFraction(row.importance, ctx.max) * 100);
      const geometry = whiskerGeometry(row.importance_low, row.importance_high, ctx.max);
      view.whisker.hidden = geometry === null || geometry.width <= 0;
      if (geometry)
        view.whisker.style.cssText = `left:${percent(geometry.left * 100)};width:${percent(geometry.width * 100)}`;
    }
    const labels = `${ctx.floor}|${ctx.goal}|${ctx.nRuns}`;
    if (view.labels !== labels) {
      view.labels = labels;
      view.imp.setAttribute("aria-label", cardText(importanceCard(row, ctx.floor)));
      const corrEl = view.corr || view.list;
      const context = { metric: view.metric, goal: ctx.goal, nRuns: ctx.nRuns };
      if (corrEl) corrEl.setAttribute("aria-label", cardText(correlationCard(row, context)));
    }
    if (view.goal !== ctx.goal) {
      view.goal = ctx.goal;
      for (const { el, num, r, uncertain } of view.tones) {
        el.className = `hpviz-corr-bar ${correlationClass(r, ctx.goal, uncertain)}`;
        // a glyph before the number (CSS content: the number's text stays the number)
        num.dataset.glyph = correlationGlyph(r, ctx.goal, uncertain);
      }
    }
    const weak = !row.useful;
    if (view.weak !== weak) {
      view.weak = weak;
      view.tr.className = weak ? "hpviz-row hpviz-row-weak" : "hpviz-row";
    }
  }

  /**
   * The element of `row`, up to date: built anew only when the row changed shape.
   * @param {Row} row
   * @param {RowContext} ctx
   * @param {string} metric
   * @returns {RowView}
   */
  function renderRow(row, ctx, metric) {
    const name = String(row.parameter);
    const shape = rowShape(row);
    let view = views.get(name);
    if (view === undefined || view.shape !== shape) {
      view = buildRow(row, shape);
      views.set(name, view);
    }
    if (view.row !== row || view.metric !== metric) fillRow(view, row, metric);
    updateRow(view, row, ctx);
    decorateRow(view, row, ctx.goal, ctx.yRange ?? null, metric); // shape, sparkline, condition
    return view;
  }

  /**
   * Mark the row whose drill-down is open (aria-expanded, data-selected, aria-controls naming
   * the plot), and only that one.
   * @param {string} selected
   * @param {string} plotId
   */
  function markSelected(selected, plotId) {
    for (const [name, view] of views) {
      const expanded = name === selected;
      if (view.expanded === expanded) continue;
      view.expanded = expanded;
      view.button.setAttribute("aria-expanded", String(expanded));
      if (expanded) {
        view.tr.setAttribute("data-selected", "true");
        view.button.setAttribute("aria-controls", plotId);
      } else {
        view.tr.removeAttribute("data-selected");
        view.button.removeAttribute("aria-controls");
      }
    }
  }

  return { views, render: renderRow, markSelected };
}
