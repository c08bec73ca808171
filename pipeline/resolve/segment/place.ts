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
}

/**
 * Places each column's labels over blocks of rows, columns left to right so that a column's blocks
 * never straddle the start of a block to their left. Labels take the `alignment` decided for the
 * whole document. While it is being learnt (`alignment` null), the labels are placed once with each
 * alignment, and what each placement costs is added to `evidence`: an alignment is judged by the
 * blocks it gives every column, since the blocks of one column bound those of the next (judged inside
 * another alignment's blocks, a close call in the first column would decide the document).
 */
export function placeLabels<T extends ColumnLabel>(
  rows: readonly Span[],
  labels: readonly T[],
  fontSize: number,
  alignment: Alignment | null,
  evidence: AlignmentEvidence,
  continued: boolean,
): PlacedLabel<T>[] {
  // The labels nested in an outer label (its columns to the right) tell one that stretched its rows
  // from one centred on more rows than it touches.
  const cells = estimatedCells(rows, labels, LABEL_TOP_SLACK * fontSize, (label) => (label as T).col);
  const columns = [...new Set(labels.map((label) => label.col))]
    .sort((p, q) => p - q)
    .map((col) => labels.filter((label) => label.col === col).sort((p, q) => p.top - q.top));
  const placeWith = (chosen: Alignment) => {
    const placed: PlacedLabel<T>[] = [];
    const parentStarts = new Set<number>();
    let misfit = 0;
    for (const column of columns) {
      const plan = assignLabelBlocks(rows, cells, column, fontSize, parentStarts, continued, [chosen])?.[0];
      if (!plan) continue;
      misfit += plan.evidence;
      column.forEach((label, index) => {
        const first = plan.starts[index] as number;
        const last = index + 1 < column.length ? (plan.starts[index + 1] as number) - 1 : rows.length - 1;
        placed.push({ label, first, last });
        parentStarts.add(first);
      });
    }
    return { placed, misfit };
  };
  if (alignment !== null) return placeWith(alignment).placed;
  const placements = ALIGNMENTS.map((candidate) => {
    const placement = placeWith(candidate);
    evidence[candidate] += placement.misfit;
    return placement;
  });
  // What the reading learning the alignment places: the best fit here (it is read again once learnt).
  return placements.reduce((best, placement) => (placement.misfit < best.misfit ? placement : best)).placed;
}
