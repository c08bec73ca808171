import { describe, expect, it } from "vitest";
import { readingLines } from "../pipeline/extract/pdf/geometry/lines.js";
import { layoutToGrid, readingTrace } from "../pipeline/extract/pdf/tables/grid.js";
import {
  type PageCut,
  type PrintedTexts,
  pageCutCells,
  printedTexts,
  type RuledCellPart,
  type RuledTablePart,
} from "../pipeline/extract/pdf/tables/page-cut.js";
import type { DraftCell, PageRow } from "../pipeline/extract/pdf/tables/page-rows.js";
import type { Layout, LayoutPage } from "../pipeline/schema/layout.js";

/*
 * Rule `page-cut-cell` on hand-made ruled tables: a page's last table (the foot) and the next page's
 * first (the head), 10 pt text, one character 5 pt wide, rows 20 pt tall, three columns: labels
 * x 0–100, sub-processes x 100–200, actions x 200–400 (a padding of 5: lines run to x 395 at most);
 * a fourth, x 400–600, where a test needs a level more.
 */

const COLUMNS = [
  [0, 100],
  [100, 200],
  [200, 400],
  [400, 600],
] as const;

/** A cell of column `col` over rows row0..row1, holding `texts` one per line (none: empty). */
function cell(rows: readonly PageRow[], col: number, row0: number, row1: number, texts: string[] = []) {
  const [x0, x1] = COLUMNS[col] as readonly [number, number];
  const box = { x0, y0: row0 * 20, x1, y1: (row1 + 1) * 20 };
  const lines = readingLines(
    texts.map((text, index) => ({
      text,
      x0: x0 + 5,
      y0: box.y0 + 2 + index * 12,
      x1: x0 + 5 + 5 * text.length,
      y1: box.y0 + 12 + index * 12,
      fontSize: 10,
      angle: 0,
    })),
  );
  const draft =
    texts.length === 0
      ? null
      : {
          col,
          colSpan: 1,
          until: rows[row1] as PageRow,
          lines,
          paragraphs: "by-gap" as const,
          ruled: box,
        };
  return { col, box, row0, row1, draft } satisfies RuledCellPart;
}

/** A table of `count` rows whose cells `cellsOf` draws on them. */
function table(count: number, cellsOf: (rows: readonly PageRow[]) => RuledCellPart[]): RuledTablePart {
  const rows: PageRow[] = Array.from({ length: count }, (_, index) => ({ top: index * 20, cells: [] }));
  return { rows, cells: cellsOf(rows) };
}

const HEADING = ["LIV 1", "LIV 3", "AZIONI"];
const heading = (rows: readonly PageRow[]) => HEADING.map((text, col) => cell(rows, col, 0, 0, [text]));
/** What the page before each table printed: the heading (and, before the foot, nothing else). */
const printedHeading = (): PrintedTexts =>
  printedTexts([
    { top: 0, cells: HEADING.map((text, col) => cell([], col, 0, 0, [text]).draft as DraftCell) },
  ]);
const printed: { beforeFoot: PrintedTexts; beforeHead: PrintedTexts } = {
  beforeFoot: printedHeading(),
  beforeHead: printedHeading(),
};
const cutsOf = (foot: RuledTablePart, head: RuledTablePart) => pageCutCells(foot, head, printed, 0.5, 5);

describe("page-cut-cell", () => {
  it("moves the text a head part prints to an empty foot part inside open parents", () => {
    // A1's block goes on past the break; its second sub-process's cell starts at row 2 and is empty on
    // this page: its label is printed below the break, centred in the whole cell.
    const foot = table(4, (rows) => [
      ...heading(rows),
      cell(rows, 0, 1, 3, ["A1 LABEL"]),
      cell(rows, 1, 1, 1, ["A1.1.1 Sub"]),
      cell(rows, 1, 2, 3),
      cell(rows, 2, 1, 1, ["Gestione albo"]),
      cell(rows, 2, 2, 2, ["Rilascio visure"]),
      cell(rows, 2, 3, 3, ["Notifica atti"]),
    ]);
    const head = table(3, (rows) => [
      ...heading(rows),
      cell(rows, 0, 1, 2),
      cell(rows, 1, 1, 2, ["A1.1.2 Next"]),
      cell(rows, 2, 1, 1, ["Verifica sedi"]),
    ]);
    const cuts = cutsOf(foot, head);
    expect(cuts).toHaveLength(1);
    // The same empty part over a totals row's counts opening the next page: nothing moves up.
    const totalsHead = table(2, (rows) => [
      ...heading(rows),
      cell(rows, 1, 1, 1, ["2"]),
      cell(rows, 2, 1, 1, ["9"]),
    ]);
    expect(cutsOf(foot, totalsHead)).toEqual([]);
    const [cut] = cuts;
    expect(cut?.kind).toBe("moved");
    if (cut?.kind !== "moved") return;
    expect(cut.draft.lines[0]?.text).toBe("A1.1.2 Next");
    expect(cut.to).toBe(foot.rows[2]);
    expect(cut.until).toBe(foot.rows[3]);
  });

  it("moves nothing up to an empty part from the top of its page's body, or with no parent started above", () => {
    // The empty sub-process part starts the page's body: its label may be printed on the page before.
    const fromTop = table(3, (rows) => [
      ...heading(rows),
      cell(rows, 0, 1, 2, ["A1 LABEL"]),
      cell(rows, 1, 1, 2),
      cell(rows, 2, 1, 1, ["Gestione albo"]),
      cell(rows, 2, 2, 2, ["Notifica atti"]),
    ]);
    const head = table(2, (rows) => [
      ...heading(rows),
      cell(rows, 0, 1, 1, ["B1 LABEL"]),
      cell(rows, 1, 1, 1, ["B1.1.1 Sub"]),
      cell(rows, 2, 1, 1, ["Verifica sedi"]),
    ]);
    expect(cutsOf(fromTop, head)).toEqual([]);
    // A totals row whose first cell is empty: nothing to its left started above it.
    const totals = table(3, (rows) => [
      ...heading(rows),
      cell(rows, 0, 1, 1, ["A1 LABEL"]),
      cell(rows, 1, 1, 1, ["A1.1.1 Sub"]),
      cell(rows, 2, 1, 1, ["Gestione albo"]),
      cell(rows, 0, 2, 2),
      cell(rows, 1, 2, 2, ["1"]),
      cell(rows, 2, 2, 2, ["1"]),
    ]);
    expect(cutsOf(totals, head)).toEqual([]);
  });

  it("joins a head part that goes on with the foot's last line: its first word would not have fitted", () => {
    const foot = (last: string) =>
      table(2, (rows) => [
        ...heading(rows),
        cell(rows, 0, 1, 1, ["A1 LABEL"]),
        cell(rows, 1, 1, 1, ["A1.1.1 Sub"]),
        cell(rows, 2, 1, 1, [last]),
      ]);
    const head = (first: string) =>
      table(2, (rows) => [...heading(rows), cell(rows, 2, 1, 1, [first, "Notifica atti"])]);
    // "Revisione per il imprese della" runs to x 355: "(comunicazione)" needs 5 + 90 + 3 of the 40 left.
    const full = foot("Revisione per il imprese della");
    const cuts = cutsOf(full, head("(comunicazione)"));
    expect(cuts.map((cut) => cut.kind)).toEqual(["joined"]);
    const [cut] = cuts;
    if (cut?.kind === "joined") expect(cut.onto.lines[0]?.text).toBe("Revisione per il imprese della");
    // A capital says nothing (a paragraph may end on a full line): the parts stay apart.
    expect(cutsOf(full, head("Comunicazione annuale"))).toEqual([]);
    // A word that would have fitted on the last line was not wrapped there: a new paragraph.
    expect(cutsOf(foot("Revisione per il"), head("(comunicazione)"))).toEqual([]);
    // A totals row opening the next page: its counts are no rest of a cell, however full the line above.
    // (a line run to the cell's padding, x 395: not even "3" fits after it).
    const totalsRow = table(2, (rows) => [...heading(rows), cell(rows, 2, 1, 1, ["3"])]);
    expect(cutsOf(foot("Revisione per il imprese della sede su"), totalsRow)).toEqual([]);
  });

  it("moves an empty part up when its parent's part opens on its row, empty too or labelled at its top", () => {
    // A new process (column 1) and its first sub-process (column 2) start at row 2: both labels are
    // printed below the break, and both parts on this page are empty from that row on.
    const foot = (process: string[]) =>
      table(4, (rows) => [
        ...heading(rows),
        cell(rows, 0, 1, 3, ["A1 LABEL"]),
        cell(rows, 1, 1, 1, ["A1.1 First"]),
        cell(rows, 1, 2, 3, process),
        cell(rows, 2, 1, 1, ["A1.1.1 Sub"]),
        cell(rows, 2, 2, 3),
        cell(rows, 3, 1, 1, ["Gestione albo"]),
        cell(rows, 3, 2, 2, ["Rilascio visure"]),
        cell(rows, 3, 3, 3, ["Notifica atti"]),
      ]);
    const head = (process: string[]) =>
      table(2, (rows) => [
        ...heading(rows),
        cell(rows, 0, 1, 1),
        cell(rows, 1, 1, 1, process),
        cell(rows, 2, 1, 1, ["A1.2.1 Next"]),
        cell(rows, 3, 1, 1, ["Verifica sedi"]),
      ]);
    const moved = (cuts: PageCut[]) => cuts.map((cut) => cut.kind === "moved" && cut.draft.lines[0]?.text);
    expect(moved(cutsOf(foot([]), head(["A1.2 Second"])))).toEqual(["A1.2 Second", "A1.2.1 Next"]);
    // The process's label set at its cell's top, on this page; the sub-process's centred below the break.
    expect(moved(cutsOf(foot(["A1.2 Second"]), head([])))).toEqual(["A1.2.1 Next"]);
  });

  it("heading-upright: a turned rest over the heading printed again goes on, whole, with the foot's cell", () => {
    const foot = table(2, (rows) => [
      ...heading(rows),
      cell(rows, 0, 1, 1, ["A1 LABEL"]),
      cell(rows, 1, 1, 1, ["A1.1.1 Sub"]),
      cell(rows, 2, 1, 1, ["Gestione albo"]),
    ]);
    // The label column's heading cell also shows two turned lines, the band's rest run past the break.
    const turned = (base: RuledCellPart): RuledCellPart => {
      const lines = readingLines(
        ["FUNZ", "straor"].map((text, index) => ({
          text,
          x0: 5 + 10 * index,
          y0: 0,
          x1: 14 + 10 * index,
          y1: 19,
          fontSize: 10,
          angle: 90,
        })),
      );
      return { ...base, draft: { ...(base.draft as DraftCell), lines } };
    };
    const head = table(2, (rows) => [
      turned(cell(rows, 0, 0, 0, ["x"])),
      ...heading(rows).slice(1),
      cell(rows, 2, 1, 1, ["Comunicazione annuale"]),
    ]);
    const cuts = cutsOf(foot, head);
    expect(cuts.map((cut) => [cut.kind, cut.kind === "joined" && cut.whole])).toEqual([["joined", true]]);
    expect(cuts[0]?.kind === "joined" && cuts[0].onto.lines[0]?.text).toBe("A1 LABEL");
  });

  it("knows the heading printed again wrapped elsewhere or at another column index: the label below it starts the body", () => {
    const foot = table(3, (rows) => [
      ...heading(rows),
      cell(rows, 0, 1, 2, ["A1 LABEL"]),
      cell(rows, 1, 1, 1, ["A1.1.1 Sub"]),
      cell(rows, 1, 2, 2),
      cell(rows, 2, 1, 1, ["Gestione albo"]),
      cell(rows, 2, 2, 2, ["Notifica atti"]),
    ]);
    // "LIV 3" set on two lines, "AZIONI" in a column the grid numbers otherwise (a little narrower on
    // this page): still the heading, so its text moves nowhere.
    const azioni = cell([], 2, 0, 0, ["AZIONI"]);
    const head = table(2, (rows) => [
      cell(rows, 0, 0, 0, ["LIV 1"]),
      cell(rows, 1, 0, 0, ["LIV", "3"]),
      { ...azioni, col: 3, draft: { ...(azioni.draft as DraftCell), col: 3 } },
      cell(rows, 1, 1, 1, ["A1.1.2 Next"]),
      cell(rows, 2, 1, 1, ["Verifica sedi"]),
    ]);
    expect(cutsOf(foot, head).map((cut) => cut.kind === "moved" && cut.draft.lines[0]?.text)).toEqual([
      "A1.1.2 Next",
    ]);
  });
});

describe("page-cut-cell in a document's reading", () => {
  // Two pages, each a ruled table (labels x 0–100, actions x 100–300, rows 20 pt from y 100) under the
  // heading printed again; the label's cell and the last action's go on past the break.
  const page = (
    number: number,
    texts: readonly (readonly [string, number, number])[],
    rows: number,
  ): LayoutPage => {
    const ys = Array.from({ length: rows + 1 }, (_, index) => 100 + 20 * index);
    const bottom = ys.at(-1) as number;
    return {
      number,
      width: 400,
      height: 600,
      items: texts.map(([text, x, row]) => ({
        text,
        x0: x,
        y0: 100 + 20 * row + 5,
        x1: x + 5 * text.length,
        y1: 100 + 20 * row + 15,
        fontSize: 10,
        angle: 0,
      })),
      rules: [
        // Row rules across the table; the label column has none between its body rows (a merged cell).
        ...ys.map((y, index) => ({ x0: index <= 1 || index === rows ? 0 : 100, y0: y, x1: 300, y1: y })),
        ...[0, 100, 300].map((x) => ({ x0: x, y0: 100, x1: x, y1: bottom })),
      ],
      fills: [],
    };
  };
  const layout: Layout = {
    title: null,
    pages: [
      page(
        1,
        [
          ["LIV 1", 5, 0],
          ["AZIONI", 105, 0],
          ["A1 LABEL", 5, 1],
          ["Gestione albo", 105, 1],
          // Runs to x 255, the document's fullest line: "(comunicazione)" did not fit after it.
          ["Revisione per il imprese della", 105, 2],
        ],
        3,
      ),
      page(
        2,
        [
          ["LIV 1", 5, 0],
          ["AZIONI", 105, 0],
          ["(comunicazione)", 105, 1],
          ["Notifica atti", 105, 2],
        ],
        3,
      ),
    ],
  };

  it("writes the cut paragraph whole, in its cell on the page before", () => {
    const actions = layoutToGrid(layout).rows.flatMap((row) =>
      row.cells.filter((cell) => cell.col > 0).flatMap((cell) => cell.paragraphs),
    );
    expect(actions).toEqual([
      "AZIONI",
      "Gestione albo",
      "Revisione per il imprese della (comunicazione)",
      "AZIONI",
      "Notifica atti",
    ]);
  });

  it("draws the cut where its text is, in the trace of the page after", () => {
    const [first, second] = readingTrace(layout);
    expect(first?.cuts).toEqual([]);
    expect(second?.cuts).toEqual([
      { rule: "page-cut-cell", kind: "joined", box: { x0: 105, y0: 125, x1: 180, y1: 135 } },
    ]);
  });
});
