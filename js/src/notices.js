// The notes on the shown analysis, above the table, one per line: runs left out and why, the
// metric picked among several, how rough the numbers are. Python sends them as `notes` (and
// joined as `message`, which table.js shows when there are none).

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
 * The notes of one panel; `el` goes above the table.
 * @param {Traits} traits
 */
export function createNotices({ get }) {
  const el = h("ul", "hpviz-message hpviz-notices");
  el.setAttribute("aria-label", "Notes on this analysis");
  el.hidden = true;
  let drawnKey = "";

  function draw() {
    const notes = shownNotes(String(get("status") || ""), get("notes") || []);
    const key = JSON.stringify(notes);
    if (key === drawnKey) return;
    drawnKey = key;
    el.hidden = notes.length === 0;
    syncChildren(
      el,
      notes.map((note) => h("li", "hpviz-note", note)),
    );
  }

  return { el, draw };
}
