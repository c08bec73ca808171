import { ALIGNMENTS, type Alignment, type AlignmentEvidence } from "./alignment.js";
import { assignLabelBlocks } from "./blocks.js";
import { estimatedCells } from "./cells.js";
import { LABEL_TOP_SLACK } from "./costs.js";
import type { LabelSpan, Span } from "./span.js";

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
 * never straddle the start of a block to their left. Labels take the `alignment` decided for the
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
  rows: readonly Span[],
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
  const placeWith = (chosen: Alignment, withMargins: boolean) => {
    const placed: PlacedLabel<T>[] = [];
    const rowMargins = new Map<number, number[]>();
    const parentStarts = new Set<number>();
    let misfit = 0;
    for (const column of columns) {
      const plan = assignLabelBlocks(
        rows,
        cells,
        column,
        fontSize,
        parentStarts,
        continued,
        [chosen],
        withMargins,
      )?.[0];
      if (!plan) continue;
      misfit += plan.evidence;
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
        });
        parentStarts.add(first);
      });
    }
    return { labels: placed, rowMargins, misfit };
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
    const otherwise = placeWith(other, false);
    for (const [col, margins] of placement.rowMargins) {
      const owners = ownersOf(placement.labels, col, rows.length);
      const others = ownersOf(otherwise.labels, col, rows.length);
      margins.forEach((margin, row) => {
        if (owners[row] !== others[row]) margins[row] = Math.min(margin, Math.max(0, behind));
      });
    }
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
