import type { Discrepancy } from "../../schema/discrepancy.js";
import type { Grid } from "../../schema/grid.js";
import type { SourceView } from "../../schema/source-view.js";
import { findingSources, findingTexts } from "./places.js";
import { rowsView } from "./rows.js";

export interface SourceViewOptions {
  /** Epoch ms after which no more pictures are rendered. */
  readonly deadline: number;
  /** Whether a PDF's findings get pictures; without, they get no view. */
  readonly pictures: boolean;
}

/**
 * The source beside each finding, for the review page: one view per finding, in the findings'
 * order (null: the finding points at no place in the source, or pictures are not wanted). A PDF's
 * are pictures of its pages, rendered here, at ingest time, on the worker thread (pdf.js loaded
 * again, with the reader's limits); the other formats' are the grid's rows around the place.
 */
export async function sourceViews(
  grid: Grid,
  discrepancies: readonly Discrepancy[],
  content: Uint8Array,
  { deadline, pictures }: SourceViewOptions,
): Promise<(SourceView | null)[]> {
  const places = discrepancies.map(findingSources);
  if (grid.format === "pdf") {
    if (!pictures) return places.map(() => null);
    const { pdfPictures } = await import("./pdf-pictures.js");
    return pdfPictures(content, grid, places, deadline);
  }
  return discrepancies.map((d, i) => rowsView(grid, places[i] ?? [], findingTexts(d)));
}
