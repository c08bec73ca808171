import { describe, expect, it } from "vitest";
import { readingTrace } from "../pipeline/extract/pdf/tables/grid.js";
import {
  cellByOverlap,
  findTables,
  openFootItems,
  overflowDownItems,
  type RuledTable,
  type TableCell,
  tableCells,
} from "../pipeline/extract/pdf/tables/lattice.js";
import type { LayoutItem, LayoutPage, LayoutRule } from "../pipeline/schema/layout.js";

/*
 * Where a ruled page's text items go besides the cell holding their centre: rules `cell-by-overlap`,
 * `open-foot` and `overflow-down`, on hand-drawn tables of two columns (a band x 0–20, labels x 20–120), a heading row
 * y 0–10 and body rows of 20 pt below it.
 */

const h = (y: number, x0: number, x1: number): LayoutRule => ({ x0, y0: y, x1, y1: y });
const v = (x: number, y0: number, y1: number): LayoutRule => ({ x0: x, y0, x1: x, y1 });
const item = (text: string, box: [number, number, number, number], angle = 0): LayoutItem => {
  const [x0, y0, x1, y1] = box;
  return { text, x0, y0, x1, y1, fontSize: 10, angle };
};

/** The table, its cells by grid position (row * 2 + col), and the cells as tableCells gives them. */
function table(rules: LayoutRule[]): { table: RuledTable; cells: TableCell[]; byGrid: TableCell[] } {
  const [found] = findTables(rules, 0.5);
  if (!found) throw new Error("the rules draw a table");
  const cells = tableCells(found, 0.5);
  const byGrid: TableCell[] = [];
  for (const cell of cells)
    for (let row = cell.row0; row <= cell.row1; row++)
      for (let col = cell.col0; col <= cell.col1; col++) byGrid[row * 2 + col] = cell;
  return { table: found, cells, byGrid };
}

describe("cell-by-overlap", () => {
  // A heading row y 0–10, and a body whose band cell (x 0–20) runs y 10–50 without a rule between.
  const ruled = table([
    h(0, 0, 120),
    h(10, 0, 120),
    h(30, 20, 120),
    h(50, 0, 120),
    v(0, 0, 50),
    v(20, 0, 50),
    v(120, 0, 50),
  ]);

  it("places a turned band run up over the heading where most of it shows, not where its middle falls", () => {
    // y -12 to 24: its middle (6) is in the heading row, 14 of its 36 points in the band's body cell,
    // 10 in the heading cell, the rest above the table.
    const band = item("B Archiviazione", [5, -12, 15, 24], 90);
    const { cell, byOverlap } = cellByOverlap(ruled.table, ruled.byGrid, band, 0.5);
    expect(cell).toEqual({ row0: 1, row1: 2, col0: 0, col1: 0 });
    expect(byOverlap).toBe(true);
  });

  it("keeps an item within one cell, or mostly in the cell of its centre, where its centre is", () => {
    const inside = item("LIV 1", [30, 2, 55, 8]);
    expect(cellByOverlap(ruled.table, ruled.byGrid, inside, 0.5)).toEqual({
      cell: { row0: 0, row1: 0, col0: 1, col1: 1 },
      byOverlap: false,
    });
    // A line whose box reaches a little over its row's rule stays in its row.
    const low = item("Gestione albo", [30, 19, 95, 31]);
    expect(cellByOverlap(ruled.table, ruled.byGrid, low, 0.5)).toEqual({
      cell: { row0: 1, row1: 1, col0: 1, col1: 1 },
      byOverlap: false,
    });
  });
});

describe("open-foot", () => {
  // The table's last row rule runs under the labels' column only: the band's cell goes on past the page.
  const ruled = table([
    h(0, 0, 120),
    h(10, 0, 120),
    h(50, 20, 120),
    v(0, 0, 50),
    v(20, 0, 50),
    v(120, 0, 50),
  ]);
  const label = item("A1 LABEL", [22, 12, 62, 22]);
  /** The label cell's text, and the band cell's lines when given. */
  const filled = (band?: LayoutItem[]) =>
    new Map([
      [ruled.byGrid[1 * 2 + 1] as TableCell, [label]],
      ...(band ? [[ruled.byGrid[1 * 2] as TableCell, band] as const] : []),
    ]);

  it("gives a cell with no rule under it the lines run on below the table, a line pitch apart", () => {
    const bandLine = item("FUNZIONE", [2, 40, 18, 49]);
    const below = [item("ISTITUZIONALE", [2, 52, 18, 61]), item("A ORGANI", [2, 64, 18, 73])];
    const found = openFootItems(ruled.table, ruled.cells, filled([bandLine]), below, 0.5);
    expect(found.map(({ cell, item }) => [cell.col0, item.text])).toEqual([
      [0, "ISTITUZIONALE"],
      [0, "A ORGANI"],
    ]);
  });

  it("leaves text under a closed cell, far below, turned, or off the column's edges where it is", () => {
    const bandLine = item("FUNZIONE", [2, 40, 18, 49]);
    const under = [
      // Under the labels' column, closed by its rule.
      item("Il Segretario", [22, 52, 80, 61]),
      // Two pitches below the band's last line.
      item("Pagina 3", [2, 70, 18, 79]),
      // Turned.
      item("straordinario", [2, 52, 12, 90], 90),
      // Wider than the band's column.
      item("Firmato digitalmente", [2, 52, 100, 61]),
    ];
    expect(openFootItems(ruled.table, ruled.cells, filled([bandLine]), under, 0.5)).toEqual([]);
    // An empty open cell holds no lines for others to go on with.
    expect(openFootItems(ruled.table, ruled.cells, filled(), [item("X", [2, 52, 8, 61])], 0.5)).toEqual([]);
  });

  it("is in the trace of the page, with the rule's name", () => {
    const page: LayoutPage = {
      number: 1,
      width: 200,
      height: 200,
      items: [
        item("LIV 1", [25, 1, 50, 9]),
        label,
        item("B1.1 A LABEL TALLER", [22, 40, 100, 49]),
        item("THAN ITS CELL", [22, 52, 90, 61]),
      ],
      // The labels' column open at the foot this time, the band's closed.
      rules: [h(0, 0, 120), h(10, 0, 120), h(50, 0, 20), v(0, 0, 50), v(20, 0, 50), v(120, 0, 50)],
      fills: [],
    };
    const [trace] = readingTrace({ title: null, pages: [page] });
    expect(trace?.placed).toEqual([{ rule: "open-foot", box: page.items[3] }]);
  });
});

describe("overflow-down", () => {
  // A label cell y 10–50 over a totals row y 50–70, both across the band and label columns.
  const rules = [
    h(0, 0, 120),
    h(10, 0, 120),
    h(50, 0, 120),
    h(70, 0, 120),
    v(0, 0, 70),
    v(20, 0, 70),
    v(120, 0, 70),
  ];
  const ruled = table(rules);
  const labelCell = ruled.byGrid[1 * 2 + 1] as TableCell;
  const totalsCell = ruled.byGrid[2 * 2 + 1] as TableCell;
  // Three lines 12 pt apart, the fourth run 4 pt over the cell's bottom rule.
  const label = [
    item("A2.2 VERIFICA DEI", [22, 10, 100, 20]),
    item("SICUREZZA E DEL", [22, 22, 100, 32]),
    item("PROTOCOLLO", [22, 34, 80, 44]),
  ];
  const overflow = item("DI PRATICHE", [22, 46, 90, 56]);
  const moved = (lower: LayoutItem[], upper = label) =>
    overflowDownItems(
      ruled.table,
      ruled.byGrid,
      new Map([
        [labelCell, upper],
        [totalsCell, lower],
      ]),
      0.5,
    ).map(({ from, to, item }) => [from.row0, to.row0, item.text]);

  it("takes a line run over its cell's bottom rule back to that cell, when the next cell's line is too close to follow it", () => {
    // The totals row's count 7 pt under the run-over line: closer than the label's 12 pt pitch.
    expect(moved([overflow, item("5", [22, 53, 28, 63])])).toEqual([[2, 1, "DI PRATICHE"]]);
  });

  it("leaves a line where it is when its cell's lines follow it at their pitch, or nothing shows where it came from", () => {
    // A clipped label's line under the next page's heading: its own cell's next line 12 pt under it.
    expect(moved([overflow, item("TELEMATICO", [22, 58, 80, 68])])).toEqual([]);
    // Nothing under it in its cell: no evidence that it is not the cell's first line.
    expect(moved([overflow])).toEqual([]);
    // The cell above holds one line: no pitch for it to go on with.
    expect(moved([overflow, item("5", [22, 53, 28, 63])], label.slice(0, 1))).toEqual([]);
    // Farther under the label's last line than its pitch.
    const far = item("DI PRATICHE", [22, 49, 90, 59]);
    expect(moved([far, item("5", [22, 56, 28, 66])])).toEqual([]);
    // Its top under the rule: the cell's own first line.
    const own = item("DI PRATICHE", [22, 50, 90, 60]);
    expect(moved([own, item("5", [22, 55, 28, 65])])).toEqual([]);
  });

  it("is in the trace of the page, with the rule's name", () => {
    const count = item("5", [22, 53, 28, 63]);
    const page: LayoutPage = {
      number: 1,
      width: 200,
      height: 200,
      items: [item("LIV 1", [25, 1, 50, 9]), ...label, overflow, count, item("2", [2, 53, 8, 63])],
      rules,
      fills: [],
    };
    const [trace] = readingTrace({ title: null, pages: [page] });
    expect(trace?.placed).toEqual([{ rule: "overflow-down", box: overflow }]);
  });
});
