import { describe, expect, it } from "vitest";
import { readingLines, splitChunks, type TextLine } from "../pipeline/extract/pdf/geometry/lines.js";
import {
  type ColumnStart,
  columnStarts,
  innerStarts,
  labelColumnsInTable,
} from "../pipeline/extract/pdf/tables/stream/columns.js";
import { innerLabelColumn } from "../pipeline/extract/pdf/tables/stream/page.js";
import type { LayoutItem } from "../pipeline/schema/layout.js";

/*
 * Rules of the stream reader's columns that round-trip seeds brought out (issue 15): edges of cells
 * run together with the cell before (inner-column-starts), and text around the table that lines up
 * like a column (label-columns-in-table).
 */

const FONT_SIZE = 10;

const item = (text: string, x0: number, y0: number, width = text.length * 5): LayoutItem => ({
  text,
  x0,
  y0,
  x1: x0 + width,
  y1: y0 + FONT_SIZE,
  fontSize: FONT_SIZE,
  angle: 0,
});

/** The page's chunks, as the stream reader cuts its lines. */
const chunksOf = (items: readonly LayoutItem[]): TextLine[] => readingLines(items).flatMap(splitChunks);

describe("inner-column-starts", () => {
  it("innerStarts: after a run of words, a gap wider than its mean character starts a piece to the chunk's end", () => {
    // A capital label filling its cell (19 characters of 5 pt) ends 6 pt (0.6 font sizes, under
    // CHUNK_GAP) before the next column's text: one chunk, whose second item starts where the next
    // column does.
    const [glued] = chunksOf([
      item("REGISTRO, STRUMENTI", 20, 0, 95),
      item("TELEMATICO, ECONOMICO", 121, 0, 110),
    ]);
    expect(glued?.parts).toHaveLength(2);
    expect(innerStarts([glued as TextLine])).toEqual([{ x0: 121, y0: 0, x1: 231, y1: 10 }]);
    // A monospaced run's word space is one character wide (5 pt after a run of 5 pt characters): no piece.
    expect(innerStarts(chunksOf([item("C1: SUPPORTO DI", 20, 20), item("INVENTARIO", 100, 20)]))).toEqual([]);
    // Words set one item each, spaced wider than a word space (justified), start none: a single word
    // shows no space of its own…
    const words = chunksOf([
      item("A1.1", 20, 40, 24),
      item("GESTIONE", 50, 40, 48),
      item("DEL", 104, 40, 18),
    ]);
    expect(words).toHaveLength(1);
    expect(innerStarts(words)).toEqual([]);
    // …and items that touch (a font change inside a run of words) start none either.
    expect(innerStarts(chunksOf([item("Gestione del", 20, 60, 60), item("le imprese", 80, 60, 50)]))).toEqual(
      [],
    );
  });

  it("columnStarts: edges inside chunks count towards an edge some chunk starts at, never alone", () => {
    // Two labels start a chunk at 176, two more run on from the cell before: four entries, a column.
    const starts = [
      { x: 176, width: 160 },
      { x: 176.2, width: 130 },
    ];
    const inner = [
      { x: 176, width: 110, inner: true },
      { x: 176.1, width: 95, inner: true },
    ];
    expect(columnStarts(starts, 2)).toEqual([]);
    expect(columnStarts([...starts, ...inner], 2)).toEqual([{ x: 176.05, support: 4 }]);
    // Words inside chunks that happen to start at one edge are no column without a chunk starting there.
    const words = [40, 55, 70, 85].map((width) => ({ x: 300, width, inner: true }));
    expect(columnStarts(words, 2)).toEqual([]);
  });
});

describe("label-columns-in-table", () => {
  /** Lines of a column at `x`, one every 20 pt from `top`, of different widths. */
  const lines = (x: number, top: number, count: number, word = "entry") =>
    Array.from({ length: count }, (_, index) => item(`${word} ${"x".repeat(index)}`, x, top + index * 20));
  const actions: ColumnStart = { x: 300, support: 8 };
  const labels: ColumnStart = { x: 100, support: 4 };
  // Signatories centred on 200 under the table (their names of three widths), and a label column.
  const signatures: ColumnStart = { x: 150, support: 3, centre: 200 };
  const page = chunksOf([
    ...lines(300, 100, 8, "action"),
    ...lines(100, 100, 4, "label"),
    item("THE PRESIDENT", 167.5, 300),
    item("Dr. Anna Bianchi", 160, 315),
    item("Rome, 1 January", 162.5, 330),
  ]);
  const columns = [labels, signatures, actions];

  it("a column found by alignment, left of the actions, whose entries lie outside the table goes", () => {
    expect(labelColumnsInTable(columns, actions, columns, [page], FONT_SIZE, 3, 0.2)).toEqual([
      labels,
      actions,
    ]);
  });

  it("a column with one line in the table goes; with two, and no more after the table, it stays", () => {
    const macros: ColumnStart = { x: 50, support: 3 };
    const withHeader = chunksOf([
      ...lines(300, 100, 8, "action"),
      item("MACRO", 50, 80),
      item("A1 first", 50, 100),
      item("A2 second one", 50, 200),
      // A label beside the actions that happens to start where a signature below the table does.
      item("THE PRESIDENT", 167.5, 300),
      item("Dr. Anna Bianchi", 160, 315),
      item("B1 label", 165, 200),
    ]);
    const stray: ColumnStart = { x: 160, support: 3 };
    expect(
      labelColumnsInTable(
        [macros, stray, actions],
        actions,
        [macros, stray, actions],
        [withHeader],
        FONT_SIZE,
        6,
        0.2,
      ),
    ).toEqual([macros, actions]);
    // Two labels beside no action, set apart below the last action row, and two beside the actions.
    const trailing = chunksOf([
      ...lines(300, 100, 4, "action"),
      item("A1 first", 50, 100),
      item("A2 second one", 50, 140),
      item("A3 third label", 50, 300),
      item("A4 the fourth", 50, 315),
    ]);
    expect(
      labelColumnsInTable([macros, actions], actions, [macros, actions], [trailing], FONT_SIZE, 3, 0.2),
    ).toEqual([macros, actions]);
  });

  it("a label running on below the last action line is the table's, up to a line set apart", () => {
    // The last macro-process's label, taller than its one action, goes on line after line below it.
    const macros: ColumnStart = { x: 50, support: 6 };
    const tall = chunksOf([
      ...lines(300, 100, 2, "action"),
      item("A1 first", 50, 100),
      ...lines(50, 130, 6, "WORD"),
      item("THE PRESIDENT", 167.5, 300),
      item("Dr. Anna Bianchi", 160, 315),
      item("Rome, 1 January", 162.5, 330),
    ]);
    expect(
      labelColumnsInTable(
        [macros, signatures, actions],
        actions,
        [macros, signatures, actions],
        [tall],
        FONT_SIZE,
        3,
        0.2,
      ),
    ).toEqual([macros, actions]);
  });

  it("a column completed from a header, one right of the actions, and any without actions stay", () => {
    // Not found by alignment: completed from a header cell (a level with too few labels to align).
    expect(labelColumnsInTable(columns, actions, [labels, actions], [page], FONT_SIZE, 3, 0.2)).toEqual(
      columns,
    );
    const right: ColumnStart = { x: 400, support: 3 };
    expect(
      labelColumnsInTable(
        [labels, actions, right],
        actions,
        [labels, actions, right],
        [page],
        FONT_SIZE,
        3,
        0.2,
      ),
    ).toEqual([labels, actions, right]);
    expect(labelColumnsInTable(columns, null, columns, [page], FONT_SIZE, 3, 0.2)).toEqual(columns);
  });

  it("a page without a line in the actions' column shows no table: all its text counts as inside", () => {
    // The signatures alone on a page after the table (a layout copy may set a page's actions elsewhere).
    const signatures = chunksOf([
      item("THE PRESIDENT", 167.5, 100),
      item("Dr. Anna Bianchi", 160, 115),
      item("Rome, 1 January", 162.5, 130),
    ]);
    const table = chunksOf([...lines(300, 100, 8, "action"), ...lines(100, 100, 4, "label")]);
    expect(labelColumnsInTable(columns, actions, columns, [table, signatures], FONT_SIZE, 3, 0.2)).toEqual(
      columns,
    );
  });
});

describe("inner-label-column", () => {
  it("the labels' column beside the actions skips a column holding no label (a header's figure)", () => {
    // Columns 0-2 hold labels, column 3 only a header's count, the actions are column 4.
    expect(innerLabelColumn([{ col: 0 }, { col: 2 }, { col: 1 }, { col: 2 }], 4)).toBe(2);
  });

  it("the column next to the actions when it holds labels, or when no column left of them does", () => {
    expect(innerLabelColumn([{ col: 1 }, { col: 3 }], 4)).toBe(3);
    expect(innerLabelColumn([{ col: 5 }], 4)).toBe(3);
    expect(innerLabelColumn([], 4)).toBe(3);
  });
});
