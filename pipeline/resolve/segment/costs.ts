import type { Alignment } from "./alignment.js";
import { ALIGNMENTS } from "./alignment.js";
import type { LabelSpan, RowSpan, Span } from "./span.js";

/** A label's top may sit this far above its first action's top: different fonts or a baseline alignment move it by a fraction of a line. */
export const LABEL_TOP_SLACK = 0.5;

/** Cost of leaving a row at a page's top without a label in a column (it continues a label from the previous page): a tenth of a font size per row, so that a label that fits a block centred on its rows is preferred over one that merely starts at a row by coincidence. */
export const UNCOVERED_ROW_COST = 0.1;

/**
 * …up to this many font sizes in all (ten rows' worth): a cell may go on from the page before for any
 * number of rows (a macro-process half a page long), and a cost growing with them would push the first
 * label of an outer column up against the misfit of every label below it.
 */
export const MAX_UNCOVERED_COST = 1;

/**
 * The last label of a page may have its cell go on to the next page, and some producers (browsers)
 * print it at the top of the part on this page whatever the alignment; turned text is placed along
 * its cell by its own paragraph alignment. Another alignment than the document's is allowed for them
 * at the cost of a font size of misfit, so that it wins over a clearly worse fit, not over a near
 * coincidence — nor over rows at the page's top that go on from the page before (which cost at most
 * as much, MAX_UNCOVERED_COST): a label centred on its block is the likelier reading.
 */
export const SPLIT_CELL_COST = 1;

/**
 * Rule `label-alignment`: each label is judged by its own alignment, not only the document's. Producers
 * top-align a cell that crosses a page break, and documents mix centred and top-aligned labels; a
 * label may sit at the top or in the middle of its block (the alignments producers give one cell apart
 * from its column; bottom only ever as a whole column's, which the document's alignment takes) at
 * this cost, in font sizes, over its misfit. Two font sizes: more than a split cell's other alignment
 * (SPLIT_CELL_COST), since any label may take it. Measured on the corpus's unruled documents (seeds
 * 179235367, 1925608417, 424242, four per family, and the documents of issue 15 under the bar): at 1
 * font size a Calc document centred throughout lost actions to labels read as top-aligned (0.867 ->
 * 0.832); at 2 none did, and the mixed and top-aligned documents read as well as at 1 (Chromium
 * 1889659065 0.750 -> 1.000, Calc 1383069347 0.707 -> 0.980, Calc 1796698635 0.407 -> 0.949); at 3
 * two documents whose document alignment was a near tie read worse again (Calc 539892345 0.845 ->
 * 0.724, pdftotext 393377145 0.866 -> 0.798).
 */
export const LABEL_ALIGNMENT_COST = 2;

/** The alignments a label may take apart from the document's (rule `label-alignment`). */
export const LABEL_ALIGNMENTS: readonly Alignment[] = ["top", "middle"];

/**
 * Cost, in font sizes, of leaving rows at a page's top to a cell from the page before when a block of
 * the columns to the left starts among them: as much as a split cell's other alignment (SPLIT_CELL_COST),
 * so that it wins over a near coincidence, not over a clearly better fit.
 */
export const PARENT_STARTED_COST = 1;

/** How much worse than a misfit it is for a label to lie outside the block given to it. */
export const OUTSIDE_BLOCK_PENALTY = 10;

/** Which of the half gaps between rows, from the narrowest, is taken for a cell's padding: the lower quartile. */
export const PADDING_QUANTILE = 0.25;

/**
 * How far a label is from sitting in a block with the given alignment, in points. A block is known by
 * the text of its rows (`text`: top of its first row's text, bottom of its last's) and by its cells'
 * estimated edges (`cell`): a label aligned to the top or bottom lines up with the text there, since the
 * cells share their padding; a label in the middle of a block is in the middle of its cells, which may
 * hold their text anywhere when rows are stretched.
 */
export function alignmentMisfit(
  label: Span,
  block: { text: Span; cell: Span },
  alignment: Alignment,
): number {
  if (alignment === "top") return Math.abs(label.top - block.text.top);
  if (alignment === "bottom") return Math.abs(label.bottom - block.text.bottom);
  return Math.abs((label.top + label.bottom) / 2 - (block.cell.top + block.cell.bottom) / 2);
}

/**
 * Rule `label-alignment`: the alignment of its own (LABEL_ALIGNMENTS) an upright label fits its block
 * best with, and that misfit with what it costs (LABEL_ALIGNMENT_COST). Turned text already takes any
 * alignment (blockCosts): none.
 */
export function ownAlignmentFit(
  label: LabelSpan,
  block: { text: Span; cell: Span },
  fontSize: number,
): { alignment: Alignment; misfit: number } | null {
  if (label.turned) return null;
  const [best] = LABEL_ALIGNMENTS.map((alignment) => ({
    alignment,
    misfit: alignmentMisfit(label, block, alignment) + LABEL_ALIGNMENT_COST * fontSize,
  })).sort((p, q) => p.misfit - q.misfit);
  return best ?? null;
}

/**
 * The cost of giving label `index` of one column (`labels`, top to bottom) the rows first..last as its
 * block, under one alignment: how far it is from sitting in the block so aligned, and a penalty for
 * lying outside it or for straddling the start of a block of the columns to the left (`parentStarts`).
 * `blockOf` gives a block's text extent and its cells' estimated edges (`cells`).
 */
export function blockCosts(
  rows: readonly RowSpan[],
  cells: readonly Span[],
  labels: readonly LabelSpan[],
  fontSize: number,
  parentStarts: ReadonlySet<number>,
  alignment: Alignment,
  childStarts: ReadonlySet<number> | null = null,
): {
  blockOf: (first: number, last: number) => { text: Span; cell: Span };
  cost: (index: number, first: number, last: number) => number;
  ownAlignment: (index: number, first: number, last: number) => Alignment | null;
} {
  const n = rows.length;
  const m = labels.length;
  const top = (row: number) => (rows[row] as Span).top;
  const bottom = (row: number) => (rows[row] as Span).bottom;
  const actionRows = (first: number, last: number) => heldRows(rows, first, last);
  const blockOf = (first: number, last: number) => {
    const held = actionRows(first, last);
    return {
      text: { top: top(held.first), bottom: bottom(held.last) },
      cell: { top: (cells[held.first] as Span).top, bottom: (cells[held.last] as Span).bottom },
    };
  };
  // Turned text (a band) is centred along its cell unless its own paragraph alignment says otherwise,
  // whatever the cells' alignment; the last label may sit at the top (a cell going on to the next page).
  const usualAlignment = (index: number): Alignment => (labels[index]?.turned ? "middle" : alignment);
  const otherAlignments = (index: number): readonly Alignment[] =>
    labels[index]?.turned ? ALIGNMENTS : index === m - 1 ? ["top"] : [];
  const usualMisfit = (index: number, block: { text: Span; cell: Span }) => {
    const label = labels[index] as LabelSpan;
    return Math.min(
      alignmentMisfit(label, block, usualAlignment(index)),
      ...otherAlignments(index).map(
        (other) => alignmentMisfit(label, block, other) + SPLIT_CELL_COST * fontSize,
      ),
    );
  };
  // The label's own alignment, when it explains the block better than the usual ones (for the trace).
  const ownAlignment = (index: number, first: number, last: number): Alignment | null => {
    const block = blockOf(first, last);
    const own = ownAlignmentFit(labels[index] as LabelSpan, block, fontSize);
    return own && own.misfit < usualMisfit(index, block) ? own.alignment : null;
  };
  const cost = (index: number, first: number, last: number): number => {
    const label = labels[index] as LabelSpan;
    const block = blockOf(first, last);
    const { text } = block;
    // Rule `empty-row-owner`: a block holding actions lies between the rows around those that hold them.
    const held = actionRows(first, last);
    const misfit = Math.min(
      usualMisfit(index, block),
      ownAlignmentFit(label, block, fontSize)?.misfit ?? Number.POSITIVE_INFINITY,
    );
    // The block's cells begin somewhere between the text of the row above and their own: a tall label
    // stretches rows apart, so the halfway estimate of cell edges may cut into it.
    const upperEdge = held.first > 0 ? bottom(held.first - 1) : Math.min(text.top, block.cell.top);
    // …and a label lies inside its cells: not below the next row's text either.
    const below = held.last + 1 < n ? top(held.last + 1) : text.bottom;
    const lowerEdge = held.last + 1 < n ? below : Number.POSITIVE_INFINITY;
    const outside =
      Math.max(0, upperEdge - LABEL_TOP_SLACK * fontSize - label.top) +
      Math.max(0, label.top - Math.max(text.bottom, below)) +
      Math.max(0, label.bottom - LABEL_TOP_SLACK * fontSize - lowerEdge);
    const crossesParent = [...parentStarts].some((start) => start > first && start <= last);
    // …nor cut a block of the column to the right (`childStarts`, when that column was placed first).
    const cutsChild =
      childStarts !== null && (!childStarts.has(first) || (last + 1 < n && !childStarts.has(last + 1)));
    return misfit + OUTSIDE_BLOCK_PENALTY * (outside + (crossesParent || cutsChild ? fontSize : 0));
  };
  return { blockOf, cost, ownAlignment };
}

/**
 * The cost of leaving the first `start` rows of a segment to a cell from the page before.
 * Rows before the first label continue a cell from the page before; a table that starts afresh
 * (after a totals row or heading on the same page) has none.
 * Rows where a block of the columns to the left starts are unlikely to: a cell from the page before
 * lies within its parent's cell from the page before (PARENT_STARTED_COST, not a bar: the parent's
 * own start may be a close call, as a band's centred on rows of two functions).
 */
export function uncoveredCost(
  start: number,
  parentStarts: ReadonlySet<number>,
  continued: boolean,
  fontSize: number,
): number {
  const parentStartsBefore = [...parentStarts].some((parent) => parent < start);
  return start > 0 && !continued
    ? Number.POSITIVE_INFINITY
    : (Math.min(start * UNCOVERED_ROW_COST, MAX_UNCOVERED_COST) +
        (start > 0 && parentStartsBefore ? PARENT_STARTED_COST : 0)) *
        fontSize;
}

/**
 * Rule `empty-row-owner`: the rows of first..last a block is measured by. A row the reader added for a
 * label beside an empty action cell (RowSpan `empty`) is that label's whole block (an empty
 * sub-process), or else no row at all: at the edge of a block that holds actions it stands for no
 * cell of that block, and the block is its action rows. Measured with the added row, a label could
 * take the next sub-process's first action and still lie inside its block (corpus seed 1522022843,
 * Calc 1389389315: an empty sub-process's label above the first action took it, the next label
 * centred on the actions left). A block of added rows only is itself.
 */
export function heldRows(
  rows: readonly RowSpan[],
  first: number,
  last: number,
): { first: number; last: number } {
  let start = first;
  let end = last;
  while (start < end && rows[start]?.empty) start++;
  while (end > start && rows[end]?.empty) end--;
  return rows[start]?.empty ? { first, last } : { first: start, last: end };
}
