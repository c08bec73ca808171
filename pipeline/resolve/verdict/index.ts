import type { Reading } from "../../schema/hierarchy.js";
import { fragmentActions, fragmentLabels, numberActions } from "./fragments.js";
import { labelGeometry } from "./label-geometry.js";
import { placementMargins, textOutsideTable, unplacedText } from "./placement.js";
import { runTogetherText } from "./run-together.js";
import type { Evidence, Signal } from "./signal.js";
import { codeGaps, codeOrder, columnStructure, declaredTotals, emptyLabels, labelRows } from "./structure.js";

/**
 * The reading's verdict: how far the pipeline vouches for what it read. Each signal is a named rule
 * giving a penalty 0–1 from evidence the reading itself gives; the score is the product of
 * (1 − penalty), so that one grave signal is enough and small ones add up.
 */
const SIGNALS: readonly ((evidence: Evidence) => Signal)[] = [
  // In this order the main reason of equal penalties: the table's columns before what they cause.
  columnStructure,
  fragmentActions,
  fragmentLabels,
  numberActions,
  runTogetherText,
  unplacedText,
  textOutsideTable,
  placementMargins,
  labelGeometry,
  declaredTotals,
  codeGaps,
  codeOrder,
  labelRows,
  emptyLabels,
];

/**
 * Score from which a reading is `reliable`, and under which it is `unreliable` (`review` between).
 * Calibration (`npm run calibrate`: 334 readings, the bundled annex in six forms, 24 random
 * hierarchies in 12 variants, 16 producers' documents; each signal's file gives its own figures):
 * 145 of 162 readings with action F1 ≥ 0.99 are reliable (13 review: copies whose drift only the
 * placement's own moves show, `placement-margins`); every reading below F1 0.85 scores under 0.6 or
 * is refused; below F1 0.97 three are reliable, one copy in three variants whose drifted label the
 * placement kept, sure of it (0.999), with nothing in the copy to show it. Held out (hierarchies from
 * seed 100, producers from run seed 2 x 3, 225 readings): 86 of 95 at F1 ≥ 0.99 reliable; 14 below
 * F1 0.97 reliable and 5 below 0.85 not unreliable, all generated copies with drifted labels the
 * placement did not move, most of them small (8–12 actions).
 */
export const RELIABLE_SCORE = 0.95;
export const UNRELIABLE_SCORE = 0.6;

export function signalsOf(evidence: Evidence): Signal[] {
  return SIGNALS.map((signal) => signal(evidence));
}

export function judgeReading(evidence: Evidence): Reading {
  const signals = signalsOf(evidence);
  const score = signals.reduce((s, signal) => s * (1 - signal.penalty), 1);
  const verdict = score >= RELIABLE_SCORE ? "reliable" : score >= UNRELIABLE_SCORE ? "review" : "unreliable";
  const reasons = signals
    .filter((s) => s.penalty > 0)
    .sort((a, b) => b.penalty - a.penalty)
    .map((s) => ({ rule: s.rule, message: s.message }));
  return { verdict, score: Math.round(score * 1000) / 1000, reasons };
}
