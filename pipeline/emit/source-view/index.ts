import type { Discrepancy } from "../../schema/discrepancy.js";
import type { Grid } from "../../schema/grid.js";
import type { SourceView } from "../../schema/source-view.js";
import { findingSources, findingTexts } from "./places.js";
import { rowsView } from "./rows.js";

/**
 * The source beside each finding, for the review page: one view per finding, in the findings'
 * order (null: the finding points at no place in the source). A PDF's are pictures of its pages,
 * rendered here, at ingest time, on the worker thread (pdf.js loaded again, with the reader's
 * limits); the other formats' are the grid's rows around the place.
 */
export async function sourceViews(
  grid: Grid,
  discrepancies: readonly Discrepancy[],
  content: Uint8Array,
  deadline: number,
): Promise<(SourceView | null)[]> {
  const places = discrepancies.map(findingSources);
  if (grid.format === "pdf") {
    const { pdfPictures } = await import("./pdf-pictures.js");
    return pdfPictures(content, grid, places, deadline);
  }
  return discrepancies.map((d, i) => rowsView(grid, places[i] ?? [], findingTexts(d)));
}
