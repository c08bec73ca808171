import { minOf } from "../arrays.js";

/**
 * The cheapest cut of a sequence of units (cells, in reading order) into contiguous runs, one per
 * label in label order, some runs possibly empty: a unit's own cost for each label it may belong to,
 * plus a price for where each label's run begins, which may depend on where the label before it
 * began (a copy drifts whole runs of labels by one offset, so a label's shift is judged against its
 * neighbour's). The same programme run forwards and backwards gives each (unit, label) pair its
 * min-marginal: the cost of the best cut that puts the unit there.
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

/** Where runs may begin and at what price. */
export interface RunPrices {
  /**
   * For each label, in ascending order, the units its run may begin at (the number of units: an
   * empty run after the last). Label 0's run begins at the first unit: `[0]`.
   */
  readonly starts: readonly (readonly number[])[];
  /**
   * The price of label j's run (j ≥ 1) beginning at unit u, when label j − 1's began at unit
   * `previous`. Infinite where u is not among label j's starts.
   */
  readonly opening: (j: number, u: number, previous: number) => number;
}

const INFINITY = Number.POSITIVE_INFINITY;

/**
 * `cost[u]`: unit u's cost for each label of its window (windows move forward with u: no window
 * starts or ends before the previous one's). The programme's state at a unit is its label and where
 * that label's run began.
 */
export function cheapestRuns(cost: readonly Window[], prices: RunPrices): Runs {
  const n = cost.length;
  const labels = prices.starts.length;
  const { starts, opening } = prices;
  /**
   * Labels from+1..to all beginning at unit u, label from's run having begun at `previous`: the runs
   * of from+1..to−1 are empty.
   */
  const chain = (from: number, to: number, u: number, previous: number) => {
    let total = 0;
    for (let j = from + 1; j <= to && total < INFINITY; j++)
      total += opening(j, u, j === from + 1 ? previous : u);
    return total;
  };
  const startsOf = (k: number) => starts[k] ?? [];
  // forward[u][k - start][i]: the best cost of units 0..u with unit u in label k's run, begun at starts[k][i].
  const forward: number[][][] = [];
  const pointers: { k: number; i: number }[][][] = [];
  for (let u = 0; u < n; u++) {
    const w = cost[u] as Window;
    const previous = cost[u - 1];
    const before = forward[u - 1];
    const states: number[][] = [];
    const from: { k: number; i: number }[][] = [];
    w.values.forEach((c, index) => {
      const k = w.start + index;
      const row: number[] = [];
      const back: { k: number; i: number }[] = [];
      startsOf(k).forEach((s, i) => {
        let best = INFINITY;
        let pointer = { k, i };
        if (s < u && previous && before && k >= previous.start && k < previous.start + before.length)
          best = before[k - previous.start]?.[i] ?? INFINITY;
        else if (s === u && u === 0) best = chain(0, k, 0, 0);
        else if (s === u && previous && before) {
          for (let kp = Math.min(k - 1, previous.start + before.length - 1); kp >= previous.start; kp--) {
            const tail = chain(kp + 1, k, u, u);
            if (tail === INFINITY) break;
            startsOf(kp).forEach((sp, ip) => {
              const held = before[kp - previous.start]?.[ip] ?? INFINITY;
              if (sp >= u || held === INFINITY) return;
              const total = held + opening(kp + 1, u, sp) + tail;
              if (total < best) [best, pointer] = [total, { k: kp, i: ip }];
            });
          }
        }
        row.push(c + best);
        back.push(pointer);
      });
      states.push(row);
      from.push(back);
    });
    forward.push(states);
    pointers.push(from);
  }
  // Labels after the last unit's all begin at the end, their runs empty.
  const closing = (k: number, s: number) => (k + 1 < labels ? chain(k, labels - 1, n, s) : 0);
  const backward: number[][][] = new Array(n);
  for (let u = n - 1; u >= 0; u--) {
    const w = cost[u] as Window;
    const next = cost[u + 1];
    const after = backward[u + 1];
    backward[u] = w.values.map((c, index) => {
      const k = w.start + index;
      return startsOf(k).map((s, i) => {
        if (s > u) return INFINITY;
        if (!next || !after) return c + closing(k, s);
        let best =
          k >= next.start && k < next.start + after.length
            ? (after[k - next.start]?.[i] ?? INFINITY)
            : INFINITY;
        for (let kn = Math.max(k + 1, next.start); kn < next.start + after.length; kn++) {
          const i2 = startsOf(kn).indexOf(u + 1);
          if (i2 < 0) continue;
          const total =
            opening(k + 1, u + 1, s) +
            chain(k + 1, kn, u + 1, u + 1) +
            (after[kn - next.start]?.[i2] ?? INFINITY);
          if (total < best) best = total;
        }
        return c + best;
      });
    });
  }
  const marginals = cost.map((w, u) => ({
    start: w.start,
    values: w.values.map((c, index) => {
      if (!Number.isFinite(c)) return c;
      const f = forward[u]?.[index] ?? [];
      const b = backward[u]?.[index] ?? [];
      return minOf(f.map((x, i) => x + (b[i] ?? INFINITY) - c));
    }),
  }));
  // Trace the optimum back from the best last state, its later labels' runs empty at the end.
  const choice = new Array<number>(n).fill(0);
  if (n === 0) return { choice, marginals };
  const final = cost[n - 1] as Window;
  let state = { k: final.start, i: 0 };
  let bestTotal = INFINITY;
  for (const [index, row] of (forward[n - 1] ?? []).entries()) {
    const k = final.start + index;
    for (const [i, x] of row.entries()) {
      const total = x + closing(k, startsOf(k)[i] as number);
      if (total < bestTotal) [bestTotal, state] = [total, { k, i }];
    }
  }
  for (let u = n - 1; u >= 0; u--) {
    choice[u] = state.k;
    state = pointers[u]?.[state.k - (cost[u] as Window).start]?.[state.i] ?? state;
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
