// The Parameters dialog: two lists (hidden, visible) with a search, each list's heading with
// the button acting on it (Show all on the hidden list, Hide all on the visible one, on the
// parameters matching the search), a checkbox per parameter with its importance, ordered by
// importance or by name; then the parameters kept out of the table (constants, identifiers),
// counted and listed; then the column roles (roles.js). One scroll area holds them all. A modal
// dialog inside the panel: it takes focus, keeps Tab inside, closes with Escape or a click
// outside and gives focus back to its button. `managerLists`, `listHeading`, `withVisibility`
// and `setAside` are pure (tested in Node); `createManager` does the rest.

import { createScope, h, searchInput, syncChildren } from "./dom.js";
import { formatNumber, splitName } from "./format.js";
import { compareNames, matchesSearch, NOT_LISTED_KINDS, searchNeedle } from "./order.js";

/** @import { ColumnRole, Row, Traits } from "./types.js" */

/**
 * The parameters kept out of the table, with why: a constant (one value in every run, so it
 * cannot matter) or an identifier (a different value in nearly every run); from the rows'
 * kinds, and for parameters without a row (hidden), from their roles. In `parameters` order.
 * @param {readonly string[]} parameters
 * @param {readonly Row[]} rows
 * @param {readonly ColumnRole[]} roles
 * @returns {Map<string, "constant" | "identifier">}
 */
export function setAside(parameters, rows, roles) {
  /** @type {Map<string, string>} */
  const kind = new Map();
  for (const role of roles || [])
    if (role.role === "constant") kind.set(String(role.column), "constant");
  for (const row of rows || []) kind.set(String(row.parameter), String(row.kind));
  /** @type {Map<string, "constant" | "identifier">} */
  const out = new Map();
  for (const name of parameters) {
    const k = kind.get(name);
    if (k !== undefined && NOT_LISTED_KINDS.has(k))
      out.set(name, /** @type {"constant" | "identifier"} */ (k));
  }
  return out;
}

/**
 * The two lists of the parameter manager, filtered by the manager's search, in the
 * parameters' own order, or by `importance` (largest first, parameters without one after, by
 * name) or by name when `order` says so; the counts are totals (not filtered).
 * @param {readonly string[]} parameters
 * @param {readonly string[]} hidden
 * @param {string} search
 * @param {{order?: "importance" | "name", importance?: ReadonlyMap<string, number>}} [sorting]
 */
export function managerLists(parameters, hidden, search, { order, importance } = {}) {
  const hiddenSet = new Set(hidden);
  /** @type {string[]} */ const hiddenItems = [];
  /** @type {string[]} */ const visibleItems = [];
  let nHidden = 0;
  let names = parameters;
  if (order === "name") names = parameters.slice().sort(compareNames);
  else if (order === "importance") {
    const of = (/** @type {string} */ name) => importance?.get(name) ?? -1;
    names = parameters.slice().sort((a, b) => of(b) - of(a) || compareNames(a, b));
  }
  for (const name of names) {
    const isHidden = hiddenSet.has(name);
    if (isHidden) nHidden++;
    if (!matchesSearch(name, search)) continue;
    (isHidden ? hiddenItems : visibleItems).push(name);
  }
  return {
    hidden: hiddenItems,
    visible: visibleItems,
    nHidden,
    nVisible: parameters.length - nHidden,
  };
}

/**
 * A list's heading: "Visible (8)", or while searching "Visible (2 of 8)" (listed of all).
 * @param {string} label
 * @param {number} listed
 * @param {number} total
 * @param {boolean} searching
 */
export function listHeading(label, listed, total, searching) {
  return searching ? `${label} (${listed} of ${total})` : `${label} (${total})`;
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
  const orderSelect = h("select", "hpviz-select hpviz-manager-order");
  orderSelect.setAttribute("aria-label", "Order of the lists");
  for (const [value, text] of [
    ["importance", "By importance"],
    ["name", "By name"],
  ]) {
    const option = h("option", "", text);
    option.value = value;
    orderSelect.append(option);
  }
  const top = h("div", "hpviz-manager-top");
  top.append(search, orderSelect);
  const columnsEl = h("div", "hpviz-manager-columns");
  /**
   * A list with its heading, and the button acting on that list beside the heading.
   * @param {"hidden" | "visible"} which
   * @param {HTMLButtonElement} action
   */
  const makeList = (which, action) => {
    const section = h("section", `hpviz-manager-col hpviz-manager-${which}`);
    const head = h("div", "hpviz-manager-head");
    const heading = h("div", "hpviz-manager-heading");
    heading.setAttribute("role", "heading");
    heading.setAttribute("aria-level", "3");
    heading.id = `${uid}-${which}-heading`;
    head.append(heading, action);
    const list = h("ul", "hpviz-manager-list");
    list.setAttribute("aria-labelledby", heading.id);
    const none = h("div", "hpviz-manager-none");
    section.append(head, list, none);
    return { section, heading, list, none };
  };
  const showAll = h("button", "hpviz-btn hpviz-manager-all hpviz-show-all", "Show all");
  showAll.type = "button";
  const hideAll = h("button", "hpviz-btn hpviz-manager-all hpviz-hide-all", "Hide all");
  hideAll.type = "button";
  const hiddenList = makeList("hidden", showAll);
  const visibleList = makeList("visible", hideAll);
  columnsEl.append(hiddenList.section, visibleList.section);
  // the parameters kept out of the table: counted, listed, with why
  const asideEl = h("section", "hpviz-manager-col hpviz-manager-aside");
  const asideHeading = h("div", "hpviz-manager-heading");
  asideHeading.setAttribute("role", "heading");
  asideHeading.setAttribute("aria-level", "3");
  asideHeading.id = `${uid}-aside-heading`;
  const asideHint = h(
    "div",
    "hpviz-roles-hint",
    "Not in the table: the same value in every run, or a different one in nearly every run, so they cannot explain the metric.",
  );
  const asideList = h("ul", "hpviz-manager-list hpviz-aside-list");
  asideList.setAttribute("aria-labelledby", asideHeading.id);
  asideEl.append(asideHeading, asideHint, asideList);
  // one scroll area for everything between the search and Close
  const body = h("div", "hpviz-manager-body");
  body.append(columnsEl, asideEl);
  const actions = h("div", "hpviz-manager-actions");
  const closeButton = h("button", "hpviz-btn hpviz-btn-primary", "Close");
  closeButton.type = "button";
  actions.append(h("span", "hpviz-manager-gap"), closeButton);
  el.append(top, body, actions);
  let isOpen = false;

  /** @type {Map<string, {li: HTMLLIElement, box: HTMLInputElement, imp: HTMLSpanElement}>} one entry per parameter, kept */
  const items = new Map();

  /**
   * @param {{list: HTMLUListElement, none: HTMLDivElement, heading: HTMLDivElement}} target
   * @param {string[]} names
   * @param {boolean} visible
   * @param {string} headingText
   * @param {string} noneText
   * @param {ReadonlyMap<string, number>} importance
   */
  function drawList(target, names, visible, headingText, noneText, importance) {
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
        // a long name cut in the middle, whole on hover (its card) and in the checkbox's name
        const text = h("span", "hpviz-check-name");
        text.dataset.card = "name";
        text.dataset.name = name;
        const [head, tail] = splitName(name);
        text.append(h("span", "hpviz-name-head", head), h("span", "hpviz-name-tail", tail));
        const imp = h("span", "hpviz-check-imp");
        label.append(box, text, imp);
        li.append(label);
        item = { li, box, imp };
        items.set(name, item);
      }
      if (item.box.checked !== visible) item.box.checked = visible;
      const value = importance.get(name);
      item.imp.textContent = value === undefined ? "" : formatNumber(value, 3);
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
    const key = JSON.stringify([
      get("parameters"),
      get("hidden"),
      search.value,
      orderSelect.value,
      get("rows")?.length,
      get("roles")?.length,
    ]);
    if (!force && key === drawnKey) return;
    drawnKey = key;
    // Keep focus on the parameter whose checkbox had it, wherever it moved.
    const active = document.activeElement;
    const focused =
      active instanceof HTMLInputElement && active.type === "checkbox" && el.contains(active)
        ? active.dataset.parameter
        : undefined;
    const all = get("parameters") || [];
    const aside = setAside(all, get("rows") || [], get("roles") || []);
    const parameters = all.filter((name) => !aside.has(name));
    const known = new Set(all);
    for (const name of items.keys()) if (!known.has(name)) items.delete(name);
    /** @type {Map<string, number>} the importance of each parameter in the current analysis */
    const importance = new Map();
    for (const row of get("rows") || [])
      if (typeof row.importance === "number") importance.set(String(row.parameter), row.importance);
    const order = orderSelect.value === "name" ? "name" : "importance";
    const lists = managerLists(parameters, get("hidden") || [], search.value, {
      order,
      importance,
    });
    const searching = searchNeedle(search.value) !== "";
    const hiddenHeading = listHeading("Hidden", lists.hidden.length, lists.nHidden, searching);
    const visibleHeading = listHeading("Visible", lists.visible.length, lists.nVisible, searching);
    drawList(
      hiddenList,
      lists.hidden,
      false,
      hiddenHeading,
      searching && lists.nHidden ? "No match" : "None",
      importance,
    );
    drawList(
      visibleList,
      lists.visible,
      true,
      visibleHeading,
      searching && lists.nVisible ? "No match" : "None",
      importance,
    );
    // (Never disabled: a click with nothing to do is harmless, a dead button is puzzling.)
    showAll.title = searching
      ? `Show the ${lists.hidden.length} matching hidden parameters`
      : "Show every parameter";
    hideAll.title = searching
      ? `Hide the ${lists.visible.length} matching visible parameters`
      : "Hide every parameter";
    asideEl.hidden = aside.size === 0;
    const asideNames = [...aside.keys()].filter((name) => matchesSearch(name, search.value));
    asideHeading.textContent = listHeading(
      `Constants and identifiers`,
      asideNames.length,
      aside.size,
      searching,
    );
    syncChildren(
      asideList,
      asideNames.map((name) => {
        const li = h("li", "hpviz-manager-item hpviz-aside-item");
        li.dataset.parameter = name;
        const text = h("span", "hpviz-check-name");
        text.dataset.card = "name";
        text.dataset.name = name;
        const [head, tail] = splitName(name);
        text.append(h("span", "hpviz-name-head", head), h("span", "hpviz-name-tail", tail));
        li.append(
          text,
          h("span", "hpviz-check-imp", aside.get(name) === "constant" ? "constant" : "identifier"),
        );
        return li;
      }),
    );
    const box = focused === undefined ? undefined : items.get(focused)?.box;
    // (without scrolling: the one scroll area stays where the user was in the list)
    if (box?.isConnected && document.activeElement !== box) box.focus({ preventScroll: true });
    placeSoon();
  }

  let placing = false;
  /** Place the dialog in the next frame, with the layout that frame does anyway (not a forced one now). */
  function placeSoon() {
    if (placing) return;
    placing = true;
    requestAnimationFrame(() => {
      placing = false;
      place();
    });
  }

  /** Below the toolbar, the panel made tall enough to hold it (it never spills onto the cell below). */
  function place() {
    if (!isOpen) return;
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
  scope.listen(orderSelect, "change", () => draw());
  scope.listen(el, "change", (event) => {
    const box = event.target;
    if (!(box instanceof HTMLInputElement) || box.type !== "checkbox") return;
    const name = box.dataset.parameter;
    if (name === undefined) return;
    save({
      hidden: withVisibility(get("parameters") || [], get("hidden") || [], [name], box.checked),
    });
  });
  /** @param {boolean} visible */
  const setMatching = (visible) => {
    const parameters = get("parameters") || [];
    const aside = setAside(parameters, get("rows") || [], get("roles") || []);
    const names = parameters.filter(
      (name) => !aside.has(name) && matchesSearch(name, search.value),
    );
    save({ hidden: withVisibility(parameters, get("hidden") || [], names, visible) });
  };
  scope.listen(showAll, "click", () => setMatching(true));
  scope.listen(hideAll, "click", () => setMatching(false));
  scope.listen(closeButton, "click", () => close(true));
  scope.listen(el, "keydown", (event) => {
    if (!(event instanceof KeyboardEvent) || event.key !== "Tab") return;
    // aria-modal: keep Tab inside the dialog.
    const focusable = Array.from(el.querySelectorAll("input, select, button")).filter(
      isEnabledControl,
    );
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
    /** The dialog's scroll area (the column roles go at its end). */
    body,
    /** The text in the dialog's search box (the column roles follow it too). */
    searchValue: () => search.value,
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
 * @returns {node is HTMLInputElement | HTMLSelectElement | HTMLButtonElement}
 */
function isEnabledControl(node) {
  const control =
    node instanceof HTMLInputElement ||
    node instanceof HTMLSelectElement ||
    node instanceof HTMLButtonElement;
  return control && !node.disabled;
}
