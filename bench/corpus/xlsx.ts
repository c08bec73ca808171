import ExcelJS from "exceljs";
import type { AnnexModel, AnnexTableModel, Cell } from "./layout.js";
import { COLUMN_COUNT } from "./layout.js";
import { columnShares, type PageName, type Variant } from "./variant.js";

/**
 * The annex as a workbook, as a chamber keeps it in Calc or Excel: a sheet per section, merged cells
 * for the band and the LIV1–LIV3 labels over their actions' rows, the band rotated (or upright and
 * wrapped), the header rows repeated on every printed page (print titles), borders on or off, shaded
 * header cells, wrapped text. LibreOffice Calc prints it to PDF.
 *
 * A spreadsheet does not grow a merged cell's rows to fit its label, as a word processor does: rows
 * here are given heights from an estimate of each cell's wrapped lines, generous so that nothing is
 * clipped (a clipped label would no longer be in the document the truth describes).
 */

/** Page width and height in points, portrait. */
const PAGE_POINTS: Record<PageName, readonly [number, number]> = {
  A4: [595.28, 841.89],
  A3: [841.89, 1190.55],
  Letter: [612, 792],
};
/** The paper codes of SpreadsheetML (ECMA-376 §18.3.1.63): 9 A4, 8 A3, 1 letter. */
const PAPER_CODES: Record<PageName, number> = { A4: 9, A3: 8, Letter: 1 };
const MARGIN_INCHES = 0.5;
const POINTS_PER_INCH = 72;
/**
 * Points per unit of an xlsx column width as LibreOffice prints it (the width of a digit of the default
 * font, plus padding); measured on Calc's PDF export of a workbook with known widths.
 */
const POINTS_PER_WIDTH_UNIT = 5.6;
/** Average advance of characters, in ems, on the generous side of Liberation and DejaVu faces. */
const UPPER_EM = 0.74;
const LOWER_EM = 0.56;
const SPACE_EM = 0.3;
/** DejaVu's faces are wider than Liberation's. */
const DEJAVU_WIDENING = 1.12;
const BOLD_WIDENING = 1.08;
const LINE_HEIGHT_RATIO = 1.32;
const CELL_PADDING_PT = 4;
const HEADER_FILL = "FFDBE5F1";

function textWidth(text: string, variant: Variant, bold: boolean): number {
  let ems = 0;
  for (const ch of text)
    ems += ch === " " ? SPACE_EM : ch === ch.toUpperCase() && ch !== ch.toLowerCase() ? UPPER_EM : LOWER_EM;
  const face = variant.font.startsWith("DejaVu") ? DEJAVU_WIDENING : 1;
  return ems * variant.fontSize * face * (bold ? BOLD_WIDENING : 1);
}

/** Lines a paragraph takes in a width (greedy word wrap, a long word on lines of its own). */
function lineCount(text: string, width: number, variant: Variant, bold: boolean): number {
  let lines = 1;
  let used = 0;
  const space = textWidth(" ", variant, bold);
  for (const word of text.split(/\s+/).filter((w) => w !== "")) {
    const w = textWidth(word, variant, bold);
    if (used > 0 && used + space + w <= width) {
      used += space + w;
      continue;
    }
    if (used > 0) lines += 1;
    lines += Math.max(0, Math.ceil(w / width) - 1);
    used = w % width || w;
  }
  return lines;
}

const isBold = (cell: Cell): boolean =>
  cell.role === "header" || cell.role === "band" || (cell.role === "label" && cell.column <= 2);

/** Height in points a cell needs: its lines, or, for a rotated band, the length of its text. */
function neededHeight(cell: Cell, widths: readonly number[], variant: Variant, rotated: boolean): number {
  const lineHeight = variant.fontSize * LINE_HEIGHT_RATIO;
  const inner = (widths[cell.column] ?? 0) - CELL_PADDING_PT;
  if (cell.role === "band" && rotated) {
    const lines = Math.max(1, Math.floor(inner / lineHeight));
    const length = cell.paragraphs.reduce((sum, p) => sum + textWidth(p, variant, true), 0);
    return length / lines + 2 * lineHeight + CELL_PADDING_PT;
  }
  const lines = cell.paragraphs.reduce((sum, p) => sum + lineCount(p, inner, variant, isBold(cell)), 0);
  return Math.max(1, lines) * lineHeight + CELL_PADDING_PT;
}

/** Row heights for a block of rows so that every cell, merged or not, holds its text. */
function rowHeights(
  rows: readonly Cell[][],
  widths: readonly number[],
  variant: Variant,
  rotated: boolean,
): number[] {
  const heights = rows.map(() => variant.fontSize * LINE_HEIGHT_RATIO + CELL_PADDING_PT);
  const spans = rows.flatMap((cells, r) => cells.map((cell) => ({ cell, r })));
  // Single rows first, then the merged cells from the narrowest span out, each growing its rows evenly.
  spans.sort((a, b) => a.cell.rowSpan - b.cell.rowSpan);
  for (const { cell, r } of spans) {
    const needed = neededHeight(cell, widths, variant, rotated);
    let spanned = 0;
    for (let i = r; i < r + cell.rowSpan; i++) spanned += heights[i] ?? 0;
    if (needed <= spanned) continue;
    for (let i = r; i < r + cell.rowSpan; i++)
      heights[i] = (heights[i] ?? 0) + (needed - spanned) / cell.rowSpan;
  }
  return heights;
}

const THIN: Partial<ExcelJS.Border> = { style: "thin", color: { argb: "FF000000" } };

/** Writes one table (header rows, then body) from `firstRow`; returns the row after it. */
function writeTable(
  sheet: ExcelJS.Worksheet,
  table: AnnexTableModel,
  firstRow: number,
  widths: readonly number[],
  variant: Variant,
): number {
  const rotated = variant.bandRotated;
  const all = [...table.headerRows, ...table.rows];
  const heights = rowHeights(all, widths, variant, rotated);
  all.forEach((cells, r) => {
    const rowNumber = firstRow + r;
    sheet.getRow(rowNumber).height = heights[r] ?? 12;
    if (variant.ruled) {
      for (let c = 1; c <= COLUMN_COUNT; c++) {
        sheet.getCell(rowNumber, c).border = { top: THIN, left: THIN, bottom: THIN, right: THIN };
      }
    }
    for (const cell of cells) {
      const target = sheet.getCell(rowNumber, cell.column + 1);
      target.value = cell.paragraphs.join("\n");
      target.font = { name: variant.font, size: variant.fontSize, bold: isBold(cell) };
      const isLabel = cell.role === "band" || cell.role === "label";
      target.alignment = {
        vertical: cell.role === "action" ? "top" : cell.valign,
        horizontal: cell.role === "header" || (isLabel && variant.halign === "center") ? "center" : "left",
        wrapText: true,
        ...(cell.role === "band" && rotated ? { textRotation: 90 } : {}),
      };
      if (cell.role === "header" && variant.headerFill) {
        target.fill = { type: "pattern", pattern: "solid", fgColor: { argb: HEADER_FILL } };
      }
      if (cell.rowSpan > 1)
        sheet.mergeCells(rowNumber, cell.column + 1, rowNumber + cell.rowSpan - 1, cell.column + 1);
    }
  });
  return firstRow + all.length;
}

/** A sheet per section (a table with a heading opens one), the title on the first, signatories on the last. */
export async function annexWorkbook(model: AnnexModel, variant: Variant): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const [pageWidth, pageHeight] = PAGE_POINTS[variant.page];
  const printable = (variant.landscape ? pageHeight : pageWidth) - 2 * MARGIN_INCHES * POINTS_PER_INCH;
  const widths = columnShares(variant).map((share) => share * printable);
  let sheet: ExcelJS.Worksheet | undefined;
  let row = 1;
  const newSheet = (): ExcelJS.Worksheet => {
    const created = workbook.addWorksheet(`Foglio${workbook.worksheets.length + 1}`, {
      pageSetup: {
        paperSize: PAPER_CODES[variant.page] as ExcelJS.PaperSize,
        orientation: variant.landscape ? "landscape" : "portrait",
        fitToPage: true,
        fitToWidth: 1,
        fitToHeight: 0,
        margins: {
          left: MARGIN_INCHES,
          right: MARGIN_INCHES,
          top: MARGIN_INCHES,
          bottom: MARGIN_INCHES,
          header: 0.2,
          footer: 0.2,
        },
      },
      views: [{ showGridLines: false }],
    });
    created.columns = widths.map((w) => ({ width: w / POINTS_PER_WIDTH_UNIT }));
    return created;
  };
  const paragraphRow = (text: string, size: number, centred: boolean): void => {
    if (sheet === undefined) return;
    const cell = sheet.getCell(row, 1);
    cell.value = text;
    cell.font = { name: variant.font, size, bold: true };
    cell.alignment = { horizontal: centred ? "center" : "left", vertical: "middle" };
    sheet.mergeCells(row, 1, row, COLUMN_COUNT);
    sheet.getRow(row).height = size * LINE_HEIGHT_RATIO + CELL_PADDING_PT;
    row += 1;
  };
  model.tables.forEach((table, index) => {
    if (sheet === undefined || table.heading !== null) {
      sheet = newSheet();
      row = 1;
      if (index === 0) paragraphRow(model.title, variant.fontSize + 4, true);
      if (table.heading !== null) paragraphRow(table.heading, variant.fontSize + 2, false);
      sheet.pageSetup.printTitlesRow = `${row}:${row + table.headerRows.length - 1}`;
    }
    row = writeTable(sheet, table, row, widths, variant) + 1;
  });
  if (sheet !== undefined && model.signatories.length > 0) {
    row += 1;
    const columns = [2, 4];
    model.signatories.forEach((s, i) => {
      const cell = sheet?.getCell(row, columns[i] ?? 2 + 2 * i);
      if (cell === undefined) return;
      cell.value = `${s.role}\n${s.name}`;
      cell.font = { name: variant.font, size: variant.fontSize };
      cell.alignment = { horizontal: "center", vertical: "top", wrapText: true };
    });
    sheet.getRow(row).height = 2 * variant.fontSize * LINE_HEIGHT_RATIO + CELL_PADDING_PT;
  }
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
