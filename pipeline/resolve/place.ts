import { minOf } from "../arrays.js";
import { listOf, quote } from "../messages/format.js";
import { REASONS } from "../messages/reasons.js";
import type { Item, ItemOf } from "../schema/rows.js";
import { stemTokens } from "../text-similarity.js";
import { functionOf, parentCode } from "./codes.js";

/**
 * Rule `row-segmentation`: which sub-process each free action (no printed code, not carried in a
 * label cell) belongs to.
 *
 * The actions, in reading order, are cut into contiguous runs, one per sub-process label in the order
 * the labels occur. Each action is drawn to the label its row falls under (the label printed on or
 * above its row) and, in a text copy where labels drift rows away from their actions, also to the
 * label whose words it shares: the sub-process name, the process name and the actions already beside
 * it. A dynamic programme finds the cheapest monotone cut; the same programme run forwards and
 * backwards gives each action's margin over its alternatives, which becomes its confidence.
 */

/**
 * Price of placing an action one label away from the label its row falls under, in units of
 * similarity (a TF-IDF cosine, 0–1). A move needs the target to share clearly more weighted words
 * than the row's own label: on the seed annex the actions that drifted share 0.35–0.6 more with their
 * true sub-process, while ties between neighbours differ by under 0.15.
 */
const MOVE_COST = 0.3;
/** How far (in labels) an action may be moved from its row's label: copies shift labels by one or two rows. */
const MAX_SHIFT = 2;
/** Weights of the three things an action is compared with; the sub-process name is the most specific. */
const WEIGHT_SUBPROCESS = 1;
const WEIGHT_PROCESS = 0.3;
const WEIGHT_SIBLINGS = 0.5;
/**
 * Temperature turning cost margins into confidences: a margin of one MOVE_COST gives about 0.95,
 * a near-tie about 0.5.
 */
const CONFIDENCE_TEMPERATURE = MOVE_COST / 3;
/**
 * Characters of a stem kept as its root, so agent and action nouns meet ("mediatori"/"mediazioni"
 * → "media"). Five keeps distinct Italian roots apart while joining such derivations.
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
}

type Vector = Map<string, number>;

function features(text: string): string[] {
  const stems = stemTokens(text).filter((s) => s.length > 1 && !/^\d+$/.test(s));
  return [...stems, ...stems.filter((s) => s.length > ROOT_LENGTH).map((s) => `~${s.slice(0, ROOT_LENGTH)}`)];
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

export function placeActions(items: readonly Item[], placement: "exact" | "approximate"): Placement[] {
  const labels = items.filter((i): i is ItemOf<"label"> => i.kind === "label" && i.level === 3);
  const free = items.filter((i): i is ItemOf<"action"> => i.kind === "action" && !i.code && !i.anchor);
  if (labels.length === 0 || free.length === 0) return [];
  // The label each action's row falls under: the last one read before it (both lists are in reading order).
  const rowLabel: number[] = [];
  let last = -1;
  for (const a of free) {
    while (last + 1 < labels.length && (labels[last + 1] as ItemOf<"label">).order < a.order) last++;
    rowLabel.push(last);
  }
  if (placement === "exact") {
    // Geometry or markup put each action beside its label: the row decides.
    return free.map((a, i) => {
      const code = labels[Math.max(0, rowLabel[i] ?? 0)]?.code ?? "";
      return {
        order: a.order,
        code,
        rowCode: (rowLabel[i] ?? -1) >= 0 ? code : null,
        confidence: 1,
        why: REASONS.position,
      };
    });
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
  const anchoredByCode = new Map<string, Vector[]>();
  for (const i of items) {
    if (i.kind === "action" && (i.anchor || i.code)) {
      const code = i.anchor ?? parentCode(i.code ?? "");
      const vectors = anchoredByCode.get(code);
      if (vectors) vectors.push(vectorOf(i.text));
      else anchoredByCode.set(code, [vectorOf(i.text)]);
    }
  }
  // A cell cut into several actions moves as one: its pieces were printed together.
  const units = cellUnits(free);
  const similarity = (i: number, k: number, siblings: Vector | null) => {
    const a = actionVectors[i] as Vector;
    const named =
      WEIGHT_SUBPROCESS * cosine(a, labelVectors[k] as Vector) +
      WEIGHT_PROCESS * cosine(a, processVectors[k] as Vector);
    return siblings ? named + WEIGHT_SIBLINGS * cosine(a, siblings) : named;
  };
  // Only labels within MAX_SHIFT of an action's row label (and in its function) are candidates: a band
  // of the table, so time and memory grow with the number of actions, not actions × labels.
  const windowOf = (i: number): Window => {
    const anchor = Math.max(0, rowLabel[i] ?? 0);
    return { start: Math.max(0, anchor - MAX_SHIFT), values: [] };
  };
  const actionCost = (i: number, siblingsOf: ((i: number, k: number) => Vector) | null): Window => {
    const row = rowLabel[i] ?? -1;
    const anchor = Math.max(0, row);
    const window = windowOf(i);
    for (let k = window.start; k <= Math.min(labels.length - 1, anchor + MAX_SHIFT); k++) {
      // An action read before any label is one step from the first.
      const steps = Math.abs(k - anchor) + (row < 0 ? 1 : 0);
      const sameFunction = functionOf(labels[k]?.code ?? "") === functionOf(labels[anchor]?.code ?? "");
      const similar = similarity(i, k, siblingsOf ? siblingsOf(i, k) : null);
      window.values.push(
        steps > MAX_SHIFT || !sameFunction ? Number.POSITIVE_INFINITY : MOVE_COST * steps - similar,
      );
    }
    return window;
  };
  const costTable = (siblingsOf: ((i: number, k: number) => Vector) | null): Window[] =>
    units.map((unit) => {
      const windows = unit.map((i) => actionCost(i, siblingsOf));
      const first = windows[0] as Window;
      return {
        start: first.start,
        values: first.values.map((_, j) => windows.reduce((t, w) => t + (w.values[j] ?? 0), 0)),
      };
    });
  const unitOf = new Map(units.flatMap((unit, u) => unit.map((i) => [i, u] as const)));
  // First pass on names alone; the second also compares each action with the others the first pass
  // put beside each label (never with itself) and with the actions carried in its label cell.
  const first = segment(costTable(null));
  const firstLabelOf = (i: number) => first.choice[unitOf.get(i) ?? 0] ?? -1;
  const placedBeside = labels.map((l) => [...(anchoredByCode.get(l.code) ?? [])]);
  for (let i = 0; i < free.length; i++) placedBeside[firstLabelOf(i)]?.push(actionVectors[i] as Vector);
  const siblingSums = placedBeside.map(sum);
  const siblingsOf = (i: number, k: number): Vector => {
    const total = siblingSums[k] as Vector;
    if (firstLabelOf(i) !== k) return total;
    const without = new Map(total);
    for (const [f, x] of actionVectors[i] as Vector) without.set(f, (without.get(f) ?? 0) - x);
    return without;
  };
  const { choice, marginals } = segment(costTable(siblingsOf));
  return free.map((a, i) => {
    const u = unitOf.get(i) ?? 0;
    const k = choice[u] ?? 0;
    const label = labels[k] as ItemOf<"label">;
    const row = rowLabel[i] ?? -1;
    const shared = sharedWords(a.text, `${label.name} ${processNames.get(parentCode(label.code)) ?? ""}`);
    return {
      order: a.order,
      code: label.code,
      rowCode: row >= 0 ? (labels[row]?.code ?? null) : null,
      confidence: confidenceOf(marginals[u] as Window, k),
      why:
        shared.length > 0
          ? REASONS.sharesWords({ words: listOf(shared.map(quote)), code: label.code })
          : REASONS.noSharedWords,
    };
  });
}

/** Groups of free actions cut from one cell (same row, column and source), in reading order. */
function cellUnits(free: readonly ItemOf<"action">[]): number[][] {
  const units: number[][] = [];
  free.forEach((a, i) => {
    const previous = free[i - 1];
    const sameCell =
      previous !== undefined &&
      a.rule === "run-together-actions" &&
      previous.rule === "run-together-actions" &&
      previous.row === a.row &&
      previous.col === a.col &&
      JSON.stringify(previous.source) === JSON.stringify(a.source);
    if (sameCell) units.at(-1)?.push(i);
    else units.push([i]);
  });
  return units;
}

/** Costs of one row for a band of consecutive labels, starting at label `start`. */
interface Window {
  readonly start: number;
  readonly values: number[];
}

const at = (w: Window | undefined, k: number) => w?.values[k - w.start] ?? Number.POSITIVE_INFINITY;
const end = (w: Window) => w.start + w.values.length - 1;

/** Cheapest monotone assignment of rows to labels, with min-marginals for each (row, label). */
function segment(cost: readonly Window[]): { choice: number[]; marginals: Window[] } {
  const n = cost.length;
  const forward: Window[] = [];
  for (let i = 0; i < n; i++) {
    const w = cost[i] as Window;
    const previous = forward[i - 1];
    forward.push({
      start: w.start,
      values: w.values.map((c, j) => {
        if (!previous) return c;
        let best = Number.POSITIVE_INFINITY;
        for (let k = previous.start; k <= Math.min(end(previous), w.start + j); k++)
          best = Math.min(best, at(previous, k));
        return c + best;
      }),
    });
  }
  const backward: Window[] = new Array(n);
  for (let i = n - 1; i >= 0; i--) {
    const w = cost[i] as Window;
    const next = backward[i + 1];
    backward[i] = {
      start: w.start,
      values: w.values.map((c, j) => {
        if (!next) return c;
        let best = Number.POSITIVE_INFINITY;
        for (let k = Math.max(next.start, w.start + j); k <= end(next); k++)
          best = Math.min(best, at(next, k));
        return c + best;
      }),
    };
  }
  const marginals = cost.map((w, i) => ({
    start: w.start,
    values: w.values.map((c, j) =>
      Number.isFinite(c) ? at(forward[i], w.start + j) + at(backward[i], w.start + j) - c : c,
    ),
  }));
  // Trace back the optimum: the last row takes its best label, each earlier row the best label not after it.
  const choice = new Array<number>(n).fill(0);
  let limit = Number.POSITIVE_INFINITY;
  for (let i = n - 1; i >= 0; i--) {
    const f = forward[i] as Window;
    let bestK = f.start;
    for (let k = f.start; k <= Math.min(end(f), limit); k++) if (at(f, k) < at(f, bestK)) bestK = k;
    choice[i] = bestK;
    limit = bestK;
  }
  return { choice, marginals };
}

function confidenceOf(marginal: Window, chosen: number): number {
  const best = minOf(marginal.values);
  const weights = marginal.values.map((c) =>
    Number.isFinite(c) ? Math.exp(-(c - best) / CONFIDENCE_TEMPERATURE) : 0,
  );
  const total = weights.reduce((a, b) => a + b, 0);
  return total > 0 ? Math.round(((weights[chosen - marginal.start] ?? 0) / total) * 1000) / 1000 : 0;
}
