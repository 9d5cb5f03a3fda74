// The static export's stand-in for anywidget's model (hpviz/export.py, `panel.to_html()`): the
// state Python exported, in a JSON script element, behind get/set/on/off/save_changes/send.
// Sorting, searching, hiding and the CSV work as in the notebook; what needs Python does not.
// Hiding a parameter removes its row without refitting the forest; the wand applies the
// choice Python made at export time (`wand`); a row's drill-down was computed at export time.

/** @import { DrillView, PanelModel, State } from "./types.js" */

/**
 * The state in an exported page.
 * @typedef {State & {_drilldowns?: Record<string, DrillView>, wand?: string[]}} ExportedState
 */

/**
 * A model over `state` (changed in place), as the panel uses anywidget's.
 * @param {ExportedState} state
 * @returns {PanelModel}
 */
export function createStandaloneModel(state) {
  /** @type {Map<string, Set<(...args: any[]) => void>>} */
  const listeners = new Map();
  /** @param {string} name */
  const emit = (name) => {
    for (const callback of [...(listeners.get(`change:${name}`) || [])]) callback();
  };
  /**
   * @template {keyof State} K
   * @param {K} name
   * @param {State[K]} value
   */
  const set = (name, value) => {
    if (JSON.stringify(state[name]) === JSON.stringify(value)) return;
    state[name] = value;
    emit(name);
    // A row clicked open: its drill-down was computed at export time.
    if (name === "selected") set("drilldown", (state._drilldowns || {})[String(value)] || {});
  };
  return {
    get: (name) => state[name],
    set,
    save_changes() {},
    on(event, callback) {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event)?.add(callback);
    },
    off(event, callback) {
      if (!event) listeners.clear();
      else if (!callback) listeners.delete(event);
      else listeners.get(event)?.delete(callback);
    },
    send(message) {
      if (!message || message.type !== "auto_select") return;
      const shown = new Set(state.wand ?? wandFallback(state.rows || []));
      set("hidden", state.parameters.filter((name) => !shown.has(name)));
    },
  };
}

/**
 * The wand's choice for a page exported before Python shipped it (`wand`): the rows above the
 * exported noise floor, or the most important one when none is.
 * @param {readonly {parameter: string, importance: number, useful: boolean}[]} rows
 * @returns {string[]}
 */
function wandFallback(rows) {
  const ordered = rows.slice().sort((a, b) => b.importance - a.importance);
  const keep = ordered.filter((row) => row.useful).map((row) => row.parameter);
  if (keep.length === 0 && ordered.length && ordered[0].importance > 0) keep.push(ordered[0].parameter);
  return keep;
}

/**
 * The model of an exported page: the state in the JSON script element `stateElementId`. It is
 * also `window.hpvizModel`, for scripts and tests.
 * @param {string} stateElementId
 */
export function standaloneModel(stateElementId) {
  const script = document.getElementById(stateElementId);
  if (!script) throw new Error(`hpviz: no element #${stateElementId} holds the exported state`);
  /** @type {ExportedState} */
  const state = JSON.parse(script.textContent || "{}");
  const model = createStandaloneModel(state);
  Object.assign(window, { hpvizModel: model });
  return model;
}
