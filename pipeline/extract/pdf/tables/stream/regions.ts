import type { LayoutFill, LayoutPage } from "../../../../schema/layout.js";
import { COLUMN_ALIGN, MIN_HEADER_CELLS, RULE_SNAP } from "../../settings.js";
import { type StreamModel, streamModel } from "./model.js";

/*
 * Table regions: the parts of a document's unruled pages that share one table layout. A document may
 * set each function's table to its own widths (a table sized to its content, one per function), so
 * the columns are learnt per region, not once for the document, as Camelot's stream parser and
 * pdfplumber's table finder find columns per table.
 *
 * Where a table's header cells are shaded, each header row says where its table starts and where its
 * cells' edges are: a header whose cell edges differ from the one before starts a new region, on the
 * same page or the next (a header repeated on every page, or shaded body cells with the same edges,
 * go on with the region). Without shading a document is one region: a page's own columns, learnt
 * from it alone, were tried and moved regions at page breaks while tables change mid-page (corpus
 * seed 424242: one Writer document 0.752 -> 0.634 action F1, one Chromium print 0.891 -> 0.936).
 */

/** Part of a page (its items from `top` down to the next part) read with one region's model. */
export interface PagePart {
  readonly page: LayoutPage;
  readonly region: number;
  /** Whether a table of an earlier part may go on into this one: only at a page's top. */
  readonly pageTop: boolean;
}

/** The regions of a document's unruled pages: each page cut into parts, and each region's model. */
export interface StreamRegions {
  readonly partsByPage: ReadonlyMap<number, readonly PagePart[]>;
  readonly models: readonly StreamModel[];
  /** Added to a region's column indices so that every region's action column has the same index. */
  readonly columnOffsets: readonly number[];
}

/** A row of shaded header cells: its top, and its cells' edges left to right. */
interface FillRow {
  readonly top: number;
  readonly edges: readonly number[];
}

/**
 * Header rows of shaded cells: fills of one height side by side, each starting where the one before
 * ends (within `snap`); rows stacked right under each other (a header on two lines) are one, with its
 * finer line's edges, and a header has at least MIN_HEADER_CELLS cells.
 */
export function fillRows(fills: readonly LayoutFill[], snap: number): FillRow[] {
  const sorted = [...fills].sort((p, q) => p.y0 - q.y0 || p.x0 - q.x0);
  const bands: LayoutFill[][] = [];
  for (const fill of sorted) {
    const band = bands.find(
      (members) =>
        Math.abs((members[0] as LayoutFill).y0 - fill.y0) <= snap &&
        Math.abs((members[0] as LayoutFill).y1 - fill.y1) <= snap,
    );
    if (band) band.push(fill);
    else bands.push([fill]);
  }
  const rows: { top: number; bottom: number; edges: number[] }[] = [];
  for (const band of bands) {
    const cells = band.sort((p, q) => p.x0 - q.x0);
    const chained = cells.every(
      (cell, index) => index === 0 || Math.abs(cell.x0 - (cells[index - 1] as LayoutFill).x1) <= snap,
    );
    if (cells.length < 2 || !chained) continue;
    const top = (cells[0] as LayoutFill).y0;
    const bottom = (cells[0] as LayoutFill).y1;
    const edges = [...cells.map((cell) => cell.x0), (cells.at(-1) as LayoutFill).x1];
    const above = rows.at(-1);
    if (above && top - above.bottom <= snap) {
      // A header on two lines: its finer line (cells merged across columns above) has the columns.
      above.bottom = bottom;
      if (edges.length > above.edges.length) above.edges = edges;
    } else {
      rows.push({ top, bottom, edges });
    }
  }
  return rows
    .filter((row) => row.edges.length - 1 >= MIN_HEADER_CELLS)
    .map(({ top, edges }) => ({ top, edges }));
}

function sameEdges(p: readonly number[], q: readonly number[], tolerance: number): boolean {
  return (
    p.length === q.length && p.every((edge, index) => Math.abs(edge - (q[index] as number)) <= tolerance)
  );
}

/** The page with only what lies from `top` (inclusive) to `bottom` (exclusive), by vertical centre. */
function pageBetween(page: LayoutPage, top: number, bottom: number): LayoutPage {
  const inside = (box: { y0: number; y1: number }) => {
    const centre = (box.y0 + box.y1) / 2;
    return centre >= top && centre < bottom;
  };
  return {
    ...page,
    items: page.items.filter(inside),
    rules: page.rules.filter(inside),
    fills: page.fills.filter(inside),
  };
}

/** Cuts the unruled pages into regions and learns each region's stream model. */
export function streamRegions(pages: readonly LayoutPage[], fontSize: number): StreamRegions {
  const tolerance = COLUMN_ALIGN * fontSize;
  const snap = RULE_SNAP * fontSize;
  const headersByPage = pages.map((page) => fillRows(page.fills, snap));
  const parts: { page: LayoutPage; region: number; pageTop: boolean }[] = [];
  let region = -1;
  let edges: readonly number[] | null = null;
  const edgesOf: (readonly number[])[] = [];
  pages.forEach((page, index) => {
    // A new region at each header whose edges differ from the last header's.
    const cuts = (headersByPage[index] ?? []).filter((header) => {
      const starts = edges === null || !sameEdges(header.edges, edges, tolerance);
      edges = header.edges;
      return starts;
    });
    // What lies above the first new header goes on with the region before (or opens the first).
    const bounds = [Number.NEGATIVE_INFINITY, ...cuts.map((header) => header.top), Number.POSITIVE_INFINITY];
    for (let part = 0; part + 1 < bounds.length; part++) {
      const piece = pageBetween(page, bounds[part] as number, bounds[part + 1] as number);
      if (part === 0 && piece.items.length === 0 && cuts.length > 0) continue;
      if (part > 0 || region < 0) {
        region += 1;
        // The region opened above a page's first header (a title) has no header of its own.
        edgesOf[region] = cuts[part - 1]?.edges ?? [];
      }
      parts.push({ page: piece, region, pageTop: part === 0 });
    }
  });
  const models = Array.from({ length: region + 1 }, (_, index) =>
    streamModel(
      parts.filter((part) => part.region === index).map((part) => part.page),
      fontSize,
      edgesOf[index],
    ),
  );
  const deepest = Math.max(0, ...models.map((model) => model.actionIndex));
  const partsByPage = new Map<number, PagePart[]>();
  for (const part of parts) {
    const known = partsByPage.get(part.page.number);
    if (known) known.push(part);
    else partsByPage.set(part.page.number, [part]);
  }
  return {
    partsByPage,
    models,
    columnOffsets: models.map((model) => (model.actionIndex >= 0 ? deepest - model.actionIndex : 0)),
  };
}
