// The notes on the shown analysis, above the table, one per line: runs left out and why, the
// metric picked among several. Those that qualify the numbers themselves (fitted on ranks
// because a few runs dominate the metric, too few runs, nothing stands out from noise) Python
// also lists in `warnings`: they show below the notes as warning banners, a word and an icon
// besides their colour. Python sends the notes joined as `message` too, which table.js shows
// when there are none.

import { h, syncChildren } from "./dom.js";

/** @import { Traits } from "./types.js" */

/**
 * The notes to show: those of a finished analysis, trimmed, without blanks and repeats.
 * @param {string} status
 * @param {readonly string[]} notes
 * @returns {string[]}
 */
export function shownNotes(status, notes) {
  if (status !== "ready") return [];
  return [...new Set(notes.map((note) => String(note).trim()).filter(Boolean))];
}

/**
 * The notes split into plain ones and warnings (a warning is shown once, as a warning, even
 * when Python lists it among the notes too).
 * @param {string} status
 * @param {readonly string[]} notes
 * @param {readonly string[]} warnings
 * @returns {{plain: string[], warnings: string[]}}
 */
export function splitNotes(status, notes, warnings) {
  const warned = shownNotes(status, warnings);
  const set = new Set(warned);
  return { plain: shownNotes(status, notes).filter((note) => !set.has(note)), warnings: warned };
}

/** @param {string} text */
function warningItem(text) {
  const li = h("li", "hpviz-note hpviz-warning");
  li.append(h("strong", "hpviz-warning-label", "Warning:"), " ", h("span", "hpviz-warning-text", text));
  return li;
}

/**
 * The notes of one panel; `el` goes above the table.
 * @param {Traits} traits
 */
export function createNotices({ get }) {
  const el = h("div", "hpviz-notices-box");
  const plainEl = h("ul", "hpviz-message hpviz-notices");
  plainEl.setAttribute("aria-label", "Notes on this analysis");
  const warnEl = h("ul", "hpviz-notices hpviz-warnings");
  warnEl.setAttribute("aria-label", "Warnings about these numbers");
  el.append(plainEl, warnEl);
  el.hidden = plainEl.hidden = warnEl.hidden = true;
  let drawnKey = "";

  function draw() {
    const { plain, warnings } = splitNotes(String(get("status") || ""), get("notes") || [], get("warnings") || []);
    const key = JSON.stringify([plain, warnings]);
    if (key === drawnKey) return;
    drawnKey = key;
    plainEl.hidden = plain.length === 0;
    warnEl.hidden = warnings.length === 0;
    el.hidden = plainEl.hidden && warnEl.hidden;
    syncChildren(
      plainEl,
      plain.map((note) => h("li", "hpviz-note", note)),
    );
    syncChildren(warnEl, warnings.map(warningItem));
  }

  return { el, draw };
}
