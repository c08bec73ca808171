import { minOf, sortedCountUpTo } from "../arrays.js";
import { listOf, quote } from "../messages/format.js";
import { REASONS } from "../messages/reasons.js";
import type { Item, ItemOf } from "../schema/rows.js";
import { stemTokens } from "../text-similarity.js";
import { functionOf, parentCode } from "./codes.js";
import { functionBounds } from "./function-bounds.js";
import { cheapestRuns, confidenceOf, type Runs, type Window } from "./runs.js";

/**
 * Rule `row-segmentation`: which sub-process each free action (no printed code, not carried in a
 * label cell) belongs to.
 *
 * The actions, in reading order, are cut into contiguous runs, one per sub-process label in the order
 * the labels occur (runs.ts). Geometry and markup put each action beside its label: the row decides.
 * In a text copy, where labels drift one to three rows away from their actions, a label's run may
 * begin a few cells from where the label is printed, at a price paid once per label (the drift
 * prior, lower for a label that keeps the shift of the label before it: a copy drifts whole runs of
 * labels, rule `drift-runs`) plus the likeness of the cells either side of the cut (runs begin where
 * the subject changes), when its actions share words with the label: the sub-process name, the
 * process name and the actions beside it (TF-IDF over the document's own texts, Italian stems, their
 * roots and adjacent pairs). Runs never begin where actions printed with their codes (or in their
 * label's cell) say they cannot (`fixed-actions`); a run that leaves a sub-process empty, one that
 * parts actions sharing an opening before a colon, and a function's first label drifting pay more
 * (`empty-run`, `shared-opening`, `function-drift`).
 * The same programme run forwards and backwards gives each action's margin over its alternatives,
 * which becomes its confidence.
 */

/**
 * How many rows away from its actions a copy prints a label, at most: a viewer's copy of a label cell
 * spanning several rows puts its text one to three rows off. A label's run of actions begins within
 * this many cells of where the label is printed.
 */
const MAX_DRIFT_ROWS = 3;
/**
 * The drift prior: the price, in units of similarity (a TF-IDF cosine, 0–1), of a label's run of
 * actions beginning one row (one cell) away from where the label is printed, and of each further row
 * up to MAX_DRIFT_ROWS. Paid once per label, whatever the number of actions the drift moves: a label
 * printed three rows late is one event, not three moves. Chosen on 120 damaged copies (text corpus
 * seed 20261207) and the 60 first of them undamaged (level 0) together, counting misplaced actions
 * (damaged / clean, out of 10,105 / 5,188), with bigrams and COHESION_WEIGHT 0.6: 0.3/0.05 271/19;
 * 0.3/0 277/38; 0.3/0.15 307/12; 0.25/0.05 (cohesion 0.8) 285/47; 0.4/0.05 317/4. Without bigrams and
 * cohesion: 0.3/0.1 356/64, 0.5/0.1 335/8, 0.8/0.1 383/1; the former flat 0.3 per moved action 361/35.
 * The seed annex reads whole (10/10 findings) at 0.3/0.05. Since drift-runs (below) it is the price
 * of a label shifting alone (its neighbour before it not drifted, or drifted the other way); on the
 * run-drifted corpus (seed 20261207, damaged / heaviest drift / undamaged mean action F1) 0.25 reads
 * 0.9656/0.9141/0.9927, 0.3 0.9667/0.9132/0.9978, 0.35 0.9654/0.9084/0.9947.
 */
const DRIFT_COST = 0.3;
const DRIFT_ROW_COST = 0.05;
/**
 * Rule `drift-runs`: a copy shifts whole runs of labels (its label column slips against the action
 * column from one label to a page's end), so a label's drift is judged against the label's before it.
 * Within a run (the same way as the label before, which drifted), a label pays IN_RUN_COST plus
 * RUN_STEP_COST a row its offset differs from its neighbour's; back to no drift, RETURN_COST. A page
 * header ends every run: the label after it is judged as if the one before had not drifted.
 * Measured on 120 copies whose drift comes in runs (text corpus seed 20261207, damaged / heaviest
 * drift / undamaged mean action F1): each label priced alone (the former prior) 0.9614/0.8953/0.9974;
 * in-run/step/return 0.05/0.05/0.15 0.9667/0.9132/0.9978; 0/0.05/0.15 (a run goes on free) loses
 * clean copies; 0.05/0.05/0.05 0.9671/0.9161/0.9963; 0.1/0.05/0.1 0.9658/0.9122/0.9976;
 * 0.05/0.1/0.1 (drift 0.25) 0.9656/0.9141/0.9927. The seed annex reads whole at 0.05/0.05/0.15.
 */
const IN_RUN_COST = 0.05;
const RUN_STEP_COST = 0.05;
const RETURN_COST = 0.15;
/**
 * Rule `drift-runs` needs evidence: a copy's runs are priced together only when, each label priced
 * alone, its words already move at least this share of its free actions off their printed row (the
 * document's own disagreement between rows and words). A copy whose words agree with its rows keeps
 * the per-label prior: there a cheap run follows one label's doubtful shift through its neighbours
 * (a clean annex whose actions repeat three texts moved or nearly tied 18 of 155 actions).
 * Run-drift text corpus, seed 20261207, 120 copies (damaged mean / heaviest drift / undamaged):
 * share 0 (runs always) 0.9731/0.9382; 0.05 0.9717/0.9354/0.9968; never 0.9615/0.9012/0.9968.
 * On 40 copies: 0 0.9479 heaviest, 0.03 0.9413, 0.04 and 0.05 0.9353, 0.08 0.9309, never 0.9218.
 * The seed annex moves 6 of 168 (0.036) alone and reads whole under 0.04 and 0.05, not under 0.03.
 * Re-measured with RUN_EVIDENCE_LABELS (below), 120 copies of seeds 20261207 and 584021337: 0.03 and
 * 0.05 read alike (0.9745/0.9430 and 0.9804/0.9646 against 0.9743/0.9430 and 0.9804/0.9646): kept
 * at 0.05 for the seed annex.
 */
const RUN_EVIDENCE_SHARE = 0.05;
/**
 * Rule `run-evidence`: a run is at least two labels. Each label priced alone, a copy whose words
 * shift a single label off its printed place shows no run, unless that one shift already moves
 * LONE_SHIFT_SHARE of its free actions: priced as a run, that one doubtful shift carries its
 * neighbours with it. On 240 undamaged copies (text corpus seeds 20261207 and 584021337, 120 each)
 * 22 shift exactly one label alone (up to 0.094 of their actions: copy 584021418 read 0.833, two
 * labels carried 3 rows off), none shifts two; 143 of the 240 damaged copies that drift shift two or
 * more. Measured (damaged mean / heaviest drift / undamaged mean, undamaged min; seed 20261207 then
 * 584021337): share alone 0.9750/0.9430/0.9974 min 0.958, 0.9803/0.9646/0.9971 min 0.833; two labels
 * (no lone share) 0.9730/0.9378/0.9969, 0.9778/0.9540/0.9985; two labels or a lone share of 0.1
 * 0.9743/0.9430/0.9969 min 0.941, 0.9804/0.9646/0.9985 min 0.969.
 */
const RUN_EVIDENCE_LABELS = 2;
const LONE_SHIFT_SHARE = 0.1;

/** The price of a label's run beginning `offset` units from where it is printed, the label before's having begun `before` from its own. */
function driftCost(offset: number, before: number): number {
  const distance = Math.abs(offset);
  if (distance > MAX_DRIFT_ROWS) return Number.POSITIVE_INFINITY;
  if (offset === 0) return before === 0 ? 0 : RETURN_COST;
  if (Math.sign(offset) === Math.sign(before)) return IN_RUN_COST + RUN_STEP_COST * Math.abs(offset - before);
  return DRIFT_COST + DRIFT_ROW_COST * (distance - 1);
}
/**
 * Weight of the cohesion across a cut: a run beginning between two cells whose texts are alike (a
 * cosine) pays this much of their likeness, so runs begin where the subject changes (actions of one
 * sub-process share words and openings). Measured as above: 0 302/7, 0.3 292/12, 0.6 271/19, and
 * 0.6 comparing two cells either side 276/23; 1.0 with a drift price of 0.4 293/10.
 */
const COHESION_WEIGHT = 0.6;
/**
 * Rule `numbered-sub-process`: the price of an uncoded action joining a sub-process whose actions are
 * printed with their codes (`A1.2.1.3 …`). A producer that numbers actions numbers all of a
 * sub-process's actions, so such a label's run holds no uncoded one; a price rather than a ban, so
 * that a copy that lost one code still reads. One unit of similarity outweighs what an action shares
 * with a label (a cosine). On the text corpus (seed 20261207, 120 damaged copies): 62 of 271 misplaced
 * actions went to a numbered sub-process; 0.3 leaves 2 there, 1 none (misplaced 225 / 224), and the
 * undamaged copies lose 21 instead of 29.
 */
const NUMBERED_SUB_PROCESS_COST = 1;
/**
 * Rule `shared-opening`: the price of a run beginning between two actions that open with the same
 * words before a colon ("Strumenti di verifica: registri", "Strumenti di verifica: albi"): items of
 * one list, of one sub-process. Text corpus, 40 damaged copies each of seeds 20261207, 584021337 and
 * 179235367 (mean action F1, all / heaviest drift, averaged over the three): without 0.9766/0.9475,
 * 0.5 0.9774/0.9513; on seed 20261207 0.3, 0.6 and 1 read alike (0.9822/0.9519).
 */
const SHARED_OPENING_COST = 0.5;
/** Words of an opening before a colon, at most (split.ts's repeated openings likewise). */
const MAX_OPENING_WORDS = 5;
/**
 * Rule `function-drift`: what a function's first label pays, over the drift prior, for its run to
 * begin away from where it is printed, when no totals row pins it (function-bounds.ts). A copy drifts
 * a function's band with its first label, so the actions printed just before it may be the
 * function's own. Measured as SHARED_OPENING_COST: never (a function's band a wall) 0.9774/0.9513,
 * 0.3 0.9791/0.9559; on seed 20261207, 0 0.9861/0.9595, 0.3 0.9852/0.9595, 0.6 0.9831/0.9527. At
 * 0.3 a single action sharing one word with the function above stays on its row; one repeating the
 * above sub-process's name moves (0.6 moves it too).
 */
const FUNCTION_DRIFT_COST = 0.3;
/**
 * Rule `empty-run`: the price of a sub-process left with no action: a label whose run of free actions
 * is empty (and whose sub-process holds no coded or carried action) has most likely drifted away from
 * them. Measured as SHARED_OPENING_COST, with the rules above: 0 0.9791/0.9559, 0.08 0.9810/0.9586; on
 * seed 179235367 0.15 reads worse than none (0.9744/0.9430 against 0.9744/0.9440, 0.08 0.9775/0.9440),
 * on seed 20261207 (without shared-opening) 0.15 0.9382 heaviest, 0.3 0.9308, 0.5 0.9268, none 0.9357.
 */
const EMPTY_RUN_COST = 0.08;
/** Weights of the three things an action is compared with; the sub-process name is the most specific. */
const WEIGHT_SUBPROCESS = 1;
const WEIGHT_PROCESS = 0.3;
const WEIGHT_SIBLINGS = 0.5;
/**
 * Temperature turning cost margins into confidences: a margin of one DRIFT_COST gives about 0.95,
 * a near-tie about 0.5. Calibrated: on 60 damaged and 60 clean copies (text corpus seed 20261207),
 * 7,680 free actions, 165 misplaced against 188 expected from their confidences, each tenth of
 * confidence right about as often as it says (0.7-0.8: 0.785 right, 0.8-0.9: 0.875); a third of
 * this temperature expects 63.
 */
const CONFIDENCE_TEMPERATURE = DRIFT_COST / 3;
/**
 * Characters of a stem kept as its root, so agent and action nouns meet ("mediatori"/"mediazioni"
 * → "media"). Five keeps distinct Italian roots apart while joining such derivations. Character
 * n-grams of the stems in their place read worse (4-grams 325/72, 3-grams added 353/74, as above).
 */
const ROOT_LENGTH = 5;

export interface Placement {
  /** Order of the action item. */
  readonly order: number;
  /** Code of the sub-process chosen. */
  readonly code: string;
  /** Code of the sub-process its row falls under, when there is one. */
  readonly rowCode: string | null;
  readonly confidence: number;
  /** Shared words with the chosen sub-process, for the report. */
  readonly why: string;
  /**
   * Rule `drift-runs` decided it: runs of labels were priced together, and each label priced alone
   * the action would go elsewhere. Its confidence is then the priced run's, not the words' alone.
   */
  readonly byRun?: boolean;
}

/** What the drift prior decided for a text copy, for the verdict and the trace. */
export interface DriftTrace {
  /** Whether rule `drift-runs` priced runs of labels together (rules `drift-runs`, `run-evidence`). */
  readonly runs: boolean;
  /** The share of the free actions that the words, each label priced alone, move off their printed row. */
  readonly evidenceShare: number;
  /** How many labels the words, each label priced alone, shift off their printed place. */
  readonly shiftedAlone: number;
  /** Each label whose run of actions begins away from where it is printed, and by how many cells. */
  readonly shifts: readonly { readonly code: string; readonly shift: number }[];
}

export interface PlacementResult {
  readonly placements: Placement[];
  /** Null where geometry or markup placed the actions (no drift prior). */
  readonly drift: DriftTrace | null;
}

type Vector = Map<string, number>;

/**
 * What a text is compared by: its content stems, their roots, and each pair of adjacent stems, so a
 * phrase shared ("registro imprese") weighs more than its words scattered. Pairs, measured as the drift
 * price above (0.3/0.1, no cohesion): misplaced 356/64 without, 318/4 with.
 */
function features(text: string): string[] {
  const stems = stemTokens(text).filter((s) => s.length > 1 && !/^\d+$/.test(s));
  const roots = stems.filter((s) => s.length > ROOT_LENGTH).map((s) => `~${s.slice(0, ROOT_LENGTH)}`);
  const pairs = stems.slice(1).map((s, i) => `${stems[i]}+${s}`);
  return [...stems, ...roots, ...pairs];
}

function vectorizer(corpus: readonly string[]): (text: string) => Vector {
  const documentFrequency = new Map<string, number>();
  for (const text of corpus)
    for (const f of new Set(features(text))) documentFrequency.set(f, (documentFrequency.get(f) ?? 0) + 1);
  return (text) => {
    const v: Vector = new Map();
    for (const f of features(text)) {
      const idf = Math.log((1 + corpus.length) / (1 + (documentFrequency.get(f) ?? 0))) + 1;
      v.set(f, (v.get(f) ?? 0) + idf);
    }
    return v;
  };
}

function cosine(a: Vector, b: Vector): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (const [k, x] of a) {
    na += x * x;
    dot += x * (b.get(k) ?? 0);
  }
  for (const x of b.values()) nb += x * x;
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
}

function sum(vectors: readonly Vector[]): Vector {
  const out: Vector = new Map();
  for (const v of vectors) for (const [k, x] of v) out.set(k, (out.get(k) ?? 0) + x);
  return out;
}

/** The action's words whose stems the label's text shares, whole, as the action writes them. */
function sharedWords(a: string, b: string): string[] {
  const bs = new Set(stemTokens(b));
  const words = a.match(/\p{L}+/gu) ?? [];
  const shared = new Map<string, string>();
  for (const w of words)
    if (stemTokens(w).some((s) => bs.has(s))) shared.set(w.toLowerCase(), shared.get(w.toLowerCase()) ?? w);
  return [...shared.values()];
}

export function placeActions(items: readonly Item[], placement: "exact" | "approximate"): PlacementResult {
  // In a text copy a label printed again (out of order, or by a page) opens no run of its own: its
  // first printing does. Geometry and markup put a repeated label beside its actions.
  const seen = new Set<string>();
  const labels = items.filter(
    (i): i is ItemOf<"label"> =>
      i.kind === "label" &&
      i.level === 3 &&
      (placement === "exact" || (!seen.has(i.code) && seen.add(i.code) !== undefined)),
  );
  const free = items.filter((i): i is ItemOf<"action"> => i.kind === "action" && !i.code && !i.anchor);
  if (labels.length === 0 || free.length === 0) return { placements: [], drift: null };
  // The label each action's row falls under: the last one read before it (both lists are in reading order).
  const rowLabel: number[] = [];
  let last = -1;
  for (const a of free) {
    while (last + 1 < labels.length && (labels[last + 1] as ItemOf<"label">).order < a.order) last++;
    rowLabel.push(last);
  }
  if (placement === "exact") {
    // Geometry or markup put each action beside its label: the row decides.
    const placements = free.map((a, i) => {
      const code = labels[Math.max(0, rowLabel[i] ?? 0)]?.code ?? "";
      return {
        order: a.order,
        code,
        rowCode: (rowLabel[i] ?? -1) >= 0 ? code : null,
        confidence: 1,
        why: REASONS.position,
      };
    });
    return { placements, drift: null };
  }
  const processNames = new Map(
    items
      .filter((i): i is ItemOf<"label"> => i.kind === "label" && i.level === 2)
      .map((l) => [l.code, l.name]),
  );
  const vectorOf = vectorizer(
    items
      .filter((i) => i.kind === "action" || i.kind === "label")
      .map((i) => (i.kind === "label" ? i.name : i.text)),
  );
  const labelVectors = labels.map((l) => vectorOf(l.name));
  const processVectors = labels.map((l) => vectorOf(processNames.get(parentCode(l.code)) ?? ""));
  const actionVectors = free.map((a) => vectorOf(a.text));
  const numbered = new Set(items.flatMap((i) => (i.kind === "action" && i.code ? [parentCode(i.code)] : [])));
  const anchoredByCode = new Map<string, Vector[]>();
  for (const i of items) {
    if (i.kind === "action" && (i.anchor || i.code)) {
      const code = i.anchor ?? parentCode(i.code ?? "");
      const vectors = anchoredByCode.get(code);
      if (vectors) vectors.push(vectorOf(i.text));
      else anchoredByCode.set(code, [vectorOf(i.text)]);
    }
  }
  // Labels whose sub-process holds actions besides the free ones (printed with codes, or in its cell).
  const holdsActions = labels.map((l) => anchoredByCode.has(l.code));
  // A cell cut into several actions moves as one: its pieces were printed together, on one row.
  const units = cellUnits(free);
  const similarity = (i: number, k: number, siblings: ((i: number, k: number) => number) | null) => {
    const a = actionVectors[i] as Vector;
    const named =
      WEIGHT_SUBPROCESS * cosine(a, labelVectors[k] as Vector) +
      WEIGHT_PROCESS * cosine(a, processVectors[k] as Vector);
    return siblings ? named + WEIGHT_SIBLINGS * siblings(i, k) : named;
  };
  // How many units are read before the item of this order.
  const unitStarts = units.map((unit) => free[unit[0] as number]?.order ?? 0);
  const unitsBefore = (order: number) => sortedCountUpTo(unitStarts, order, true);
  // Where each label is printed, counted in units: how many are read before it.
  const printedAt: number[] = [];
  let read = 0;
  for (const label of labels) {
    while (read < units.length && (free[units[read]?.[0] as number]?.order ?? 0) < label.order) read++;
    printedAt.push(read);
  }
  // Rule `fixed-actions`: an action printed with its code, or in its label's cell, is where its
  // sub-process is (text corpus seed 20261207, 40 copies: 0.9778/0.9357 -> 0.9785/0.9365, measured
  // before `startable` below made the programme's empty runs keep to the same starts; the 120-copy
  // figures in the commit are with it). The units before it belong to that label or earlier ones, those after it to that
  // label or later ones: label j's run begins at or before every such action of j or a later label,
  // and at or after every such action of an earlier label.
  const labelIndex = new Map(labels.map((l, j) => [l.code, j]));
  const fixedBefore = labels.map(() => units.length);
  const fixedAfter = labels.map(() => 0);
  for (const i of items) {
    if (i.kind !== "action" || !(i.anchor || i.code)) continue;
    const k = labelIndex.get(i.anchor ?? parentCode(i.code ?? ""));
    if (k === undefined) continue;
    const at = unitsBefore(i.order);
    for (let j = 0; j <= k; j++) fixedBefore[j] = Math.min(fixedBefore[j] as number, at);
    for (let j = k + 1; j < labels.length; j++) fixedAfter[j] = Math.max(fixedAfter[j] as number, at);
  }
  // How alike the text on either side of a cut before unit u is: a run rarely begins mid-subject.
  const unitVectors = units.map((unit) => sum(unit.map((i) => actionVectors[i] as Vector)));
  const cohesion = units.map((_, u) =>
    u === 0 ? 0 : cosine(unitVectors[u - 1] as Vector, unitVectors[u] as Vector),
  );
  // Rule `shared-opening`: actions that open with the same words before a colon ("Strumenti di
  // verifica: registri", "Strumenti di verifica: albi") are items of one list, of one sub-process.
  const sharedOpening = units.map((unit, u) => {
    const before = units[u - 1];
    if (!before) return false;
    const opening = colonOpening(free[unit[0] as number]?.text ?? "");
    return opening !== null && opening === colonOpening(free[before.at(-1) as number]?.text ?? "");
  });
  // Totals rows, counted in units like the labels: a function's first run begins after its totals row.
  const totalsAt: number[] = [];
  read = 0;
  for (const item of items) {
    if (item.kind !== "totals") continue;
    while (read < units.length && (free[units[read]?.[0] as number]?.order ?? 0) < item.order) read++;
    totalsAt.push(read);
  }
  const bounds = functionBounds(
    labels.map((l) => functionOf(l.code)),
    printedAt,
    totalsAt,
    MAX_DRIFT_ROWS,
  );
  // A function's first label not pinned by a totals row may drift like any label, at a price.
  const looseStarts = labels.flatMap((l, j) =>
    j > 0 && bounds.pinnedAt[j] == null && functionOf(labels[j - 1]?.code ?? "") !== functionOf(l.code)
      ? [j]
      : [],
  );
  const functionStart = new Set(looseStarts);
  // A page header ends every run of drifted labels: the next page's copy starts aligned.
  const headers = items.filter((i) => i.kind === "header").map((i) => i.order);
  const afterPageBreak = labels.map((l, j) => {
    const before = labels[j - 1];
    if (!before) return false;
    return headers.some((h) => h > before.order && h < l.order);
  });
  // One more label after the last, its run empty at the end: it prices the last label's run empty.
  const startsBy = (fixing: boolean) =>
    [...labels, null].map((_, j) => {
      if (j === labels.length) return [units.length];
      const pinned = bounds.pinnedAt[j];
      if (j === 0) return [0];
      if (pinned != null) return [pinned];
      const printed = printedAt[j] as number;
      const first = Math.max(0, printed - MAX_DRIFT_ROWS);
      const last = Math.min(units.length, printed + MAX_DRIFT_ROWS);
      const within = Array.from({ length: last - first + 1 }, (_, i) => first + i);
      const fixed = within.filter((u) => u >= (fixedAfter[j] as number) && u <= (fixedBefore[j] as number));
      return fixing && fixed.length > 0 ? fixed : within;
    });
  const offsetOf = (j: number, u: number) => (j === 0 ? 0 : u - (printedAt[j] as number));
  // The unit where label j − 1 would begin were it not drifted: its neighbour's offset then reads 0.
  const undriftedStart = (j: number) => (j <= 1 ? 0 : (printedAt[j - 1] as number));
  // Label j − 1's run, begun at `previous`, is empty when label j begins there too.
  const emptyCost = (j: number, u: number, previous: number) =>
    u === previous && !holdsActions[j - 1] ? EMPTY_RUN_COST : 0;
  const shifted = (j: number, u: number, previous: number) => {
    const pinned = bounds.pinnedAt[j];
    const before = afterPageBreak[j] ? 0 : offsetOf(j - 1, previous);
    const drift =
      pinned == null
        ? driftCost(offsetOf(j, u), before) +
          (functionStart.has(j) && offsetOf(j, u) !== 0 ? FUNCTION_DRIFT_COST : 0)
        : u === pinned
          ? 0
          : Infinity;
    return drift + COHESION_WEIGHT * (cohesion[u] ?? 0) + (sharedOpening[u] ? SHARED_OPENING_COST : 0);
  };
  // runs.ts: an opening is infinite where the unit is not among the label's starts (chains of empty runs too).
  const pricesOf = (starts: readonly number[][]) => {
    const startable = starts.map((s) => new Set(s));
    const priced =
      (previousOf: (j: number, previous: number) => number) => (j: number, u: number, previous: number) =>
        !startable[j]?.has(u)
          ? Number.POSITIVE_INFINITY
          : emptyCost(j, u, previous) + (j === labels.length ? 0 : shifted(j, u, previousOf(j, previous)));
    return {
      inRuns: { starts, opening: priced((_, previous) => previous) },
      alone: { starts, opening: priced((j) => undriftedStart(j)) },
    };
  };
  // A unit may belong to the labels whose run can reach it: printed at most MAX_DRIFT_ROWS after it,
  // the next one at most MAX_DRIFT_ROWS before it; and only within its function (function-bounds.ts). A band of the
  // table, so time and memory grow with the number of actions, not actions × labels.
  let low = 0;
  let high = 0;
  const windows = units.map((_, u) => {
    while (low + 1 < labels.length && u >= (printedAt[low + 1] as number) + MAX_DRIFT_ROWS) low++;
    while (high + 1 < labels.length && (printedAt[high + 1] as number) - MAX_DRIFT_ROWS <= u) high++;
    return { start: low, end: Math.max(low, high) };
  });
  const costTable = (siblingsOf: ((i: number, k: number) => number) | null): Window[] =>
    units.map((unit, u) => {
      const { start, end } = windows[u] as { start: number; end: number };
      const unitFunction = bounds.functionOfUnit(u);
      const near = looseStarts.filter((j) => Math.abs(u - (printedAt[j] as number)) <= MAX_DRIFT_ROWS);
      const values: number[] = [];
      for (let k = start; k <= end; k++) {
        const code = labels[k]?.code ?? "";
        const fn = functionOf(code);
        const allowed =
          fn === unitFunction ||
          near.some(
            (j) => fn === functionOf(labels[j]?.code ?? "") || fn === functionOf(labels[j - 1]?.code ?? ""),
          );
        if (!allowed) values.push(Number.POSITIVE_INFINITY);
        else
          values.push(
            unit.reduce((t, i) => t - similarity(i, k, siblingsOf), 0) +
              (numbered.has(code) ? NUMBERED_SUB_PROCESS_COST * unit.length : 0),
          );
      }
      return { start, values };
    });
  const unitOf = new Map(units.flatMap((unit, u) => unit.map((i) => [i, u] as const)));
  // Rule `siblings-outside-drift`: the label boundary whose drift zone each unit lies in (-1: none).
  const zones = driftZones(printedAt, units.length);
  // How alike an action is to the actions a cut puts beside a label (never itself) and to those carried
  // in the label's cell; an action in a drift zone, to those outside it.
  const siblingsBy = (cut: Runs) => {
    const labelOf = (i: number) => cut.choice[unitOf.get(i) ?? 0] ?? -1;
    const besideOutside = (zone: number) => {
      const beside = labels.map((l) => [...(anchoredByCode.get(l.code) ?? [])]);
      const inZone = (u: number) =>
        zone >= 0 && Math.abs(u - (printedAt[zone] as number) + 0.5) <= MAX_DRIFT_ROWS;
      for (let i = 0; i < free.length; i++)
        if (!inZone(unitOf.get(i) ?? 0)) beside[labelOf(i)]?.push(actionVectors[i] as Vector);
      return { sums: beside.map(sum), counts: beside.map((b) => b.length) };
    };
    const { sums } = besideOutside(-1);
    const outside = new Map<number, ReturnType<typeof besideOutside>>();
    return (i: number, k: number): number => {
      const a = actionVectors[i] as Vector;
      const zone = zones[unitOf.get(i) ?? 0] ?? -1;
      if (zone >= 0) {
        const beside = outside.get(zone) ?? besideOutside(zone);
        outside.set(zone, beside);
        // Both labels the zone lies between keep actions outside it, or neither is judged so.
        const held = (beside.counts[zone - 1] ?? 0) > 0 && (beside.counts[zone] ?? 0) > 0;
        if (held && (beside.counts[k] ?? 0) > 0) return cosine(a, beside.sums[k] as Vector);
      }
      const total = sums[k] as Vector;
      if (labelOf(i) !== k) return cosine(a, total);
      const without = new Map(total);
      for (const [f, x] of a) without.set(f, (without.get(f) ?? 0) - x);
      return cosine(a, without);
    };
  };
  // First pass on names alone; the second also compares each action with its siblings in the first
  // (a third pass changed 1 placement in 10,105 on the corpus).
  const names = costTable(null);
  // Codes printed against the order of their labels can leave no cut that keeps to every fixed
  // action: the runs are then cut as if none were fixed.
  const fixedPrices = pricesOf(startsBy(true));
  const fixedSingle = cheapestRuns(names, fixedPrices.alone);
  const feasible = Number.isFinite(minOf(fixedSingle.marginals[0]?.values ?? [0]));
  const { inRuns, alone } = feasible ? fixedPrices : pricesOf(startsBy(false));
  const single = feasible ? fixedSingle : cheapestRuns(names, alone);
  const moved = free.filter((_, i) => (single.choice[unitOf.get(i) ?? 0] ?? 0) !== rowLabel[i]).length;
  const evidenceShare = moved / free.length;
  const shiftedAlone = shiftsOf(single.choice, printedAt, labels).length;
  const runs = runsEvidenced(evidenceShare, shiftedAlone);
  const first = runs ? cheapestRuns(names, inRuns) : single;
  const { choice, marginals } = cheapestRuns(costTable(siblingsBy(first)), runs ? inRuns : alone);
  // Where each label priced alone would put the units: what the runs decided is where they differ.
  const perLabel = runs ? cheapestRuns(costTable(siblingsBy(single)), alone).choice : choice;
  const placements = free.map((a, i): Placement => {
    const u = unitOf.get(i) ?? 0;
    const k = choice[u] ?? 0;
    const label = labels[k] as ItemOf<"label">;
    const row = rowLabel[i] ?? -1;
    const shared = sharedWords(a.text, `${label.name} ${processNames.get(parentCode(label.code)) ?? ""}`);
    return {
      order: a.order,
      code: label.code,
      rowCode: row >= 0 ? (labels[row]?.code ?? null) : null,
      confidence: confidenceOf(marginals[u] as Window, k, CONFIDENCE_TEMPERATURE),
      why:
        shared.length > 0
          ? REASONS.sharesWords({ words: listOf(shared.map(quote)), code: label.code })
          : REASONS.noSharedWords,
      ...(perLabel[u] !== k ? { byRun: true } : {}),
    };
  });
  return {
    placements,
    drift: { runs, evidenceShare, shiftedAlone, shifts: shiftsOf(choice, printedAt, labels) },
  };
}

/**
 * Rules `drift-runs` and `run-evidence`: whether a copy's labels are priced as runs, from what its
 * words do with each label priced alone (the share of free actions they move, the labels they shift).
 */
export function runsEvidenced(evidenceShare: number, shiftedAlone: number): boolean {
  return (
    evidenceShare >= RUN_EVIDENCE_SHARE &&
    (shiftedAlone >= RUN_EVIDENCE_LABELS || evidenceShare >= LONE_SHIFT_SHARE)
  );
}

/**
 * Rule `siblings-outside-drift`: for each unit, the label (by index, from 1) nearest whose printed
 * place it lies within MAX_DRIFT_ROWS of (the MAX_DRIFT_ROWS units before it, itself and the
 * MAX_DRIFT_ROWS − 1 after): the zone where that label's run may begin, whose units the cut may hand
 * either way. An action there is compared with each label's actions
 * outside the zone (with all of them where a label has none outside): actions drifted together
 * would otherwise hold one another beside the wrong label, their shared words the very evidence
 * that should move them. Text corpus, 60 copies each of seeds 20261207 and 584021337 (damaged mean /
 * heaviest drift / undamaged): 0.9834/0.9688/0.9972 and 0.9841/0.9711/0.9986 -> 0.9847/0.9717/0.9974
 * and 0.9844/0.9737/0.9987; 120 copies 0.9750/0.9430/0.9974 and 0.9803/0.9646/0.9971 ->
 * 0.9751/0.9437/0.9975 and 0.9806/0.9656/0.9970. With it the siblings' weight 0.8 reads worse
 * (0.9743/0.9420/0.9960). Judged so only where both labels the zone lies between keep actions
 * outside it: otherwise one label is compared with its near actions, the other with its far ones (the
 * seed annex then lost an action to the process below, 1.000 -> 0.994). With run-evidence, 120
 * copies: 0.9740/0.9415/0.9969 and 0.9809/0.9646/0.9985.
 */
export function driftZones(printedAt: readonly number[], units: number): number[] {
  return Array.from({ length: units }, (_, u) => {
    let zone = -1;
    for (let b = 1; b < printedAt.length; b++) {
      const offset = u - (printedAt[b] as number);
      const nearer = zone < 0 || Math.abs(offset) < Math.abs(u - (printedAt[zone] as number));
      if (offset >= -MAX_DRIFT_ROWS && offset < MAX_DRIFT_ROWS && nearer) zone = b;
    }
    return zone;
  });
}

/** Each label whose run begins away from where it is printed: the first unit it (or a later label) holds, against its printed place. */
function shiftsOf(
  choice: readonly number[],
  printedAt: readonly number[],
  labels: readonly ItemOf<"label">[],
): DriftTrace["shifts"] {
  const shifts: { code: string; shift: number }[] = [];
  let u = 0;
  for (let j = 1; j < labels.length; j++) {
    while (u < choice.length && (choice[u] as number) < j) u++;
    const shift = u - (printedAt[j] as number);
    if (shift !== 0) shifts.push({ code: (labels[j] as ItemOf<"label">).code, shift });
  }
  return shifts;
}

/** The words an action opens with before a colon (one to MAX_OPENING_WORDS, the first capitalised), folded; null without. */
function colonOpening(text: string): string | null {
  const match = /^(\p{Lu}[^:;.]*):\s/u.exec(text);
  const opening = match?.[1];
  if (!opening || opening.split(/\s+/).length > MAX_OPENING_WORDS) return null;
  return opening.toLowerCase();
}

/**
 * Groups of free actions cut from one cell (same row, column and source), in reading order, whatever
 * cut them (run together, or `<p>` paragraphs): a copy drifts labels by rows, and a cell is one row.
 * Text corpus seed 20261207, 40 copies: units of run-together cells only 0.9777/0.9353, of any cell
 * 0.9778/0.9357 (mean / heaviest drift).
 */
function cellUnits(free: readonly ItemOf<"action">[]): number[][] {
  const units: number[][] = [];
  free.forEach((a, i) => {
    const previous = free[i - 1];
    const sameCell =
      previous !== undefined &&
      previous.row === a.row &&
      previous.col === a.col &&
      JSON.stringify(previous.source) === JSON.stringify(a.source);
    if (sameCell) units.at(-1)?.push(i);
    else units.push([i]);
  });
  return units;
}
