// The column roles, a section of the Parameters dialog: every column of the runs with what
// hpviz took it for (parameter, metric, metadata, identifier, outcome, index …) and why, the
// columns not analysed first. A button makes one a parameter, or leaves a parameter out; Python
// re-reads the runs with that choice and refits (`set_role`, hpviz/widget.py). In a static
// export (no Python) the roles are listed without buttons. `roleEntries` and `roleAction` are
// pure (tested in Node); `createRoles` draws them.

import { createScope, h, syncChildren } from "./dom.js";
import { matchesSearch } from "./order.js";

/** @import { ColumnRole, Send, Traits } from "./types.js" */

/** The roles that are analysed as parameters (a constant is one, with one value). */
const PARAMETER_ROLES = new Set(["parameter", "constant"]);

/**
 * @typedef {object} RoleEntry
 * @property {string} column
 * @property {string} role
 * @property {string} reason
 * @property {boolean} analysed   whether it is a parameter (or constant) of the analysis
 */

/**
 * The columns as the section lists them: those not analysed first, then the parameters, each
 * group in the runs' column order, filtered by the dialog's search.
 * @param {readonly ColumnRole[]} roles
 * @param {string} search
 * @returns {{entries: RoleEntry[], nOthers: number, nParameters: number}}
 */
export function roleEntries(roles, search) {
  /** @type {RoleEntry[]} */ const others = [];
  /** @type {RoleEntry[]} */ const parameters = [];
  let nOthers = 0;
  for (const { column, role, reason } of roles) {
    const name = String(column);
    const analysed = PARAMETER_ROLES.has(role);
    if (!analysed) nOthers++;
    if (!matchesSearch(name, search)) continue;
    (analysed ? parameters : others).push({
      column: name,
      role: String(role),
      reason: String(reason ?? ""),
      analysed,
    });
  }
  return { entries: [...others, ...parameters], nOthers, nParameters: roles.length - nOthers };
}

/**
 * The role a column had before the user changed it, read from its reason ("your choice (was
 * metric: …)"), or "" when the user did not change it.
 * @param {string} reason
 */
export function roleBefore(reason) {
  const match = /^your choice \(was ([a-z]+)/.exec(String(reason));
  return match ? match[1] : "";
}

/**
 * What a column's button does, or null when it has none: the metric being explained and an
 * empty column cannot be parameters. A column whose role the user changed goes back to the
 * role it had ("Back to metric": role "auto", the automatic role), so every change undoes.
 * @param {RoleEntry} entry
 * @param {string} metric  the metric being explained
 * @returns {{role: "parameter" | "ignored" | "auto", text: string, label: string} | null}
 */
export function roleAction(entry, metric) {
  if (entry.column === metric || entry.role === "empty") return null;
  const before = roleBefore(entry.reason);
  if (before) {
    return {
      role: "auto",
      text: `Back to ${before}`,
      label: `Give ${entry.column} back its role: ${before}`,
    };
  }
  if (entry.analysed) {
    return {
      role: "ignored",
      text: "Leave out",
      label: `Leave ${entry.column} out of the analysis`,
    };
  }
  return {
    role: "parameter",
    text: "Use as parameter",
    label: `Use ${entry.column} as a parameter`,
  };
}

/**
 * The role as the section shows it.
 * @param {string} role
 * @param {boolean} explained  whether it is the metric being explained
 */
export function roleLabel(role, explained) {
  return explained ? "metric shown" : role;
}

/**
 * The section of one panel's dialog. `searchValue` reads the dialog's search box; `send` asks
 * Python for a role (absent in a static export: no buttons).
 * @param {Traits & {searchValue: () => string, send?: Send}} options
 */
export function createRoles({ get, searchValue, send }) {
  const scope = createScope();
  const el = h("section", "hpviz-manager-col hpviz-roles");
  const heading = h("div", "hpviz-manager-heading hpviz-roles-heading");
  heading.setAttribute("role", "heading");
  heading.setAttribute("aria-level", "3");
  const hint = h(
    "div",
    "hpviz-roles-hint",
    send
      ? "What each column was taken for, and why. Use a column as a parameter, or leave one out: the panel refits."
      : "What each column was taken for, and why (roles change from Python: panel.set_role).",
  );
  const list = h("ul", "hpviz-roles-list");
  el.append(heading, hint, list);

  /** @type {Map<string, {li: HTMLLIElement, name: HTMLSpanElement, chip: HTMLSpanElement, reason: HTMLDivElement, button: HTMLButtonElement}>} */
  const items = new Map();
  /** @type {Set<string>} columns whose change was asked and not yet answered */
  const pending = new Set();
  let lastAnswer = "";

  /** @param {string} column */
  function itemFor(column) {
    let item = items.get(column);
    if (item === undefined) {
      const li = h("li", "hpviz-role-item");
      li.dataset.column = column;
      const name = h("span", "hpviz-role-name", column);
      name.title = column;
      const chip = h("span", "hpviz-role-chip");
      const button = h("button", "hpviz-btn hpviz-role-action");
      button.type = "button";
      button.dataset.column = column;
      const reason = h("div", "hpviz-role-reason");
      li.append(name, chip, button, reason);
      item = { li, name, chip, reason, button };
      items.set(column, item);
    }
    return item;
  }

  let drawnKey = "";
  function draw() {
    const roles = get("roles") || [];
    const metric = String(get("metric") ?? "");
    const search = searchValue();
    const key = JSON.stringify([roles, metric, search, [...pending]]);
    if (key === drawnKey) return;
    drawnKey = key;
    const { entries, nOthers, nParameters } = roleEntries(roles, search);
    el.hidden = roles.length === 0;
    heading.textContent = `Column roles: ${nParameters} analysed, ${nOthers} not`;
    const known = new Set(roles.map((r) => String(r.column)));
    for (const name of items.keys()) if (!known.has(name)) items.delete(name);
    const lis = entries.map((entry) => {
      const item = itemFor(entry.column);
      item.li.dataset.role = entry.role;
      item.chip.textContent = roleLabel(entry.role, entry.column === metric);
      item.reason.textContent = entry.reason;
      const action = send ? roleAction(entry, metric) : null;
      item.button.hidden = action === null;
      if (action) {
        const waiting = pending.has(entry.column);
        item.button.dataset.role = action.role;
        item.button.textContent = waiting ? "Refitting…" : action.text;
        item.button.setAttribute("aria-label", action.label);
        item.button.setAttribute("aria-busy", String(waiting));
      }
      return item.li;
    });
    const active = document.activeElement;
    const focused = active instanceof HTMLButtonElement && list.contains(active) ? active : null;
    syncChildren(list, lis);
    // a button whose column moved to the other group keeps its focus
    if (focused?.isConnected && !focused.hidden && document.activeElement !== focused)
      focused.focus();
  }

  scope.listen(list, "click", (event) => {
    const button =
      event.target instanceof Element ? event.target.closest("button.hpviz-role-action") : null;
    if (!(button instanceof HTMLButtonElement) || !send) return;
    const column = button.dataset.column;
    const role = button.dataset.role;
    if (column === undefined || (role !== "parameter" && role !== "ignored" && role !== "auto"))
      return;
    pending.add(column);
    send({ type: "set_role", column, role });
    draw();
  });

  return {
    el,
    /** Redraw; new roles or a new message from Python answer every pending request. */
    draw() {
      const answer = JSON.stringify([get("roles") || [], get("message")]);
      if (answer !== lastAnswer) {
        lastAnswer = answer;
        pending.clear();
      }
      draw();
    },
    dispose: scope.dispose,
  };
}
