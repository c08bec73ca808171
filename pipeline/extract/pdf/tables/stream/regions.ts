import type { LayoutFill, LayoutPage } from "../../../../schema/layout.js";
import { readingLines, splitChunks } from "../../geometry/lines.js";
import { COLUMN_ALIGN, HEADER_LINE_GAP, MIN_HEADER_CELLS, RULE_SNAP } from "../../settings.js";
import { type HeaderCell, isBodySize } from "./columns.js";
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
 * go on with the region). Without shading, a header is a line of text cells whose wording recurs (a
 * table's header is printed again at each table and each page): a header whose cells' centres differ
 * from the last one's starts a region, and its cells give no edges. A page's own columns, learnt from
 * it alone, were tried and moved regions at page breaks while tables change mid-page (corpus seed
 * 424242: one Writer document 0.752 -> 0.634 action F1, one Chromium print 0.891 -> 0.936).
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

/** A table's header row: its top, and its cells' edges (or, printed without shading, centres) left to right. */
interface FillRow {
  readonly top: number;
  readonly edges: readonly number[];
}

/** A header row printed without shading: also its bottom, and its cells' text extents left to right. */
interface TextHeaderRow extends FillRow {
  readonly bottom: number;
  readonly cells: readonly HeaderCell[];
  /** Its lines' texts, top to bottom. */
  readonly wording: string;
  /** Whether no line in the table's size, printed once, lies above it on its page. */
  readonly opensPage: boolean;
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

/**
 * Header rows printed without shading, per page: lines of at least MIN_HEADER_CELLS chunks in the
 * table's size, side by side, whose wording (the chunks' texts in order) is printed more than once in
 * the document, as a table's header is at each table and each page, while body rows do not repeat
 * whole. A header line reaches over the printed-again lines that overlap it (staggered cells: round-trip
 * seed 644162375 sets a cell's two lines around the others' one, 1.5 font sizes below the line above
 * but 0.9 from the staggered line); such lines less than HEADER_LINE_GAP font sizes apart, so reached,
 * are one header (on two lines), whose cells are its line of the most chunks (lines of as many widen
 * each other's). Its `edges` are its cells' centres: header
 * text is centred, and a header is only compared with other headers.
 */
export function textHeaderRows(pages: readonly LayoutPage[], fontSize: number): TextHeaderRow[][] {
  const allLines = pages.map((page) =>
    readingLines(page.items)
      .filter((line) => line.angle === 0)
      .map((line) => ({ line, chunks: splitChunks(line).filter((chunk) => isBodySize(chunk, fontSize)) }))
      .map(({ line, chunks }) => ({ line, chunks, key: chunks.map((chunk) => chunk.text).join("\t") })),
  );
  const printed = new Map<string, number>();
  for (const { key } of allLines.flat()) printed.set(key, (printed.get(key) ?? 0) + 1);
  const linesByPage = allLines.map((lines) =>
    lines.filter(({ chunks }) => chunks.length >= MIN_HEADER_CELLS),
  );
  return linesByPage.map((lines, page) => {
    // A header's cells may set their lines staggered: a line printed again that overlaps a header line
    // vertically (a cell of fewer lines, centred beside others) is the header's, whatever its cells.
    const again = (allLines[page] ?? []).filter(({ key }) => (printed.get(key) ?? 0) > 1);
    const reach = (span: { top: number; bottom: number }) => {
      for (const { line } of again) {
        if (line.box.y0 >= span.bottom || line.box.y1 <= span.top) continue;
        span.top = Math.min(span.top, line.box.y0);
        span.bottom = Math.max(span.bottom, line.box.y1);
      }
    };
    const rows: { top: number; bottom: number; cells: HeaderCell[]; wording: string }[] = [];
    const headerLines = lines
      .filter(({ key }) => (printed.get(key) ?? 0) > 1)
      .map(({ line, chunks, key }) => {
        const span = { top: line.box.y0, bottom: line.box.y1 };
        reach(span);
        return { ...span, chunks, key };
      })
      .sort((p, q) => p.top - q.top);
    // Header lines are one header when the gap between them, staggered lines included, is small.
    for (const { top, bottom, chunks, key } of headerLines) {
      const cells = chunks.map(({ box }) => ({ x0: box.x0, x1: box.x1 })).sort((p, q) => p.x0 - q.x0);
      const above = rows.at(-1);
      if (above && top - above.bottom <= HEADER_LINE_GAP * fontSize) {
        above.bottom = Math.max(above.bottom, bottom);
        above.wording = `${above.wording}\n${key}`;
        if (cells.length > above.cells.length) above.cells = cells;
        else if (cells.length === above.cells.length)
          above.cells = above.cells.map((cell, index) => ({
            x0: Math.min(cell.x0, (cells[index] as HeaderCell).x0),
            x1: Math.max(cell.x1, (cells[index] as HeaderCell).x1),
          }));
      } else {
        rows.push({ top, bottom, cells, wording: key });
      }
    }
    for (const row of rows) reach(row);
    // Lines printed once: a page's running title, or a header cell's line set apart, is printed again.
    const tableLines = (allLines[page] ?? []).filter(
      ({ chunks, key }) => chunks.length > 0 && (printed.get(key) ?? 0) < 2,
    );
    return rows.map((row) => ({
      ...row,
      edges: row.cells.map((cell) => (cell.x0 + cell.x1) / 2),
      opensPage: tableLines.every(({ line }) => line.box.y1 > row.top),
    }));
  });
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

/**
 * Whether a header printed without shading goes on with the table of the header before (`last`): it
 * opens its page, in the wording of one of its lines at least, as a table carried over a page break
 * repeats its header (a layout copy sets a header's staggered lines apart as each page's baselines fall,
 * so the header's lines and what joins them differ from page to page; rule `header-continues`). Its
 * cells' positions are no guide there: a layout copy lays each page's columns out afresh
 * (`pdftotext -layout`, seed 1116812090: a region per page took copies' action F1 from 0.649 to
 * 0.626). A new table whose header happens to open a page is read with the one before, as every
 * unruled table was before regions were found from header text.
 */
function continuesTable(header: FillRow | TextHeaderRow, last: TextHeaderRow | null): boolean {
  if (!("wording" in header) || last === null || !header.opensPage) return false;
  const lines = new Set(last.wording.split("\n"));
  return header.wording.split("\n").some((line) => lines.has(line));
}

/** The page without the lines of its header rows. */
function withoutHeaders(page: LayoutPage, headers: readonly TextHeaderRow[]): LayoutPage {
  const inHeader = (item: { y0: number; y1: number }) =>
    headers.some(
      (header) => (item.y0 + item.y1) / 2 >= header.top && (item.y0 + item.y1) / 2 <= header.bottom,
    );
  return { ...page, items: page.items.filter((item) => !inHeader(item)) };
}

/** Cuts the unruled pages into regions and learns each region's stream model. */
export function streamRegions(pages: readonly LayoutPage[], fontSize: number): StreamRegions {
  const tolerance = COLUMN_ALIGN * fontSize;
  const snap = RULE_SNAP * fontSize;
  const shaded = pages.map((page) => fillRows(page.fills, snap));
  // Shaded cells give a header's edges; only a document without any has its headers found by their text.
  const textHeaders = shaded.every((rows) => rows.length === 0);
  const textRows = textHeaders ? textHeaderRows(pages, fontSize) : [];
  const headersByPage: readonly (readonly (FillRow | TextHeaderRow)[])[] = textHeaders ? textRows : shaded;
  const parts: { page: LayoutPage; region: number; pageTop: boolean }[] = [];
  let region = -1;
  let edges: readonly number[] | null = null;
  let lastText: TextHeaderRow | null = null;
  const edgesOf: (readonly number[])[] = [];
  const headerCellsOf: (readonly HeaderCell[])[] = [];
  // Regions learn their columns from their pages, without the header lines found by their text.
  const learnt: { region: number; page: LayoutPage }[] = [];
  pages.forEach((page, index) => {
    // A new region at each header whose edges differ from the last header's; a header printed without
    // shading that opens its page in the last one's wording goes on with its table (continuesTable).
    const cuts = (headersByPage[index] ?? []).filter((header) => {
      const starts =
        edges === null || (!sameEdges(header.edges, edges, tolerance) && !continuesTable(header, lastText));
      edges = header.edges;
      if ("wording" in header) lastText = header;
      return starts;
    });
    // What lies above the first new header goes on with the region before (or opens the first).
    const bounds = [Number.NEGATIVE_INFINITY, ...cuts.map((header) => header.top), Number.POSITIVE_INFINITY];
    for (let part = 0; part + 1 < bounds.length; part++) {
      const piece = pageBetween(page, bounds[part] as number, bounds[part + 1] as number);
      if (part === 0 && piece.items.length === 0 && cuts.length > 0) continue;
      // What lies above the document's first header (its title) goes with that header's region.
      const aboveFirst = part === 0 && region < 0 && cuts.length > 0;
      if (!aboveFirst && (part > 0 || region < 0)) {
        region += 1;
        const header = cuts[part - 1];
        edgesOf[region] = textHeaders ? [] : (header?.edges ?? []);
        headerCellsOf[region] = header && "cells" in header ? header.cells : [];
      }
      const own = aboveFirst ? region + 1 : region;
      parts.push({ page: piece, region: own, pageTop: part === 0 });
      if (textHeaders) learnt.push({ region: own, page: withoutHeaders(piece, textRows[index] ?? []) });
    }
  });
  const models = Array.from({ length: region + 1 }, (_, index) =>
    streamModel(
      (textHeaders ? learnt : parts).filter((part) => part.region === index).map((part) => part.page),
      fontSize,
      edgesOf[index],
      headerCellsOf[index],
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
