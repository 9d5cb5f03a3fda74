// A live sweep in the header: "updating… 180 of 250 runs analysed" while newer runs are
// analysed (the analysis shown stays), the first analysis' progress, whether the ranking has
// settled ("Ranking stable over the last 120 runs" / "Ranking still moving"), and for a moment
// after a refresh, how many places each row moved (↑2, ↓1) next to its name.

import { createScope, h } from "./dom.js";
import { groupThousands, plural } from "./format.js";

/** @import { Traits } from "./types.js" */

/** How long a row shows that it moved, in ms. */
export const MOVE_MS = 4000;

/**
 * What the status next to the run count says: the first analysis' progress, "updating…" with
 * how many of the runs the analysis shown covers, or "" when neither.
 * @param {object} s
 * @param {string} s.status
 * @param {boolean} s.updating
 * @param {number} s.nRuns      Runs the analysis shown covers.
 * @param {number} s.newest     Runs with a value of the metric in the newest runs.
 * @param {number} s.nParams    Parameters being analysed.
 * @param {number} s.seconds    Seconds since the first analysis started.
 */
export function progressText({ status, updating, nRuns, newest, nParams, seconds }) {
  if (status === "computing") {
    let text = "Computing…";
    if (newest > 0) text += ` ${plural(newest)} × ${plural(nParams, "parameter")}`;
    if (seconds >= 1) text += ` · ${Math.floor(seconds)} s`;
    return text;
  }
  if (updating && status === "ready") {
    return newest > nRuns
      ? `updating… ${groupThousands(nRuns)} of ${plural(newest)} analysed`
      : "updating…";
  }
  return "";
}

/**
 * What the header says about the ranking (null before a second set of runs was shown).
 * @param {{state?: string, runs?: number, refreshes?: number, top?: string[]} | undefined} ranking
 * @returns {{text: string, title: string, state: string} | null}
 */
export function rankingText(ranking) {
  if (!ranking?.state) return null;
  const top = (ranking.top || []).join(", ");
  if (ranking.state === "stable") {
    return {
      state: "stable",
      text: `Ranking stable over the last ${plural(ranking.runs || 0)}`,
      title: `The top parameters (${top}) kept their order over the last ${ranking.refreshes} refreshes, at least a fifth of the runs.`,
    };
  }
  return {
    state: "moving",
    text: "Ranking still moving",
    title: `The top parameters' order (${top}) changed within the last fifth of the runs: more runs may change what matters.`,
  };
}

/**
 * The mark a row that moved shows: "↑2" (rose two places), "↓1"; "" for none.
 * @param {number | undefined} places
 */
export function moveText(places) {
  if (!places) return "";
  return places > 0 ? `↑${places}` : `↓${-places}`;
}

/**
 * The live parts of the header (`el`: progress, then the ranking) and the rows' moves, marked in
 * the name cell of each row in the page (`rowsInPage`: the table's, by parameter).
 * @param {Traits & {rowsInPage: () => Iterable<[string, HTMLElement]>}} props
 */
export function createLive({ get, rowsInPage }) {
  const scope = createScope();
  const el = h("span", "hpviz-live");
  const progress = h("span", "hpviz-status");
  progress.setAttribute("role", "status");
  const settled = h("span", "hpviz-ranking");
  el.append(progress, settled);

  let computingSince = 0;
  /** @type {ReturnType<typeof setInterval> | null} */
  let ticker = null;
  let movesKey = "";
  let movesUntil = 0;
  /** @type {Record<string, number>} */
  let moves = {};
  /** @type {ReturnType<typeof setTimeout> | null} */
  let movesTimer = null;
  scope.defer(() => {
    if (ticker !== null) clearInterval(ticker);
    if (movesTimer !== null) clearTimeout(movesTimer);
  });

  function drawProgress() {
    const status = String(get("status") || "ready");
    if (status === "computing") {
      if (!computingSince) computingSince = Date.now();
      if (ticker === null) ticker = setInterval(drawProgress, 1000);
    } else {
      computingSince = 0;
      if (ticker !== null) clearInterval(ticker);
      ticker = null;
    }
    const hidden = new Set(get("hidden") || []);
    const text = progressText({
      status,
      updating: Boolean(get("updating")),
      nRuns: Number(get("n_runs")) || 0,
      newest: Number(get("n_runs_newest")) || 0,
      nParams: (get("parameters") || []).filter((p) => !hidden.has(p)).length,
      seconds: computingSince ? (Date.now() - computingSince) / 1000 : 0,
    });
    progress.textContent = text;
    progress.hidden = !text;
    progress.dataset.kind = status === "computing" ? "computing" : "updating";
  }

  /** Mark the rows in the page that moved at the last refresh, for MOVE_MS. */
  function drawMoves() {
    const now = Date.now();
    for (const [name, cell] of rowsInPage()) {
      const text = now < movesUntil ? moveText(moves[name]) : "";
      let mark = cell.querySelector(":scope > .hpviz-move");
      if (!text) {
        mark?.remove();
        continue;
      }
      if (!mark) {
        mark = h("span", "hpviz-move");
        cell.append(mark);
      }
      mark.textContent = text;
      mark.setAttribute("data-direction", (moves[name] || 0) > 0 ? "up" : "down");
      mark.setAttribute(
        "title",
        `${(moves[name] || 0) > 0 ? "Rose" : "Fell"} ${Math.abs(moves[name] || 0)} in the ranking at the last refresh`,
      );
    }
  }

  function draw() {
    drawProgress();
    const ranking = get("ranking") || {};
    const said = rankingText(ranking);
    settled.hidden = said === null;
    settled.textContent = said ? said.text : "";
    settled.title = said ? said.title : "";
    settled.dataset.state = said ? said.state : "";
    const key = JSON.stringify([ranking.n_runs, ranking.moves]);
    if (key !== movesKey) {
      movesKey = key;
      moves = ranking.moves || {};
      movesUntil = Object.keys(moves).length ? Date.now() + MOVE_MS : 0;
      if (movesTimer !== null) clearTimeout(movesTimer);
      movesTimer = movesUntil ? setTimeout(drawMoves, MOVE_MS + 50) : null;
    }
    drawMoves();
  }

  return { el, draw, dispose: () => scope.dispose() };
}
