import { VERDICT } from "../../messages/verdict.js";
import type { ItemOf } from "../../schema/rows.js";
import { textKey } from "../../text-similarity.js";
import { isFunctionWord, startsLowerCase } from "../words.js";
import { type Evidence, percent, ramp, type Signal, share } from "./signal.js";

/**
 * Rule `fragment-actions`: actions that look like pieces of a cell rather than whole actions. A reader
 * that lost the table's cells (a copy in reading order, wrapped lines taken for rows) leaves lines cut
 * anywhere: they start in lower case, end on a preposition, an article or an open bracket, begin
 * with a stray letter, or repeat a column heading. (An action worded as its
 * sub-process's label is no sign: the bundled annex has eight.)
 */
export const FRAGMENT_RULE = "fragment-actions";

/**
 * Shares of fragment-like actions between which the penalty rises from 0 to 1. Calibration
 * (bench/calibrate.ts, 310 readings): the bundled annex has none in any format; copies that lost their
 * leading columns keep a band's letter on 2–5 % of their actions (F1 0.96–0.98); copies in reading
 * order and `pdftotext -layout` copies reach 12–59 % (F1 under 0.7).
 */
export const FRAGMENTS_TOLERATED = 0.015;
export const FRAGMENTS_FATAL = 0.12;
/**
 * A document whose actions mostly start in lower case writes them so: above this share a lower-case
 * start says nothing about a cut.
 */
const LOWER_CASE_STYLE_SHARE = 0.5;
const COLUMN_HEADING = /^liv(ello)?\.?\s*\d+$/i;
/** A lone capital before a capitalised word ("A Revisione…"): a band's letter run into an action. */
const STRAY_LETTER = /^\p{Lu}\s+\p{Lu}\p{Ll}/u;
const ONLY_NUMBERS = /^[\d\s.,;:/\-–]+$/;

/** Why one action looks like a fragment, or null when it looks whole. */
export function fragmentKind(
  text: string,
  context: { lowerCaseStyle: boolean; headings: ReadonlySet<string> },
): string | null {
  const kinds = VERDICT.fragmentKinds;
  if (STRAY_LETTER.test(text)) return kinds.strayLetter;
  if (!context.lowerCaseStyle && startsLowerCase(text)) return kinds.lowerCase;
  const open = (text.match(/\(/g) ?? []).length - (text.match(/\)/g) ?? []).length;
  if (open > 0) return kinds.openBracket;
  // The last word without splitting the whole text, and its key only when the heading's form fails:
  // this runs for every action.
  const last = text.slice(text.lastIndexOf(" ") + 1);
  if (/[\p{L}]$/u.test(last) && isFunctionWord(last)) return kinds.endsOn({ word: last });
  if (COLUMN_HEADING.test(text) || context.headings.has(textKey(text))) return kinds.columnHeading;
  return null;
}

export function fragmentActions(evidence: Evidence): Signal {
  const actions = evidence.items.filter((i): i is ItemOf<"action"> => i.kind === "action");
  const headings = new Set(evidence.items.filter((i) => i.kind === "header").map((i) => textKey(i.text)));
  const lowerCaseStyle =
    share(actions.filter((a) => startsLowerCase(a.text)).length, actions.length) > LOWER_CASE_STYLE_SHARE;
  const fragments = actions.flatMap((a) => {
    const kind = fragmentKind(a.text, { lowerCaseStyle, headings });
    return kind ? [{ text: a.text, kind }] : [];
  });
  const measure = share(fragments.length, actions.length);
  const example = fragments[0];
  return {
    rule: FRAGMENT_RULE,
    measure,
    penalty: ramp(measure, FRAGMENTS_TOLERATED, FRAGMENTS_FATAL),
    message: example
      ? VERDICT.fragments({
          fragments: fragments.length,
          actions: actions.length,
          share: percent(measure),
          text: example.text,
          kind: example.kind,
        })
      : VERDICT.noFragments,
  };
}

/**
 * Rule `number-actions`: actions that are only numbers, page numbers or a totals row's counts read
 * into the table. No annex has such an action, and a reading that has them lost the table's frame.
 * Calibration (bench/calibrate.ts): 9 readings of 310 had any, all of action F1 ≤ 0.953.
 */
export const NUMBERS_RULE = "number-actions";
export const NUMBERS_TOLERATED = 0;
export const NUMBERS_FATAL = 0.03;

export function numberActions(evidence: Evidence): Signal {
  const actions = evidence.items.filter((i): i is ItemOf<"action"> => i.kind === "action");
  const numbers = actions.filter((a) => ONLY_NUMBERS.test(a.text));
  const measure = share(numbers.length, actions.length);
  return {
    rule: NUMBERS_RULE,
    measure,
    penalty: ramp(measure, NUMBERS_TOLERATED, NUMBERS_FATAL),
    message: numbers[0]
      ? VERDICT.numbersExample({ numbers: numbers.length, actions: actions.length, text: numbers[0].text })
      : VERDICT.numbers({ numbers: numbers.length, actions: actions.length }),
  };
}

/**
 * Rule `fragment-labels`: labels that look like pieces of their cell (the same marks as a fragment
 * action's). A reader that took a label cell's wrapped lines for separate rows keeps the first line as
 * the label ("GESTIONE DELLA") and loses or misplaces the rest; no whole label ends on a preposition.
 * Calibration (bench/calibrate.ts, 310 readings): no reading of F1 above 0.9 has one; a `pdftotext
 * -layout` copy whose wrapped label lines were lost cut 11 of its 30 labels (F1 0.607). Held out (seed
 * 100, producers' run seed 2): one Chromium print of F1 0.997 whose one label lost its second line.
 */
export const FRAGMENT_LABELS_RULE = "fragment-labels";
export const FRAGMENT_LABELS_TOLERATED = 0;
export const FRAGMENT_LABELS_FATAL = 0.15;

export function fragmentLabels(evidence: Evidence): Signal {
  const labels = evidence.items.filter((i): i is ItemOf<"label"> => i.kind === "label");
  const headings = new Set(evidence.items.filter((i) => i.kind === "header").map((i) => textKey(i.text)));
  const fragments = labels.flatMap((l) => {
    const kind = fragmentKind(l.name, { lowerCaseStyle: false, headings });
    return kind ? [{ code: l.code, name: l.name, kind }] : [];
  });
  const measure = share(fragments.length, labels.length);
  const example = fragments[0];
  return {
    rule: FRAGMENT_LABELS_RULE,
    measure,
    penalty: ramp(measure, FRAGMENT_LABELS_TOLERATED, FRAGMENT_LABELS_FATAL),
    message: example
      ? VERDICT.fragmentLabels({
          fragments: fragments.length,
          labels: labels.length,
          share: percent(measure),
          code: example.code,
          name: example.name,
          kind: example.kind,
        })
      : VERDICT.noFragmentLabels,
  };
}
