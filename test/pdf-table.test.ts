import { readFileSync } from "node:fs";
import { degrees, PDFDocument, type PDFFont, rgb, StandardFonts } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { clusterPositions } from "../pipeline/extract/pdf/geometry/cluster.js";
import {
  frameOf,
  isFigure,
  readingLines,
  splitAtNeighbourBreaks,
  splitChunks,
  type TextLine,
} from "../pipeline/extract/pdf/geometry/lines.js";
import { joinLines, vocabularyOf } from "../pipeline/extract/pdf/geometry/paragraphs.js";
import { readLayout } from "../pipeline/extract/pdf/layout.js";
import { layoutToGrid } from "../pipeline/extract/pdf/tables/grid.js";
import { findTables, tableCells } from "../pipeline/extract/pdf/tables/lattice.js";
import {
  actionColumn,
  alignedColumns,
  columnStarts,
  rotatedColumnStarts,
  splitAtColumns,
} from "../pipeline/extract/pdf/tables/stream/columns.js";
import {
  continuesEntry,
  entryStarts,
  groupEntries,
  joinPitchOf,
  labelJoinPitchOf,
  leftNoRows,
  needsOwnRow,
  normalRowPitch,
  trailingLabels,
  wrappedLinePitch,
} from "../pipeline/extract/pdf/tables/stream/rows.js";
import { resolve } from "../pipeline/resolve/index.js";
import { documentAlignment } from "../pipeline/resolve/segment/alignment.js";
import { assignLabelBlocks } from "../pipeline/resolve/segment/blocks.js";
import { estimatedCells } from "../pipeline/resolve/segment/cells.js";
import { alignmentMisfit } from "../pipeline/resolve/segment/costs.js";
import type { Span } from "../pipeline/resolve/segment/span.js";
import { Grid, type GridCell } from "../pipeline/schema/grid.js";
import type { Hierarchy } from "../pipeline/schema/hierarchy.js";
import type { Layout } from "../pipeline/schema/layout.js";
import { makeAnnexPdf, THEMATIC_HEADER } from "./support/annex-pdf.js";
import { actionF1, type Gold, structureOf } from "./support/gold.js";
import { item } from "./support/layout-item.js";
import { buildHierarchy, sampleHierarchy } from "./support/random-hierarchy.js";

// --- Reading a grid the way the resolver does ---

const collapse = (text: string): string => text.replace(/\s+/g, " ").trim();

interface ExpectedSubProcess {
  code: string;
  actions: { text: string; code?: string | null; alsoAcceptedUnder?: string[] }[];
}

/** The sub-processes of a tree, each action's text as printed (a coded action shows its code first). */
function subProcessesOf(tree: {
  functions: { macroProcesses: { processes: { subProcesses: ExpectedSubProcess[] }[] }[] }[];
}): ExpectedSubProcess[] {
  return tree.functions
    .flatMap((fn) =>
      fn.macroProcesses.flatMap((macro) => macro.processes.flatMap((process) => process.subProcesses)),
    )
    .map((subProcess) => ({
      ...subProcess,
      actions: subProcess.actions.map((action) => ({
        ...action,
        text: action.code ? `${action.code} ${action.text}` : action.text,
      })),
    }));
}

/**
 * Rows repeated on several pages (headings, header rows) are page furniture the resolver skips when
 * it fills labels forward; told apart here by their repetition, not by their wording.
 */
function furnitureRows(grid: Grid): Set<number> {
  const key = (index: number) =>
    (grid.rows[index]?.cells ?? []).map((cell) => `${cell.col}:${cell.paragraphs.join(" ")}`).join("|");
  const pages = new Map<string, Set<number | null>>();
  grid.rows.forEach((row, index) => {
    pages.set(key(index), new Set([...(pages.get(key(index)) ?? []), row.page]));
  });
  return new Set(
    grid.rows.map((_, index) => index).filter((index) => (pages.get(key(index))?.size ?? 0) > 1),
  );
}

/**
 * Problems with a grid against an expected tree: every action is exactly one paragraph somewhere (a
 * whole paragraph, not part of one; an action the document prints twice is there twice), and its row
 * is covered by a label starting with its sub-process code: the nearest cell in that label's column at
 * or above the row (forward fill across pages), which on the same page its rowSpan must reach.
 */
function coverageProblems(grid: Grid, subProcesses: readonly ExpectedSubProcess[]): string[] {
  const rowsOf = new Map<string, number[]>();
  grid.rows.forEach((row, index) => {
    for (const cell of row.cells) {
      for (const paragraph of cell.paragraphs) {
        rowsOf.set(collapse(paragraph), [...(rowsOf.get(collapse(paragraph)) ?? []), index]);
      }
    }
  });
  const furniture = furnitureRows(grid);
  const columns = [...new Set(grid.rows.flatMap((row) => row.cells.map((cell) => cell.col)))];
  const labelAbove = (row: number, col: number): { cell: GridCell; row: number } | null => {
    for (let index = row; index >= 0; index--) {
      if (furniture.has(index)) continue;
      const cell = grid.rows[index]?.cells.find((candidate) => candidate.col === col);
      if (cell) return { cell, row: index };
    }
    return null;
  };
  const problems: string[] = [];
  for (const subProcess of subProcesses) {
    for (const action of subProcess.actions) {
      const rows = rowsOf.get(collapse(action.text)) ?? [];
      if (rows.length === 0) {
        problems.push(`${subProcess.code}: "${action.text}" is no paragraph`);
        continue;
      }
      const codes = [subProcess.code, ...(action.alsoAcceptedUnder ?? [])];
      const coveredAt = (row: number) =>
        columns.some((col) => {
          const label = labelAbove(row, col);
          if (!label) return false;
          const text = collapse(label.cell.paragraphs.join(" "));
          const samePage = grid.rows[label.row]?.page === grid.rows[row]?.page;
          const reaches = !samePage || label.row + label.cell.rowSpan - 1 >= row;
          return reaches && codes.some((code) => text.startsWith(`${code} `) || text === code);
        });
      if (!rows.some(coveredAt))
        problems.push(`${subProcess.code}: "${action.text}" (rows ${rows}) is not under its label`);
    }
  }
  return problems;
}

/** Cells whose rowSpan runs past the last row of their page. */
function spansCrossingPages(grid: Grid): string[] {
  return grid.rows.flatMap((row, index) =>
    row.cells
      .filter((cell) => grid.rows[index + cell.rowSpan - 1]?.page !== row.page)
      .map((cell) => `row ${index}: ${cell.paragraphs[0]}`),
  );
}

/** Each row as "col/rowSpan:text" per cell, for compact comparisons. */
function shape(grid: Grid): string[][] {
  return grid.rows.map((row) =>
    row.cells.map((cell) => `${cell.col}/${cell.rowSpan}:${cell.paragraphs.join(" | ")}`),
  );
}

const withoutRules = (layout: Layout): Layout => ({
  ...layout,
  pages: layout.pages.map((page) => ({ ...page, rules: [], fills: [] })),
});

// --- Small tables drawn with pdf-lib ---

const FONT_SIZE = 9;
const LINE_HEIGHT = 11;
const PADDING = 3;

interface DrawnCell {
  row: number;
  rows?: number;
  col: number;
  lines: string[];
  /** Turned 90° to read upwards, like a function band. */
  rotated?: boolean;
}

interface DrawnPage {
  /** Column boundaries, left to right, in points. */
  columns: number[];
  rowHeights: number[];
  cells: DrawnCell[];
  /** Loose lines of text: [text, x, top]. */
  texts?: [string, number, number][];
  /** Where text sits in its cell: vertically centred (browsers) unless top-aligned (word processors). */
  align?: "middle" | "top";
}

const TABLE_TOP = 60;

/**
 * A PDF of tables, one per page: each cell's lines vertically centred in its box, each cell bordered
 * (strokes) when ruled, so that merged cells simply have no inner borders.
 */
async function tablePdf(pages: DrawnPage[], ruled: boolean, size: [number, number] = [600, 500]) {
  const pdf = await PDFDocument.create({ updateMetadata: false });
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (const spec of pages) {
    const page = pdf.addPage(size);
    const height = size[1];
    const rowTop = (row: number) => TABLE_TOP + spec.rowHeights.slice(0, row).reduce((sum, h) => sum + h, 0);
    for (const cell of spec.cells) {
      const left = spec.columns[cell.col] ?? 0;
      const right = spec.columns[cell.col + 1] ?? 0;
      const top = rowTop(cell.row);
      const bottom = rowTop(cell.row + (cell.rows ?? 1));
      if (ruled) {
        page.drawRectangle({
          x: left,
          y: height - bottom,
          width: right - left,
          height: bottom - top,
          borderColor: rgb(0, 0, 0),
          borderWidth: 0.5,
        });
      }
      drawCellText(page, font, cell, { left, right, top, bottom }, height, spec.align ?? "middle");
    }
    for (const [text, x, top] of spec.texts ?? []) {
      page.drawText(text, { x, y: height - top - FONT_SIZE, size: FONT_SIZE, font });
    }
  }
  return pdf.save();
}

function drawCellText(
  page: ReturnType<PDFDocument["addPage"]>,
  font: PDFFont,
  cell: DrawnCell,
  box: { left: number; right: number; top: number; bottom: number },
  pageHeight: number,
  align: "middle" | "top",
) {
  const block = cell.lines.length * LINE_HEIGHT;
  if (cell.rotated) {
    const left = (box.left + box.right - block) / 2;
    cell.lines.forEach((line, index) => {
      const width = font.widthOfTextAtSize(line, FONT_SIZE);
      const start = (box.top + box.bottom + width) / 2;
      const x = left + index * LINE_HEIGHT + FONT_SIZE;
      page.drawText(line, { x, y: pageHeight - start, size: FONT_SIZE, font, rotate: degrees(90) });
    });
    return;
  }
  const top = align === "top" ? box.top + PADDING : (box.top + box.bottom - block) / 2;
  cell.lines.forEach((line, index) => {
    const baseline = top + index * LINE_HEIGHT + FONT_SIZE;
    page.drawText(line, { x: box.left + PADDING, y: pageHeight - baseline, size: FONT_SIZE, font });
  });
}

/** Three columns: a label over three rows, a label over two then one over one, an action per row. */
const MERGED_3X3: DrawnPage = {
  columns: [50, 170, 290, 550],
  rowHeights: [20, 20, 20],
  cells: [
    { row: 0, rows: 3, col: 0, lines: ["Label A"] },
    { row: 0, rows: 2, col: 1, lines: ["Label B"] },
    { row: 2, col: 1, lines: ["Label C"] },
    { row: 0, col: 2, lines: ["Action one"] },
    { row: 1, col: 2, lines: ["Action two"] },
    { row: 2, col: 2, lines: ["Action three"] },
  ],
};

/** A bigger table, so that each column has enough entries to be told from chance alignment. */
const UNRULED_TABLE: DrawnPage = {
  columns: [40, 70, 190, 330, 560],
  rowHeights: [20, 20, 20, 31, 20, 20, 20, 20, 20],
  cells: [
    { row: 0, rows: 9, col: 0, lines: ["BAND OF THE FUNCTION"], rotated: true },
    { row: 0, rows: 4, col: 1, lines: ["First group", "of processes"] },
    { row: 4, rows: 3, col: 1, lines: ["Second group"] },
    { row: 7, rows: 2, col: 1, lines: ["Third"] },
    { row: 0, rows: 2, col: 2, lines: ["One process"] },
    { row: 2, rows: 2, col: 2, lines: ["Two processes"] },
    { row: 4, rows: 1, col: 2, lines: ["Three"] },
    { row: 5, rows: 2, col: 2, lines: ["Four of them"] },
    { row: 7, rows: 2, col: 2, lines: ["Five"] },
    { row: 0, col: 3, lines: ["Alpha action"] },
    { row: 1, col: 3, lines: ["Beta action"] },
    { row: 2, col: 3, lines: ["Gamma"] },
    { row: 3, col: 3, lines: ["Delta action, written on", "two lines"] },
    { row: 4, col: 3, lines: ["Epsilon"] },
    { row: 5, col: 3, lines: ["Zeta action"] },
    { row: 6, col: 3, lines: ["Eta"] },
    { row: 7, col: 3, lines: ["Theta action"] },
    { row: 8, col: 3, lines: ["Iota"] },
  ],
};

async function gridOf(bytes: Uint8Array, transform: (layout: Layout) => Layout = (layout) => layout) {
  return Grid.parse(layoutToGrid(transform(await readLayout(bytes))));
}

// --- The fixture ---

/** The bar for reading the bundled annex, with its rules and without: actions F1 of 0.99. */
const MIN_FIXTURE_ACTIONS_F1 = 0.99;

describe("the fixture (ruled, merged cells split across pages, a rotated band)", async () => {
  const layout = await readLayout(new Uint8Array(readFileSync("fixtures/articolazione-processi.pdf")));
  const expected = subProcessesOf(
    JSON.parse(readFileSync("fixtures/articolazione-processi.expected.json", "utf8")),
  );
  const lattice = Grid.parse(layoutToGrid(layout));
  const stream = Grid.parse(layoutToGrid(withoutRules(layout)));

  it("is read as an exact grid of its 10 pages, rows in page order", () => {
    expect(lattice.format).toBe("pdf");
    expect(lattice.pages).toBe(10);
    expect(lattice.placement).toBe("exact");
    expect(lattice.warnings).toEqual([]);
    const pages = lattice.rows.map((row) => row.page ?? 0);
    expect(pages).toEqual([...pages].sort((p, q) => p - q));
    expect(new Set(pages).size).toBe(10);
  });

  it("reads every action as one paragraph, under its sub-process", () => {
    expect(expected.flatMap((subProcess) => subProcess.actions)).toHaveLength(177);
    expect(coverageProblems(lattice, expected)).toEqual([]);
  });

  it("reads a Node Buffer as it reads a Uint8Array, and leaves the caller's bytes as they were", async () => {
    const buffer = readFileSync("fixtures/articolazione-processi.pdf");
    const before = Buffer.from(buffer);
    expect(await readLayout(buffer)).toEqual(layout);
    expect(buffer.equals(before)).toBe(true);
  });

  it("never lets a merged cell run into the next page", () => {
    expect(spansCrossingPages(lattice)).toEqual([]);
  });

  it("loses no text: every text item of the layout is in some cell", () => {
    const everything = collapse(
      lattice.rows.flatMap((row) => row.cells.flatMap((cell) => cell.paragraphs)).join(" "),
    );
    const missing = layout.pages.flatMap((page) =>
      page.items.filter((item) => !everything.includes(collapse(item.text))).map((item) => item.text),
    );
    expect(missing).toEqual([]);
  });

  it("gives each cell its page and the box of its text", () => {
    const band = lattice.rows
      .flatMap((row) => row.cells)
      .find((cell) => cell.paragraphs[0]?.includes("FUNZIONE"));
    expect(band?.source.page).toBe(1);
    const [x0, y0, x1, y1] = band?.source.bbox ?? [0, 0, 0, 0];
    expect(y1 - y0).toBeGreaterThan(x1 - x0);
    expect(band?.source.line).toBeNull();
  });

  it("reads the rotated band whole, in one cell over the function's rows", () => {
    const first = lattice.rows.findIndex((row) =>
      row.cells.some((cell) => cell.paragraphs[0]?.startsWith("PORTAFOGLIO")),
    );
    const band = lattice.rows[first]?.cells[0];
    expect(band?.paragraphs).toEqual([
      "PORTAFOGLIO PROCESSI FUNZIONE ISTITUZIONALE A Organi istituzionali e Segreteria generale",
    ]);
    expect(band?.col).toBe(0);
    // It covers every row of the page from its own down.
    const lastOnPage = lattice.rows.findLastIndex((row) => row.page === lattice.rows[first]?.page);
    expect(first + (band?.rowSpan ?? 0) - 1).toBe(lastOnPage);
  });

  it("keeps text outside the table as rows of its own: title, headings, signatures", () => {
    const texts = shape(lattice).map((row) => row.join(" || "));
    expect(texts[0]).toBe("2/1:L'articolazione dei processi delle Camere di commercio");
    expect(texts.filter((row) => row.endsWith(":Processi di supporto"))).toHaveLength(4);
    expect(texts.at(-1)).toMatch(/^0\/1:Allegato sottoscritto con firma digitale/);
    // The two signatories on one line stay apart, in the columns they sit in.
    expect(texts.find((row) => row.includes("IL PRESIDENTE"))).toBe(
      "1/1:IL SEGRETARIO GENERALE || 4/1:IL PRESIDENTE",
    );
  });

  it("resolves ruled and unruled alike: actions F1 ≥ 0.99 against the expected reading", () => {
    const gold = JSON.parse(readFileSync("fixtures/articolazione-processi.expected.json", "utf8")) as Gold;
    const ruledF1 = actionF1(gold, resolve(lattice).functions);
    const unruledF1 = actionF1(gold, resolve(stream).functions);
    expect(ruledF1).toBeGreaterThanOrEqual(MIN_FIXTURE_ACTIONS_F1);
    expect(unruledF1).toBeGreaterThanOrEqual(MIN_FIXTURE_ACTIONS_F1);
    expect(structureOf(resolve(stream).functions as Gold["functions"])).toEqual(structureOf(gold.functions));
  });

  it("reads its content drawn unruled with the labels centred across their cells: actions F1 ≥ 0.99", async () => {
    // The generator draws the expected reading's labels and actions (numbered by position) without a
    // rule, the LIV 1–3 labels centred as office suites centre a cell's paragraphs.
    const gold = JSON.parse(readFileSync("fixtures/articolazione-processi.expected.json", "utf8")) as Gold;
    const drawn = buildHierarchy(
      gold.functions.map((fn) => ({
        name: fn.name ?? fn.code,
        category: fn.category as "support" | "primary" | null,
        macroProcesses: fn.macroProcesses.map((macro) => ({
          name: macro.name,
          processes: macro.processes.map((process) => ({
            name: process.name,
            subProcesses: process.subProcesses.map((sub) => ({
              name: sub.name,
              actions: sub.actions.map((action) => action.text),
            })),
          })),
        })),
      })),
    );
    const grid = await gridOf(await makeAnnexPdf(drawn, { ruled: false, labelAlign: "centre" }));
    const read = resolve(grid).functions;
    expect(actionF1(drawn as unknown as Gold, read)).toBeGreaterThanOrEqual(MIN_FIXTURE_ACTIONS_F1);
    expect(structureOf(read as Gold["functions"])).toEqual(structureOf(drawn.functions as Gold["functions"]));
  });

  it("reads the same grid without its rules, from the alignment of its text", () => {
    expect(coverageProblems(stream, expected)).toEqual([]);
    expect(spansCrossingPages(stream)).toEqual([]);
    expect(shape(stream)).toEqual(shape(lattice));
    expect(stream.warnings.map((warning) => warning.message)).toEqual([
      "pages without ruling lines were read from the alignment of their text",
    ]);
  });
});

// --- Generated annexes ---

describe("annexes made by the generator, ruled and unruled", () => {
  const cases: [string, Hierarchy, Parameters<typeof makeAnnexPdf>[1]][] = [
    ["seed 5, defaults", sampleHierarchy(5), {}],
    [
      "seed 8, Times 10 pt, thematic header",
      sampleHierarchy(8),
      { font: "TimesRoman", fontSize: 10, header: THEMATIC_HEADER },
    ],
    [
      "seed 3, portrait, Courier 7 pt",
      sampleHierarchy(3),
      { pageSize: [595.28, 841.89], font: "Courier", fontSize: 7 },
    ],
  ];
  for (const [name, hierarchy, options] of cases) {
    for (const ruled of [true, false]) {
      it(`${name}, ${ruled ? "ruled" : "unruled"}: every action under its sub-process`, async () => {
        const grid = await gridOf(await makeAnnexPdf(hierarchy, { ...options, ruled, signature: true }));
        expect(coverageProblems(grid, subProcessesOf(hierarchy))).toEqual([]);
        expect(spansCrossingPages(grid)).toEqual([]);
      });
    }
  }
});

// --- Small drawn tables ---

describe("small drawn tables", () => {
  it("ruled: a cell without inner rules is one merged cell, with its rowSpan at its first row", async () => {
    const grid = await gridOf(await tablePdf([MERGED_3X3], true));
    expect(shape(grid)).toEqual([
      ["0/3:Label A", "1/2:Label B", "2/1:Action one"],
      ["2/1:Action two"],
      ["1/1:Label C", "2/1:Action three"],
    ]);
    expect(grid.rows.every((row) => row.page === 1)).toBe(true);
  });

  it("unruled: labels cover the action rows they sit beside, vertically centred", async () => {
    const grid = await gridOf(await tablePdf([UNRULED_TABLE], false));
    expect(shape(grid)).toEqual([
      ["0/9:BAND OF THE FUNCTION", "1/4:First group of processes", "2/2:One process", "3/1:Alpha action"],
      ["3/1:Beta action"],
      ["2/2:Two processes", "3/1:Gamma"],
      ["3/1:Delta action, written on two lines"],
      ["1/3:Second group", "2/1:Three", "3/1:Epsilon"],
      ["2/2:Four of them", "3/1:Zeta action"],
      ["3/1:Eta"],
      ["1/2:Third", "2/2:Five", "3/1:Theta action"],
      ["3/1:Iota"],
    ]);
  });

  it("unruled: an action at a page's top goes on from the page before, not to the label below it", async () => {
    // Page 2 opens with the last action of "Five", whose cell the page break split; then "Six", a
    // sub-process without actions, in a row of its own; then "Seven", tall enough to stretch its two
    // rows apart, so that the gap "Six" sits in is no wider than theirs.
    const nextPage: DrawnPage = {
      columns: UNRULED_TABLE.columns,
      rowHeights: [20, 24, 50, 50],
      cells: [
        { row: 1, rows: 3, col: 1, lines: ["Fourth group"] },
        { row: 1, col: 2, lines: ["Six, with no", "action"] },
        { row: 2, rows: 2, col: 2, lines: ["Seven", "processes", "written", "on", "many", "lines", "here"] },
        { row: 0, col: 3, lines: ["Kappa action"] },
        { row: 2, col: 3, lines: ["Lambda"] },
        { row: 3, col: 3, lines: ["Mu action"] },
      ],
    };
    const grid = await gridOf(await tablePdf([UNRULED_TABLE, nextPage], false));
    expect(shape(grid).slice(-4)).toEqual([
      ["3/1:Kappa action"],
      ["1/3:Fourth group", "2/1:Six, with no action"],
      ["2/2:Seven processes written on many lines here", "3/1:Lambda"],
      ["3/1:Mu action"],
    ]);
  });

  it("unruled: the bands of two short functions, one right after the other, stay two", async () => {
    const twoBands: DrawnPage = {
      columns: [40, 70, 190, 330, 560],
      rowHeights: [30, 30, 30, 30, 30, 30],
      // The first band's long line ends a few points before the second band's long line begins.
      cells: [
        { row: 0, rows: 3, col: 0, lines: ["A FIRST FUNCTION", "BAND"], rotated: true },
        { row: 3, rows: 3, col: 0, lines: ["B TWO", "SECOND FUNCTION"], rotated: true },
        { row: 0, rows: 3, col: 1, lines: ["First group"] },
        { row: 3, rows: 3, col: 1, lines: ["Second group", "of processes"] },
        { row: 0, rows: 2, col: 2, lines: ["One process"] },
        { row: 2, rows: 1, col: 2, lines: ["Two"] },
        { row: 3, rows: 3, col: 2, lines: ["Three processes"] },
        ...["Alpha action", "Beta", "Gamma action", "Delta", "Epsilon action", "Zeta"].map((text, row) => ({
          row,
          col: 3,
          lines: [text],
        })),
      ],
    };
    const grid = await gridOf(await tablePdf([twoBands], false));
    const bands = grid.rows.flatMap((row) => row.cells.filter((cell) => cell.col === 0));
    expect(bands.map((cell) => [cell.rowSpan, cell.paragraphs.join(" | ")])).toEqual([
      [3, "A FIRST FUNCTION BAND"],
      [3, "B TWO SECOND FUNCTION"],
    ]);
  });

  it("unruled, top-aligned as word processors do: the same reading", async () => {
    const centred = await gridOf(await tablePdf([UNRULED_TABLE], false));
    const topAligned = await gridOf(await tablePdf([{ ...UNRULED_TABLE, align: "top" }], false));
    expect(shape(topAligned)).toEqual(shape(centred));
  });

  it("unruled without cell padding: a lower-case start continues an action, anything else starts one", async () => {
    const tight: DrawnPage = {
      columns: [40, 200, 520],
      rowHeights: [11, 11, 22, 11, 11, 11],
      align: "top",
      cells: [
        { row: 0, rows: 3, col: 0, lines: ["First label"] },
        { row: 3, rows: 2, col: 0, lines: ["Second one"] },
        { row: 5, col: 0, lines: ["Third"] },
        { row: 0, col: 1, lines: ["Alpha"] },
        { row: 1, col: 1, lines: ["Beta action"] },
        { row: 2, col: 1, lines: ["Gamma, which wraps", "onto a second line"] },
        { row: 3, col: 1, lines: ["Delta"] },
        { row: 4, col: 1, lines: ["Epsilon action"] },
        { row: 5, col: 1, lines: ["Zeta"] },
      ],
    };
    const grid = await gridOf(await tablePdf([tight], false));
    expect(shape(grid)).toEqual([
      ["0/3:First label", "1/1:Alpha"],
      ["1/1:Beta action"],
      ["1/1:Gamma, which wraps onto a second line"],
      ["0/2:Second one", "1/1:Delta"],
      ["1/1:Epsilon action"],
      ["0/1:Third", "1/1:Zeta"],
    ]);
  });

  it("unruled: a label in capitals wrapped at the line pitch is one label beside actions set as paragraphs", async () => {
    // One cell of actions per label, its actions line under line with no spacing (the row pitch is the
    // line pitch), and labels in capitals: neither a lower-case start nor a step joins their lines.
    const paragraphs: DrawnPage = {
      columns: [40, 200, 520],
      rowHeights: [
        3 * LINE_HEIGHT + 2 * PADDING,
        3 * LINE_HEIGHT + 2 * PADDING,
        3 * LINE_HEIGHT + 2 * PADDING,
      ],
      align: "top",
      cells: [
        { row: 0, col: 0, lines: ["FIRST GROUP", "OF PROCESSES"] },
        { row: 1, col: 0, lines: ["SECOND", "GROUP WRAPPED"] },
        { row: 2, col: 0, lines: ["THE THIRD", "ONE", "HERE"] },
        { row: 0, col: 1, lines: ["Alpha action", "Beta", "Gamma action"] },
        { row: 1, col: 1, lines: ["Delta action", "Epsilon, which wraps", "onto a second line"] },
        { row: 2, col: 1, lines: ["Zeta", "Eta action", "Theta"] },
      ],
    };
    const grid = await gridOf(await tablePdf([paragraphs], false));
    expect(shape(grid)).toEqual([
      ["0/3:FIRST GROUP OF PROCESSES", "1/1:Alpha action"],
      ["1/1:Beta"],
      ["1/1:Gamma action"],
      ["0/2:SECOND GROUP WRAPPED", "1/1:Delta action"],
      ["1/1:Epsilon, which wraps onto a second line"],
      ["0/3:THE THIRD ONE HERE", "1/1:Zeta"],
      ["1/1:Eta action"],
      ["1/1:Theta"],
    ]);
  });

  it("unruled: a label beside no action, far below the last, keeps its lines in one cell", async () => {
    // The last row, with no action, lies below a row stretched tall: too far to carry the table on.
    const farBelow: DrawnPage = {
      columns: [40, 200, 520],
      rowHeights: [20, 20, 20, 80, 20],
      align: "top",
      cells: [
        { row: 0, rows: 3, col: 0, lines: ["First label"] },
        { row: 3, col: 0, lines: ["Second one"] },
        { row: 4, col: 0, lines: ["Third label,", "wrapped here"] },
        ...["Alpha", "Beta action", "Gamma", "Delta action"].map((text, row) => ({
          row,
          col: 1,
          lines: [text],
        })),
      ],
    };
    const grid = await gridOf(await tablePdf([farBelow], false));
    expect(shape(grid).at(-1)).toEqual(["0/1:Third label, wrapped here"]);
  });

  it("unruled: a header cell of two lines beside cells of one is one row with them", async () => {
    // Header cells centred in their row: the band's and the actions' one line sits between the two
    // lines of the labels' cell, which no table segment takes (it is above every action).
    const headed: DrawnPage = {
      columns: [40, 200, 520],
      rowHeights: [30, 20, 20, 20, 20],
      cells: [
        { row: 0, col: 0, lines: ["LABELS OF", "THE LEVEL"] },
        { row: 0, col: 1, lines: ["Actions"] },
        { row: 1, rows: 2, col: 0, lines: ["First label"] },
        { row: 3, rows: 2, col: 0, lines: ["Second label"] },
        ...["Alpha", "Beta action", "Gamma", "Delta action"].map((text, index) => ({
          row: index + 1,
          col: 1,
          lines: [text],
        })),
      ],
    };
    const grid = await gridOf(await tablePdf([headed], false));
    expect(shape(grid)[0]).toEqual(["0/1:LABELS OF THE LEVEL", "1/1:Actions"]);
  });

  it("ruled and unruled readings of one table agree", async () => {
    const ruled = await gridOf(await tablePdf([UNRULED_TABLE], true));
    const unruled = await gridOf(await tablePdf([UNRULED_TABLE], false));
    expect(shape(ruled)).toEqual(shape(unruled));
  });

  it("a merged cell split by a page break: its continuation gives no cell, and no span crosses the page", async () => {
    const pages: DrawnPage[] = [
      {
        columns: [50, 170, 450],
        rowHeights: [20, 20],
        cells: [
          { row: 0, rows: 2, col: 0, lines: ["Split label"] },
          { row: 0, col: 1, lines: ["First action"] },
          { row: 1, col: 1, lines: ["Second action"] },
        ],
      },
      {
        columns: [50, 170, 450],
        rowHeights: [20, 20, 20],
        cells: [
          { row: 0, rows: 1, col: 0, lines: [] },
          { row: 0, col: 1, lines: ["Third action"] },
          { row: 1, rows: 2, col: 0, lines: ["Next label"] },
          { row: 1, col: 1, lines: ["Fourth action"] },
          { row: 2, col: 1, lines: ["Fifth action"] },
        ],
      },
    ];
    const grid = await gridOf(await tablePdf(pages, true));
    expect(grid.rows.map((row) => row.page)).toEqual([1, 1, 2, 2, 2]);
    expect(shape(grid)).toEqual([
      ["0/2:Split label", "1/1:First action"],
      ["1/1:Second action"],
      ["1/1:Third action"],
      ["0/2:Next label", "1/1:Fourth action"],
      ["1/1:Fifth action"],
    ]);
  });

  it("re-joins a word broken with a hyphen, and keeps a paragraph gap as two paragraphs", async () => {
    const page: DrawnPage = {
      columns: [50, 300],
      rowHeights: [40, 60, 50],
      cells: [
        { row: 0, col: 0, lines: ["Progetti di sempli-", "ficazione dei servizi"] },
        { row: 1, col: 0, lines: ["Prima azione", "", "Seconda azione"] },
        { row: 2, col: 0, lines: ["Una azione", "su tre", "righe"] },
      ],
    };
    const grid = await gridOf(await tablePdf([page], true));
    expect(grid.rows.map((row) => row.cells[0]?.paragraphs)).toEqual([
      ["Progetti di semplificazione dei servizi"],
      ["Prima azione", "Seconda azione"],
      ["Una azione su tre righe"],
    ]);
  });

  it("text beside the table, and a table with no header, are read all the same", async () => {
    const page: DrawnPage = {
      ...MERGED_3X3,
      texts: [
        ["A heading above", 50, 30],
        ["A note below", 50, 200],
      ],
    };
    const grid = await gridOf(await tablePdf([page], true));
    expect(shape(grid)[0]).toEqual(["0/1:A heading above"]);
    expect(shape(grid).at(-1)).toEqual(["0/1:A note below"]);
    expect(grid.rows).toHaveLength(5);
  });
});

// --- The heuristics, one by one ---

const line = (text: string, x0: number, top: number, width = 50): TextLine =>
  readingLines([item(text, x0, top, x0 + width, top + 10)])[0] as TextLine;

describe("text lines", () => {
  it("frameOf: text at 90° reads along -y, its lines follow each other along x", () => {
    expect(frameOf({ x0: 10, y0: 100, x1: 20, y1: 200 }, 0)).toEqual({
      along0: 10,
      along1: 20,
      across0: 100,
      across1: 200,
    });
    const turned = frameOf({ x0: 10, y0: 100, x1: 20, y1: 200 }, 90);
    expect(turned.along0).toBeCloseTo(-200);
    expect(turned.along1).toBeCloseTo(-100);
    expect(turned.across0).toBeCloseTo(10);
    expect(turned.across1).toBeCloseTo(20);
  });

  it("readingLines: items on one baseline join left to right; a word gap becomes a space", () => {
    const lines = readingLines([
      item("world", 42, 0, 70, 10),
      item("Hel", 10, 0, 25, 10),
      item("lo", 25.2, 0.5, 37, 10.5),
      item("next line", 10, 12, 60, 22),
    ]);
    expect(lines.map((each) => each.text)).toEqual(["Hello world", "next line"]);
  });

  it("readingLines: text turned 90° is read in columns left to right, each bottom to top", () => {
    const lines = readingLines([
      item("second", 30, 100, 40, 150, 90),
      item("first", 10, 110, 20, 150, 90),
      item("start", 10, 160, 20, 190, 90),
    ]);
    expect(lines.map((each) => each.text)).toEqual(["start first", "second"]);
  });

  it("splitChunks: a wide gap or another baseline separates chunks", () => {
    const [chunked] = readingLines([
      item("left", 0, 0, 20, 10),
      item("near", 22, 0, 40, 10),
      item("far", 60, 0, 80, 10),
      item("lower", 82, 5, 100, 15),
    ]);
    expect(splitChunks(chunked as TextLine).map((each) => each.text)).toEqual(["left near", "far", "lower"]);
  });

  it("splitAtNeighbourBreaks: turned bands set end to end part where the line beside them breaks", () => {
    // Two bands of two lines each down one column, read bottom to top: their first lines come a word
    // space apart (one chunk), their second lines farther than a chunk gap.
    const bands = (secondLineStart: number) =>
      readingLines([
        item("First band", 39, 106, 47, 240, 90),
        item("goes on here", 49, 106, 57, 240, 90),
        item("Second band", 39, 245, 47, 327, 90),
        item("ends", 49, secondLineStart, 57, 322, 90),
      ]).flatMap(splitChunks);
    const texts = (lines: readonly TextLine[]) => lines.map((each) => each.text).sort();
    expect(texts(bands(252))).toEqual(["Second band First band", "ends", "goes on here"]);
    expect(texts(splitAtNeighbourBreaks(bands(252), 1.6))).toEqual([
      "First band",
      "Second band",
      "ends",
      "goes on here",
    ]);
    // A line beside that runs on across the gap (a word space, not a break) keeps the chunk whole.
    const runOn = readingLines([
      item("First band", 39, 106, 47, 240, 90),
      item("Second band", 39, 245, 47, 327, 90),
      item("one long line beside", 49, 110, 57, 320, 90),
    ]).flatMap(splitChunks);
    expect(splitAtNeighbourBreaks(runOn, 1.6)).toHaveLength(2);
  });

  it("splitAtColumns: a cell's chunk is split where another column starts after a word gap", () => {
    const [chunked] = readingLines([item("label end", 0, 0, 40, 10), item("Action", 44, 0, 70, 10)]);
    const columns = [
      { x: 0, support: 5 },
      { x: 44, support: 9 },
    ];
    expect(splitAtColumns(chunked as TextLine, columns, 1).map((each) => each.text)).toEqual([
      "label end",
      "Action",
    ]);
    expect(splitAtColumns(chunked as TextLine, [{ x: 0, support: 5 }], 1)).toHaveLength(1);
    // A heading across the columns (starting at none) keeps a word that happens to start at one.
    const [heading] = readingLines([item("Processi di", 20, 0, 40, 10), item("supporto", 44, 0, 70, 10)]);
    expect(splitAtColumns(heading as TextLine, columns, 1)).toHaveLength(1);
  });

  it("joinLines: a hyphen goes before a lower-case continuation, or a capital one the document writes joined", () => {
    const none = vocabularyOf([]);
    expect(joinLines("sempli-", "ficazione", none)).toBe("semplificazione");
    expect(joinLines("Gettoni -", "Gestione", none)).toBe("Gettoni - Gestione");
    expect(joinLines("RI/REA/", "AA", none)).toBe("RI/REA/ AA");
    expect(joinLines("a  b", " c", none)).toBe("a b c");
    // In capitals, only the document's own words tell the typesetter's hyphen from the word's.
    expect(joinLines("MACRO-", "PROCESSI", none)).toBe("MACRO-PROCESSI");
    const written = vocabularyOf(["Coordinamento dei servizi", "MACRO-PROCESSI"]);
    expect(joinLines("GESTIONE E COORDINAMEN-", "TO DEI SERVIZI", written)).toBe(
      "GESTIONE E COORDINAMENTO DEI SERVIZI",
    );
    expect(joinLines("MACRO-", "PROCESSI", written)).toBe("MACRO-PROCESSI");
    expect(joinLines("COORDINAMEN-", "TO", none)).toBe("COORDINAMEN-TO");
  });

  it("vocabularyOf: the words of the document, lower-cased", () => {
    expect([...vocabularyOf(["Attività di MACRO-PROCESSI", "l'albo"])].sort()).toEqual([
      "albo",
      "attività",
      "di",
      "l",
      "macro",
      "processi",
    ]);
  });
});

describe("lattice heuristics", () => {
  const h = (y: number, x0: number, x1: number) => ({ x0, y0: y, x1, y1: y });
  const v = (x: number, y0: number, y1: number) => ({ x0: x, y0, x1: x, y1 });

  it("findTables: crossing rules make a table; a lone underline does not", () => {
    const tables = findTables([h(0, 0, 100), h(50, 0, 100), v(0, 0, 50), v(100, 0, 50), h(200, 0, 80)], 1);
    expect(tables).toHaveLength(1);
    expect(tables[0]?.xs).toEqual([0, 100]);
    expect(tables[0]?.ys).toEqual([0, 50]);
  });

  it("findTables: a table without an outer frame ends where its rules end", () => {
    const [table] = findTables([h(20, 0, 300), h(40, 0, 300), v(100, 0, 60), v(200, 0, 60)], 1);
    expect(table?.xs).toEqual([0, 100, 200, 300]);
    expect(table?.ys).toEqual([0, 20, 40, 60]);
  });

  it("tableCells: grid cells without a rule between them are one cell", () => {
    const [table] = findTables(
      [h(0, 0, 200), h(10, 100, 200), h(20, 0, 200), v(0, 0, 20), v(100, 0, 20), v(200, 0, 20)],
      1,
    );
    expect(tableCells(table as NonNullable<typeof table>, 1)).toEqual([
      { row0: 0, row1: 1, col0: 0, col1: 0 },
      { row0: 0, row1: 0, col0: 1, col1: 1 },
      { row0: 1, row1: 1, col0: 1, col1: 1 },
    ]);
  });

  it("clusterPositions: positions within the tolerance of their group's first are one, without chaining", () => {
    expect(clusterPositions([10, 10.4, 10.8, 11.5, 12, 30], 1)).toEqual([10.4, 11.75, 30]);
  });
});

describe("stream heuristics", () => {
  const span = (top: number, bottom: number): Span => ({ top, bottom });

  it("columnStarts: an edge shared by texts of different widths is a column; equal widths are not", () => {
    const edges = [
      ...[40, 55, 70].map((width) => ({ x: 100, width })),
      ...[10, 10, 10, 10].map((width) => ({ x: 300.2, width })),
      { x: 300, width: 50 },
    ];
    expect(columnStarts(edges, 1)).toEqual([{ x: 100, support: 3 }]);
    // Three labels of nearly one width (184, 187.7, 188.6 pt) are three entries when widths must match closely.
    const labels = [184, 187.7, 188.6].map((width) => ({ x: 58.3, width }));
    expect(columnStarts(labels, 2.1)).toEqual([]);
    expect(columnStarts(labels, 2.1, 0.14)).toEqual([{ x: 58.3, support: 3 }]);
  });

  it("alignedColumns: centred labels are a column by their shared centre, not the edges they share by chance", () => {
    const box = (x0: number, x1: number) => ({ x0, y0: 0, x1, y1: 10 });
    // Labels centred on 150 (widest from 100), actions left-aligned at 220; three of the labels
    // happen to start within a point of each other, which alone would make a left-aligned column.
    const centred = [box(100, 200), box(120, 180), box(130, 170), box(120.5, 179.5), box(121, 179)];
    const actions = [box(220, 300), box(220, 340), box(220, 280), box(220, 320)];
    expect(alignedColumns([...centred, ...actions], 2, 0.1)).toEqual([
      { x: 100, support: 5, centre: 150 },
      { x: 220, support: 4 },
    ]);
    // Text centred inside a left-aligned column's cells (a header, a totals figure) is no column of
    // its own: the column's labels run on past its centre.
    const labels = [box(10, 90), box(10, 70), box(10, 85), box(10, 60)];
    const header = [box(40, 50), box(30, 60), box(44, 46)];
    expect(alignedColumns([...labels, ...header, ...actions], 2, 0.1)).toEqual([
      { x: 10, support: 4 },
      { x: 220, support: 4 },
    ]);
  });

  it("splitAtColumns: a centred label run into the next column's text is split where that column starts", () => {
    const [chunked] = readingLines([
      item("wide centred label", 30, 0, 96, 10),
      item("Action", 100, 0, 130, 10),
    ]);
    const columns = [
      { x: 20, support: 5, centre: 60 },
      { x: 100, support: 9 },
    ];
    expect(splitAtColumns(chunked as TextLine, columns, 1).map((each) => each.text)).toEqual([
      "wide centred label",
      "Action",
    ]);
  });

  it("rotatedColumnStarts: lines of a band a line pitch apart are one column", () => {
    const rotated = (x: number) => readingLines([item("band", x, 100, x + 10, 300, 90)])[0] as TextLine;
    expect(rotatedColumnStarts([rotated(40), rotated(52), rotated(200)], 16)).toEqual([
      { x: 40, support: 2 },
      { x: 200, support: 1 },
    ]);
  });

  it("actionColumn: the right-most column nearly as busy as the busiest", () => {
    const columns = [
      { x: 10, support: 40 },
      { x: 200, support: 60 },
      { x: 400, support: 5 },
    ];
    expect(actionColumn(columns)).toEqual({ x: 200, support: 60 });
    expect(actionColumn([])).toBeNull();
    // Labels wrapped over many lines may count more entries than the actions, but surely hold fewer.
    const labels = { x: 10, support: 65 };
    const actions = { x: 200, support: 28 };
    const surely = new Map([
      [labels, 7],
      [actions, 28],
    ]);
    expect(actionColumn([labels, actions])).toEqual(labels);
    expect(
      actionColumn(
        [labels, actions],
        (column) => column.support,
        (column) => surely.get(column) ?? 0,
      ),
    ).toEqual(actions);
  });

  it("entryStarts: lines one wrapped pitch below the line above go on with it, even in capitals", () => {
    // A label in capitals wrapped over four lines at 1.2 font sizes, then a second label after padding.
    const label = [
      line("A2.1 GESTIONE", 0, 0),
      line("DELLA UTENTI", 0, 12),
      line("INTERNO E BANDI", 0, 24),
      line("ORDINARIO", 0, 36),
      line("A2.2 SUPPORTO", 0, 60),
    ];
    expect(entryStarts(label, 1.2)).toBe(2);
    // Without a measured line pitch, only a lower-case start goes on.
    expect(entryStarts(label, null)).toBe(5);
    // Actions one a row, spaced wider than a wrapped line, each start an entry.
    const actions = [
      line("First", 0, 0),
      line("goes on", 0, 12),
      line("Second", 0, 30),
      line("Third", 0, 48),
    ];
    expect(entryStarts(actions, 1.2)).toBe(3);
  });

  it("normalRowPitch and groupEntries: wrapped lines join their action, new rows do not", () => {
    const lines = [
      line("First action", 0, 0),
      line("continued lower", 0, 11),
      line("Second", 0, 30),
      line("Third", 0, 48),
    ];
    const pitch = normalRowPitch([lines]);
    // Steps before the lines that do not start in lower case: 1.9 and 1.8 font sizes.
    expect(pitch).toBeCloseTo(1.85);
    expect(groupEntries(lines, 1.6).map((entry) => entry.map((each) => each.text))).toEqual([
      ["First action", "continued lower"],
      ["Second"],
      ["Third"],
    ]);
    // Without a geometric difference, only a lower-case start continues an entry.
    expect(groupEntries(lines, 0).map((entry) => entry.length)).toEqual([2, 1, 1]);
    // Items a reader gives as whole entries (a layout copy's) are not joined by their spacing.
    const whole = (text: string, top: number): TextLine =>
      readingLines([{ ...item(text, 0, top, 50, top + 10), entry: true }])[0] as TextLine;
    const entries = [whole("First action", 0), whole("Second", 12), whole("wrapped on", 24)];
    expect(groupEntries(entries, 1.6).map((entry) => entry.map((each) => each.text))).toEqual([
      ["First action"],
      ["Second", "wrapped on"],
    ]);
  });

  it("wrappedLinePitch and joinPitchOf: rows stretched far apart do not swallow the rows between", () => {
    const lines = [
      line("First action", 0, 0),
      line("continued lower", 0, 11),
      line("Second", 0, 30),
      line("Third", 0, 48),
    ];
    expect(wrappedLinePitch([lines])).toBeCloseTo(1.1);
    expect(wrappedLinePitch([[line("Alone", 0, 0)]])).toBeNull();
    // Rows 1.85 font sizes apart, wrapped lines 1.1: the smaller bound wins.
    expect(joinPitchOf(1.85, 1.1)).toBeCloseTo(1.35);
    // Rows stretched to 3 font sizes by tall labels: a step of 2 is still a new row.
    expect(joinPitchOf(3, 1.1)).toBeCloseTo(1.35);
    expect(joinPitchOf(3, null)).toBeCloseTo(2.75);
    expect(joinPitchOf(null, 1.1)).toBe(0);
  });

  it("isFigure: counts are figures; words, codes and labels starting with a figure are not", () => {
    expect(["23", "1.234", "7 "].map((text) => isFigure(line(text, 0, 0)))).toEqual([true, true, true]);
    expect(["Totale", "A1.1", "3 verbali", "(12)"].map((text) => isFigure(line(text, 0, 0)))).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });

  it("continuesEntry and groupEntries: a line opening with a bracket or comma goes on with the entry above", () => {
    expect(["nelle", "(albo territoriale)", ", e altro"].map(continuesEntry)).toEqual([true, true, true]);
    expect(["Rilascio", "A1.1 Gestione", "2024 bilancio", "«Citato»"].map(continuesEntry)).toEqual([
      false,
      false,
      false,
      false,
    ]);
    const lines = [
      line("First action of a cell", 0, 0),
      line("(with its aside)", 0, 11),
      line("Second", 0, 22),
    ];
    // Actions as paragraphs: every step the line pitch, so only the text tells.
    expect(groupEntries(lines, 0).map((entry) => entry.length)).toEqual([2, 1]);
  });

  it("labelJoinPitchOf: a label's lines join at the line pitch plus half the rows' padding, within bounds", () => {
    // Writer's paragraphs 0.2 font sizes apart: the lines 1.46 apart join, the paragraphs 1.66 apart do not.
    expect(labelJoinPitchOf(1.66, 1.46)).toBeCloseTo(1.56);
    // Actions as paragraphs without spacing (row pitch = line pitch): only the jitter's margin.
    expect(labelJoinPitchOf(1.11, 1.11)).toBeCloseTo(1.16);
    // Rows far apart: no more than the row pitch margin above a wrapped line's pitch.
    expect(labelJoinPitchOf(3, 1.1)).toBeCloseTo(1.35);
    expect(labelJoinPitchOf(null, 1.1)).toBeCloseTo(1.35);
    // Nothing wrapped to measure: the actions' join pitch.
    expect(labelJoinPitchOf(3, null)).toBeCloseTo(joinPitchOf(3, null));
    // Wrapped lines stepping farther than rows show no line pitch (a layout copy's whole entries).
    expect(labelJoinPitchOf(1.2, 7.2)).toBeCloseTo(joinPitchOf(1.2, 7.2));
  });

  it("normalRowPitch and wrappedLinePitch: only a step from one line measures a pitch", () => {
    // A layout copy's entries: items of several lines, 1.2 font sizes a line.
    const entry = (text: string, top: number, lines: number): TextLine =>
      readingLines([item(text, 0, top, 50, top + 12 * (lines - 1) + 10)])[0] as TextLine;
    const column = [
      entry("First", 0, 4),
      entry("continued", 48, 1),
      entry("Second", 60, 3),
      entry("Third", 96, 1),
    ];
    // From "continued" (one line) to "Second": 1.2; the steps from the entries of several lines do not count.
    expect(normalRowPitch([column])).toBeCloseTo(1.2);
    expect(wrappedLinePitch([column])).toBeNull();
  });

  it("needsOwnRow: a label alone in a gap as tall as a row gets one; a centred label does not", () => {
    const rows = [span(0, 10), span(14, 24), span(56, 66), span(70, 80)];
    expect(needsOwnRow(span(30, 48), rows, 4, 2)).toBe(true);
    expect(needsOwnRow(span(20, 30), rows, 4, 2)).toBe(false);
    // Rows spread evenly (a tall label elsewhere stretched them): a label between two may be centred on
    // both, or beside an empty action cell; the row is a candidate the segmentation weighs
    // (test/empty-row-owner.test.ts), whatever the neighbouring gaps.
    const stretched = [span(0, 10), span(40, 50), span(80, 90)];
    expect(needsOwnRow(span(56, 74), stretched, 4, 2)).toBe(true);
    // …but not where the gap leaves less than the document's usual gap beside the label.
    expect(needsOwnRow(span(51, 79.5), stretched, 4, 2)).toBe(false);
  });

  it("leftNoRows: a label between two labels that touch every row between them has none of its own", () => {
    const rows = [span(128, 135), span(230, 237), span(336, 343)];
    // Rows stretched apart by tall labels: the label at 166-207 sits in a wide gap, like any centred one.
    expect(leftNoRows(span(166, 207), span(115, 147), span(213, 254), rows)).toBe(true);
    // A row between the neighbours that neither touches is the label's own.
    expect(leftNoRows(span(166, 207), span(115, 147), span(300, 320), rows)).toBe(false);
    expect(leftNoRows(span(166, 207), undefined, span(213, 254), rows)).toBe(false);
    expect(leftNoRows(span(125, 140), span(100, 110), span(213, 254), rows)).toBe(false);
  });

  it("leftNoRows: at the top of a page, rows above the first label go on from the cell the page break split", () => {
    const rows = [span(83, 91), span(142, 150), span(178, 186)];
    // An action at the page's top, then a label in the gap below it and a tall label centred on the
    // other two rows: the action is the previous page's last sub-process's, the label has no action.
    const emptyLabel = span(97.6, 124.8);
    const next = span(131.4, 197);
    expect(leftNoRows(emptyLabel, undefined, next, rows, true)).toBe(true);
    // A table that starts afresh on the page has no cell from before: the row is the label's.
    expect(leftNoRows(emptyLabel, undefined, next, rows, false)).toBe(false);
    // A label in the gap between two rows of its own block (stretched apart by it) is centred on them.
    expect(leftNoRows(span(100, 130), undefined, span(175, 190), rows, true)).toBe(false);
    // Nor does a label that reaches the row at the top.
    expect(leftNoRows(span(85, 124.8), undefined, next, rows, true)).toBe(false);
  });

  it("trailingLabels: labels follow the table down until a gap or other text", () => {
    const labels = [span(104, 114), span(104, 124), span(118, 128), span(180, 190)];
    expect(trailingLabels(100, labels, [], 6)).toEqual({
      joined: [span(104, 114), span(104, 124), span(118, 128)],
      rows: [span(104, 114), span(118, 128)],
    });
    expect(trailingLabels(100, labels, [116], 6).rows).toEqual([span(104, 114)]);
  });

  it("estimatedCells: rows meet halfway between their text; a label centred on one row widens it", () => {
    const rows = [span(0, 10), span(20, 30), span(40, 50)];
    expect(estimatedCells(rows, [], 1)).toEqual([span(-5, 15), span(15, 35), span(35, 55)]);
    expect(estimatedCells(rows, [span(17, 33)], 1)[1]).toEqual(span(13.5, 36.5));
  });

  it("estimatedCells: a stretched row keeps its neighbours' padding; a label reaching past two rows widens them", () => {
    // Row 2 is stretched by a tall label beside it: its text sits in the middle of a tall cell, with
    // wide gaps on both sides, while its neighbours keep their padding (3 points).
    const rows = [span(0, 10), span(16, 26), span(70, 80), span(124, 134), span(140, 150)];
    const cells = estimatedCells(rows, [], 1);
    // The gap below row 1 goes to the stretched row, not halfway (48): its cell starts near 29.
    expect(cells[1]?.bottom).toBeCloseTo(31.3, 1);
    expect(cells[3]?.top).toBeCloseTo(118.7, 1);
    // An inner label over rows 1 and 2 reaching past both: they were stretched to hold it.
    const depth = (label: Span) => ("depth" in label ? (label.depth as number) : 0);
    const inner = { ...span(12, 90), depth: 2 };
    expect(estimatedCells(rows, [inner], 1, depth)[1]?.top).toBeCloseTo(11);
    // An outer label reaching past rows 1 and 2, beside an inner label that also touches row 0, is
    // centred on more rows than it touches: it stretched nothing.
    const outer = span(12, 90);
    const besideIt = { ...span(2, 40), depth: 2 };
    expect(estimatedCells(rows, [outer, besideIt], 1, depth)).toEqual(
      estimatedCells(rows, [besideIt], 1, depth),
    );
    // So is one beside a label of the level in between (a process) that goes on to row 3, though the
    // innermost labels beside it stay on rows 1 and 2.
    const process = { ...span(60, 132), depth: 1 };
    const within = [
      { ...span(16, 26), depth: 2 },
      { ...span(70, 80), depth: 2 },
    ];
    expect(estimatedCells(rows, [outer, process, ...within], 1, depth)).toEqual(
      estimatedCells(rows, [process, ...within], 1, depth),
    );
    // A band shorter than its function's rows, centred on the middle ones it reaches (1 to 3 here),
    // stretched none of them when a label beside it goes on past them.
    const band = { ...span(10, 140), turned: true, depth: 0 };
    const longerProcess = { ...span(120, 150), depth: 1 };
    expect(estimatedCells(rows, [band, longerProcess], 1, depth)).toEqual(
      estimatedCells(rows, [longerProcess], 1, depth),
    );
  });

  it("alignmentMisfit: top and bottom against the text, middle against the cells", () => {
    const block = { text: span(10, 50), cell: span(5, 60) };
    expect(alignmentMisfit(span(10, 20), block, "top")).toBe(0);
    expect(alignmentMisfit(span(40, 50), block, "bottom")).toBe(0);
    expect(alignmentMisfit(span(27.5, 37.5), block, "middle")).toBe(0);
    expect(alignmentMisfit(span(10, 20), block, "middle")).toBe(17.5);
  });

  it("assignLabelBlocks: centred labels get the blocks they are centred on", () => {
    const rows = [0, 14, 28, 42, 56, 70].map((top) => span(top, top + 9));
    const cells = estimatedCells(rows, [], 0);
    // One label centred on rows 0-3, one on rows 4-5.
    const plans = assignLabelBlocks(rows, cells, [span(22, 31), span(60.5, 69.5)], 10) ?? [];
    expect(plans[0]?.alignment).toBe("middle");
    expect(plans[0]?.starts).toEqual([0, 4]);
    expect(assignLabelBlocks(rows, cells, rows.concat(rows), 10)).toBeNull();
  });

  it("assignLabelBlocks: top-aligned labels start their blocks; rows above continue an earlier page", () => {
    const rows = [0, 14, 28, 42, 56, 70].map((top) => span(top, top + 9));
    const cells = estimatedCells(rows, [], 0);
    const top = assignLabelBlocks(rows, cells, [span(28, 37), span(56, 65)], 10)?.find(
      (plan) => plan.alignment === "top",
    );
    expect(top?.starts).toEqual([2, 4]);
    expect(top?.cost).toBeCloseTo(2);
    // A table that starts afresh lower on a page (after a totals row) has no rows from an earlier page.
    const afresh = assignLabelBlocks(rows, cells, [span(28, 37), span(56, 65)], 10, new Set(), false);
    for (const plan of afresh ?? []) expect(plan.starts[0]).toBe(0);
  });

  it("evidence-first-label: rows above a fresh table's first label, given to it, are no evidence against top", () => {
    const rows = [0, 14, 28, 42, 56, 70].map((top) => span(top, top + 9));
    const cells = estimatedCells(rows, [], 0);
    // Top-aligned at rows 2, 3 and 5 of a table read as fresh: rows 0-1 must go to the first label.
    const labels = [span(28, 37), span(42, 51), span(70, 79)];
    const afresh = assignLabelBlocks(rows, cells, labels, 10, new Set(), false, ["top"])?.[0];
    expect(afresh?.starts).toEqual([0, 3, 5]);
    // The forced rows cost the plan, but tell nothing of how the labels are aligned.
    expect(afresh?.cost).toBeGreaterThan(0);
    expect(afresh?.evidence).toBe(0);
    // A second label set between two rows' tops is evidence as before.
    const between = [span(28, 37), span(49, 58), span(70, 79)];
    const off = assignLabelBlocks(rows, cells, between, 10, new Set(), false, ["top"])?.[0];
    expect(off?.evidence).toBe(7);
  });

  it("assignLabelBlocks: rows where a parent's block starts are unlikely to go on from an earlier page", () => {
    const rows = [0, 14, 28, 42, 56, 70].map((top) => span(top, top + 9));
    const cells = estimatedCells(rows, [], 0);
    // Top-aligned nearer row 1 than row 0, the label leaves row 0 to a cell from the page before…
    const labels = [span(11, 20), span(56, 65)];
    const free = assignLabelBlocks(rows, cells, labels, 10, new Set(), true, ["top"])?.[0];
    expect(free?.starts).toEqual([1, 4]);
    // …but not when a block of the column to the left starts at row 0 (a function opening on this
    // page): that row is the new parent's, and so is the first label's block.
    const opened = assignLabelBlocks(rows, cells, labels, 10, new Set([0]), true, ["top"])?.[0];
    expect(opened?.starts).toEqual([0, 4]);
  });

  it("assignLabelBlocks: the first of many rows before a label costs little, a long run no more than a font size", () => {
    const rows = Array.from({ length: 30 }, (_, index) => span(index * 14, index * 14 + 9));
    const cells = estimatedCells(rows, [], 0);
    // A label top-aligned with row 25: 25 rows go on from the page before, at a capped cost.
    const top = assignLabelBlocks(rows, cells, [span(350, 359)], 10)?.find(
      (plan) => plan.alignment === "top",
    );
    expect(top?.starts).toEqual([25]);
    expect(top?.cost).toBeCloseTo(10);
  });

  it("assignLabelBlocks: a block never straddles the start of a block to its left", () => {
    const rows = [0, 14, 28, 42].map((top) => span(top, top + 9));
    const cells = estimatedCells(rows, [], 0);
    // Centred on rows 0-2, but the column to the left starts a block at row 2.
    const [plan] = assignLabelBlocks(rows, cells, [span(14, 23)], 10, new Set([2])) ?? [];
    expect(plan?.starts[0]).toBe(2);
  });

  it("documentAlignment: the alignment that explains the labels best, middle when nothing tells", () => {
    expect(documentAlignment({ middle: 30, top: 2, bottom: 50 })).toBe("top");
    expect(documentAlignment({ middle: 0, top: 0, bottom: 0 })).toBe("middle");
  });
});
