// The line under the header: the search box, the Parameters button (the dialog itself is
// manager.js), the magic wand and the CSV download.

import { createScope, h, searchInput } from "./dom.js";
import { wandIcon } from "./icons.js";

/** @import { Send, Traits } from "./types.js" */

/** The wand's tooltip: which parameters it shows (the README says the same). */
export const WAND_TITLE =
  "Automatically show the most useful parameters: those whose importance is above the noise " +
  "floor (what shuffled copies of the parameters reach in the same forest). Constants and " +
  "identifiers are hidden.";

/**
 * The toolbar. Typing saves `search`; the wand asks Python for its choice (`auto_select`).
 * @param {Traits & {send: Send, onDownload: () => void}} options
 */
export function createToolbar({ get, save, send, onDownload }) {
  const scope = createScope();
  const el = h("div", "hpviz-toolbar");
  const searchWrap = h("div", "hpviz-search-wrap");
  const search = searchInput("hpviz-search", "Search parameters");
  searchWrap.append(search);
  // Buttons keep their text as their name; a narrow panel shows only their icons (toolbar.css).
  const manageButton = h("button", "hpviz-btn hpviz-manage");
  manageButton.type = "button";
  manageButton.append(h("span", "hpviz-btn-text", "Parameters"));
  const wand = h("button", "hpviz-btn hpviz-wand");
  wand.type = "button";
  wand.setAttribute("aria-label", "Automatically show the most useful parameters");
  wand.title = WAND_TITLE;
  wand.append(wandIcon());
  const download = h("button", "hpviz-btn hpviz-download");
  download.type = "button";
  download.append(h("span", "hpviz-btn-text", "Download CSV"));
  download.title = "Download the rows shown (search, sort and hidden applied) as a CSV file";
  el.append(searchWrap, manageButton, wand, download);

  const onSearch = () => {
    if (search.value !== String(get("search") ?? "")) save({ search: search.value });
  };
  scope.listen(search, "input", onSearch);
  scope.listen(search, "search", onSearch);
  scope.listen(wand, "click", () => send({ type: "auto_select" }));
  scope.listen(download, "click", onDownload);

  function draw() {
    const value = String(get("search") ?? "");
    if (search.value !== value) search.value = value;
  }

  return { el, manageButton, wandButton: wand, draw, dispose: scope.dispose };
}
