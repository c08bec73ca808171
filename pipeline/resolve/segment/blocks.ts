import { ALIGNMENTS, type Alignment } from "./alignment.js";
import { alignmentMisfit, blockCosts, LABEL_TOP_SLACK, uncoveredCost } from "./costs.js";
import { segmentRows } from "./programme.js";
import type { LabelSpan, Span } from "./span.js";

/** Where each label's block of rows starts, for one alignment, and the total misfit of that choice. */
export interface BlockPlan {
  readonly starts: readonly number[];
  readonly alignment: Alignment;
  readonly cost: number;
  /** The misfit of all labels but the last, whose cell may go on to the next page: what the alignment is judged by. */
  readonly evidence: number;
  /**
   * Per row, the plan's margin there (programme.ts, rule `segment-margins`), in font sizes; given when
   * asked for (`margins`). Infinite where no other plan can give the row another owner.
   */
  readonly margins?: readonly number[];
  /**
   * Per label, the alignment of its own it was read with (rule `label-alignment`, costs.ts), or null
   * when the plan's alignment (or a split cell's, or a band's) placed it.
   */
  readonly own: readonly (Alignment | null)[];
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
  childStarts: ReadonlySet<number> | null = null,
): BlockPlan[] | null {
  if (labels.length > rows.length) return null;
  return alignments
    .map((alignment) => ({
      alignment,
      ...(labels.length === 0
        ? { starts: [], cost: 0, evidence: 0, own: [] }
        : cheapestBlocks(
            rows,
            cells,
            labels,
            fontSize,
            parentStarts,
            alignment,
            continued,
            margins,
            childStarts,
          )),
    }))
    .sort((p, q) => p.cost - q.cost);
}

/**
 * The blocks of least total misfit for one alignment (programme.ts), how well the alignment explains
 * them, and when asked for, each row's margin in font sizes (costs are misfits in points, which scale
 * with the type).
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
  childStarts: ReadonlySet<number> | null,
): { starts: number[]; cost: number; evidence: number; own: (Alignment | null)[]; margins?: number[] } {
  const { blockOf, cost, ownAlignment } = blockCosts(
    rows,
    cells,
    labels,
    fontSize,
    parentStarts,
    alignment,
    childStarts,
  );
  const plan = segmentRows(
    {
      rows: rows.length,
      labels: labels.length,
      blockCost: cost,
      leadingCost: (start) => uncoveredCost(start, parentStarts, continued, fontSize),
    },
    margins,
  );
  const { starts } = plan;
  const lastOf = (index: number) =>
    index + 1 < starts.length ? (starts[index + 1] as number) - 1 : rows.length - 1;
  // How well the alignment explains the upright labels whose cells end on this page (not the last one)
  // and begin on it: a first label given rows above its own top (more than LABEL_TOP_SLACK) may have
  // them only because no label before it could take them, in a table not known to go on from the page
  // before (rule `evidence-first-label`: a layout copy's page, its header set apart differently, read
  // as a fresh table, made that misfit the whole evidence against top-aligned labels).
  const evidence = starts.slice(0, -1).reduce((sum, start, index) => {
    const label = labels[index] as LabelSpan;
    const block = blockOf(start, lastOf(index));
    const givenRowsAbove = index === 0 && block.text.top < label.top - LABEL_TOP_SLACK * fontSize;
    return label.turned || givenRowsAbove ? sum : sum + alignmentMisfit(label, block, alignment);
  }, 0);
  return {
    starts,
    cost: plan.cost,
    evidence,
    own: starts.map((start, index) => ownAlignment(index, start, lastOf(index))),
    ...(plan.margins ? { margins: plan.margins.map((margin) => margin / fontSize) } : {}),
  };
}
