// The front end's pure helpers, in Node (no DOM): `node --test tests/js/`.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { summaryText } from "../../js/src/footer.js";
import { formatMetric, formatNumber, groupThousands, plural } from "../../js/src/format.js";
import {
  barFraction,
  correlationClass,
  correlationGeometry,
  correlationTone,
  floorFraction,
  importanceScale,
  whiskerGeometry,
} from "../../js/src/geometry.js";
import { goalText, runsText } from "../../js/src/header.js";
import widget from "../../js/src/index.js";
import { managerLists, withVisibility } from "../../js/src/manager.js";
import {
  ariaSortFor,
  compareCodePoints,
  compareNames,
  filterRows,
  matchesSearch,
  pyStrip,
  searchNeedle,
  sortAfterClick,
  sortRows,
} from "../../js/src/order.js";
import { kindLabel, topValues } from "../../js/src/rows.js";
import { emptyText } from "../../js/src/table.js";
import { WAND_TITLE } from "../../js/src/toolbar.js";

/** @param {string} parameter @param {number | null} importance @param {number | null} [correlation] */
// (correlation_key: what Python sends a row to sort by in the correlation column, |r|)
const row = (parameter, importance, correlation = null) => ({
  parameter,
  importance,
  correlation,
  correlation_key: typeof correlation === "number" ? Math.abs(correlation) : correlation,
});
const names = (rows) => rows.map((r) => r.parameter);

describe("module", () => {
  test("imports without a DOM; render only in the default export", async () => {
    assert.equal(typeof globalThis.document, "undefined");
    assert.equal(typeof widget.render, "function");
    // anywidget warns that a module-level `render` export will be deprecated.
    const entry = await import("../../js/src/index.js");
    assert.equal("render" in entry, false);
    assert.equal(typeof entry.mountStandalone, "function");
  });

  test("the wand's title is the documented sentence", () => {
    assert.match(
      WAND_TITLE,
      /^Automatically show the most useful parameters: those whose importance is above the noise floor/,
    );
    assert.match(WAND_TITLE, /Constants and identifiers are hidden\.$/);
  });
});

describe("compareNames", () => {
  test("case-folded first, then the raw name", () => {
    assert.ok(compareNames("alpha", "Beta") < 0);
    assert.ok(compareNames("B", "b") < 0); // equal folded: "B" < "b" by code point
    assert.ok(compareNames("b", "B") > 0);
    assert.equal(compareNames("x", "x"), 0);
  });

  test("compares code points like Python, not UTF-16 units", () => {
    // U+1F600 (a surrogate pair in UTF-16) is above U+FF5E; JavaScript's < says otherwise.
    assert.ok("\u{1F600}" < "\uFF5E");
    assert.ok(compareCodePoints("\u{1F600}", "\uFF5E") > 0);
    assert.ok(compareCodePoints("a\u{1F600}", "a\uE000") > 0);
    assert.ok(compareCodePoints("\u{1F600}", "\u{1F601}") < 0);
    assert.ok(compareCodePoints("ab", "abc") < 0);
    assert.ok(compareCodePoints("\u00e9", "z") > 0);
  });
});

describe("sortRows", () => {
  const rows = [
    row("lr", 0.4, -0.5),
    row("Batch", 0.1, 0.2),
    row("optimizer", 0.3, null),
    row("dropout", 0.1, 0.9),
    row("seed", null, NaN),
    row("alpha", 0.1, -0.9),
  ];

  test("importance, descending: largest first, ties by name, missing last", () => {
    assert.deepEqual(names(sortRows(rows, "importance", true)), [
      "lr",
      "optimizer",
      "alpha",
      "Batch",
      "dropout",
      "seed",
    ]);
  });

  test("importance, ascending: missing still last, ties still by name ascending", () => {
    assert.deepEqual(names(sortRows(rows, "importance", false)), [
      "alpha",
      "Batch",
      "dropout",
      "optimizer",
      "lr",
      "seed",
    ]);
  });

  test("correlation by strength |r| whatever its sign, ties by name, null and NaN last in both directions", () => {
    assert.deepEqual(names(sortRows(rows, "correlation", true)), [
      "alpha",
      "dropout",
      "lr",
      "Batch",
      "optimizer",
      "seed",
    ]);
    assert.deepEqual(names(sortRows(rows, "correlation", false)), [
      "Batch",
      "lr",
      "alpha",
      "dropout",
      "optimizer",
      "seed",
    ]);
  });

  test("correlation sorts by the key Python sends (a categorical's strongest value), not recomputed", () => {
    const r = [
      { parameter: "optimizer", importance: 0.2, correlation: null, correlation_key: 0.7 },
      { parameter: "lr", importance: 0.5, correlation: -0.5, correlation_key: 0.5 },
      { parameter: "seed", importance: 0.1, correlation: null, correlation_key: null },
    ];
    assert.deepEqual(names(sortRows(r, "correlation", true)), ["optimizer", "lr", "seed"]);
  });

  test("parameter: case-folded name, then name; descending reverses", () => {
    const r = [row("b", 0), row("B", 0), row("a", 0), row("C", 0), row("_x", 0)];
    assert.deepEqual(names(sortRows(r, "parameter", false)), ["_x", "a", "B", "b", "C"]);
    assert.deepEqual(names(sortRows(r, "parameter", true)), ["C", "b", "B", "a", "_x"]);
  });

  test("zero and negative zero tie; all-zero importances sort by name", () => {
    const r = [row("z", 0), row("y", -0), row("x", 0)];
    assert.deepEqual(names(sortRows(r, "importance", true)), ["x", "y", "z"]);
  });

  test("does not modify its input", () => {
    const copy = rows.slice();
    sortRows(rows, "parameter", true);
    assert.deepEqual(rows, copy);
  });

  test("an unknown key falls back to importance", () => {
    assert.deepEqual(
      names(sortRows(rows, "nonsense", true)),
      names(sortRows(rows, "importance", true)),
    );
  });
});

describe("filterRows", () => {
  const rows = [row("learning_rate", 1), row("LR_decay", 1), row("batch", 1), row("Ünïcode", 1)];

  test("case-insensitive substring, order kept", () => {
    assert.deepEqual(names(filterRows(rows, "lr")), ["LR_decay"]);
    assert.deepEqual(names(filterRows(rows, "RATE")), ["learning_rate"]);
    assert.deepEqual(names(filterRows(rows, "a")), ["learning_rate", "LR_decay", "batch"]);
    assert.deepEqual(names(filterRows(rows, "ÜNÏ")), ["Ünïcode"]);
  });

  test("stripped; empty or blank search keeps everything", () => {
    assert.deepEqual(names(filterRows(rows, "  batch\t")), ["batch"]);
    assert.equal(filterRows(rows, "").length, 4);
    assert.equal(filterRows(rows, "   ").length, 4);
    assert.equal(filterRows(rows, null).length, 4);
  });

  test("constants and identifiers are never listed, whatever the search", () => {
    const mixed = [
      ...rows,
      { parameter: "batch_const", kind: "constant" },
      { parameter: "run_id", kind: "identifier" },
    ];
    assert.deepEqual(names(filterRows(mixed, "")), names(rows));
    assert.deepEqual(names(filterRows(mixed, "batch")), ["batch"]);
  });

  test("no regular expressions", () => {
    assert.deepEqual(names(filterRows([row("a.b", 1), row("axb", 1)], "a.b")), ["a.b"]);
  });

  test("strips what Python's str.strip() strips (and only that)", () => {
    assert.equal(pyStrip("\x1c\x85 x \u3000"), "x");
    assert.equal(pyStrip("\ufeffx"), "\ufeffx"); // not whitespace for Python
    assert.equal(searchNeedle("  AbC "), "abc");
    assert.ok(matchesSearch("anything", " "));
  });
});

describe("header clicks", () => {
  test("the current column flips direction", () => {
    assert.deepEqual(sortAfterClick("importance", true, "importance"), {
      sort_by: "importance",
      descending: false,
    });
    assert.deepEqual(sortAfterClick("parameter", false, "parameter"), {
      sort_by: "parameter",
      descending: true,
    });
  });

  test("another column: numbers largest first, names A to Z", () => {
    assert.deepEqual(sortAfterClick("importance", false, "correlation"), {
      sort_by: "correlation",
      descending: true,
    });
    assert.deepEqual(sortAfterClick("importance", true, "parameter"), {
      sort_by: "parameter",
      descending: false,
    });
    assert.deepEqual(sortAfterClick("parameter", false, "importance"), {
      sort_by: "importance",
      descending: true,
    });
  });

  test("aria-sort", () => {
    assert.equal(ariaSortFor("importance", "importance", true), "descending");
    assert.equal(ariaSortFor("importance", "importance", false), "ascending");
    assert.equal(ariaSortFor("parameter", "importance", false), "none");
  });
});

describe("numbers", () => {
  test("formatNumber: fixed decimals, true minus, no negative zero, dash when missing", () => {
    assert.equal(formatNumber(0.41234), "0.412");
    assert.equal(formatNumber(-0.53, 2), "\u22120.53");
    assert.equal(formatNumber(-0.0001, 2), "0.00");
    assert.equal(formatNumber(1, 3), "1.000");
    assert.equal(formatNumber(null), "\u2013");
    assert.equal(formatNumber(NaN), "\u2013");
    assert.equal(formatNumber(Infinity), "\u2013");
  });

  test("formatMetric: about four significant digits", () => {
    assert.equal(formatMetric(0.532149), "0.5321");
    assert.equal(formatMetric(12.3456), "12.35");
    assert.equal(formatMetric(1234.5), "1235");
    assert.equal(formatMetric(0), "0");
    assert.equal(formatMetric(-2.5), "\u22122.5");
    assert.equal(formatMetric(0.0000123), "1.23e-5");
    assert.equal(formatMetric(2e7), "2e7");
    assert.equal(formatMetric(null), "\u2013");
  });

  test("run counts", () => {
    assert.equal(plural(1), "1 run");
    assert.equal(plural(0), "0 runs");
    assert.equal(plural(300), "300 runs");
    assert.equal(groupThousands(1234567), "1,234,567");
    assert.equal(runsText(300, 0, "val_loss"), "300 runs");
    assert.equal(runsText(1, 0, "val_loss"), "1 run");
    assert.equal(runsText(300, 12, "val_loss"), "300 runs · 12 left out (no finite val_loss)");
  });
});

describe("bar geometry", () => {
  test("the importance axis is the analysis' largest value or interval end, not the shown rows'", () => {
    const rows = [
      { parameter: "a", importance: 0.5, importance_high: 0.86 },
      { parameter: "b", importance: 0.25, importance_high: 0.3 },
      row("c", null),
    ];
    const scale = importanceScale(rows, 0.05);
    assert.equal(scale, 0.86);
    // a search showing only "b" keeps the scale: it is computed from every row
    assert.equal(barFraction(0.25, scale), 0.25 / 0.86);
    assert.equal(barFraction(null, scale), 0);
    assert.equal(barFraction(0.3, 0), 0);
    // every row below the floor: the floor still fits on the track
    assert.equal(importanceScale([row("a", 0.02), row("b", 0.01)], 0.04), 0.04);
    assert.equal(importanceScale([row("a", 0), row("b", 0)], null), 1);
    assert.equal(importanceScale([], undefined), 1);
  });

  test("intervals are never cut at the track's end", () => {
    const rows = [
      { parameter: "lr", importance: 0.528, importance_low: 0.198, importance_high: 0.86 },
    ];
    const scale = importanceScale(rows, 0.1);
    const geometry = whiskerGeometry(0.198, 0.86, scale);
    assert.ok(geometry);
    assert.equal(geometry.left + geometry.width, 1);
    assert.ok(barFraction(0.528, scale) < 1);
  });

  test("the noise floor is on the same scale, always drawn", () => {
    assert.equal(floorFraction(0.1, 0.4), 0.25);
    assert.equal(floorFraction(0.5, 0.4), 1);
    assert.equal(floorFraction(null, 0.4), null);
    assert.equal(floorFraction(0.1, 0), null);
  });

  test("correlation bars diverge from the centre", () => {
    assert.deepEqual(correlationGeometry(0.5), { side: "positive", width: 25, left: 50 });
    assert.deepEqual(correlationGeometry(-0.5), { side: "negative", width: 25, left: 25 });
    assert.deepEqual(correlationGeometry(-1), { side: "negative", width: 50, left: 0 });
    assert.deepEqual(correlationGeometry(1.5), { side: "positive", width: 50, left: 50 });
    assert.equal(correlationGeometry(null), null);
    assert.equal(correlationGeometry(NaN), null);
  });

  test("green means good for the goal", () => {
    assert.equal(correlationTone(-0.3, "minimize"), "good");
    assert.equal(correlationTone(0.3, "minimize"), "bad");
    assert.equal(correlationTone(0.3, "maximize"), "good");
    assert.equal(correlationTone(-0.3, "maximize"), "bad");
    assert.equal(correlationTone(0, "maximize"), "neutral");
    assert.equal(correlationTone(null, "minimize"), "neutral");
    assert.equal(correlationClass(-0.3, "minimize"), "hpviz-good");
    assert.equal(correlationClass(-0.3, "maximize"), "hpviz-bad");
  });
});

describe("cells", () => {
  test("kind tags", () => {
    assert.equal(kindLabel("categorical"), "categorical");
    assert.equal(kindLabel("constant"), "constant");
    assert.equal(kindLabel("identifier"), "id");
    assert.equal(kindLabel("numeric"), "");
    assert.equal(kindLabel("boolean"), "");
  });

  test("categorical values: strongest four by |r|, missing last, the rest counted", () => {
    const values = [
      { value: "a", count: 5, mean: 1, correlation: 0.1 },
      { value: "b", count: 5, mean: 1, correlation: -0.6 },
      { value: "c", count: 5, mean: 1, correlation: null },
      { value: "d", count: 9, mean: 1, correlation: 0.3 },
      { value: "e", count: 5, mean: 1, correlation: 0.3 },
      { value: "f", count: 5, mean: 1, correlation: 0.05 },
    ];
    const { shown, rest } = topValues(values);
    assert.deepEqual(
      shown.map((v) => v.value),
      ["b", "d", "e", "a"],
    );
    assert.deepEqual(
      rest.map((v) => v.value),
      ["f", "c"],
    );
    assert.deepEqual(topValues([]).shown, []);
  });

  test("goal text", () => {
    assert.equal(goalText("minimize"), "lower is better");
    assert.equal(goalText("maximize"), "higher is better");
  });
});

describe("empty state", () => {
  // Python sends the sentences (the empty_texts trait); these stand in for them.
  const texts = {
    no_parameters: "No parameter columns.",
    all_hidden: "All {n} parameters are hidden.",
    no_match: "No parameter matches \u201c{search}\u201d.",
    empty: "Nothing to show.",
    error: "Something went wrong.",
  };
  const base = {
    status: "ready",
    message: "",
    nRows: 5,
    nShown: 5,
    search: "",
    nParameters: 7,
    texts,
  };

  test("nothing when rows are shown", () => {
    assert.equal(emptyText(base), null);
  });

  test("search matching nothing", () => {
    assert.equal(
      emptyText({ ...base, nShown: 0, search: "  xyz " }),
      "No parameter matches \u201cxyz\u201d.",
    );
  });

  test("everything hidden: the message if any, else the default", () => {
    assert.equal(emptyText({ ...base, nRows: 0, nShown: 0 }), "All 7 parameters are hidden.");
    assert.equal(
      emptyText({ ...base, nRows: 0, nShown: 0, nParameters: 0 }),
      "No parameter columns.",
    );
    assert.equal(
      emptyText({ ...base, nRows: 0, nShown: 0, message: "From Python." }),
      "From Python.",
    );
  });

  test("empty and error show the message", () => {
    assert.equal(
      emptyText({ ...base, status: "empty", message: "val_loss is constant." }),
      "val_loss is constant.",
    );
    assert.equal(
      emptyText({ ...base, status: "error", message: "Could not analyse." }),
      "Could not analyse.",
    );
    assert.equal(emptyText({ ...base, status: "error" }), "Something went wrong.");
  });

  test("a search holding braces is shown as typed, never read as a template", () => {
    assert.equal(
      emptyText({ ...base, nShown: 0, search: "{n}" }),
      "No parameter matches \u201c{n}\u201d.",
    );
  });

  test("computing with no rows yet shows no empty state", () => {
    assert.equal(emptyText({ ...base, status: "computing", nRows: 0, nShown: 0 }), null);
  });

  test("summary", () => {
    assert.equal(summaryText(9, 12, 3), "9 of 12 shown · 3 hidden");
    assert.equal(summaryText(12, 12, 0), "12 of 12 shown");
    assert.equal(
      summaryText(58, 58, 0, 166),
      "58 of 58 shown · 166 constants or identifiers not listed",
    );
    assert.equal(
      summaryText(3, 4, 1, 1),
      "3 of 4 shown · 1 hidden · 1 constant or identifier not listed",
    );
  });
});

describe("parameter manager", () => {
  const parameters = ["lr", "batch", "seed", "optimizer", "run_name"];

  test("lists in the parameters' order, filtered; counts are totals", () => {
    const lists = managerLists(parameters, ["seed", "run_name"], "");
    assert.deepEqual(lists.hidden, ["seed", "run_name"]);
    assert.deepEqual(lists.visible, ["lr", "batch", "optimizer"]);
    assert.equal(lists.nHidden, 2);
    assert.equal(lists.nVisible, 3);
    const filtered = managerLists(parameters, ["seed", "run_name"], " N ");
    assert.deepEqual(filtered.hidden, ["run_name"]);
    assert.deepEqual(filtered.visible, []);
    assert.equal(filtered.nHidden, 2);
    assert.equal(filtered.nVisible, 3);
  });

  test("hidden names that are not parameters are not counted", () => {
    const lists = managerLists(parameters, ["gone"], "");
    assert.equal(lists.nHidden, 0);
    assert.equal(lists.nVisible, 5);
  });

  test("showing and hiding keep the parameters' order and drop strangers", () => {
    assert.deepEqual(withVisibility(parameters, ["seed"], ["lr"], false), ["lr", "seed"]);
    assert.deepEqual(withVisibility(parameters, ["seed", "lr"], ["lr"], true), ["seed"]);
    assert.deepEqual(withVisibility(parameters, ["gone", "seed"], [], true), ["seed"]);
    assert.deepEqual(withVisibility(parameters, [], parameters, false), parameters);
    assert.deepEqual(withVisibility(parameters, parameters, parameters, true), []);
    assert.deepEqual(withVisibility(parameters, ["seed"], ["seed"], false), ["seed"]);
  });
});
