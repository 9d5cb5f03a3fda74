// Long tables render only the rows in and near the scrolled view, between two stand-in rows
// as tall as the rows they stand for: sorting, searching or hiding among hundreds of
// parameters then lays out a few dozen rows, not all of them. Heights are measured once a row
// has been on screen; rows never shown are guessed from rows of the same shape.
// `rowWindow` and `visibleBand` are pure (tested in Node); `createVirtualBody` does the rest.

import { h, syncChildren } from "./dom.js";
import { MAX_VALUES, rowShape } from "./rows.js";

/** @import { Row } from "./types.js" */
/** @import { RowContext } from "./rows.js" */

/** Up to this many shown rows are all rendered; beyond, only those near the view (rowWindow). */
export const ALL_ROWS = 60;
const OVERSCAN = 400; // px of rows rendered above and below the visible part of the table
const FIRST_VIEW = 600; // px assumed visible before the table has been laid out
const ROW_HEIGHT = 29; // px, a row's height before any has been measured

/**
 * The rows to render of a long table: those within `overscan` pixels of the visible band
 * [top, bottom], given the rows' cumulative offsets (`offsets[i]` is where row i starts,
 * `offsets[n]` the table's height). Returns the half-open range [start, end).
 * @param {ArrayLike<number>} offsets  length n + 1, non-decreasing, offsets[0] = 0
 * @param {number} top     visible band, in the same pixels (may be negative)
 * @param {number} bottom
 * @param {number} overscan
 * @returns {{start: number, end: number}}
 */
export function rowWindow(offsets, top, bottom, overscan) {
  const n = offsets.length - 1;
  if (n <= 0) return { start: 0, end: 0 };
  /** the first row ending after y */
  const firstEndingAfter = (/** @type {number} */ y) => {
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (offsets[mid + 1] > y) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
  const start = Math.min(firstEndingAfter(top - overscan), n - 1);
  const end = Math.max(start + 1, Math.min(n, firstEndingAfter(bottom + overscan) + 1));
  return { start, end };
}

/**
 * What a long table's scroll box shows of its rows, in the rows' pixels (0: the first row's
 * top), the header included (it scrolls with them, or sticks over them). The scroll position is
 * taken as the browser will leave it: when the rows just got fewer (a search, a hide), a view
 * past their new end is pulled back, which the browser reports only a frame later.
 * @param {number} scrollTop  the scroll box's, as last seen
 * @param {number} viewport   the scroll box's height
 * @param {number} head       the header's height
 * @param {number} height     all the rows' height
 * @returns {{top: number, bottom: number}}
 */
export function visibleBand(scrollTop, viewport, head, height) {
  const top = Math.min(scrollTop, Math.max(0, head + height - viewport)) - head;
  return { top, bottom: top + viewport };
}

/**
 * @param {Row} row
 * @returns {number} a row's height before it has been measured
 */
function guessHeight(row) {
  const values = row.kind === "categorical" && Array.isArray(row.values) ? row.values.length : 0;
  const lines = Math.min(values, MAX_VALUES) + (values > MAX_VALUES ? 1 : 0);
  return Math.max(ROW_HEIGHT, lines * 17 + 13);
}

/**
 * The table body of one panel, kept showing the rows near the view of `scroller`.
 * `place(shown, ctx, metric)` puts the rows to show (in order) into it; scrolling and
 * resizing place them again. `reveal(index)` scrolls a row not rendered into view.
 * @param {object} parts
 * @param {HTMLTableElement} parts.table    gets aria-rowcount, the number of rows shown
 * @param {HTMLTableSectionElement} parts.thead
 * @param {HTMLTableSectionElement} parts.tbody
 * @param {HTMLElement} parts.scroller     the table's scroll box
 * @param {ReturnType<typeof import("./rows.js").createRows>} parts.rows
 */
export function createVirtualBody({ table, thead, tbody, scroller, rows }) {
  const { views } = rows;
  let disposed = false;
  /** @type {Row[]} the rows shown, in order */
  let shown = [];
  /** @type {RowContext} */
  let ctx = { max: NaN, floor: null, goal: "minimize", nRuns: 0 };
  let metric = "";

  /** @type {Map<string, number>} shape → height of the last row of that shape measured */
  const shapeHeights = new Map();
  /** @type {Float64Array | null} where each shown row starts (see rowWindow); null: redo */
  let offsets = null;
  let viewportHeight = 0; // the table's scroll box, from a ResizeObserver (0: not laid out yet)
  let headHeight = 0;
  let scrollTop = 0;
  const standIn = () => {
    const tr = h("tr", "hpviz-stand-in");
    tr.setAttribute("aria-hidden", "true");
    const td = h("td");
    td.colSpan = 3;
    tr.append(td);
    return { tr, td };
  };
  /** @type {{tr: HTMLTableRowElement, td: HTMLTableCellElement}[]} used in order, made as needed */
  const standIns = [];

  /**
   * Cumulative offsets of the shown rows: measured heights, else the height last measured for
   * a row of the same shape, else a guess.
   * @param {Row[]} list
   */
  function rowOffsets(list) {
    const result = new Float64Array(list.length + 1);
    list.forEach((row, i) => {
      const view = views.get(String(row.parameter));
      const shape = rowShape(row);
      let height = view && view.shape === shape ? view.height : NaN;
      if (!(height > 0)) height = shapeHeights.get(shape) ?? guessHeight(row);
      result[i + 1] = result[i] + height;
    });
    return result;
  }

  /**
   * On-screen pixels per CSS pixel of the table: 1, unless the page scales it (a slide show
   * shrinking the notebook, say), when rows measured on screen are scaled too but scrolling
   * and the stand-ins are not.
   */
  function layoutScale() {
    const css = tbody.offsetHeight;
    const scale = css > 0 ? tbody.getBoundingClientRect().height / css : 1;
    return scale > 0 && Math.abs(scale - 1) > 0.01 ? scale : 1;
  }

  // A row measured once changes height only when the page around it does (a font arriving
  // late, another font size): then every height measured is stale, and is measured again as
  // rows are shown.
  const rowSizes = new ResizeObserver((entries) => {
    if (disposed) return;
    const scale = layoutScale();
    for (const entry of entries) {
      const tr = entry.target;
      const view = views.get(tr.getAttribute("data-parameter") ?? "");
      if (!view || view.tr !== tr || !tr.isConnected || !(view.height > 0)) continue;
      const height = tr.getBoundingClientRect().height / scale;
      if (height > 0 && Math.abs(height - view.height) > 0.01) {
        for (const other of views.values()) other.height = NaN;
        measureSoon();
        return;
      }
    }
  });

  /** Put the shown rows near the view (all of them for a short table) into the table body. */
  function placeRows() {
    let start = 0;
    let end = shown.length;
    let kept = -1; // a row outside [start, end) rendered all the same: it holds the focus
    if (shown.length > ALL_ROWS) {
      if (offsets === null || offsets.length !== shown.length + 1) offsets = rowOffsets(shown);
      const viewport = viewportHeight > 0 ? viewportHeight : FIRST_VIEW;
      const { top, bottom } = visibleBand(scrollTop, viewport, headHeight, offsets[shown.length]);
      ({ start, end } = rowWindow(offsets, top, bottom, OVERSCAN));
      // A row whose control has the focus stays, or the focus would drop to the page.
      const active = document.activeElement;
      const focusedRow =
        active && active !== tbody && tbody.contains(active) ? active.closest("tr") : null;
      const name = focusedRow ? focusedRow.getAttribute("data-parameter") : null;
      if (name !== null) {
        const index = shown.findIndex((row) => String(row.parameter) === name);
        if (index >= 0 && (index < start || index >= end)) kept = index;
      }
    }
    const indices = [];
    for (let i = start; i < end; i++) indices.push(i);
    if (kept >= 0) indices.splice(kept < start ? 0 : indices.length, 0, kept);

    /** @type {HTMLTableRowElement[]} */
    const trs = [];
    let nStandIns = 0;
    /** @param {number} height */
    const addStandIn = (height) => {
      if (nStandIns === standIns.length) standIns.push(standIn());
      const { tr, td } = standIns[nStandIns++];
      td.style.height = `${height}px`;
      trs.push(tr);
    };
    let unmeasured = false;
    let next = 0; // the first row not yet rendered or stood in for
    for (const i of indices) {
      if (i > next && offsets) addStandIn(offsets[i] - offsets[next]);
      next = i + 1;
      const row = shown[i];
      const before = views.get(String(row.parameter));
      const view = rows.render(row, ctx, metric);
      if (view !== before) {
        if (before) rowSizes.unobserve(before.tr);
        rowSizes.observe(view.tr);
      }
      const index = String(i + 2); // the header is row 1
      if (view.tr.getAttribute("aria-rowindex") !== index)
        view.tr.setAttribute("aria-rowindex", index);
      unmeasured ||= !(view.height > 0);
      trs.push(view.tr);
    }
    if (next < shown.length && offsets) addStandIn(offsets[shown.length] - offsets[next]);
    table.setAttribute("aria-rowcount", String(shown.length + 1));
    // Moving a row drops the focus of a control inside it: give it back afterwards.
    const current = document.activeElement;
    const focused =
      current instanceof HTMLElement && current !== tbody && tbody.contains(current)
        ? current
        : null;
    if (syncChildren(tbody, trs) && focused?.isConnected && document.activeElement !== focused) {
      focused.focus({ preventScroll: true });
    }

    if (unmeasured && shown.length > ALL_ROWS) measureSoon();
  }

  let measuring = false;
  /**
   * Measure newly rendered rows in the next animation frame, before it is drawn (the layout
   * this forces is the one the frame needs anyway); re-place the rows if the heights guessed
   * for them were off.
   */
  function measureSoon() {
    if (measuring) return;
    measuring = true;
    requestAnimationFrame(() => {
      measuring = false;
      if (disposed) return;
      let changed = false;
      const scale = layoutScale();
      for (const child of tbody.children) {
        const name = child.getAttribute("data-parameter");
        const view = name === null ? undefined : views.get(name);
        if (!view || view.height > 0 || !view.row) continue;
        const height = child.getBoundingClientRect().height / scale;
        if (!(height > 0)) continue;
        const guessed = shapeHeights.get(view.shape) ?? guessHeight(view.row);
        view.height = height;
        shapeHeights.set(view.shape, height);
        changed ||= Math.abs(height - guessed) > 0.01;
      }
      if (changed) {
        offsets = null;
        placeRows();
      }
    });
  }

  let scrolling = false;
  const onScroll = () => {
    if (scrolling) return;
    scrolling = true;
    requestAnimationFrame(() => {
      scrolling = false;
      if (disposed) return;
      scrollTop = scroller.scrollTop;
      if (shown.length > ALL_ROWS) placeRows();
    });
  };
  scroller.addEventListener("scroll", onScroll, { passive: true });
  const resized = new ResizeObserver(() => {
    if (disposed) return;
    viewportHeight = scroller.clientHeight;
    headHeight = thead.offsetHeight;
    scrollTop = scroller.scrollTop;
    if (shown.length > ALL_ROWS) placeRows();
  });
  resized.observe(scroller);
  resized.observe(thead);

  return {
    /**
     * Show `rows` (in display order), drawn against `context` with tooltips naming `metricName`.
     * @param {Row[]} rowsShown
     * @param {RowContext} context
     * @param {string} metricName
     */
    place(rowsShown, context, metricName) {
      shown = rowsShown;
      ctx = context;
      metric = metricName;
      offsets = null;
      placeRows();
    },
    /**
     * Scroll the `index`-th row shown, not rendered (far from the view), into view and render it.
     * @param {number} index
     */
    reveal(index) {
      if (!offsets) return;
      scroller.scrollTop = Math.max(0, offsets[index] + headHeight - viewportHeight / 3);
      scrollTop = scroller.scrollTop;
      placeRows();
    },
    dispose() {
      disposed = true;
      rowSizes.disconnect();
      resized.disconnect();
      scroller.removeEventListener("scroll", onScroll);
    },
  };
}
