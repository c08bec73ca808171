import { minOf } from "../arrays.js";

/**
 * The cheapest cut of a sequence of units (cells, in reading order) into contiguous runs, one per
 * label in label order, some runs possibly empty: a unit's own cost for each label it may belong to,
 * plus a price for where each label's run begins. The same programme run forwards and backwards gives
 * each (unit, label) pair its min-marginal: the cost of the best cut that puts the unit there.
 */

/** Costs of one unit for a band of consecutive labels, starting at label `start`. */
export interface Window {
  readonly start: number;
  readonly values: readonly number[];
}

export interface Runs {
  /** The label each unit is given. */
  readonly choice: number[];
  /** Each unit's min-marginal cost for each label of its window. */
  readonly marginals: Window[];
}

const at = (w: Window | undefined, k: number) => w?.values[k - w.start] ?? Number.POSITIVE_INFINITY;
const last = (w: Window) => w.start + w.values.length - 1;

/**
 * `cost[u]`: unit u's cost for each label of its window (windows move forward with u: no window
 * starts or ends before the previous one's). `opening(j, u)`: the price of label j's run beginning at
 * unit u (u = cost.length: after the last unit, an empty run at the end), for j ≥ 1; label 0's run
 * begins at the first unit, free. `labels`: how many labels there are.
 */
export function cheapestRuns(
  cost: readonly Window[],
  labels: number,
  opening: (j: number, u: number) => number,
): Runs {
  const n = cost.length;
  /** The price of labels from+1..to all beginning at unit u: the runs of from+1..to-1 are empty. */
  const openings = (from: number, to: number, u: number) => {
    let total = 0;
    for (let j = from + 1; j <= to && total < Number.POSITIVE_INFINITY; j++)
      total += j > 0 ? opening(j, u) : 0;
    return total;
  };
  const forward: Window[] = [];
  const pointers: number[][] = [];
  for (let u = 0; u < n; u++) {
    const w = cost[u] as Window;
    const previous = forward[u - 1];
    const from: number[] = [];
    const values = w.values.map((c, index) => {
      const k = w.start + index;
      if (!previous) return c + openings(-1, k, 0);
      // Labels k'+1..k begin here; their prices are summed walking k' down from k.
      let best = Number.POSITIVE_INFINITY;
      let bestFrom = k;
      let between = 0;
      for (let kp = k; kp >= previous.start; kp--) {
        if (kp < k) between += opening(kp + 1, u);
        if (between === Number.POSITIVE_INFINITY) break;
        const total = at(previous, kp) + between;
        if (total < best) [best, bestFrom] = [total, kp];
      }
      from.push(bestFrom);
      return c + best;
    });
    forward.push({ start: w.start, values });
    pointers.push(from);
  }
  // Labels after the last unit's all begin at the end, their runs empty.
  const closing = (k: number) => openings(k, labels - 1, n);
  const backward: Window[] = new Array(n);
  for (let u = n - 1; u >= 0; u--) {
    const w = cost[u] as Window;
    const next = backward[u + 1];
    backward[u] = {
      start: w.start,
      values: w.values.map((c, index) => {
        const k = w.start + index;
        if (!next) return c + closing(k);
        let best = Number.POSITIVE_INFINITY;
        let between = 0;
        for (let kn = k; kn <= last(next); kn++) {
          if (kn > k) between += opening(kn, u + 1);
          if (between === Number.POSITIVE_INFINITY) break;
          best = Math.min(best, between + at(next, kn));
        }
        return c + best;
      }),
    };
  }
  const marginals = cost.map((w, u) => ({
    start: w.start,
    values: w.values.map((c, index) =>
      Number.isFinite(c) ? at(forward[u], w.start + index) + at(backward[u], w.start + index) - c : c,
    ),
  }));
  // Trace the optimum back from the best last label, its later labels' runs empty at the end.
  const choice = new Array<number>(n).fill(0);
  if (n === 0) return { choice, marginals };
  const final = forward[n - 1] as Window;
  let bestK = final.start;
  let bestTotal = Number.POSITIVE_INFINITY;
  for (let k = final.start; k <= last(final); k++) {
    const total = at(final, k) + closing(k);
    if (total < bestTotal) [bestTotal, bestK] = [total, k];
  }
  for (let u = n - 1; u >= 0; u--) {
    choice[u] = bestK;
    bestK = pointers[u]?.[bestK - (forward[u] as Window).start] ?? bestK;
  }
  return { choice, marginals };
}

/**
 * How sure the cut is of unit's label: its min-marginal against the alternatives', as weights
 * exp(−Δ/temperature) normalised, rounded to three decimals.
 */
export function confidenceOf(marginal: Window, chosen: number, temperature: number): number {
  const best = minOf(marginal.values);
  const weights = marginal.values.map((c) => (Number.isFinite(c) ? Math.exp(-(c - best) / temperature) : 0));
  const total = weights.reduce((a, b) => a + b, 0);
  return total > 0 ? Math.round(((weights[chosen - marginal.start] ?? 0) / total) * 1000) / 1000 : 0;
}
