import { maxOf, median } from "../../../arrays.js";
import {
  type Alignment,
  type AlignmentEvidence,
  documentAlignment,
} from "../../../resolve/segment/alignment.js";
import type { Span } from "../../../resolve/segment/span.js";
import type { Grid, GridCell, GridRow } from "../../../schema/grid.js";
import type { ClippedItem, Layout, LayoutPage } from "../../../schema/layout.js";
import type { BBox } from "../../../schema/source.js";
import { type Box, unionBox } from "../geometry/box.js";
import { clusterPositions, countUpTo } from "../geometry/cluster.js";
import {
  type CellTypesetting,
  cellParagraphs,
  cellTypesetting,
  joinLines,
  lazyVocabulary,
  type Vocabulary,
} from "../geometry/paragraphs.js";
import { RULE_SNAP } from "../settings.js";
import { findTables, latticePageRows, type RuledPlacement, type RuledTable } from "./lattice.js";
import { type PageCut, pageCutCells, printedTexts, type RuledTablePart } from "./page-cut.js";
import type { DraftCell, EmptyRowOwner, PageRow } from "./page-rows.js";
import type { StreamModel } from "./stream/model.js";
import { streamPageRows } from "./stream/page.js";
import { type StreamRegions, streamRegions } from "./stream/regions.js";

/*
 * From what a page shows to the shared grid, after Camelot's split:
 * - lattice: a page with ruling lines that enclose cells. Rows and columns come from the rules, a cell
 *   whose inner rules are missing is one merged cell, and text belongs to the cell holding its centre.
 * - stream: a page without such rules. Columns come from aligned left edges; each action (a line at the
 *   right-most column's edge) starts a row; labels in the columns to its left cover the action rows
 *   they sit beside.
 * Either way, text outside the table becomes rows of its own, one per line, in reading order.
 *
 * Every threshold is a fraction of a font size (the line's own, or the document's median), because
 * what separates two words, two lines or two rows scales with the type, not with the page.
 */

/**
 * Reads a document's layout as one grid: pages concatenated, each row carrying its page; a merged
 * cell is emitted at its first row with its spans; empty cells are not emitted.
 */
export function layoutToGrid(layout: Layout): Grid {
  const reading = readPages(layout);
  const { regions, streamPages, rowsByPage } = reading;
  const typesetting = typesettingOf(rowsByPage);
  const joined = new Map<DraftCell, JoinedCut>();
  for (const cut of cutCells(reading, typesetting)) {
    if (cut.kind === "joined") joined.set(cut.draft, cut);
  }
  const vocabulary = lazyVocabulary(() =>
    layout.pages.flatMap((page) => page.items.map((item) => item.text)),
  );
  const emitted = new Map<DraftCell, GridCell>();
  const rows: GridRow[] = rowsByPage.flatMap(({ page, rows }) =>
    finishPage(page, rows, { typesetting, vocabulary, joined, emitted }),
  );
  const readByAlignment = streamPages
    .filter((page) =>
      (regions.partsByPage.get(page.number) ?? []).some((part) => {
        const { action, tolerance } = regions.models[part.region] as StreamModel;
        return (
          action !== null &&
          part.page.items.some((item) => item.angle === 0 && Math.abs(item.x0 - action.x) <= tolerance)
        );
      }),
    )
    .map((page) => page.number);
  // Not parsed here: ingestion checks every reader's grid where it enters the resolver (ingest.ts).
  return {
    format: "pdf",
    pages: layout.pages.length,
    placement: "exact",
    rows,
    warnings:
      readByAlignment.length > 0
        ? [
            {
              message: "pages without ruling lines were read from the alignment of their text",
              evidence: { pages: readByAlignment },
            },
          ]
        : [],
  };
}

/** The ruled cells' typesetting, learnt over a document's pages. */
function typesettingOf(rowsByPage: PagesReading["rowsByPage"]): CellTypesetting {
  // The ruled cells, gathered in a loop rather than nested flatMaps over every row of every page.
  const ruledCells: PageRow["cells"] = [];
  for (const { rows } of rowsByPage) {
    for (const row of rows) {
      for (const cell of row.cells) if (cell.paragraphs === "by-gap") ruledCells.push(cell);
    }
  }
  return cellTypesetting(ruledCells);
}

/**
 * Rule `page-cut-cell` over a document (page-cut.ts): between each ruled page and the next, the cells
 * a page break cut. A `moved` text goes to the row on the page before where its cell starts, there
 * and then (the rows are this reading's own); a `joined` one is joined when the grid is written.
 */
function cutCells(reading: PagesReading, typesetting: CellTypesetting): PageCut[] {
  const { rowsByPage, snap } = reading;
  const cuts: PageCut[] = [];
  const printed = rowsByPage.map(({ rows }) => printedTexts(rows));
  rowsByPage.forEach(({ tables }, index) => {
    const next = rowsByPage[index + 1];
    const foot = tables.at(-1);
    const head = next?.tables[0];
    if (!next || !foot || !head) return;
    const around = { beforeFoot: printed[index - 1] ?? new Map(), beforeHead: printed[index] ?? new Map() };
    for (const cut of pageCutCells(foot, head, around, snap, typesetting.rightInset)) {
      cuts.push(cut);
      if (cut.kind !== "moved") continue;
      const from = next.rows.find((row) => row.cells.includes(cut.draft));
      from?.cells.splice(from.cells.indexOf(cut.draft), 1);
      cut.to.cells.push({ ...cut.draft, until: cut.until, page: next.page });
    }
  });
  return cuts;
}

/** What the reading of a document's pages found: its tables, its stream regions and each page's rows. */
interface PagesReading {
  readonly tablesByPage: readonly (readonly RuledTable[])[];
  readonly regions: StreamRegions;
  readonly streamPages: readonly LayoutPage[];
  /** Each page's rows, and its ruled tables as it shows them (none on a page read as a stream). */
  readonly rowsByPage: readonly {
    readonly page: number;
    readonly rows: readonly PageRow[];
    readonly tables: readonly RuledTablePart[];
    /** Text items a ruled page placed by a rule other than their centre (`cell-by-overlap`, `open-foot`, `overflow-down`). */
    readonly placed: readonly RuledPlacement[];
  }[];
  /** How far two rules may be and still be one boundary, in points. */
  readonly snap: number;
}

/** Reads every page into rows: ruled pages as lattices, the others by their table region's stream model. */
function readPages(layout: Layout): PagesReading {
  const fontSize = median(layout.pages.flatMap((page) => page.items.map((item) => item.fontSize))) ?? 1;
  const snap = RULE_SNAP * fontSize;
  const tablesByPage = layout.pages.map((page) => findTables(page.rules, snap));
  const boundaries = clusterPositions(
    tablesByPage.flat().flatMap((table) => table.xs),
    snap,
  );
  const columnIndex = (x: number) => Math.max(0, countUpTo(boundaries, x + snap) - 1);
  const streamPages = layout.pages.filter((_, index) => (tablesByPage[index] ?? []).length === 0);
  const regions = streamRegions(streamPages, fontSize);
  const pageRows = (alignment: Alignment | null, evidence: AlignmentEvidence) => {
    // Whether an earlier page held table rows: only then may a page's table go on from the page before.
    let tableBefore = false;
    return layout.pages.map((page, index) => {
      const tables = tablesByPage[index] ?? [];
      if (tables.length > 0) {
        tableBefore = true;
        const { rows, tables: parts, placed } = latticePageRows(page, tables, columnIndex, snap);
        return { page: page.number, rows: [...rows].sort((p, q) => p.top - q.top), tables: parts, placed };
      }
      const rows: PageRow[] = [];
      for (const part of regions.partsByPage.get(page.number) ?? []) {
        const model = regions.models[part.region] as StreamModel;
        const offset = regions.columnOffsets[part.region] ?? 0;
        const partRows = streamPageRows(
          part.page,
          model,
          fontSize,
          columnIndex,
          alignment,
          evidence,
          tableBefore && part.pageTop,
        );
        tableBefore ||= partRows.some((row) => row.cells.some((cell) => cell.col === model.actionIndex));
        // Every region's action column at one index: the grid's columns line up from the actions leftwards.
        for (const row of partRows) {
          rows.push(
            offset === 0
              ? row
              : { ...row, cells: row.cells.map((cell) => ({ ...cell, col: cell.col + offset })) },
          );
        }
      }
      return { page: page.number, rows: rows.sort((p, q) => p.top - q.top), tables: [], placed: [] };
    });
  };
  // Unruled pages are read twice: once to learn how labels are aligned over the whole document, then
  // with that alignment, which one page's coincidences cannot fool; the evidence goes along, to tell how
  // close the other alignments came (a row they would read otherwise has that margin: segment-margins).
  const evidence: AlignmentEvidence = { middle: 0, top: 0, bottom: 0 };
  const firstReading = pageRows(null, evidence);
  const rowsByPage = streamPages.length > 0 ? pageRows(documentAlignment(evidence), evidence) : firstReading;
  return { tablesByPage, regions, streamPages, rowsByPage, snap };
}

/**
 * What the reader found on a page, for a person to see why it was read as it was (`annex debug`):
 * the ruled tables, the columns of the stream model, the rows, and each cell with the rows it covers.
 */
export interface PageTrace {
  readonly page: number;
  readonly tables: readonly { readonly xs: readonly number[]; readonly ys: readonly number[] }[];
  /** Stream columns: where each starts, its shared centre when its text is centred, and which holds the actions. */
  readonly columns: readonly {
    readonly x: number;
    readonly centre: number | null;
    readonly action: boolean;
  }[];
  readonly rows: readonly Span[];
  /** What the stream models of the page's regions decided, in words (StreamModel.notes). */
  readonly notes: readonly string[];
  /** Each cell's text box, its column, and the extent of the rows it covers (a label's block). */
  /**
   * A label read with an alignment of its own (rule `label-alignment`) says which; one whose column was
   * placed after the columns to its right (rule `column-order`) says so, and so does one of a table
   * without actions (rule `table-without-actions`).
   */
  readonly cells: readonly {
    readonly col: number;
    readonly box: Box;
    readonly block: Span;
    readonly alignment?: Alignment;
    readonly innerFirst?: true;
    /** What rule `empty-row-owner` made of the rows added beside its block. */
    readonly emptyRowOwner?: EmptyRowOwner;
    readonly withoutActions?: true;
    /** Lines of the label read with it by rule `label-continuation`. */
    readonly continuedLines?: number;
  }[];
  /**
   * Text of this page read with a cell of the page before (rule `page-cut-cell`): `moved` to where its
   * cell starts there, or `joined` to the paragraph its cell's part there ends.
   */
  readonly cuts: readonly {
    readonly rule: "page-cut-cell";
    readonly kind: PageCut["kind"];
    readonly box: Box;
  }[];
  /** Text items of a ruled page placed by a rule rather than by their centre, and the rule. */
  readonly placed: readonly RuledPlacement[];
  /** Text items a clip cuts across, seen or hidden by a rule (LayoutPage.clipped). */
  readonly clipped: readonly ClippedItem[];
}

/** The reading of each page, as PageTrace. */
export function readingTrace(layout: Layout): PageTrace[] {
  const reading = readPages(layout);
  const { tablesByPage, regions, rowsByPage } = reading;
  const cuts = cutCells(reading, typesettingOf(rowsByPage));
  // Each cut is drawn on the page its text is on: the page after the cell's foot part.
  const cutsOnPage = (index: number) =>
    cuts
      .filter((cut) => (rowsByPage[index - 1]?.tables.at(-1)?.rows ?? []).includes(cutRow(cut)))
      .map((cut) => ({
        rule: "page-cut-cell" as const,
        kind: cut.kind,
        box: unionBox(cut.draft.lines.map((line) => line.box)),
      }));
  return rowsByPage.map(({ page, rows, placed }, index) => {
    // A cell read on the page before its text (`page-cut-cell`) is drawn with its cut, where its text is.
    const kept = rows
      .map((row) => ({ ...row, cells: row.cells.filter((cell) => cell.page === undefined) }))
      .filter((row) => row.cells.length > 0);
    const extent = (row: PageRow): Span => ({
      top: row.top,
      bottom: Math.max(
        row.top,
        maxOf(
          row.cells.flatMap((cell) => (cell.page === undefined ? cell.lines.map((line) => line.box.y1) : [])),
        ),
      ),
    });
    return {
      page,
      tables: (tablesByPage[index] ?? []).map(({ xs, ys }) => ({ xs, ys })),
      // Parts of a page that share a region (the text above a table and the table) draw its columns once.
      columns: [...new Set((regions.partsByPage.get(page) ?? []).map((part) => part.region))].flatMap(
        (region) => {
          const model = regions.models[region] as StreamModel;
          return model.columns.map((column) => ({
            x: column.x,
            centre: column.centre ?? null,
            action: column === model.action,
          }));
        },
      ),
      rows: kept.map(extent),
      notes: [...new Set((regions.partsByPage.get(page) ?? []).map((part) => part.region))].flatMap(
        (region) => (regions.models[region] as StreamModel).notes,
      ),
      cells: kept.flatMap((row) =>
        row.cells.map((cell) => ({
          col: cell.col,
          box: unionBox(cell.lines.map((line) => line.box)),
          block: { top: row.top, bottom: extent(cell.until ?? row).bottom },
          ...(cell.alignment ? { alignment: cell.alignment } : {}),
          ...(cell.innerFirst ? { innerFirst: true as const } : {}),
          ...(cell.emptyRowOwner ? { emptyRowOwner: cell.emptyRowOwner } : {}),
          ...(cell.withoutActions ? { withoutActions: true as const } : {}),
          ...(cell.continuedLines ? { continuedLines: cell.continuedLines } : {}),
        })),
      ),
      cuts: cutsOnPage(index),
      placed,
      clipped: layout.pages[index]?.clipped ?? [],
    };
  });
}

/** The row on the page before that a cut's text goes to: where its cell starts, or the cell it goes on with. */
function cutRow(cut: PageCut): PageRow {
  return cut.kind === "moved" ? cut.to : (cut.onto.until as PageRow);
}

/**
 * What writing a page's cells needs of the whole document: its cells' typesetting and words, the cells
 * whose first paragraph goes on with another's (`page-cut-cell`), and the grid cells written so far.
 */
interface DocumentReading {
  readonly typesetting: CellTypesetting;
  readonly vocabulary: Vocabulary;
  readonly joined: ReadonlyMap<DraftCell, JoinedCut>;
  readonly emitted: Map<DraftCell, GridCell>;
}

/** A cut whose text goes on with a cell of the page before. */
type JoinedCut = Extract<PageCut, { kind: "joined" }>;

/** Turns a page's rows into grid rows: empty rows dropped, spans counted in the rows that remain. */
function finishPage(page: number, rows: readonly PageRow[], document: DocumentReading): GridRow[] {
  const { typesetting, vocabulary, joined, emitted } = document;
  const kept = rows.filter((row) => row.cells.length > 0);
  const position = new Map<PageRow, number>();
  let last = -1;
  for (const row of rows) {
    if (row.cells.length > 0) last += 1;
    position.set(row, Math.max(0, last));
  }
  return kept.map((row, index) => {
    const cells: GridCell[] = [];
    // A loop, not flatMap: this runs for every cell of every page.
    for (const cell of [...row.cells].sort((p, q) => p.col - q.col)) {
      const { paragraphs, undelimited } =
        cell.paragraphs === "by-gap"
          ? cellParagraphs(cell, typesetting, vocabulary)
          : {
              paragraphs:
                cell.paragraphs === "each-line"
                  ? cell.lines.map((line) => line.text)
                  : [
                      cell.lines
                        .map((line) => line.text)
                        .reduce((text, next) => joinLines(text, next, vocabulary)),
                    ],
              undelimited: false,
            };
      let text = paragraphs.filter((paragraph) => paragraph !== "");
      // A paragraph a page break cut (`page-cut-cell`) goes on in its cell on the page before.
      const cut = joined.get(cell);
      const onto = emitted.get(cut?.onto as DraftCell);
      while (onto && cut && text.length > 0) {
        const last = onto.paragraphs.length - 1;
        onto.paragraphs[last] = joinLines(onto.paragraphs[last] as string, text[0] as string, vocabulary);
        text = text.slice(1);
        if (!cut.whole) break;
      }
      if (text.length === 0) continue;
      const end = cell.until ? (position.get(cell.until) ?? index) : index;
      const box = unionBox(cell.lines.map((line) => line.box));
      const bbox: BBox = [box.x0, box.y0, box.x1, box.y1];
      const gridCell: GridCell = {
        col: cell.col,
        rowSpan: Math.max(1, end - index + 1),
        colSpan: cell.colSpan,
        paragraphs: text,
        source: { page: cell.page ?? page, line: null, bbox },
        // A cell of one piece is cut by what it says anyway.
        ...(undelimited && text.length > 1 ? { undelimited: true as const } : {}),
        ...(cell.margin !== undefined ? { margin: cell.margin } : {}),
      };
      cells.push(gridCell);
      if (cell.paragraphs === "by-gap") emitted.set(cell, gridCell);
    }
    return { page, cells };
  });
}
