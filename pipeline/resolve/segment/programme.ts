/**
 * The segmentation programme, whatever tells rows and labels apart: `rows` rows and `labels` labels,
 * both in reading order; each label gets a block of consecutive rows, the blocks in the labels' order,
 * the last running to the last row; rows before the first block go on from a cell before (a page
 * before). What a block costs is the caller's: vertical geometry for a printed table (costs.ts); row
 * order and text similarity would serve a text copy the same way.
 */
export interface Segmentation {
  readonly rows: number;
  readonly labels: number;
  /** The cost of giving label `index` the rows first..last (inclusive). */
  readonly blockCost: (index: number, first: number, last: number) => number;
  /** The cost of leaving the first `start` rows to a cell from before (infinite when none can be). */
  readonly leadingCost: (start: number) => number;
}

export interface SegmentPlan {
  /** Where each label's block starts. */
  readonly starts: number[];
  readonly cost: number;
  /** Per row, in the cost's units, when asked for: see rowMargins. */
  readonly margins?: number[];
}

/**
 * The plan of least total cost, by dynamic programming over block starts (O(labels × rows²) block
 * costs, each computed once); with `withMargins`, also each row's margin. Needs rows ≥ labels ≥ 1.
 */
export function segmentRows(problem: Segmentation, withMargins: boolean): SegmentPlan {
  const { rows: n, labels: m } = problem;
  // Each block's cost is asked for by both passes: computed once.
  const known = new Float64Array(m * n * n).fill(Number.NaN);
  const cost = (index: number, first: number, last: number): number => {
    const key = (index * n + first) * n + last;
    const value = known[key] as number;
    if (!Number.isNaN(value)) return value;
    const computed = problem.blockCost(index, first, last);
    known[key] = computed;
    return computed;
  };
  // least[i][s]: least cost of labels 0..i-1 with their blocks fixed, label i's block starting at row s.
  const least = table(m, n);
  const previousStart: number[][] = Array.from({ length: m }, () => new Array<number>(n).fill(-1));
  const at = (rows: number[][], i: number) => rows[i] as number[];
  for (let start = 0; start <= n - m; start++) at(least, 0)[start] = problem.leadingCost(start);
  for (let index = 1; index < m; index++) {
    for (let start = index; start <= n - (m - index); start++) {
      for (let previous = index - 1; previous < start; previous++) {
        const total = (at(least, index - 1)[previous] as number) + cost(index - 1, previous, start - 1);
        if (total < (at(least, index)[start] as number)) {
          at(least, index)[start] = total;
          at(previousStart, index)[start] = previous;
        }
      }
    }
  }
  let best = { start: -1, cost: Number.POSITIVE_INFINITY };
  for (let start = m - 1; start < n; start++) {
    const total = (at(least, m - 1)[start] as number) + cost(m - 1, start, n - 1);
    if (total < best.cost) best = { start, cost: total };
  }
  const starts = [best.start];
  for (let index = m - 1; index > 0; index--)
    starts.unshift(at(previousStart, index)[starts[0] as number] as number);
  if (!withMargins) return { starts, cost: best.cost };
  return { starts, cost: best.cost, margins: rowMargins(n, m, cost, least, starts, best.cost) };
}

/** An m × n table of costs, all infinite to begin with. */
function table(m: number, n: number): number[][] {
  return Array.from({ length: m }, () => new Array<number>(n).fill(Number.POSITIVE_INFINITY));
}

/**
 * Rule `segment-margins`: how sure the plan is of each row's label. A row's margin is how much more
 * the cheapest plan costs that gives the row another owner — another label, or the cell that goes on
 * from before — than the plan chosen. A row deep inside a block that fits its label has a large
 * margin; a row at a boundary that could as well move a row up or down has one near zero; a row no
 * other plan can give away (the last row, always the last label's), an infinite one.
 * The cheapest plan giving row r to label i is found from the forward table (`least`: labels before i
 * fixed, i starting at s) and a backward one (`after`: labels i..m−1 with i starting at s), as the
 * min-marginals of the programme.
 */
function rowMargins(
  n: number,
  m: number,
  cost: (index: number, first: number, last: number) => number,
  least: readonly (readonly number[])[],
  starts: readonly number[],
  bestCost: number,
): number[] {
  const lastEnd = (index: number) => n - m + index;
  // after[i][s]: least cost of the blocks of labels i..m−1, label i's block starting at row s.
  const after = table(m, n);
  const row = (rows: readonly (readonly number[])[], i: number) => rows[i] as number[];
  for (let index = m - 1; index >= 0; index--) {
    for (let start = index; start <= lastEnd(index); start++) {
      if (index === m - 1) {
        row(after, index)[start] = cost(index, start, n - 1);
        continue;
      }
      let bestHere = Number.POSITIVE_INFINITY;
      for (let end = start; end <= lastEnd(index); end++)
        bestHere = Math.min(bestHere, cost(index, start, end) + (row(after, index + 1)[end + 1] as number));
      row(after, index)[start] = bestHere;
    }
  }
  // owner[i][r]: the cheapest plan in which label i's block holds row r; `before[r]`: in which row r
  // goes on from before (above the first label's block).
  const owner = table(m, n);
  for (let index = 0; index < m; index++) {
    for (let start = index; start <= lastEnd(index); start++) {
      const into = row(least, index)[start] as number;
      if (!Number.isFinite(into)) continue;
      // Ends from the last down, keeping the cheapest plan whose block reaches at least this row
      // (the last label's block runs to the end).
      let reaching = Number.POSITIVE_INFINITY;
      for (let end = lastEnd(index); end >= start; end--) {
        if (index < m - 1)
          reaching = Math.min(
            reaching,
            into + cost(index, start, end) + (row(after, index + 1)[end + 1] as number),
          );
        else if (end === n - 1) reaching = into + cost(index, start, end);
        row(owner, index)[end] = Math.min(row(owner, index)[end] as number, reaching);
      }
    }
  }
  const before = new Array<number>(n).fill(Number.POSITIVE_INFINITY);
  let later = Number.POSITIVE_INFINITY;
  for (let start = n - m; start >= 1; start--) {
    later = Math.min(later, (row(least, 0)[start] as number) + (row(after, 0)[start] as number));
    before[start - 1] = later;
  }
  const chosenOwner = (r: number) => starts.filter((start) => start <= r).length - 1;
  return Array.from({ length: n }, (_, r) => {
    const chosen = chosenOwner(r);
    let other = chosen === -1 ? Number.POSITIVE_INFINITY : (before[r] as number);
    for (let index = 0; index < m; index++)
      if (index !== chosen) other = Math.min(other, row(owner, index)[r] as number);
    return Math.max(0, other - bestCost);
  });
}
