import { z } from "zod";

/**
 * What the review page shows beside a finding: the place in the source it concerns. For a PDF, a
 * picture of the page region (the rows involved, the concerned text outlined), rendered at ingest
 * time and embedded as a data URI; for the other formats, the source's rows around it, the
 * concerned cells marked. Built by `pipeline/emit/source-view/`, one per finding (null: the finding
 * points at no place, such as a signature's).
 */
export const SourcePicture = z.object({
  page: z.number().int().positive(),
  /** A PNG, as `data:image/png;base64,…`: the page's CSP allows `img-src data:` and nothing else. */
  dataUri: z.string().startsWith("data:image/png;base64,"),
  /** Its size in pixels, so that the page reserves its room before decoding it. */
  width: z.number().int().positive(),
  height: z.number().int().positive(),
});
export type SourcePicture = z.infer<typeof SourcePicture>;

/** A cell of a source row; `span` columns wide (an empty cell stands for a column the row leaves blank). */
export const SourceCell = z.object({
  text: z.string(),
  marked: z.boolean(),
  span: z.number().int().positive(),
});
export type SourceCell = z.infer<typeof SourceCell>;

/** One row of the source (a line of a text copy, a table row of HTML, a sheet row…); null: rows left out. */
export const SourceRow = z
  .object({
    /** Where the row is, in Italian ("riga 32"). */
    where: z.string(),
    cells: z.array(SourceCell),
  })
  .nullable();
export type SourceRow = z.infer<typeof SourceRow>;

export const SourceView = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("picture"), pictures: z.array(SourcePicture).min(1) }),
  z.object({ kind: z.literal("rows"), rows: z.array(SourceRow).min(1) }),
  /** A place the page cannot show, and why, in Italian (the size budget is spent…). */
  z.object({ kind: z.literal("unavailable"), reason: z.string().min(1) }),
]);
export type SourceView = z.infer<typeof SourceView>;
