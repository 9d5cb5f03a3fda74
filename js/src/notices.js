// The notes on the shown analysis, above the table, one per line: runs left out and why, the
// metric picked among several, the fit made on ranks. Those that put the numbers in doubt (too
// few runs, nothing stands out from noise, an importance borrowed) Python also lists in
// `warnings`: they show below the notes as warning banners, a word and an icon besides their
// colour. Each note shows its first sentence; the rest is behind *Details* (on demand). The
// action a note calls for (Python's `note_actions`: *Include these runs*, *Use raw values*,
// *Leave out*) is a button beside it that sends its message to Python. Python sends the notes
// joined as `message` too, which table.js shows when there are none.

import { createScope, h, syncChildren } from "./dom.js";

/** @import { NoteAction, Send, Traits } from "./types.js" */

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

/**
 * A note's line and its details: the first sentence (up to a ". " before a capital letter or
 * an opening bracket) and the rest, "" when it is one sentence.
 * @param {string} note
 * @returns {{line: string, details: string}}
 */
export function noteParts(note) {
  const text = String(note).trim();
  const match = /^(.+?[.!?])\s+(?=[A-Z(\u00c0-\u024f])([\s\S]+)$/.exec(text);
  return match ? { line: match[1], details: match[2].trim() } : { line: text, details: "" };
}

/**
 * The buttons a note calls for, from Python's `note_actions` (those for other notes left).
 * @param {string} note
 * @param {readonly NoteAction[] | undefined} actions
 * @returns {NoteAction[]}
 */
export function actionsFor(note, actions) {
  return (actions || []).filter(
    (a) =>
      a &&
      String(a.note).trim() === note &&
      typeof a.label === "string" &&
      a.message &&
      typeof a.message.type === "string",
  );
}

/**
 * The notes of one panel; `el` goes above the table. `send` (absent in a static export, where
 * no Python answers) makes the notes' actions buttons.
 * @param {Traits & {send?: Send}} traits
 */
export function createNotices({ get, send }) {
  const scope = createScope();
  const el = h("div", "hpviz-notices-box");
  const plainEl = h("ul", "hpviz-message hpviz-notices");
  plainEl.setAttribute("aria-label", "Notes on this analysis");
  const warnEl = h("ul", "hpviz-notices hpviz-warnings");
  warnEl.setAttribute("aria-label", "Warnings about these numbers");
  el.append(plainEl, warnEl);
  el.hidden = plainEl.hidden = warnEl.hidden = true;
  let drawnKey = "";
  /** @type {Set<string>} notes whose details are open (kept across redraws) */
  const open = new Set();
  /** @type {Set<string>} notes whose action was sent and not yet answered */
  const pending = new Set();
  /** @type {Map<string, NoteAction>} what each drawn action button sends, by its id */
  const sends = new Map();
  let uid = 0;

  /**
   * @param {string} text
   * @param {boolean} warning
   * @param {readonly NoteAction[]} actions
   */
  function noteItem(text, warning, actions) {
    const li = h("li", warning ? "hpviz-note hpviz-warning" : "hpviz-note");
    li.dataset.note = text;
    const { line, details } = noteParts(text);
    const head = h("div", "hpviz-note-head");
    if (warning) head.append(h("strong", "hpviz-warning-label", "Warning:"), " ");
    head.append(
      h("span", warning ? "hpviz-note-line hpviz-warning-text" : "hpviz-note-line", line),
    );
    /** @type {HTMLDivElement | null} */
    let more = null;
    if (details) {
      const toggle = h("button", "hpviz-link hpviz-note-more", open.has(text) ? "Less" : "Details");
      toggle.type = "button";
      more = h("div", "hpviz-note-details", details);
      more.id = `hpviz-note-${++uid}`;
      more.hidden = !open.has(text);
      toggle.setAttribute("aria-expanded", String(open.has(text)));
      toggle.setAttribute("aria-controls", more.id);
      toggle.dataset.note = text;
      head.append(" ", toggle);
    }
    for (const action of send ? actionsFor(text, actions) : []) {
      const button = h(
        "button",
        "hpviz-btn hpviz-note-action",
        pending.has(text) ? "Working…" : action.label,
      );
      button.type = "button";
      button.id = `hpviz-action-${++uid}`;
      button.setAttribute("aria-busy", String(pending.has(text)));
      sends.set(button.id, action);
      head.append(" ", button);
    }
    li.append(head);
    if (more) li.append(more);
    return li;
  }

  scope.listen(el, "click", (event) => {
    const target = event.target instanceof Element ? event.target.closest("button") : null;
    if (!(target instanceof HTMLButtonElement)) return;
    if (target.classList.contains("hpviz-note-more")) {
      const text = target.dataset.note || "";
      const details = target.getAttribute("aria-controls");
      const box = details ? el.querySelector(`#${CSS.escape(details)}`) : null;
      const opening = !open.has(text);
      if (opening) open.add(text);
      else open.delete(text);
      target.setAttribute("aria-expanded", String(opening));
      target.textContent = opening ? "Less" : "Details";
      if (box instanceof HTMLElement) box.hidden = !opening;
      return;
    }
    const action = sends.get(target.id);
    if (action && send) {
      pending.add(action.note);
      target.textContent = "Working…";
      target.setAttribute("aria-busy", "true");
      send(action.message);
    }
  });

  function draw() {
    const { plain, warnings } = splitNotes(
      String(get("status") || ""),
      get("notes") || [],
      get("warnings") || [],
    );
    const actions = get("note_actions") || [];
    const key = JSON.stringify([plain, warnings, actions]);
    if (key === drawnKey) return;
    drawnKey = key;
    pending.clear(); // new notes: every request was answered
    sends.clear();
    plainEl.hidden = plain.length === 0;
    warnEl.hidden = warnings.length === 0;
    el.hidden = plainEl.hidden && warnEl.hidden;
    syncChildren(
      plainEl,
      plain.map((note) => noteItem(note, false, actions)),
    );
    syncChildren(
      warnEl,
      warnings.map((note) => noteItem(note, true, actions)),
    );
  }

  return { el, draw, dispose: scope.dispose };
}
