// The Parameters dialog: two lists (hidden, visible) with a search, Show all / Hide all acting
// on the parameters matching it, a checkbox per parameter. A modal dialog: it takes focus,
// keeps Tab inside, closes with Escape or a click outside and gives focus back to its button.
// `managerLists` and `withVisibility` are pure (tested in Node); `createManager` does the rest.

import { createScope, h, searchInput, syncChildren } from "./dom.js";
import { matchesSearch, searchNeedle } from "./order.js";

/** @import { Traits } from "./types.js" */

/**
 * The two lists of the parameter manager, in the parameters' own order, filtered by the
 * manager's search; the counts are totals (not filtered).
 * @param {readonly string[]} parameters
 * @param {readonly string[]} hidden
 * @param {string} search
 */
export function managerLists(parameters, hidden, search) {
  const hiddenSet = new Set(hidden);
  /** @type {string[]} */ const hiddenItems = [];
  /** @type {string[]} */ const visibleItems = [];
  let nHidden = 0;
  for (const name of parameters) {
    const isHidden = hiddenSet.has(name);
    if (isHidden) nHidden++;
    if (!matchesSearch(name, search)) continue;
    (isHidden ? hiddenItems : visibleItems).push(name);
  }
  return { hidden: hiddenItems, visible: visibleItems, nHidden, nVisible: parameters.length - nHidden };
}

/**
 * The `hidden` list after showing (`visible` true) or hiding some parameters: in the
 * parameters' order, without duplicates or names that are not parameters.
 * @param {readonly string[]} parameters
 * @param {readonly string[]} hidden
 * @param {Iterable<string>} names
 * @param {boolean} visible
 * @returns {string[]}
 */
export function withVisibility(parameters, hidden, names, visible) {
  const hiddenSet = new Set(hidden);
  for (const name of names) {
    if (visible) hiddenSet.delete(name);
    else hiddenSet.add(name);
  }
  return parameters.filter((name) => hiddenSet.has(name));
}

/**
 * The dialog of one panel, opened and closed by `button` and attached to `root` below
 * `anchor` (the toolbar) while open. Toggling a checkbox saves `hidden`.
 * @param {Traits & {uid: string, root: HTMLElement, anchor: HTMLElement, button: HTMLButtonElement}} options
 */
export function createManager({ get, save, uid, root, anchor, button }) {
  const scope = createScope();
  const el = h("div", "hpviz-manager");
  el.id = `${uid}-manager`;
  el.setAttribute("role", "dialog");
  el.setAttribute("aria-modal", "true");
  el.setAttribute("aria-label", "Manage parameters");
  // A click on something in it that takes no focus (a heading, the gaps) focuses the dialog
  // itself, so focus (and Escape) stays with it instead of going to the notebook.
  el.tabIndex = -1;
  button.setAttribute("aria-haspopup", "dialog");
  button.setAttribute("aria-expanded", "false");
  button.setAttribute("aria-controls", el.id);
  const search = searchInput("hpviz-manager-search", "Search in parameters");
  const columnsEl = h("div", "hpviz-manager-columns");
  /** @param {"hidden" | "visible"} which */
  const makeList = (which) => {
    const section = h("section", `hpviz-manager-col hpviz-manager-${which}`);
    const heading = h("div", "hpviz-manager-heading");
    heading.setAttribute("role", "heading");
    heading.setAttribute("aria-level", "3");
    heading.id = `${uid}-${which}-heading`;
    const list = h("ul", "hpviz-manager-list");
    list.setAttribute("aria-labelledby", heading.id);
    const none = h("div", "hpviz-manager-none");
    section.append(heading, list, none);
    return { section, heading, list, none };
  };
  const hiddenList = makeList("hidden");
  const visibleList = makeList("visible");
  columnsEl.append(hiddenList.section, visibleList.section);
  const actions = h("div", "hpviz-manager-actions");
  const showAll = h("button", "hpviz-btn", "Show all");
  showAll.type = "button";
  const hideAll = h("button", "hpviz-btn", "Hide all");
  hideAll.type = "button";
  const closeButton = h("button", "hpviz-btn hpviz-btn-primary", "Close");
  closeButton.type = "button";
  actions.append(showAll, hideAll, h("span", "hpviz-manager-gap"), closeButton);
  el.append(search, columnsEl, actions);
  let isOpen = false;

  /** @type {Map<string, {li: HTMLLIElement, box: HTMLInputElement}>} one entry per parameter, kept */
  const items = new Map();

  /**
   * @param {{list: HTMLUListElement, none: HTMLDivElement, heading: HTMLDivElement}} target
   * @param {string[]} names
   * @param {boolean} visible
   * @param {string} headingText
   * @param {string} noneText
   */
  function drawList(target, names, visible, headingText, noneText) {
    target.heading.textContent = headingText;
    const lis = names.map((name) => {
      let item = items.get(name);
      if (item === undefined) {
        const li = h("li", "hpviz-manager-item");
        const label = h("label", "hpviz-check");
        const box = h("input", "hpviz-checkbox");
        box.type = "checkbox";
        box.dataset.parameter = name;
        box.setAttribute("aria-label", name);
        const text = h("span", "hpviz-check-name", name);
        text.title = name;
        label.append(box, text);
        li.append(label);
        item = { li, box };
        items.set(name, item);
      }
      if (item.box.checked !== visible) item.box.checked = visible;
      return item.li;
    });
    syncChildren(target.list, lis);
    target.none.textContent = names.length === 0 ? noneText : "";
    target.none.hidden = names.length > 0;
  }

  let drawnKey = "";
  /** @param {boolean} [force=false] redraw even if parameters, hidden and search are unchanged */
  function draw(force = false) {
    if (!isOpen) return;
    const key = JSON.stringify([get("parameters"), get("hidden"), search.value]);
    if (!force && key === drawnKey) return;
    drawnKey = key;
    // Keep focus on the parameter whose checkbox had it, wherever it moved.
    const active = document.activeElement;
    const focused =
      active instanceof HTMLInputElement && active.type === "checkbox" && el.contains(active)
        ? active.dataset.parameter
        : undefined;
    const parameters = get("parameters") || [];
    const known = new Set(parameters);
    for (const name of items.keys()) if (!known.has(name)) items.delete(name);
    const lists = managerLists(parameters, get("hidden") || [], search.value);
    const searching = searchNeedle(search.value) !== "";
    drawList(hiddenList, lists.hidden, false, `Hidden (${lists.nHidden})`, searching && lists.nHidden ? "No match" : "None");
    drawList(visibleList, lists.visible, true, `Visible (${lists.nVisible})`, searching && lists.nVisible ? "No match" : "None");
    // (Never disabled: a click with nothing to do is harmless, a dead button is puzzling.)
    showAll.title = searching ? `Show the ${lists.hidden.length} matching hidden parameters` : "Show every parameter";
    hideAll.title = searching ? `Hide the ${lists.visible.length} matching visible parameters` : "Hide every parameter";
    const box = focused === undefined ? undefined : items.get(focused)?.box;
    if (box && box.isConnected && document.activeElement !== box) box.focus();
  }

  /** Below the toolbar, the panel made tall enough to hold it. */
  function place() {
    const top = anchor.offsetTop + anchor.offsetHeight + 4;
    el.style.top = `${top}px`;
    root.style.minHeight = "";
    const needed = top + el.offsetHeight + 12;
    if (needed > root.offsetHeight) root.style.minHeight = `${needed}px`;
  }

  function open() {
    if (isOpen) return;
    isOpen = true;
    search.value = "";
    root.append(el);
    root.classList.add("hpviz-manager-open");
    button.setAttribute("aria-expanded", "true");
    draw(true);
    place();
    document.addEventListener("pointerdown", onOutside, true);
    document.addEventListener("keydown", onDocumentKey, true);
    search.focus();
  }

  /** @param {boolean} [restoreFocus=true] */
  function close(restoreFocus = true) {
    if (!isOpen) return;
    isOpen = false;
    document.removeEventListener("pointerdown", onOutside, true);
    document.removeEventListener("keydown", onDocumentKey, true);
    el.remove();
    root.classList.remove("hpviz-manager-open");
    root.style.minHeight = "";
    button.setAttribute("aria-expanded", "false");
    if (restoreFocus) button.focus({ preventScroll: true });
  }

  /**
   * Escape closes the (modal) dialog wherever focus went; keys are left alone otherwise.
   * @param {KeyboardEvent} event
   */
  function onDocumentKey(event) {
    if (event.key !== "Escape" || event.defaultPrevented) return;
    const inside = event.composedPath().includes(root);
    if (inside) {
      event.preventDefault();
      event.stopPropagation();
    }
    close(inside || document.activeElement === document.body);
  }

  /** @param {Event} event */
  function onOutside(event) {
    const path = event.composedPath();
    if (path.includes(el) || path.includes(button)) return;
    close(true);
  }

  scope.listen(button, "click", () => (isOpen ? close(true) : open()));
  scope.listen(search, "input", () => draw());
  scope.listen(el, "change", (event) => {
    const box = event.target;
    if (!(box instanceof HTMLInputElement) || box.type !== "checkbox") return;
    const name = box.dataset.parameter;
    if (name === undefined) return;
    save({ hidden: withVisibility(get("parameters") || [], get("hidden") || [], [name], box.checked) });
  });
  /** @param {boolean} visible */
  const setMatching = (visible) => {
    const parameters = get("parameters") || [];
    const names = parameters.filter((name) => matchesSearch(name, search.value));
    save({ hidden: withVisibility(parameters, get("hidden") || [], names, visible) });
  };
  scope.listen(showAll, "click", () => setMatching(true));
  scope.listen(hideAll, "click", () => setMatching(false));
  scope.listen(closeButton, "click", () => close(true));
  scope.listen(el, "keydown", (event) => {
    if (!(event instanceof KeyboardEvent) || event.key !== "Tab") return;
    // aria-modal: keep Tab inside the dialog.
    const focusable = Array.from(el.querySelectorAll("input, button")).filter(isEnabledControl);
    if (focusable.length === 0) return;
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (event.shiftKey && (document.activeElement === first || document.activeElement === el)) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  });

  return {
    el,
    draw,
    open,
    close,
    dispose() {
      close(false);
      document.removeEventListener("pointerdown", onOutside, true);
      document.removeEventListener("keydown", onDocumentKey, true);
      scope.dispose();
    },
  };
}

/**
 * @param {Element} node
 * @returns {node is HTMLInputElement | HTMLButtonElement}
 */
function isEnabledControl(node) {
  return (node instanceof HTMLInputElement || node instanceof HTMLButtonElement) && !node.disabled;
}
