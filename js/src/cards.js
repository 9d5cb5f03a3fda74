// What the hover cards say (hovercard.js shows them): an importance with its interval and its
// place against the noise floor, a correlation with its run count, interval and what its
// direction means for the goal, per value for a categorical parameter, a column's help.
// Pure: no DOM. A card is a title and lines of plain text, shown with textContent.

import { formatMetric, formatNumber, isNumber, plural } from "./format.js";
import { correlationUncertain } from "./geometry.js";

/** @import { Correlated } from "./geometry.js" */
/** @import { Row, ValueStat } from "./types.js" */

/**
 * @typedef {object} Card
 * @property {string} title
 * @property {string[]} lines
 */

/**
 * The words for a correlation's strength (|r| > 0.7 is called strong, as W&B's docs do).
 * @param {number} r
 */
export function strengthWord(r) {
  const a = Math.abs(r);
  if (a >= 0.7) return "strong";
  if (a >= 0.3) return "moderate";
  if (a >= 0.1) return "weak";
  return "almost no";
}

/**
 * What the sign of r means in words, for the goal: "higher lr goes with lower val_loss: good
 * (lower is better)".
 * @param {string} subject  "lr", or "runs with adam"
 * @param {number} r
 * @param {string} metric
 * @param {string} goal
 * @param {boolean} [isValue=false]  the subject is "having this value" rather than a number
 */
export function directionText(subject, r, metric, goal, isValue = false) {
  if (r === 0) return `${subject}: no linear relation with ${metric}.`;
  const up = r > 0;
  const good = goal === "maximize" ? up : !up;
  const better = goal === "maximize" ? "higher is better" : "lower is better";
  const lead = isValue ? `${subject} have` : `Higher ${subject} goes with`;
  return `${lead} ${up ? "higher" : "lower"} ${metric}: ${good ? "good" : "bad"} (${better}).`;
}

/**
 * What these runs show when the direction is not established: the tendency, without calling
 * it good or bad ("In these runs, higher lr went with lower val_loss; that could be chance.").
 * @param {string} subject
 * @param {number} r
 * @param {string} metric
 */
export function tendencyText(subject, r, metric) {
  if (r === 0) return `${subject}: no linear relation with ${metric}.`;
  return `In these runs, higher ${subject} went with ${r > 0 ? "higher" : "lower"} ${metric}; that could be chance.`;
}

/**
 * The importance card of a row.
 * @param {Row} row
 * @param {number | null | undefined} noiseFloor
 * @returns {Card}
 */
export function importanceCard(row, noiseFloor) {
  const name = String(row.parameter);
  const lines = [];
  if (isNumber(row.importance_low) && isNumber(row.importance_high)) {
    lines.push(
      `90% interval from ${formatNumber(row.importance_low, 3)} to ${formatNumber(row.importance_high, 3)} ` +
        "(spread over the forest's trees).",
    );
  }
  if (isNumber(noiseFloor)) {
    const floor = formatNumber(noiseFloor, 3);
    if (row.kind === "constant" || row.kind === "identifier" || row.kind === "empty") {
      const why = {
        constant: "constant",
        identifier: "an identifier",
        empty: "no analysed run has a value",
      };
      lines.push(`Left out of the model (${why[row.kind]}).`);
    } else if (row.useful) {
      // "stands out" only when the whole interval clears the floor
      const sure = isNumber(row.importance_low) && row.importance_low > noiseFloor;
      lines.push(
        sure
          ? `Above the noise floor (${floor}), its whole interval too: it stands out from noise.`
          : `Above the noise floor (${floor}), but its interval reaches below it: it may not stand out from noise.`,
      );
    } else if (row.moves_with) {
      lines.push(
        `Not counted above the noise floor (${floor}): its importance may belong to ${row.moves_with}.`,
      );
    } else {
      lines.push(`Below the noise floor (${floor}): indistinguishable from noise.`);
    }
  }
  return { title: `${name}: importance ${formatNumber(row.importance, 3)}`, lines };
}

/**
 * A correlation's 90% interval in words ("90% interval from −0.70 to −0.50": a dash between
 * two negative numbers reads as a minus), "" when it has none.
 * @param {Correlated} stat
 */
export function intervalText(stat) {
  const { correlation_low: low, correlation_high: high } = stat;
  if (!isNumber(low) || !isNumber(high)) return "";
  return `90% interval from ${formatNumber(low, 2)} to ${formatNumber(high, 2)}`;
}

/** What a card says of a correlation whose direction is not established (correlationUncertain). */
export const UNSETTLED = "the direction is not established";

/**
 * One value of a categorical parameter, on one line: its r with its interval, its runs, its
 * mean, and what its direction means for the goal when the interval excludes 0.
 * @param {ValueStat} v
 * @param {string} metric
 * @param {string} goal
 */
export function valueLine(v, metric, goal) {
  const r = isNumber(v.correlation) ? v.correlation : null;
  const interval = r === null ? "" : intervalText(v);
  const uncertain = correlationUncertain(v);
  let text = `${v.value}: r ${formatNumber(r, 2)}`;
  if (interval) text += ` (${interval}${uncertain ? ", which contains 0" : ""})`;
  text += ` · ${plural(v.count)} · mean ${metric} ${formatMetric(v.mean)}`;
  if (uncertain) {
    text += ` · ${interval ? UNSETTLED : `too few runs for an interval: ${UNSETTLED}`}`;
  } else if (r !== null && r !== 0) {
    const good = goal === "maximize" ? r > 0 : r < 0;
    text += ` · ${r > 0 ? "higher" : "lower"} ${metric} than the others (${good ? "good" : "bad"})`;
  }
  return text;
}

/**
 * The correlation card of a row.
 * @param {Row} row
 * @param {{metric: string, goal: string, nRuns: number}} context
 * @returns {Card}
 */
export function correlationCard(row, { metric, goal, nRuns }) {
  const name = String(row.parameter);
  const values = row.kind === "categorical" && Array.isArray(row.values) ? row.values : [];
  if (values.length > 0) {
    const ordered = values
      .slice()
      .sort(
        (a, b) =>
          Math.abs(isNumber(b.correlation) ? b.correlation : 0) -
          Math.abs(isNumber(a.correlation) ? a.correlation : 0),
      );
    return {
      title: `${name}: correlation per value`,
      lines: [
        `"${name} = value" against ${metric}, over ${plural(nRuns)}:`,
        ...ordered.map((v) => valueLine(v, metric, goal)),
      ],
    };
  }
  const r = row.correlation;
  if (!isNumber(r)) {
    return {
      title: `${name}: no correlation`,
      lines: ["The parameter is constant, an identifier, or has too few values."],
    };
  }
  const log = row.scale === "log";
  const strength = strengthWord(r);
  const lines = [
    `${strength[0].toUpperCase()}${strength.slice(1)} linear relation over ${plural(nRuns)}${log ? `, on log10(${name})` : ""}.`,
  ];
  const interval = intervalText(row);
  const unsettled = !interval || correlationUncertain(row);
  if (!interval) lines.push(`Too few runs for an interval: ${UNSETTLED}.`);
  else if (unsettled) lines.push(`${interval}, which contains 0: ${UNSETTLED}.`);
  else lines.push(`${interval}.`);
  lines.push(unsettled ? tendencyText(name, r, metric) : directionText(name, r, metric, goal));
  return { title: `${name}: correlation ${formatNumber(r, 2)}`, lines };
}

/**
 * A card as one sentence, for a screen reader (an aria-label).
 * @param {Card} card
 */
export function cardText(card) {
  return [card.title, ...card.lines].join(". ").replace(/\.\./g, ".").replace(/:\./g, ":");
}
