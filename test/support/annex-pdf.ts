import { deflateSync } from "node:zlib";
import {
  beginText,
  endText,
  fill,
  lineTo,
  moveTo,
  PDFContentStream,
  PDFDocument,
  type PDFFont,
  type PDFName,
  type PDFOperator,
  type PDFPage,
  popGraphicsState,
  pushGraphicsState,
  rectangle,
  StandardFontEmbedder,
  StandardFonts,
  setFillingRgbColor,
  setFontAndSize,
  setLineWidth,
  setTextMatrix,
  showText,
  stroke,
} from "pdf-lib";
import type { DeclaredTotals, FunctionNode, Hierarchy } from "../../pipeline/schema/hierarchy.js";
import { countsOf } from "./random-hierarchy.js";

/**
 * Builds annex PDFs (and their clean text copies) from a hierarchy, imitating the layout of a real
 * process-map annex: a ruled landscape table with a rotated function band, merged label cells and one
 * row per action. For reader tests and benchmarks; nothing here is specific to one real document.
 */

export type AnnexFont = "Helvetica" | "TimesRoman" | "Courier";

/** The wording of the LIV1..LIV4 header cells; "\n" stacks a cell's parts in header rows of their own. */
export type HeaderWording = readonly [string, string, string, string];

/**
 * How the rotated band names its function: `letter` prints the letter and the name ("A Organi
 * istituzionali"), `institutional` the full wording many annexes use ("FUNZIONE ISTITUZIONALE A …").
 */
export type BandWording = "letter" | "institutional";

/** What the `institutional` band wording puts before the function's letter. */
export const INSTITUTIONAL_BAND_PREFIX = "FUNZIONE ISTITUZIONALE";

/** Everything that decides where rows fall: shared by the PDF and its text copy, so their pages agree. */
export interface AnnexLayoutOptions {
  /** [width, height] in points. */
  pageSize?: readonly [number, number];
  font?: AnnexFont;
  fontSize?: number;
  /** Band, LIV1, LIV2, LIV3, LIV4, in points; by default shares of the width inside the margins. */
  columnWidths?: readonly number[];
  header?: HeaderWording;
  /** The band's wording; `letter` by default. */
  bandWording?: BandWording;
  /**
   * Totals rows after functions. Left out: one for each function `declaredTotals` holds, as declared.
   * true: one after every function (declared values, or else the true counts). false: none.
   */
  totalsRow?: boolean;
  /** The signatories' block after the table. */
  signature?: boolean;
  /** Printed on the first page; by default the document's title. */
  title?: string;
}

export interface AnnexPdfOptions extends AnnexLayoutOptions {
  /** Cell borders and header shading; false draws no path at all. */
  ruled?: boolean;
  /**
   * How the LIV 1–3 labels sit across their cells: `left` (after the cell padding) by default, or
   * `centre`, as office suites draw a cell whose paragraphs are centred. Where lines break is the same.
   */
  labelAlign?: "left" | "centre";
}

export const LANDSCAPE_A4: readonly [number, number] = [841.89, 595.28];
export const PORTRAIT_A4: readonly [number, number] = [595.28, 841.89];
export const LANDSCAPE_A3: readonly [number, number] = [1190.55, 841.89];
export const LANDSCAPE_LETTER: readonly [number, number] = [792, 612];

export const DEFAULT_HEADER: HeaderWording = [
  "LIV 1\nMACRO-PROCESSI",
  "LIV 2\nPROCESSI",
  "LIV 3\nSOTTO-PROCESSI",
  "LIV 4\nAZIONI",
];

/** The wording some chambers use instead of the LIV numbers. */
export const THEMATIC_HEADER: HeaderWording = [
  "Tema (Macro Processi)",
  "Funzione (Processi)",
  "Servizio/Ambito (Sotto Processi)",
  "Azioni",
];

export const CATEGORY_HEADINGS = { support: "Processi di supporto", primary: "Processi primari" } as const;

/** Invented signatories: the roles are the usual ones, the names belong to nobody in particular. */
export const SIGNATORIES = [
  { role: "IL SEGRETARIO GENERALE", name: "Dott.ssa Marta Colombini" },
  { role: "IL PRESIDENTE", name: "Ing. Bruno Ferraresi" },
] as const;

const FALLBACK_TITLE = "L'articolazione dei processi delle Camere di commercio";
const DEFAULT_FONT: AnnexFont = "Helvetica";
const DEFAULT_FONT_SIZE = 8;
export const PAGE_MARGIN = 34;
/** Band, LIV1..LIV4 shares of the width inside the margins, close to a real annex's proportions. */
export const DEFAULT_COLUMN_SHARES = [0.052, 0.14, 0.17, 0.218, 0.42] as const;
const COLUMN_COUNT = DEFAULT_COLUMN_SHARES.length;
/** Columns, and the levels whose labels sit in them. */
const BAND_LEVEL = 0;
const MACRO_LEVEL = 1;
const PROCESS_LEVEL = 2;
const SUB_PROCESS_LEVEL = 3;
const ACTION_COLUMN = 4;
/** The band, LIV1 and LIV2 labels are bold in real annexes; LIV3 labels and actions are not. */
const BOLD_LABEL_LEVELS: ReadonlySet<number> = new Set([BAND_LEVEL, MACRO_LEVEL, PROCESS_LEVEL]);
export const CELL_PADDING = 2.5;
export const LINE_HEIGHT_RATIO = 1.2;
/** Where the capitals sit in a line box: centring them centres the text to the eye. */
const CAP_HEIGHT_RATIO = 0.72;
const TITLE_SIZE_INCREASE = 4;
const HEADING_SIZE_INCREASE = 2;
const TITLE_GAP = 10;
const HEADING_GAP = 4;
const SIGNATURE_GAP = 28;
/** Signature blocks are centred at these fractions of the table width. */
const SIGNATURE_CENTRES = [0.25, 0.75] as const;
const RULE_THICKNESS = 0.5;
/** Red, green, blue of the header rows' shading. */
const HEADER_FILL = [0.86, 0.9, 0.97] as const;
const HYPHEN = "-";
const OWN_BREAKS: ReadonlySet<string> = new Set([HYPHEN, "/"]);
/** A fixed date keeps the output byte-identical for the same input. */
const FIXED_DATE = new Date(Date.UTC(2000, 0, 1));
const PRODUCER = "annex-pdf test generator";

const FONT_FACES: Record<AnnexFont, { regular: StandardFonts; bold: StandardFonts }> = {
  Helvetica: { regular: StandardFonts.Helvetica, bold: StandardFonts.HelveticaBold },
  TimesRoman: { regular: StandardFonts.TimesRoman, bold: StandardFonts.TimesRomanBold },
  Courier: { regular: StandardFonts.Courier, bold: StandardFonts.CourierBold },
};

// --- The table as rows, before any measuring ---

/** A label in a merged cell over rows firstRow..lastRow (inclusive). */
export interface LabelSpan {
  level: number;
  text: string;
  firstRow: number;
  lastRow: number;
}

export type BodyRow = { kind: "action"; text: string } | { kind: "totals"; cells: readonly string[] };

/** Functions under one heading, in consecutive rows; each section starts on a new page. */
export interface Section {
  heading: string | null;
  firstRow: number;
  endRow: number;
}

export interface Table {
  rows: BodyRow[];
  spans: LabelSpan[];
  /** The labels starting at each row, band first. */
  startingAt: LabelSpan[][];
  /** The outermost level whose cell ends at each row: a row's bottom rule starts at that column. */
  closingLevel: number[];
  sections: Section[];
}

const collapseWhitespace = (text: string): string => text.replace(/\s+/g, " ").trim();

/**
 * The annex as rows before any measuring: one per action (an empty one for a label with nothing under
 * it), a totals row after a function when asked, and the merged label cells over them. Shared with the
 * producers' corpus (bench/corpus), which lays the same table out through office software.
 */
export function tableOf(h: Hierarchy, totalsRow: boolean | undefined, bandWording: BandWording): Table {
  const rows: BodyRow[] = [];
  const spans: LabelSpan[] = [];
  const sections: Section[] = [];
  // A label with nothing under it still needs a row to sit in.
  const closeLabel = (level: number, text: string, firstRow: number): void => {
    if (rows.length === firstRow) rows.push({ kind: "action", text: "" });
    spans.push({ level, text: collapseWhitespace(text), firstRow, lastRow: rows.length - 1 });
  };
  for (const fn of h.functions) {
    const heading = fn.category === null ? null : CATEGORY_HEADINGS[fn.category];
    let section = sections.at(-1);
    if (section === undefined || section.heading !== heading) {
      section = { heading, firstRow: rows.length, endRow: rows.length };
      sections.push(section);
    }
    const functionFirstRow = rows.length;
    for (const macro of fn.macroProcesses) {
      const macroFirstRow = rows.length;
      for (const process of macro.processes) {
        const processFirstRow = rows.length;
        for (const sub of process.subProcesses) {
          const subFirstRow = rows.length;
          for (const action of sub.actions) {
            const text = action.code === null ? action.text : `${action.code} ${action.text}`;
            rows.push({ kind: "action", text: collapseWhitespace(text) });
          }
          closeLabel(SUB_PROCESS_LEVEL, `${sub.code} ${sub.name}`, subFirstRow);
        }
        closeLabel(PROCESS_LEVEL, `${process.code} ${process.name}`, processFirstRow);
      }
      closeLabel(MACRO_LEVEL, `${macro.code}: ${macro.name}`, macroFirstRow);
    }
    const band = `${fn.code} ${fn.name}`;
    closeLabel(
      BAND_LEVEL,
      bandWording === "institutional" ? `${INSTITUTIONAL_BAND_PREFIX} ${band}` : band,
      functionFirstRow,
    );
    const totals = totalsCellsOf(fn, h.declaredTotals, totalsRow);
    if (totals !== null) rows.push({ kind: "totals", cells: totals });
    section.endRow = rows.length;
  }

  const startingAt: LabelSpan[][] = rows.map(() => []);
  const closingLevel: number[] = rows.map((row) => (row.kind === "totals" ? BAND_LEVEL : ACTION_COLUMN));
  for (const span of spans) {
    startingAt[span.firstRow]?.push(span);
    closingLevel[span.lastRow] = Math.min(closingLevel[span.lastRow] ?? ACTION_COLUMN, span.level);
  }
  for (const labels of startingAt) labels.sort((a, b) => a.level - b.level);
  return { rows, spans, startingAt, closingLevel, sections };
}

function totalsCellsOf(
  fn: FunctionNode,
  declaredTotals: readonly DeclaredTotals[],
  totalsRow: boolean | undefined,
): string[] | null {
  if (totalsRow === false) return null;
  const printed =
    declaredTotals.find((totals) => totals.scope === fn.code) ?? (totalsRow ? countsOf(fn) : null);
  if (printed === null) return null;
  return [printed.macroProcesses, printed.processes, printed.subProcesses, printed.actions].map((count) =>
    count === null ? "" : String(count),
  );
}

// --- Measuring and wrapping ---

type StandardFontName = Parameters<typeof StandardFontEmbedder.for>[0];

interface Typesetter {
  size: number;
  lineHeight: number;
  widthOf(text: string, bold: boolean): number;
  /** Lines no wider than maxWidth, broken at spaces; a word too long on its own is split with a hyphen. */
  wrap(text: string, maxWidth: number, bold: boolean): string[];
}

/** Loading a font's metrics unpacks a large table: done once per face. */
const embedders = new Map<StandardFonts, StandardFontEmbedder>();

function embedderFor(face: StandardFonts): StandardFontEmbedder {
  let embedder = embedders.get(face);
  if (embedder === undefined) {
    // pdf-lib names the same standard fonts in two enums with identical string values.
    embedder = StandardFontEmbedder.for(face as unknown as StandardFontName);
    embedders.set(face, embedder);
  }
  return embedder;
}

/** Character widths without kerning, which is what the PDF shows: pdf-lib writes plain Tj strings. */
function characterWidths(face: StandardFonts, size: number): (text: string) => number {
  const embedder = embedderFor(face);
  const widths = new Map<string, number>();
  return (text) => {
    let total = 0;
    for (const character of text) {
      let width = widths.get(character);
      if (width === undefined) {
        width = embedder.widthOfTextAtSize(character, size);
        widths.set(character, width);
      }
      total += width;
    }
    return total;
  };
}

function typesetterFor(font: AnnexFont, size: number): Typesetter {
  const regularWidth = characterWidths(FONT_FACES[font].regular, size);
  const boldWidth = characterWidths(FONT_FACES[font].bold, size);
  const widthOf = (text: string, bold: boolean): number => (bold ? boldWidth(text) : regularWidth(text));

  // A word that has its own hyphen or slash ("MACRO-PROCESSI") breaks after it; any other word after
  // as many letters as fit, with a hyphen added.
  const splitWord = (word: string, maxWidth: number, bold: boolean): string[] => {
    const pieces: string[] = [];
    let rest = word;
    while (widthOf(rest, bold) > maxWidth) {
      let ownBreak = rest.length - 1;
      while (
        ownBreak > 0 &&
        !(OWN_BREAKS.has(rest.charAt(ownBreak - 1)) && widthOf(rest.slice(0, ownBreak), bold) <= maxWidth)
      ) {
        ownBreak -= 1;
      }
      if (ownBreak > 0) {
        pieces.push(rest.slice(0, ownBreak));
        rest = rest.slice(ownBreak);
        continue;
      }
      let length = rest.length - 1;
      while (length > 1 && widthOf(rest.slice(0, length) + HYPHEN, bold) > maxWidth) length -= 1;
      pieces.push(rest.slice(0, length) + HYPHEN);
      rest = rest.slice(length);
    }
    pieces.push(rest);
    return pieces;
  };

  const wrap = (text: string, maxWidth: number, bold: boolean): string[] => {
    const lines: string[] = [];
    const spaceWidth = widthOf(" ", bold);
    let line = "";
    let lineWidth = 0;
    for (const word of collapseWhitespace(text).split(" ")) {
      if (word === "") continue;
      const wordWidth = widthOf(word, bold);
      if (line !== "" && lineWidth + spaceWidth + wordWidth <= maxWidth) {
        line += ` ${word}`;
        lineWidth += spaceWidth + wordWidth;
        continue;
      }
      if (line !== "") lines.push(line);
      const pieces = wordWidth <= maxWidth ? [word] : splitWord(word, maxWidth, bold);
      lines.push(...pieces.slice(0, -1));
      line = pieces.at(-1) ?? "";
      lineWidth = widthOf(line, bold);
    }
    if (line !== "") lines.push(line);
    return lines;
  };

  return { size, lineHeight: size * LINE_HEIGHT_RATIO, widthOf, wrap };
}

/** How wide a text is set as the generator sets it (no kerning), bold as LIV1 and LIV2 labels are, or regular. */
export function textWidth(text: string, font: AnnexFont, size: number, bold: boolean): number {
  return typesetterFor(font, size).widthOf(text, bold);
}

// --- Layout: row heights and pages ---

interface HeaderRow {
  /** The band and LIV1..LIV4 cells' wording, and the same wrapped to the columns. */
  wording: string[];
  cells: string[][];
  height: number;
}

interface PageLayout {
  firstRow: number;
  endRow: number;
  heading: string | null;
  hasTitle: boolean;
  hasSignature: boolean;
  /** Distance of the table's top edge from the top of the page. */
  tableTop: number;
}

interface Layout {
  pageWidth: number;
  pageHeight: number;
  /** The COLUMN_COUNT + 1 vertical boundaries of the table. */
  columnX: number[];
  text: Typesetter;
  title: string;
  titleSize: number;
  headingSize: number;
  headerRows: HeaderRow[];
  headerHeight: number;
  table: Table;
  rowHeights: number[];
  /** Lines of each row's action cell (one per totals cell for totals rows). */
  rowLines: string[][];
  labelLines: Map<LabelSpan, string[]>;
  pages: PageLayout[];
}

function columnWidthsOf(options: AnnexLayoutOptions, pageWidth: number): number[] {
  const widths = options.columnWidths
    ? [...options.columnWidths]
    : DEFAULT_COLUMN_SHARES.map((share) => share * (pageWidth - 2 * PAGE_MARGIN));
  if (widths.length !== COLUMN_COUNT || widths.some((width) => !(width > 2 * CELL_PADDING))) {
    throw new RangeError(`columnWidths: ${COLUMN_COUNT} widths wider than the cell padding expected`);
  }
  if (widths.reduce((sum, width) => sum + width, 0) > pageWidth) {
    throw new RangeError("columnWidths: the table is wider than the page");
  }
  return widths;
}

const blockHeight = (lineCount: number, text: Typesetter): number =>
  Math.max(1, lineCount) * text.lineHeight + 2 * CELL_PADDING;

/**
 * The band label runs upwards: lines as long as the function's rows are tall (`preferred`), longer if
 * needed for them to fit side by side in the band's width or for its longest word to fit whole, never
 * longer than a page allows (`longest`). A band's words are never broken: a word hyphenated inside
 * the narrow band is something no annex prints (its lines are as long as the function's rows), and a
 * reader could not tell the typesetter's hyphen from the word's own.
 */
function bandLines(
  label: string,
  bandWidth: number,
  preferred: number,
  longest: number,
  text: Typesetter,
): string[] {
  const maxLines = Math.max(1, Math.floor((bandWidth - 2 * CELL_PADDING) / text.lineHeight));
  const widestWord = Math.max(0, ...label.split(" ").map((word) => text.widthOf(word, true)));
  let length = Math.min(longest, Math.max(preferred, widestWord, text.widthOf(label, true) / maxLines));
  let lines = text.wrap(label, length, true);
  // Widen until the lines fit side by side, but never beyond a page's height.
  while (lines.length > maxLines && length < longest) {
    length = Math.min(longest, length * 1.1 + 1);
    lines = text.wrap(label, length, true);
  }
  if (lines.length > maxLines) {
    throw new RangeError(
      `the band "${label.slice(0, 40)}…" needs ${lines.length} lines, more than its column holds (${maxLines})`,
    );
  }
  return lines;
}

function layoutOf(h: Hierarchy, options: AnnexLayoutOptions): Layout {
  const [pageWidth, pageHeight] = options.pageSize ?? LANDSCAPE_A4;
  const text = typesetterFor(options.font ?? DEFAULT_FONT, options.fontSize ?? DEFAULT_FONT_SIZE);
  const widths = columnWidthsOf(options, pageWidth);
  const tableWidth = widths.reduce((sum, width) => sum + width, 0);
  const columnX = [(pageWidth - tableWidth) / 2];
  for (const width of widths) columnX.push((columnX.at(-1) ?? 0) + width);
  const innerWidth = (column: number): number => (widths[column] ?? 0) - 2 * CELL_PADDING;

  const headerParts = (options.header ?? DEFAULT_HEADER).map((cell) => cell.split("\n"));
  const headerRowCount = Math.max(...headerParts.map((parts) => parts.length));
  const headerRows: HeaderRow[] = Array.from({ length: headerRowCount }, (_, index) => {
    const wording = ["", ...headerParts.map((parts) => parts[index] ?? "")];
    const cells = wording.map((cell, column) => text.wrap(cell, innerWidth(column), true));
    return { wording, cells, height: blockHeight(Math.max(...cells.map((lines) => lines.length)), text) };
  });
  const headerHeight = headerRows.reduce((sum, row) => sum + row.height, 0);

  const titleSize = text.size + TITLE_SIZE_INCREASE;
  const headingSize = text.size + HEADING_SIZE_INCREASE;
  const titleBlock = titleSize * LINE_HEIGHT_RATIO + TITLE_GAP;
  const headingBlock = headingSize * LINE_HEIGHT_RATIO + HEADING_GAP;
  const bodyBottom = pageHeight - PAGE_MARGIN;
  const tableTopOf = (hasTitle: boolean, heading: string | null): number =>
    PAGE_MARGIN + (hasTitle ? titleBlock : 0) + (heading === null ? 0 : headingBlock);
  // The band text of a function that starts on a continuation page must fit between header and bottom.
  const longestBandLine = bodyBottom - (PAGE_MARGIN + headingBlock) - headerHeight - 2 * CELL_PADDING;

  const table = tableOf(h, options.totalsRow, options.bandWording ?? "letter");
  const rowLines = table.rows.map((row) =>
    row.kind === "totals" ? [...row.cells] : text.wrap(row.text, innerWidth(ACTION_COLUMN), false),
  );
  const rowHeights = table.rows.map((row, index) =>
    blockHeight(row.kind === "totals" ? 1 : (rowLines[index]?.length ?? 0), text),
  );

  const labelLines = new Map<LabelSpan, string[]>();
  const labelHeights = new Map<LabelSpan, number>();
  // As a table does, rows grow so that each merged cell holds its label; inner levels first,
  // since growing them may already make room for the outer ones.
  const innerLevelsFirst = [...table.spans].sort((a, b) => b.level - a.level);
  for (const span of innerLevelsFirst) {
    let spanned = 0;
    for (let row = span.firstRow; row <= span.lastRow; row += 1) spanned += rowHeights[row] ?? 0;
    const isBand = span.level === BAND_LEVEL;
    const lines = isBand
      ? bandLines(span.text, widths[BAND_LEVEL] ?? 0, spanned - 2 * CELL_PADDING, longestBandLine, text)
      : text.wrap(span.text, innerWidth(span.level), BOLD_LABEL_LEVELS.has(span.level));
    const needed = isBand
      ? Math.max(...lines.map((line) => text.widthOf(line, true))) + 2 * CELL_PADDING
      : blockHeight(lines.length, text);
    labelLines.set(span, lines);
    labelHeights.set(span, needed);
    const missing = needed - spanned;
    if (missing > 0) {
      const rowCount = span.lastRow - span.firstRow + 1;
      for (let row = span.firstRow; row <= span.lastRow; row += 1) {
        rowHeights[row] = (rowHeights[row] ?? 0) + missing / rowCount;
      }
    }
  }

  // A label is printed only on the page where its cell starts, so that part of the cell must hold it.
  const labelsFitFrom = (row: number, room: number): boolean =>
    (table.startingAt[row] ?? []).every((span) => {
      const needed = labelHeights.get(span) ?? 0;
      let portion = 0;
      for (let next = row; next <= span.lastRow && portion < needed; next += 1) {
        const height = rowHeights[next] ?? 0;
        if (portion + height > room) break;
        portion += height;
      }
      return portion >= needed;
    });

  /** A page without table rows: the title of an empty annex, or signatures that did not fit. */
  const emptyPage = (row: number, hasTitle: boolean, hasSignature: boolean): PageLayout => ({
    firstRow: row,
    endRow: row,
    heading: null,
    hasTitle,
    hasSignature,
    tableTop: tableTopOf(hasTitle, null),
  });
  const partHeight = (first: number, end: number): number => {
    let height = 0;
    for (let row = first; row < end; row += 1) height += rowHeights[row] ?? 0;
    return height;
  };
  // A page closed before `end` may leave a label that started on it, and goes on, too little of its
  // cell to hold it (rows counted on to hold it went over with a later label that did not fit): the
  // page then ends before that label's cell, whose rows start the next page, as far back as needed.
  const pageEnd = (page: PageLayout, end: number): number => {
    let last = end;
    for (;;) {
      const cut = table.spans.filter(
        (span) =>
          span.firstRow > page.firstRow &&
          span.firstRow < last &&
          span.lastRow >= last &&
          partHeight(span.firstRow, last) < (labelHeights.get(span) ?? 0),
      );
      if (cut.length === 0) return last;
      last = Math.min(...cut.map((span) => span.firstRow));
    }
  };

  // A label that starts a page and goes on to the next cannot move to the next page: when what is
  // left of its cell here is too short for it, the page's rows are stretched (a table grows its rows
  // to hold a merged cell's text), as far as the page has room.
  const stretchFirstLabels = (page: PageLayout): void => {
    const capacity = bodyBottom - page.tableTop - headerHeight;
    for (const span of table.startingAt[page.firstRow] ?? []) {
      if (span.lastRow < page.endRow) continue;
      const used = partHeight(page.firstRow, page.endRow);
      const missing = Math.min((labelHeights.get(span) ?? 0) - used, capacity - used);
      if (missing <= 0) continue;
      const rowCount = page.endRow - page.firstRow;
      for (let row = page.firstRow; row < page.endRow; row += 1) {
        rowHeights[row] = (rowHeights[row] ?? 0) + missing / rowCount;
      }
    }
  };

  const pages: PageLayout[] = [];
  let room = 0;
  for (const section of table.sections) {
    let page: PageLayout | undefined;
    for (let row = section.firstRow; row < section.endRow; row += 1) {
      const pageIsFull =
        page !== undefined &&
        page.endRow > page.firstRow &&
        ((rowHeights[row] ?? 0) > room || !labelsFitFrom(row, room));
      if (page !== undefined && pageIsFull) {
        row = pageEnd(page, row);
        page.endRow = row;
        stretchFirstLabels(page);
      }
      const height = rowHeights[row] ?? 0;
      if (page === undefined || pageIsFull) {
        const hasTitle = pages.length === 0;
        page = {
          firstRow: row,
          endRow: row,
          heading: section.heading,
          hasTitle,
          hasSignature: false,
          tableTop: tableTopOf(hasTitle, section.heading),
        };
        pages.push(page);
        room = bodyBottom - page.tableTop - headerHeight;
      }
      page.endRow = row + 1;
      room -= height;
    }
  }
  if (options.signature) {
    const lastPage = pages.at(-1);
    if (lastPage !== undefined && room >= SIGNATURE_GAP + 2 * text.lineHeight) lastPage.hasSignature = true;
    else pages.push(emptyPage(table.rows.length, pages.length === 0, true));
  }
  if (pages.length === 0) pages.push(emptyPage(0, true, false));

  const title = collapseWhitespace(options.title ?? h.document.title ?? FALLBACK_TITLE);
  return {
    pageWidth,
    pageHeight,
    columnX,
    text,
    title,
    titleSize,
    headingSize,
    headerRows,
    headerHeight,
    table,
    rowHeights,
    rowLines,
    labelLines,
    pages,
  };
}

// --- PDF ---

type Weight = "regular" | "bold";

/** Top-down box of a cell, in points from the page's left and top edges. */
interface Box {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/**
 * What a page gets drawn with. It writes content-stream operators itself rather than calling
 * page.drawText/drawLine: those add a font resource and a graphics state per call, which made a
 * 200-page annex take several seconds. Coordinates are top-down; the flip to PDF's happens here.
 */
interface PageInk {
  text(line: string, weight: Weight, size: number, x: number, baseline: number, rotated?: boolean): void;
  rule(x0: number, y0: number, x1: number, y1: number): void;
  fill(box: Box): void;
  /** Appends everything to the page: fills under rules under text. */
  finish(): void;
}

function pageInkFor(pdf: PDFDocument, page: PDFPage, fonts: Record<Weight, PDFFont>): PageInk {
  const pageHeight = page.getHeight();
  const fontKeys: Record<Weight, PDFName> = {
    regular: page.node.newFontDictionary(fonts.regular.name, fonts.regular.ref),
    bold: page.node.newFontDictionary(fonts.bold.name, fonts.bold.ref),
  };
  const fills: PDFOperator[] = [];
  const rules: PDFOperator[] = [];
  const text: PDFOperator[] = [];
  let currentFont: string | null = null;
  return {
    text(line, weight, size, x, baseline, rotated = false) {
      const fontAndSize = `${weight} ${size}`;
      if (fontAndSize !== currentFont) {
        text.push(setFontAndSize(fontKeys[weight], size));
        currentFont = fontAndSize;
      }
      const y = pageHeight - baseline;
      text.push(rotated ? setTextMatrix(0, 1, -1, 0, x, y) : setTextMatrix(1, 0, 0, 1, x, y));
      text.push(showText(fonts[weight].encodeText(line)));
    },
    rule(x0, y0, x1, y1) {
      rules.push(moveTo(x0, pageHeight - y0), lineTo(x1, pageHeight - y1));
    },
    fill(box) {
      fills.push(rectangle(box.left, pageHeight - box.bottom, box.right - box.left, box.bottom - box.top));
    },
    finish() {
      const operators: PDFOperator[] = [];
      if (fills.length > 0) {
        operators.push(
          pushGraphicsState(),
          setFillingRgbColor(...HEADER_FILL),
          ...fills,
          fill(),
          popGraphicsState(),
        );
      }
      if (rules.length > 0) {
        operators.push(
          pushGraphicsState(),
          setLineWidth(RULE_THICKNESS),
          ...rules,
          stroke(),
          popGraphicsState(),
        );
      }
      if (text.length > 0) operators.push(beginText(), ...text, endText());
      // Deflated with Node's zlib: pdf-lib's own JavaScript deflate was a third of the build time.
      const { context } = pdf;
      const contents = PDFContentStream.of(context.obj({}), operators, false).getUnencodedContents();
      const stream = context.stream(deflateSync(contents), { Filter: "FlateDecode" });
      page.node.addContentStream(context.register(stream));
    },
  };
}

/** A ruled (or unruled) annex PDF of the hierarchy; the same input gives the same bytes. */
export async function makeAnnexPdf(h: Hierarchy, options: AnnexPdfOptions = {}): Promise<Uint8Array> {
  const layout = layoutOf(h, options);
  const faces = FONT_FACES[options.font ?? DEFAULT_FONT];
  const pdf = await PDFDocument.create({ updateMetadata: false });
  pdf.setTitle(layout.title);
  pdf.setProducer(PRODUCER);
  pdf.setCreationDate(FIXED_DATE);
  pdf.setModificationDate(FIXED_DATE);
  const fonts = { regular: await pdf.embedFont(faces.regular), bold: await pdf.embedFont(faces.bold) };
  const ruled = options.ruled ?? true;
  for (const pageLayout of layout.pages) {
    const ink = pageInkFor(pdf, pdf.addPage([layout.pageWidth, layout.pageHeight]), fonts);
    drawPage(ink, pageLayout, layout, ruled, options.labelAlign ?? "left");
    ink.finish();
  }
  // No object streams, as in the PDF 1.4 files browsers print; it also spares a slow deflate.
  return pdf.save({ useObjectStreams: false });
}

/** Text lines centred vertically in a box, left-aligned or centred across it. */
function drawLines(
  ink: PageInk,
  layout: Layout,
  lines: readonly string[],
  box: Box,
  weight: Weight,
  align: "left" | "centre",
): void {
  const { text } = layout;
  const blockTop = (box.top + box.bottom - lines.length * text.lineHeight) / 2;
  const baselineOffset = (text.lineHeight + CAP_HEIGHT_RATIO * text.size) / 2;
  lines.forEach((line, index) => {
    const x =
      align === "left"
        ? box.left + CELL_PADDING
        : (box.left + box.right - text.widthOf(line, weight === "bold")) / 2;
    ink.text(line, weight, text.size, x, blockTop + index * text.lineHeight + baselineOffset);
  });
}

/** The band label, turned 90° to read upwards, centred in its box both ways. */
function drawBandLabel(ink: PageInk, layout: Layout, lines: readonly string[], box: Box): void {
  const { text } = layout;
  // Turned, a line's top faces left: lines stack from left to right, and x is where the baseline runs.
  const blockLeft = (box.left + box.right - lines.length * text.lineHeight) / 2;
  const baselineOffset = (text.lineHeight + CAP_HEIGHT_RATIO * text.size) / 2;
  lines.forEach((line, index) => {
    const start = (box.top + box.bottom + text.widthOf(line, true)) / 2;
    ink.text(line, "bold", text.size, blockLeft + index * text.lineHeight + baselineOffset, start, true);
  });
}

function drawPage(
  ink: PageInk,
  pageLayout: PageLayout,
  layout: Layout,
  ruled: boolean,
  labelAlign: "left" | "centre",
): void {
  const { columnX, table, text } = layout;
  const left = columnX[0] ?? 0;
  const right = columnX.at(-1) ?? 0;
  const column = (index: number) => ({ left: columnX[index] ?? 0, right: columnX[index + 1] ?? 0 });

  if (pageLayout.hasTitle) {
    const width = (text.widthOf(layout.title, true) * layout.titleSize) / text.size;
    ink.text(
      layout.title,
      "bold",
      layout.titleSize,
      (layout.pageWidth - width) / 2,
      PAGE_MARGIN + layout.titleSize,
    );
  }
  let y = pageLayout.tableTop;
  if (pageLayout.endRow > pageLayout.firstRow) {
    if (pageLayout.heading !== null) {
      const baseline = y - HEADING_GAP - layout.headingSize * (LINE_HEIGHT_RATIO - 1);
      ink.text(pageLayout.heading, "bold", layout.headingSize, left, baseline);
    }
    const headerTop = y;
    for (const headerRow of layout.headerRows) {
      const bottom = y + headerRow.height;
      if (ruled) {
        ink.fill({ left, right, top: y, bottom });
        ink.rule(left, y, right, y);
      }
      headerRow.cells.forEach((lines, index) => {
        drawLines(ink, layout, lines, { ...column(index), top: y, bottom }, "bold", "centre");
      });
      y = bottom;
    }
    if (ruled) ink.rule(left, y, right, y);
    const rowTop = new Map<number, number>();
    for (let row = pageLayout.firstRow; row < pageLayout.endRow; row += 1) {
      rowTop.set(row, y);
      y += layout.rowHeights[row] ?? 0;
    }
    const rowBottom = (row: number): number => (rowTop.get(row) ?? 0) + (layout.rowHeights[row] ?? 0);
    const lastRow = pageLayout.endRow - 1;

    for (let row = pageLayout.firstRow; row <= lastRow; row += 1) {
      const top = rowTop.get(row) ?? 0;
      for (const span of table.startingAt[row] ?? []) {
        const box = { ...column(span.level), top, bottom: rowBottom(Math.min(span.lastRow, lastRow)) };
        const lines = layout.labelLines.get(span) ?? [];
        if (span.level === BAND_LEVEL) drawBandLabel(ink, layout, lines, box);
        else
          drawLines(
            ink,
            layout,
            lines,
            box,
            BOLD_LABEL_LEVELS.has(span.level) ? "bold" : "regular",
            labelAlign,
          );
      }
      const lines = layout.rowLines[row] ?? [];
      if (table.rows[row]?.kind === "totals") {
        lines.forEach((count, index) => {
          drawLines(
            ink,
            layout,
            [count],
            { ...column(index + 1), top, bottom: rowBottom(row) },
            "bold",
            "centre",
          );
        });
      } else {
        drawLines(
          ink,
          layout,
          lines,
          { ...column(ACTION_COLUMN), top, bottom: rowBottom(row) },
          "regular",
          "left",
        );
      }
    }

    if (ruled) {
      for (let row = pageLayout.firstRow; row < lastRow; row += 1) {
        // Inner borders of merged cells are left out: the rule starts at the outermost cell ending here.
        ink.rule(
          columnX[table.closingLevel[row] ?? ACTION_COLUMN] ?? left,
          rowBottom(row),
          right,
          rowBottom(row),
        );
      }
      // A cell a page break splits is closed on both pages.
      ink.rule(left, y, right, y);
      for (const x of columnX) ink.rule(x, headerTop, x, y);
    }
  }
  if (pageLayout.hasSignature) drawSignatures(ink, layout, y + SIGNATURE_GAP);
}

function drawSignatures(ink: PageInk, layout: Layout, top: number): void {
  const left = layout.columnX[0] ?? 0;
  const tableWidth = (layout.columnX.at(-1) ?? 0) - left;
  const halfWidth = tableWidth / 4;
  SIGNATORIES.forEach((signatory, index) => {
    const centre = left + tableWidth * (SIGNATURE_CENTRES[index] ?? 0);
    const box = {
      left: centre - halfWidth,
      right: centre + halfWidth,
      top,
      bottom: top + 2 * layout.text.lineHeight,
    };
    drawLines(ink, layout, [signatory.role, signatory.name], box, "regular", "centre");
  });
}

/** What a property test wants to know it covered: pages, and merged label cells a page break splits. */
export interface AnnexFacts {
  pages: number;
  /** Label cells (band, LIV1..LIV3) that go on from one page to the next. */
  cellsSplitByPages: number;
}

export function annexFacts(h: Hierarchy, options: AnnexLayoutOptions = {}): AnnexFacts {
  const { pages, table } = layoutOf(h, options);
  const cellsSplitByPages = table.spans.filter((span) =>
    pages.some((page) => span.firstRow < page.endRow && span.lastRow >= page.endRow),
  ).length;
  return { pages: pages.length, cellsSplitByPages };
}

// --- Text copy ---

const CELL_SEPARATOR = "\t";

/**
 * The clean tab-separated copy of the same table, paginated as the PDF with the same options is:
 * the title, then per page its heading and header rows, then one line of five cells (band, LIV1..LIV4)
 * per row, a label only on its cell's first row; the signatories last when asked.
 */
export function makeAnnexText(h: Hierarchy, options: AnnexLayoutOptions = {}): string {
  const layout = layoutOf(h, options);
  const { table } = layout;
  const lines = [layout.title];
  for (const page of layout.pages) {
    if (page.endRow > page.firstRow) {
      lines.push("");
      if (page.heading !== null) lines.push(page.heading);
      for (const headerRow of layout.headerRows) {
        lines.push(headerRow.wording.join(CELL_SEPARATOR));
      }
    }
    for (let row = page.firstRow; row < page.endRow; row += 1) {
      const bodyRow = table.rows[row];
      const cells =
        bodyRow?.kind === "totals" ? ["", ...bodyRow.cells] : ["", "", "", "", bodyRow?.text ?? ""];
      for (const span of table.startingAt[row] ?? []) cells[span.level] = span.text;
      lines.push(cells.join(CELL_SEPARATOR));
    }
    if (page.hasSignature) {
      lines.push(
        "",
        SIGNATORIES.map((s) => s.role).join(CELL_SEPARATOR),
        SIGNATORIES.map((s) => s.name).join(CELL_SEPARATOR),
      );
    }
  }
  return `${lines.join("\n")}\n`;
}
