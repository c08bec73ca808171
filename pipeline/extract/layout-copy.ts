import { maxOf } from "../arrays.js";
import { InputError } from "../errors.js";
import { REFUSAL } from "../messages/refusals.js";
import type { Layout, LayoutItem, LayoutPage } from "../schema/layout.js";
import { type CopyDecision, entryStarts } from "./layout-copy/entries.js";
import { codePoints, columnStarts, type Run, runsOf, splitAtColumns, startNear } from "./layout-copy/runs.js";
import { joinLines, type Vocabulary, vocabularyOf } from "./pdf/geometry/paragraphs.js";

/*
 * A layout copy (`pdftotext -layout` and the like) keeps a page's geometry on a character grid: each
 * character sits at a column, each text line at a row, columns of a table are runs of text lined up
 * across lines and kept apart by two spaces or more, and a form feed ends a page. Read back onto
 * that grid, it is the Document stage of a PDF, and the PDF's table reader reads it.
 */

/** The nominal type size the copy is laid out at; every other measure is a fraction of it. */
const NOMINAL_FONT_SIZE = 10;
/** A character's advance: a monospaced font's (Courier's 600 units per 1000), the grid layout copies are printed on. */
const CHAR_WIDTH = 0.6 * NOMINAL_FONT_SIZE;
/** The distance between two lines: the default leading of office suites and browsers. */
export const LINE_PITCH = 1.2 * NOMINAL_FONT_SIZE;
/**
 * A copy is a layout copy when at least this share of its text lines start a run at a column
 * beyond the margin that other lines share: a table's rows do, indenting their label and action
 * columns; prose and tab-separated copies start their lines at the margin.
 */
const MIN_ALIGNED_LINE_SHARE = 0.5;
/** Lines with their first run at a column shared by at least this many lines show a column, not a coincidence (as the PDF stream reader's support for a column). */
const MIN_COLUMN_SUPPORT = 3;

function linesOf(page: string): string[] {
  return page.split(/\r\n|\r|\n/);
}

/**
 * Whether a text copy lays its columns out with spaces: it holds no tab (a viewer's copy separates
 * cells with tabs), and most of its lines hold a run of text at a column, beyond the margin, that
 * other lines share.
 */
export function isLayoutCopy(text: string): boolean {
  if (text.includes("\t")) return false;
  const lines = linesOf(text.replace(/\f/g, "\n"))
    .map((line) => runsOf(line))
    .filter((runs) => runs.length > 0);
  if (lines.length === 0) return false;
  const support = new Map<number, number>();
  for (const runs of lines) {
    for (const column of new Set(runs.map((run) => run.column))) {
      if (column > 0) support.set(column, (support.get(column) ?? 0) + 1);
    }
  }
  const aligned = lines.filter((runs) =>
    runs.some((run) => run.column > 0 && (support.get(run.column) ?? 0) >= MIN_COLUMN_SUPPORT),
  );
  return aligned.length >= MIN_ALIGNED_LINE_SHARE * lines.length;
}

/** A page of the copy and the file line its first line is on (1-based). */
export interface CopyPage {
  readonly firstLine: number;
  readonly lines: readonly string[];
}

/** The copy's pages, one per form feed; the empty remainder after a final form feed is no page. */
export function copyPages(text: string): CopyPage[] {
  const pages: CopyPage[] = [];
  let firstLine = 1;
  for (const page of text.split("\f")) {
    const lines = linesOf(page);
    pages.push({ firstLine, lines });
    firstLine += lines.length - 1;
  }
  const last = pages.at(-1);
  if (pages.length > 1 && last?.lines.every((line) => line.trim() === "")) pages.pop();
  return pages;
}

/**
 * The copy as a PDF's Document stage, one page per form feed, no rules: each entry of a column (a
 * cell's paragraph: its first run and the runs that go on with it, entries.ts) is one upright item,
 * its box around its runs at (column × character width, line × line pitch). The copy cannot show the
 * spacing that tells a PDF reader a wrapped line from the next entry, so the entries are found here,
 * from what the copy does show (where lines end, lower case), and the table reader finds each whole.
 * A page of more than `maxItemsPerPage` entries is refused, as the PDF reader refuses one.
 */
export function layoutOfCopy(pages: readonly CopyPage[], maxItemsPerPage: number): Layout {
  const vocabulary = vocabularyOf(pages.flatMap((page) => page.lines));
  return {
    title: null,
    pages: pages.map((page, index): LayoutPage => {
      const items = pageItems(page, vocabulary, []);
      if (items.length > maxItemsPerPage) {
        throw new InputError(REFUSAL.tooManyPieces({ page: index + 1, limit: maxItemsPerPage }));
      }
      const width = Math.max(1, maxOf(page.lines.map(codePoints))) * CHAR_WIDTH;
      return {
        number: index + 1,
        width,
        height: Math.max(1, page.lines.length) * LINE_PITCH,
        items,
        // A character grid draws no ruling lines and no filled cells.
        rules: [],
        fills: [],
      };
    }),
  };
}

/** What the copy's named rules decided on each page (1-based), for a person to see why it was read so. */
export function layoutCopyTrace(pages: readonly CopyPage[]): { page: number; decisions: CopyDecision[] }[] {
  const vocabulary = vocabularyOf(pages.flatMap((page) => page.lines));
  return pages.map((page, index) => {
    const decisions: CopyDecision[] = [];
    pageItems(page, vocabulary, decisions);
    return { page: index + 1, decisions };
  });
}

/** A page's entries as items, the rules' decisions added to `trace`. */
function pageItems(page: CopyPage, vocabulary: Vocabulary, trace: CopyDecision[]): LayoutItem[] {
  const lineRuns = page.lines.flatMap((line, row) => runsOf(line, row));
  const runs = splitAtColumns(lineRuns, columnStarts(lineRuns));
  const starts = columnStarts(runs);
  const entries = entryStarts(runs, starts, trace);
  return entryItems(runs, entries, (run) => startNear(starts, run.column) ?? run.column, vocabulary);
}

/** One item per entry: its runs' text joined as a PDF cell's lines are, its box around them all. */
function entryItems(
  runs: readonly Run[],
  entries: ReadonlyMap<Run, Run>,
  columnOf: (run: Run) => number,
  vocabulary: Vocabulary,
): LayoutItem[] {
  const byEntry = new Map<Run, Run[]>();
  for (const run of runs) {
    const start = entries.get(run) ?? run;
    const list = byEntry.get(start) ?? [];
    list.push(run);
    byEntry.set(start, list);
  }
  return [...byEntry.values()].map((lines) => {
    const first = lines[0] as Run;
    const last = lines.at(-1) as Run;
    return {
      text: lines.map((run) => run.text).reduce((text, next) => joinLines(text, next, vocabulary)),
      x0: Math.min(...lines.map(columnOf)) * CHAR_WIDTH,
      y0: first.line * LINE_PITCH,
      x1: Math.max(...lines.map((run) => columnOf(run) + run.length)) * CHAR_WIDTH,
      y1: last.line * LINE_PITCH + NOMINAL_FONT_SIZE,
      fontSize: NOMINAL_FONT_SIZE,
      angle: 0,
      entry: true,
    };
  });
}
