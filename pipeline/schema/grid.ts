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
