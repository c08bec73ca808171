import { ALIGNMENTS, type Alignment } from "./alignment.js";
import { alignmentMisfit, blockCosts, uncoveredCost } from "./costs.js";
import type { LabelSpan, Span } from "./span.js";

/** Where each label's block of rows starts, for one alignment, and the total misfit of that choice. */
interface BlockPlan {
  readonly starts: readonly number[];
  readonly alignment: Alignment;
  readonly cost: number;
  /** The misfit of all labels but the last, whose cell may go on to the next page: what the alignment is judged by. */
  readonly evidence: number;
  /**
   * Per row, the plan's margin there (rowMargins), in font sizes; given when asked for (`margins`).
   * Infinite where no other plan can give the row another owner.
   */
  readonly margins?: readonly number[];
}

/**
 * Which rows each label of one column covers: labels (top to bottom) get consecutive blocks of rows,
 * the last one running to the end; rows above the first block continue a label from an earlier page
 * (when the table is `continued` from one: not a table that starts afresh lower on a page).
 * Blocks are chosen so that the labels sit in them with one alignment (the last label, whose cell may
 * go on to the next page, may also sit at the top, and turned text anyhow, see SPLIT_CELL_COST), lie
 * beside them, and do not
 * straddle the start of a block of the columns to the left (`parentStarts`: a sub-process never spans
 * two processes).
 * Returns a plan for each of `alignments` (all unless given), cheapest first, or null when there are
 * more labels than rows. With `margins`, each plan also says how sure it is of each row's label.
 */
export function assignLabelBlocks(
  rows: readonly Span[],
  cells: readonly Span[],
  labels: readonly LabelSpan[],
  fontSize: number,
  parentStarts: ReadonlySet<number> = new Set(),
  continued = true,
  alignments: readonly Alignment[] = ALIGNMENTS,
  margins = false,
): BlockPlan[] | null {
  if (labels.length > rows.length) return null;
  return alignments
    .map((alignment) => ({
      alignment,
      ...(labels.length === 0
        ? { starts: [], cost: 0, evidence: 0 }
        : cheapestBlocks(rows, cells, labels, fontSize, parentStarts, alignment, continued, margins)),
    }))
    .sort((p, q) => p.cost - q.cost);
}

/**
 * The blocks of least total misfit for one alignment, by dynamic programming over block starts: run
 * forwards for the plan, and backwards too when its margins are asked for.
 */
function cheapestBlocks(
  rows: readonly Span[],
  cells: readonly Span[],
  labels: readonly LabelSpan[],
  fontSize: number,
  parentStarts: ReadonlySet<number>,
  alignment: Alignment,
  continued: boolean,
  margins: boolean,
): { starts: number[]; cost: number; evidence: number; margins?: number[] } {
  const n = rows.length;
  const m = labels.length;
  const costs = blockCosts(rows, cells, labels, fontSize, parentStarts, alignment);
  const { blockOf } = costs;
  // Each block's cost is asked for by both passes: computed once.
  const known = new Float64Array(m * n * n).fill(Number.NaN);
  const cost = (index: number, first: number, last: number): number => {
    const key = (index * n + first) * n + last;
    const value = known[key] as number;
    if (!Number.isNaN(value)) return value;
    const computed = costs.cost(index, first, last);
    known[key] = computed;
    return computed;
  };
  // least[i][s]: least cost of labels 0..i-1 with their blocks fixed, label i's block starting at row s.
  const least = table(m, n);
  const previousStart: number[][] = Array.from({ length: m }, () => new Array<number>(n).fill(-1));
  const at = (rows: number[][], i: number) => rows[i] as number[];
  for (let start = 0; start <= n - m; start++) {
    at(least, 0)[start] = uncoveredCost(start, parentStarts, continued, fontSize);
  }
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
  // How well the alignment explains the upright labels whose cells end on this page (not the last one).
  const evidence = starts.slice(0, -1).reduce((sum, start, index) => {
    const label = labels[index] as LabelSpan;
    const block = blockOf(start, (starts[index + 1] as number) - 1);
    return label.turned ? sum : sum + alignmentMisfit(label, block, alignment);
  }, 0);
  if (!margins) return { starts, cost: best.cost, evidence };
  return {
    starts,
    cost: best.cost,
    evidence,
    margins: rowMargins(n, m, cost, least, starts, best.cost, fontSize),
  };
}

/** An m × n table of costs, all infinite to begin with. */
function table(m: number, n: number): number[][] {
  return Array.from({ length: m }, () => new Array<number>(n).fill(Number.POSITIVE_INFINITY));
}

/**
 * Rule `segment-margins`: how sure the plan is of each row's label. A row's margin is how much more
 * the cheapest plan costs that gives the row another owner — another label of the column, or the cell
 * that goes on from the page before — than the plan chosen, in font sizes (costs are misfits in
 * points, which scale with the type). A row deep inside a block that fits its label has a large
 * margin; a row at a boundary that could as well move a row up or down has one near zero.
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
  fontSize: number,
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
  // goes on from the page before (above the first label's block).
  const owner = table(m, n);
  for (let index = 0; index < m; index++) {
    for (let start = index; start <= lastEnd(index); start++) {
      const into = row(least, index)[start] as number;
      if (!Number.isFinite(into)) continue;
      // Ends from the last down, keeping the cheapest plan whose block reaches at least this row.
      let reaching = Number.POSITIVE_INFINITY;
      // (The last label's block runs to the end.)
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
    return Math.max(0, other - bestCost) / fontSize;
  });
}
