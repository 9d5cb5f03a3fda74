// The static export's stand-in for anywidget's model (hpviz/export.py, `panel.to_html()`): the
// state Python exported, in a JSON script element, behind get/set/on/off/save_changes/send.
// Sorting, searching, hiding and the CSV work as in the notebook; what needs Python does not.
// Hiding a parameter removes its row without refitting the forest; the wand applies the
// choice Python made at export time (`wand`), and Undo brings back what was hidden before it;
// a row's drill-down and a listed pair's heatmap were computed at export time.

/** @import { DrillView, PairView, PanelModel, State } from "./types.js" */

/**
 * The state in an exported page.
 * @typedef {State & {_drilldowns?: Record<string, DrillView>, _pair_views?: Record<string, PairView>, wand?: string[]}} ExportedState
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
    if (name === "selected") set("drilldown", state._drilldowns?.[String(value)] || {});
    // A pair clicked open: its heatmap too (keyed by the pair as JSON).
    if (name === "pair") set("pair_view", state._pair_views?.[JSON.stringify(value)] || {});
    // Hidden otherwise than the wand chose: its choice is no longer in force (as in Python).
    const chosen = state.wand_choice?.hidden;
    if (name === "hidden" && chosen && JSON.stringify(chosen) !== JSON.stringify(value))
      set("wand_choice", {});
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
      const choice = state.wand_choice || {};
      if (message?.type === "undo_auto_select" && choice.before) {
        set("wand_choice", {});
        set("hidden", choice.before);
      }
      if (message?.type !== "auto_select") return;
      // Every page inlines the bundle it was exported with, so `wand` is always there: the
      // rule lives in Python alone (hpviz.analysis.useful_parameters).
      const shown = new Set(state.wand || []);
      const hidden = state.parameters.filter((name) => !shown.has(name));
      set("wand_choice", { metric: state.metric, hidden, before: choice.before ?? state.hidden });
      set("hidden", hidden);
    },
  };
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
