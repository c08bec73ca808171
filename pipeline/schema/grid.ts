import { z } from "zod";
import { InputFormat, SourceRef } from "./source.js";

/**
 * The table every reader produces, whatever the format: rows of cells with spans.
 * Readers only say where text sits; what a cell *is* (label, action, header, totals…) is decided
 * by the resolver, once for every format.
 */
export const GridCell = z.object({
  /** 0-based column in the reader's own column model (unreliable for text copies). */
  col: z.number().int().nonnegative(),
  rowSpan: z.number().int().positive(),
  colSpan: z.number().int().positive(),
  /**
   * Pieces the source itself separates (HTML paragraphs or <br>, PDF text blocks with a paragraph gap,
   * `<p>` markup left in a text copy). Whitespace collapsed, markup removed, hyphenation re-joined.
   */
  paragraphs: z.array(z.string().min(1)).min(1),
  source: SourceRef,
  /**
   * The source does not say where all of the cell's paragraphs end (a ruled cell whose lines' fill is
   * silent at some line: rule `silent-fill`): a piece may still hold several, for the resolver to cut
   * by what they say. Absent: each piece is one paragraph as printed.
   */
  undelimited: z.literal(true).optional(),
  /**
   * How sure the reader is of which label's block holds this cell's row, when it had to judge (a
   * stream table, whose rows no rule or fill delimits): how much worse, in font sizes of misfit, the
   * best other segmentation is that gives the row another label (pipeline/resolve/segment, rule
   * `segment-margins`). On an action cell, its row's least margin over the label columns; on a label
   * cell, the least over the rows of its block. Near 0: a coin toss between two readings; absent:
   * the source's rules, fills or markup say, or no other reading exists.
   */
  margin: z.number().nonnegative().optional(),
});
export type GridCell = z.infer<typeof GridCell>;

export const GridRow = z.object({
  page: z.number().int().positive().nullable(),
  cells: z.array(GridCell),
});
export type GridRow = z.infer<typeof GridRow>;

export const Grid = z.object({
  format: InputFormat,
  pages: z.number().int().positive().nullable(),
  /**
   * `exact`: row positions come from geometry or markup (a label's rowSpan covers exactly its actions).
   * `approximate`: a text copy, where labels may land rows away from their actions.
   */
  placement: z.enum(["exact", "approximate"]),
  rows: z.array(GridRow),
  /** What the reader noticed about the source itself (a wrong charset declaration, a PAdES signature…). */
  warnings: z.array(z.object({ message: z.string().min(1), evidence: z.record(z.string(), z.unknown()) })),
});
export type Grid = z.infer<typeof Grid>;
