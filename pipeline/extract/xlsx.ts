import ExcelJS from "exceljs";
import { InputError } from "../errors.js";
import { SOURCE } from "../messages/findings.js";
import { count } from "../messages/format.js";
import { REFUSAL } from "../messages/refusals.js";
import type { Grid, GridRow } from "../schema/grid.js";
import { refuseOversizedPackage } from "./container-sniff.js";
import type { Reader } from "./reader.js";
import { gridRowsOf, type PlacedCell } from "./table-rows.js";
import { collapse } from "./whitespace.js";

/**
 * Workbooks (`.xlsx`, read with exceljs): every visible sheet in tab order, each a table whose merged
 * ranges are spans. A sheet per function or one for all reads the same, as a PDF's pages do. What
 * Excel does not show is not read: hidden sheets, rows and columns (a warning says how much text they
 * held). Line breaks inside a cell (Alt+Enter) separate its paragraphs, as `<br>` does in HTML.
 */

type GridWarning = Grid["warnings"][number];
type Worksheet = ExcelJS.Worksheet;

/** Line breaks a cell may hold: Excel writes LF, other producers CR LF or CR. */
const LINE_BREAK = /\r\n|\r|\n/;
/** `D14`, `AB3`: a cell address in A1 notation, as exceljs and the merge ranges write it. */
const ADDRESS = /^([A-Z]+)(\d+)$/;

export const readXlsx: Reader = async (bytes, limits) => {
  refuseOversizedPackage(bytes, limits?.maxDecodedBytes);
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs types its input as an ArrayBuffer and hands it to jszip, which takes one.
    await workbook.xlsx.load(bytes.slice().buffer);
  } catch (error) {
    throw new InputError(
      REFUSAL.damagedXlsx({ detail: error instanceof Error ? error.message : String(error) }),
    );
  }
  const readings = workbook.worksheets.map(readSheet);
  return {
    format: "xlsx",
    pages: null,
    placement: "exact",
    rows: readings.flatMap((reading) => reading.rows),
    warnings: readings.flatMap((reading) => reading.warnings),
  };
};

interface SheetReading {
  readonly rows: readonly GridRow[];
  readonly warnings: readonly GridWarning[];
}

/** A merged range, by its rows and columns (1-based, inclusive). */
interface Range {
  readonly top: number;
  readonly left: number;
  readonly bottom: number;
  readonly right: number;
}

function readSheet(sheet: Worksheet): SheetReading {
  const texts = cellTexts(sheet);
  if (sheet.state !== "visible") {
    const warnings =
      texts.length === 0
        ? []
        : [{ message: SOURCE.hiddenSheet({ sheet: sheet.name }), evidence: { sheet: sheet.name } }];
    return { rows: [], warnings };
  }
  const hiddenRow = (row: number): boolean => sheet.getRow(row).hidden;
  const hiddenColumn = (col: number): boolean => sheet.getColumn(col).hidden;
  // Each visible column's place among the visible ones: the grid's column model is what Excel shows.
  const visibleColumnsBefore = [0];
  for (let col = 1; col <= sheet.columnCount; col++)
    visibleColumnsBefore[col] = (visibleColumnsBefore[col - 1] ?? 0) + (hiddenColumn(col) ? 0 : 1);
  const visibleIn = (from: number, to: number, hidden: (index: number) => boolean): number[] =>
    Array.from({ length: to - from + 1 }, (_, i) => from + i).filter((index) => !hidden(index));
  const merges = mergedRanges(sheet);
  const cells: PlacedCell[] = [];
  const unseen: string[] = [];
  for (const { address, row, col, paragraphs } of texts) {
    const range = merges.get(address) ?? { top: row, left: col, bottom: row, right: col };
    // A merged range shows its text while any of it is visible, from its first visible row and column.
    const rows = visibleIn(range.top, range.bottom, hiddenRow);
    const columns = visibleIn(range.left, range.right, hiddenColumn);
    const [firstRow] = rows;
    const [firstColumn] = columns;
    if (firstRow === undefined || firstColumn === undefined) {
      unseen.push(address);
      continue;
    }
    cells.push({
      row: firstRow - 1,
      col: (visibleColumnsBefore[firstColumn] ?? 1) - 1,
      rowSpan: range.bottom - firstRow + 1,
      colSpan: columns.length,
      paragraphs,
      source: { page: null, line: null, bbox: null, sheet: sheet.name, cell: address },
    });
  }
  const warnings =
    unseen.length === 0
      ? []
      : [
          {
            message: SOURCE.hiddenCells({ sheet: sheet.name, cells: count(unseen.length, "cella", "celle") }),
            evidence: { sheet: sheet.name, cells: unseen },
          },
        ];
  return { rows: gridRowsOf(cells, sheet.rowCount), warnings };
}

/** The text of each cell that holds some, a merged range's in its top-left cell; in row, then column order. */
function cellTexts(sheet: Worksheet): { address: string; row: number; col: number; paragraphs: string[] }[] {
  const texts: { address: string; row: number; col: number; paragraphs: string[] }[] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    row.eachCell({ includeEmpty: false }, (cell) => {
      if (cell.isMerged && cell.master.address !== cell.address) return;
      const paragraphs = cell.text
        .split(LINE_BREAK)
        .map(collapse)
        .filter((paragraph) => paragraph !== "");
      if (paragraphs.length > 0)
        texts.push({ address: cell.address, row: Number(row.number), col: Number(cell.col), paragraphs });
    });
  });
  return texts;
}

/** The sheet's merged ranges, by the address of their top-left cell. */
function mergedRanges(sheet: Worksheet): Map<string, Range> {
  const ranges = new Map<string, Range>();
  for (const range of sheet.model.merges) {
    const [from, to = from] = range.split(":");
    const start = from === undefined ? null : cellPosition(from);
    const end = cellPosition(to ?? "");
    if (start === null || end === null || from === undefined) continue;
    ranges.set(from, { top: start.row, left: start.col, bottom: end.row, right: end.col });
  }
  return ranges;
}

/** Row and column (1-based) of an A1 address. */
function cellPosition(address: string): { row: number; col: number } | null {
  const match = ADDRESS.exec(address.replaceAll("$", ""));
  if (!match?.[1] || !match[2]) return null;
  const col = [...match[1]].reduce((sum, letter) => sum * 26 + letter.charCodeAt(0) - 64, 0);
  return { row: Number(match[2]), col };
}
