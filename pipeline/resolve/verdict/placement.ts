import { VERDICT } from "../../messages/verdict.js";
import { LOW_CONFIDENCE } from "../checks.js";
import type { Placement } from "../place.js";
import { countActions, type Evidence, percent, ramp, type Signal, share } from "./signal.js";
import { labelRows } from "./structure.js";

/** Signals on where the reading put its text: left unplaced, placed on a near-tie, or outside the table. */

/**
 * Rule `unplaced-text`: paragraphs no rule could place, as a share of the actions and them.
 * Calibration (bench/calibrate.ts): sound readings leave none; a copy whose labels lost their cells
 * leaves whole runs of actions before the first label.
 */
export const UNPLACED_RULE = "unplaced-text";
export const UNPLACED_TOLERATED = 0.01;
export const UNPLACED_FATAL = 0.15;

export function unplacedText(evidence: Evidence): Signal {
  const unplaced = evidence.discrepancies.filter((d) => d.kind === "unplaced_text").length;
  const measure = share(unplaced, unplaced + countActions(evidence.functions));
  return {
    rule: UNPLACED_RULE,
    measure,
    penalty: ramp(measure, UNPLACED_TOLERATED, UNPLACED_FATAL),
    message: VERDICT.unplaced({ unplaced, share: percent(measure) }),
  };
}

/**
 * Rule `placement-margins`: the actions rule `row-segmentation` placed by a judgement it could get
 * wrong: moved away from the label their row falls under, or left there on a near-tie (confidence
 * under LOW_CONFIDENCE). The measure is the sum of (1 − confidence) over them, divided by all the
 * actions: the share of actions the margins expect misplaced. Confident placements beside their row's
 * label are not counted: in a copy whose rows are right they are right. Calibration
 * (bench/calibrate.ts): the seed copy, whose labels drift rows, came to 0.7 % (F1 0.989) when each
 * moved action paid its own price; since the drift prior is paid once per label (place.ts), with
 * confidences calibrated on the text corpus, it comes to 1.9 % (F1 1.000): tolerated up to 2 %, the
 * issue's bar for a text copy (mean action F1 0.98).
 *
 * A stream PDF's rows are placed by the segmentation engine (resolve/segment, rule `segment-margins`),
 * whose margins are its placements' confidences: judged alike, with the same bars. Calibration on
 * `npm run calibrate` (and 40 more hierarchies from seed 200 with producers from run seed 3): of the
 * 32 PDF placements under LOW_CONFIDENCE, 22 were wrong (15 expected); no PDF read whole crosses the
 * tolerance, and the held-out unruled PDF of seed 112 (8 actions, 2 misplaced by an alignment that won
 * by 0.18 of a font size) comes to 25 %, unreliable, where it was reliable.
 *
 * What backs a text copy's moves is whether the copy drifts, and the copy's rows alone cannot say:
 * - the copy shows its drift when a label parted from its first child's row (rule `label-rows`
 *   measures more than 0): moves are expected there, and each counts by its doubt, as above;
 * - it shows none, yet the placement moved an action by a margin over the row's label of at least
 *   one drift prior (confidence DRIFT_EVIDENCE_CONFIDENCE or more): the drift is the placement's own
 *   judgement, which nothing else in the copy confirms. Moves count by their doubt, but the reading
 *   is at best `review` (JUDGED_DRIFT_PENALTY): of the 102 text copies of `npm run calibrate` whose
 *   drift only the placement shows, 15 read at F1 ≥ 0.99 and 76 under 0.97 (held out, hierarchies
 *   from seed 100: 7 and 42 of 56), and their margins do not tell which (among the copies with
 *   labels drifted one to three rows, the doubt the margins add up to spans 0.2–5 % of the actions
 *   in both);
 * - it shows none and no move is that sure: its rows are right, so each move counts whole and a
 *   near-tie left on its row nothing. Calibration: in the copies without drift (clean, page headers,
 *   lost columns, run-together cells) every move was wrong, the surest at confidence 0.869, and of
 *   the 44 actions left on their row under LOW_CONFIDENCE none was wrong; held-out clean copies (seeds
 *   100–115) moved two to six actions, all wrong, at 0.52–0.88 but for three (0.956, 0.981, 1.0).
 *
 * Whatever the copy shows, placements that rule `drift-runs` decided (place.ts: runs of labels priced
 * together, and each label priced alone the words put the action elsewhere) are the run prior's
 * judgement, and its margins are the cheap run's, not the words': such a reading is at best
 * `review` (JUDGED_DRIFT_PENALTY), and each of them counts by its doubt. Calibration
 * (`npm run calibrate`): before this, three copies whose runs kept drifted labels on their rows read
 * `reliable` at F1 0.907, 0.860 and 0.966 (each had 3–4 run-decided stays, moved nothing, and showed
 * no drift); of the 160 readings at F1 ≥ 0.99, three have run-decided placements (0 / 0 / 93.8 %).
 * With the placement's later rules (fixed-actions, shared-opening, function-drift, empty-run): 0 / 0 /
 * 90.4 % (150 of 166 at F1 ≥ 0.99 reliable; two small copies read whole, 3 run-decided placements in
 * 20 actions, come to unreliable on their doubt).
 */
export const MARGINS_RULE = "placement-margins";
export const MARGINS_TOLERATED = 0.02;
export const MARGINS_FATAL = 0.04;
/**
 * The confidence of a move whose margin over every other reading is one drift prior (place.ts's
 * DRIFT_COST, 0.3) at the placement's temperature (a third of it): 1 / (1 + e^-3). A move that sure
 * was chosen by the words against the prior, not by a near-tie.
 */
export const DRIFT_EVIDENCE_CONFIDENCE = 0.953;
/** A penalty that alone brings a reading under RELIABLE_SCORE (0.95) and keeps it above UNRELIABLE_SCORE (0.6). */
export const JUDGED_DRIFT_PENALTY = 0.1;

/** How the reading's rows show drift: by the copy itself, only by the placement's judgement, or not at all. */
export type DriftEvidence = "shown" | "judged" | "none";

export function driftEvidence(evidence: Evidence): DriftEvidence {
  if (evidence.placement === "exact" || labelRows(evidence).measure > 0) return "shown";
  const sureMove = evidence.placements.some(
    (p) => p.code !== p.rowCode && p.confidence >= DRIFT_EVIDENCE_CONFIDENCE,
  );
  return sureMove ? "judged" : "none";
}

export function placementMargins(evidence: Evidence): Signal {
  const actions = countActions(evidence.functions);
  const drift = driftEvidence(evidence);
  const moved = (p: Placement) => p.code !== p.rowCode;
  const judged = evidence.placements.filter(
    (p) => moved(p) || p.byRun || (drift !== "none" && p.confidence < LOW_CONFIDENCE),
  );
  const doubt = (p: Placement) => (moved(p) && drift === "none" ? 1 : 1 - p.confidence);
  const expected = judged.reduce((sum, p) => sum + doubt(p), 0);
  const measure = Math.min(1, share(expected, actions));
  const penalty = ramp(measure, MARGINS_TOLERATED, MARGINS_FATAL);
  const counts = { judged: judged.length, actions, share: percent(measure) };
  const decided = evidence.placements.filter((p) => p.byRun).length;
  if (decided > 0)
    return {
      rule: MARGINS_RULE,
      measure,
      penalty: Math.max(penalty, JUDGED_DRIFT_PENALTY),
      message: VERDICT.marginsRunDecided({
        ...counts,
        decided,
        evidence: percent(evidence.drift?.evidenceShare ?? 0),
      }),
    };
  const message = {
    shown: VERDICT.margins,
    judged: VERDICT.marginsJudgedDrift,
    none: VERDICT.marginsNoDrift,
  }[drift];
  return {
    rule: MARGINS_RULE,
    measure,
    penalty: drift === "judged" ? Math.max(penalty, JUDGED_DRIFT_PENALTY) : penalty,
    message: message(counts),
  };
}

/**
 * Rule `text-outside-table`: the share of the document's characters that are neither the table
 * (labels, actions, bands, headings, totals) nor its frame (one title, signatures, page numbers).
 * An annex is its table; a paper that happens to print a few codes is mostly text around them.
 */
export const OUTSIDE_RULE = "text-outside-table";
export const OUTSIDE_TOLERATED = 0.1;
export const OUTSIDE_FATAL = 0.5;

export function textOutsideTable(evidence: Evidence): Signal {
  let outside = 0;
  let total = 0;
  let titles = 0;
  for (const item of evidence.items) {
    total += item.text.length;
    if (item.kind === "title") titles += 1;
    // The first title line is the document's title; more lines above the table are text around it.
    if (item.kind === "unplaced" || (item.kind === "title" && titles > 1)) outside += item.text.length;
  }
  const measure = share(outside, total);
  return {
    rule: OUTSIDE_RULE,
    measure,
    penalty: ramp(measure, OUTSIDE_TOLERATED, OUTSIDE_FATAL),
    message: VERDICT.outside({ share: percent(measure) }),
  };
}
