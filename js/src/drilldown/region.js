// The drill-down region: below the table while a parameter is selected, its heading, a note,
// Close, and the plot (plot.js) of the data Python computed for it (`drilldown`).

import { createScope, h } from "../dom.js";
import { drillNote, drillTitle, plotSvg } from "./plot.js";

/** @import { Traits } from "../types.js" */

/**
 * The drill-down of one panel, put into `root` before `footer` while `selected` names a
 * parameter. Close or Escape saves `selected = ""`; when that takes the focus out of the region,
 * `focusRow` gets the parameter whose plot closed.
 * @param {Traits & {uid: string, root: HTMLElement, footer: HTMLElement, focusRow: (name: string) => void}} options
 */
export function createDrilldown({ get, save, uid, root, footer, focusRow }) {
  const scope = createScope();
  const el = h("section", "hpviz-drill");
  el.id = `${uid}-drill`;
  el.setAttribute("role", "region");
  const head = h("div", "hpviz-drill-head");
  const title = h("span", "hpviz-drill-title");
  title.id = `${uid}-drill-title`;
  el.setAttribute("aria-labelledby", title.id);
  const note = h("span", "hpviz-drill-note");
  const close = h("button", "hpviz-btn hpviz-drill-close", "Close");
  close.type = "button";
  head.append(title, note, close);
  const body = h("div", "hpviz-drill-body");
  el.append(head, body);
  /** @type {unknown} the view drawn, to draw it only once */
  let drawnView = null;
  let drawnSelected = "";

  scope.listen(close, "click", () => save({ selected: "" }));
  // Escape in the plot closes it too (focus goes back to the row, see draw).
  scope.listen(el, "keydown", (event) => {
    if (!(event instanceof KeyboardEvent) || event.key !== "Escape" || event.defaultPrevented) return;
    event.preventDefault();
    event.stopPropagation();
    save({ selected: "" });
  });

  function draw() {
    const selected = String(get("selected") || "");
    const view = get("drilldown") || {};
    if (!selected) {
      if (el.parentNode) {
        // Closing (Close, Escape, the row again, or Python) with focus in the plot gives focus
        // back to the control that opened it, or to the table when that row is not shown.
        const hadFocus = el.contains(document.activeElement);
        el.remove();
        if (hadFocus) focusRow(drawnSelected);
      }
      drawnView = null;
      drawnSelected = "";
      return;
    }
    if (!el.parentNode) {
      if (footer.parentNode === root) root.insertBefore(el, footer);
      else root.append(el);
    }
    if (view === drawnView && selected === drawnSelected) return;
    drawnView = view;
    drawnSelected = selected;
    close.setAttribute("aria-label", `Close the plot of ${selected}`);
    if (view.parameter !== selected) {
      title.textContent = `${selected} against ${String(get("metric") ?? "")}`;
      note.textContent = "Computing…";
      body.replaceChildren();
      return;
    }
    title.textContent = drillTitle(view);
    if (view.kind === "none") {
      note.textContent = "";
      body.replaceChildren(h("div", "hpviz-drill-empty", String(view.message || "Nothing to plot.")));
      return;
    }
    note.textContent = drillNote(view);
    /** @type {Element[]} */
    const parts = [plotSvg(view)];
    if (view.message) parts.push(h("div", "hpviz-drill-message", String(view.message)));
    body.replaceChildren(...parts);
  }

  /**
   * What the hover card of a point of the plot says (see plot.js).
   * @param {HTMLElement} trigger
   * @returns {import("../cards.js").Card | null}
   */
  function cardFor(trigger) {
    void trigger;
    return null;
  }

  return { el, draw, cardFor, dispose: scope.dispose };
}
