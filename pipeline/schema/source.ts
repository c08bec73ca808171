import { z } from "zod";

/** Where a piece of text came from: a page and box (PDF), or a line (text, HTML). */
export const BBox = z.tuple([z.number(), z.number(), z.number(), z.number()]);
export type BBox = z.infer<typeof BBox>;

export const SourceRef = z.object({
  page: z.number().int().positive().nullable(),
  line: z.number().int().positive().nullable(),
  bbox: BBox.nullable(),
});
export type SourceRef = z.infer<typeof SourceRef>;

export const InputFormat = z.enum(["pdf", "html", "text"]);
export type InputFormat = z.infer<typeof InputFormat>;
