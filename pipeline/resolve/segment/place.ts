import { ALIGNMENTS, type Alignment, type AlignmentEvidence } from "./alignment.js";
import { assignLabelBlocks, type BlockPlan } from "./blocks.js";
import { estimatedCells } from "./cells.js";
import { LABEL_TOP_SLACK } from "./costs.js";
import type { LabelSpan, RowSpan, Span } from "./span.js";

/** A label of one column (columns numbered left to right). */
interface ColumnLabel extends LabelSpan {
  readonly col: number;
}

/** A label placed over rows first..last (inclusive) of its segment. */
interface PlacedLabel<T extends ColumnLabel> {
  readonly label: T;
  readonly first: number;
  readonly last: number;
  /** The least of its rows' margins (rule `segment-margins`), in font sizes. */
  readonly margin: number;
  /** The alignment of its own it sits in its block with (rule `label-alignment`), null when the document's. */
  readonly ownAlignment: Alignment | null;
  /** Whether its column was placed after the columns to its right (rule `column-order`). */
  readonly innerFirst: boolean;
}

/**
 * The labels placed, and for each column placed, per row the margin of the label it gave the row
 * (rule `segment-margins`), in font sizes: infinite where no other reading gives the row another.
 */
export interface Placement<T extends ColumnLabel> {
  readonly labels: PlacedLabel<T>[];
  readonly rowMargins: ReadonlyMap<number, readonly number[]>;
}

/**
 * How far behind the document's alignment, in font sizes of summed misfit, another alignment may come
 * and still be tried for the rows it would read otherwise: a margin this wide is a certainty at any
 * temperature the resolver uses (resolve/segment/confidence.ts), and trying it costs a placement.
 */
export const ALIGNMENT_DOUBT_LIMIT = 5;

/**
 * Places each column's labels over blocks of rows, columns left to right so that a column's blocks
 * never straddle the start of a block to their left, or right to left so that a column's blocks are
 * made of whole blocks to their right, whichever fits all columns better (rule `column-order`). Labels take the `alignment` decided for the
 * whole document. While it is being learnt (`alignment` null), the labels are placed once with each
 * alignment, and what each placement costs is added to `evidence`: an alignment is judged by the
 * blocks it gives every column, since the blocks of one column bound those of the next (judged inside
 * another alignment's blocks, a close call in the first column would decide the document).
 *
 * Once it is learnt, `evidence` is the document's, and each row's margin (rule `segment-margins`) is
 * the lesser of two doubts: its block plan's (blocks.ts: how much worse the best plan is that gives the
 * row another label), and the alignment's — a row that another alignment would give another label is
 * as sure as that alignment came behind over the whole document (a short document, whose few labels
 * fit two alignments alike, has a close call there).
 */
export function placeLabels<T extends ColumnLabel>(
  rows: readonly RowSpan[],
  labels: readonly T[],
  fontSize: number,
  alignment: Alignment | null,
  evidence: AlignmentEvidence,
  continued: boolean,
): Placement<T> {
  // The labels nested in an outer label (its columns to the right) tell one that stretched its rows
  // from one centred on more rows than it touches.
  const cells = estimatedCells(rows, labels, LABEL_TOP_SLACK * fontSize, (label) => (label as T).col);
  const columns = [...new Set(labels.map((label) => label.col))]
    .sort((p, q) => p - q)
    .map((col) => labels.filter((label) => label.col === col).sort((p, q) => p.top - q.top));
  // Rule `empty-row-owner` (costs.ts): rows added for labels beside empty action cells are the
  // innermost column's; to the columns left of it they are rows like any other (an empty sub-process
  // is in its process's block).
  const innermost = columns.at(-1)?.[0]?.col;
  const plainRows: Span[] = rows.map(({ top, bottom }) => ({ top, bottom }));
  const placeInOrder = (chosen: Alignment, withMargins: boolean, inward: boolean) => {
    const placed: PlacedLabel<T>[] = [];
    const rowMargins = new Map<number, number[]>();
    const parentStarts = new Set<number>();
    let childStarts: Set<number> | null = null;
    let misfit = 0;
    let cost = 0;
    for (const column of inward ? columns : [...columns].reverse()) {
      const plan: BlockPlan | undefined = assignLabelBlocks(
        (column[0] as T).col === innermost ? rows : plainRows,
        cells,
        column,
        fontSize,
        parentStarts,
        continued,
        [chosen],
        withMargins,
        inward ? null : childStarts,
      )?.[0];
      if (!plan) continue;
      misfit += plan.evidence;
      cost += plan.cost;
      if (!inward) childStarts = new Set(plan.starts);
      const margins = [...(plan.margins ?? rows.map(() => Number.POSITIVE_INFINITY))];
      rowMargins.set((column[0] as T).col, margins);
      column.forEach((label, index) => {
        const first = plan.starts[index] as number;
        const last = index + 1 < column.length ? (plan.starts[index + 1] as number) - 1 : rows.length - 1;
        placed.push({
          label,
          first,
          last,
          margin: Number.POSITIVE_INFINITY,
          ownAlignment: plan.own[index] ?? null,
          innerFirst: !inward,
        });
        if (inward) parentStarts.add(first);
      });
    }
    return { labels: placed.sort((p, q) => p.label.col - q.label.col), rowMargins, misfit, cost };
  };
  // Rule `column-order`: columns placed outer to inner, each inside its parent's blocks, and inner to
  // outer, each outer block made of whole inner ones; the reading that fits every column best is kept.
  // Placed only outer to inner, a misplaced outer label moves every block nested in it (corpus seeds
  // 179235367, 1925608417, 424242 and 31337: Writer 827159291 0.912 -> 1.000, Chromium 1227734611
  // 0.956 -> 0.995, Calc 455371981 0.746 -> 0.809; Calc 2029463777 0.800 -> 0.791).
  // A row the other order gives another label is as sure as that order came behind (segment-margins).
  const placeWith = (chosen: Alignment, withMargins: boolean) => {
    const inward = placeInOrder(chosen, withMargins, true);
    const outward = placeInOrder(chosen, withMargins, false);
    const [kept, other] = outward.cost < inward.cost ? [outward, inward] : [inward, outward];
    if (withMargins) doubtRows(kept, other, (other.cost - kept.cost) / fontSize, rows.length);
    return kept;
  };
  if (alignment === null) {
    const placements = ALIGNMENTS.map((candidate) => {
      const placement = placeWith(candidate, false);
      evidence[candidate] += placement.misfit;
      return placement;
    });
    // What the reading learning the alignment places: the best fit here (it is read again once learnt).
    return placements.reduce((best, placement) => (placement.misfit < best.misfit ? placement : best));
  }
  const placement = placeWith(alignment, true);
  for (const other of ALIGNMENTS) {
    const behind = (evidence[other] - evidence[alignment]) / fontSize;
    if (other === alignment || !(behind < ALIGNMENT_DOUBT_LIMIT)) continue;
    doubtRows(placement, placeWith(other, false), behind, rows.length);
  }
  return {
    labels: placement.labels.map((placed) => ({
      ...placed,
      margin: Math.min(
        ...(placement.rowMargins.get(placed.label.col) ?? []).slice(placed.first, placed.last + 1),
        Number.POSITIVE_INFINITY,
      ),
    })),
    rowMargins: placement.rowMargins,
  };
}

/**
 * Lowers to `behind` (font sizes, at least 0) the margin of each row of `placement` that `otherwise`,
 * another reading that came that far behind, gives another label.
 */
function doubtRows<T extends ColumnLabel>(
  placement: { labels: readonly PlacedLabel<T>[]; rowMargins: ReadonlyMap<number, number[]> },
  otherwise: { labels: readonly PlacedLabel<T>[] },
  behind: number,
  rows: number,
): void {
  for (const [col, margins] of placement.rowMargins) {
    const owners = ownersOf(placement.labels, col, rows);
    const others = ownersOf(otherwise.labels, col, rows);
    margins.forEach((margin, row) => {
      if (owners[row] !== others[row]) margins[row] = Math.min(margin, Math.max(0, behind));
    });
  }
}

/** Per row, the label of column `col` placed over it (undefined: a cell going on from the page before). */
function ownersOf<T extends ColumnLabel>(
  placed: readonly PlacedLabel<T>[],
  col: number,
  rows: number,
): (T | undefined)[] {
  const owners = new Array<T | undefined>(rows).fill(undefined);
  for (const { label, first, last } of placed) {
    if (label.col !== col) continue;
    for (let row = first; row <= last; row++) owners[row] = label;
  }
  return owners;
}
