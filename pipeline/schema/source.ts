import { z } from "zod";

/**
 * Where a piece of text came from: a page and box (PDF), a line (text, HTML), a sheet and cell
 * (workbooks), a table and row (Word documents). The last four are added to contract v1, so they are
 * optional: a `hierarchy.json` written before them stays valid.
 */
export const BBox = z.tuple([z.number(), z.number(), z.number(), z.number()]);
export type BBox = z.infer<typeof BBox>;

export const SourceRef = z.object({
  page: z.number().int().positive().nullable(),
  line: z.number().int().positive().nullable(),
  bbox: BBox.nullable(),
  /** The worksheet's name, as its tab shows it. */
  sheet: z.string().optional(),
  /** The cell's address in the sheet (`D14`); of a merged cell, its top-left one. */
  cell: z
    .string()
    .regex(/^[A-Z]{1,3}[1-9]\d*$/)
    .optional(),
  /** The table's place among the document's tables, from 1. */
  table: z.number().int().positive().optional(),
  /** The row's place in its table, from 1; of a vertically merged cell, its first row. */
  row: z.number().int().positive().optional(),
});
export type SourceRef = z.infer<typeof SourceRef>;

export const InputFormat = z.enum(["pdf", "html", "text", "xlsx", "docx"]);
export type InputFormat = z.infer<typeof InputFormat>;
