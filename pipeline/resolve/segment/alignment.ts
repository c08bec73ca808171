/** How a label sits in its block, as a person sees it: a column's labels share one alignment. */
export type Alignment = "top" | "middle" | "bottom";

/** In order of preference when nothing tells them apart: most producers centre merged cells. */
export const ALIGNMENTS: readonly Alignment[] = ["middle", "top", "bottom"];

/** How badly each alignment explains the labels, summed over a document's table segments. */
export type AlignmentEvidence = Record<Alignment, number>;

/**
 * The document's label alignment: the one that explains its labels best. One for all columns, since
 * a table's merged cells share one style, and a column with one or two labels a page gives too few
 * examples to tell a fit from a coincidence.
 */
export function documentAlignment(evidence: AlignmentEvidence): Alignment {
  return ALIGNMENTS.reduce((best, alignment) => (evidence[alignment] < evidence[best] ? alignment : best));
}
