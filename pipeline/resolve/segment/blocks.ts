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
 * more labels than rows.
 */
export function assignLabelBlocks(
  rows: readonly Span[],
  cells: readonly Span[],
  labels: readonly LabelSpan[],
  fontSize: number,
  parentStarts: ReadonlySet<number> = new Set(),
  continued = true,
  alignments: readonly Alignment[] = ALIGNMENTS,
): BlockPlan[] | null {
  if (labels.length > rows.length) return null;
  return alignments
    .map((alignment) => ({
      alignment,
      ...(labels.length === 0
        ? { starts: [], cost: 0, evidence: 0 }
        : cheapestBlocks(rows, cells, labels, fontSize, parentStarts, alignment, continued)),
    }))
    .sort((p, q) => p.cost - q.cost);
}

/** The blocks of least total misfit for one alignment, by dynamic programming over block starts. */
function cheapestBlocks(
  rows: readonly Span[],
  cells: readonly Span[],
  labels: readonly LabelSpan[],
  fontSize: number,
  parentStarts: ReadonlySet<number>,
  alignment: Alignment,
  continued: boolean,
): { starts: number[]; cost: number; evidence: number } {
  const n = rows.length;
  const m = labels.length;
  const { blockOf, cost } = blockCosts(rows, cells, labels, fontSize, parentStarts, alignment);
  // least[i][s]: least cost of labels 0..i-1 with their blocks fixed, label i's block starting at row s.
  const least: number[][] = Array.from({ length: m }, () =>
    new Array<number>(n).fill(Number.POSITIVE_INFINITY),
  );
  const previousStart: number[][] = Array.from({ length: m }, () => new Array<number>(n).fill(-1));
  const at = (table: number[][], i: number) => table[i] as number[];
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
  return { starts, cost: best.cost, evidence };
}
