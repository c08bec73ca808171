import type { GridRow } from "../schema/grid.js";
import type { SourceRef } from "../schema/source.js";

/**
 * A cell at its slot in its table's own row and column model (0-based), as a markup reader (HTML,
 * Word, a workbook) places it, before the rows without text are dropped. A row's cells come in
 * column order.
 */
export interface PlacedCell {
  readonly row: number;
  readonly col: number;
  readonly rowSpan: number;
  readonly colSpan: number;
  /** Empty for a cell without text. */
  readonly paragraphs: readonly string[];
  readonly source: SourceRef;
}

/**
 * A table's rows as grid rows: every row holding text, with the spans clipped to the rows kept, so
 * that a label's rowSpan still covers exactly the rows of its actions.
 */
export function gridRowsOf(cells: readonly PlacedCell[], rowCount: number): GridRow[] {
  const filledCellsOfRow: PlacedCell[][] = Array.from({ length: rowCount }, () => []);
  for (const cell of cells) if (cell.paragraphs.length > 0) filledCellsOfRow[cell.row]?.push(cell);
  // keptBefore[r]: how many rows before row r hold text, so the rows kept under a span are a difference.
  const keptBefore = [0];
  for (const rowCells of filledCellsOfRow)
    keptBefore.push((keptBefore.at(-1) ?? 0) + (rowCells.length > 0 ? 1 : 0));
  const keptRowsIn = (from: number, to: number): number => (keptBefore[to] ?? 0) - (keptBefore[from] ?? 0);
  return filledCellsOfRow
    .filter((rowCells) => rowCells.length > 0)
    .map(
      (rowCells): GridRow => ({
        page: null,
        cells: rowCells.map((cell) => ({
          col: cell.col,
          rowSpan: keptRowsIn(cell.row, Math.min(cell.row + cell.rowSpan, rowCount)),
          colSpan: cell.colSpan,
          paragraphs: [...cell.paragraphs],
          source: cell.source,
        })),
      }),
    );
}
