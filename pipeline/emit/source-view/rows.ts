import type { Grid, GridCell } from "../../schema/grid.js";
import type { SourceRef } from "../../schema/source.js";
import type { SourceCell, SourceRow, SourceView } from "../../schema/source-view.js";
import { textKey } from "../../text-similarity.js";
import { describeSource } from "../source-text.js";
import { samePlace } from "./places.js";

/**
 * Rows shown around each concerned row: enough to see the labels a line of actions falls under in
 * a text copy (its sub-process label is most often one or two lines up), few enough that a list of
 * forty findings stays readable.
 */
const CONTEXT_ROWS = 2;

/** At most this many rows per finding; a finding spread wider shows its first places only. */
const MAX_ROWS = 15;

/**
 * The source's rows around the places a finding concerns, for inputs read from text or markup (a
 * text copy, HTML, a workbook, a Word document): each row with its cells, those concerned marked.
 * On a row holding several cells, the concerned ones are those quoting the finding's texts when it
 * quotes any, else all the cells at the place.
 */
export function rowsView(
  grid: Grid,
  places: readonly SourceRef[],
  texts: readonly string[],
): SourceView | null {
  const keys = texts.map(textKey).filter((key) => key !== "");
  const concerned = (cell: GridCell): boolean => places.some((place) => samePlace(cell.source, place));
  const quoted = (cell: GridCell): boolean => {
    const key = textKey(cell.paragraphs.join(" "));
    return key !== "" && keys.some((k) => key.includes(k) || k.includes(key));
  };
  const hits = grid.rows.flatMap((row, index) => (row.cells.some(concerned) ? [index] : []));
  if (hits.length === 0) return null;

  const shown = new Set<number>();
  for (const hit of hits) {
    for (
      let i = Math.max(0, hit - CONTEXT_ROWS);
      i <= Math.min(grid.rows.length - 1, hit + CONTEXT_ROWS);
      i++
    )
      shown.add(i);
  }
  const indices = [...shown].sort((a, b) => a - b).slice(0, MAX_ROWS);
  const rows: SourceRow[] = [];
  indices.forEach((index, n) => {
    const previous = indices[n - 1];
    if (previous !== undefined && index > previous + 1) rows.push(null);
    const cells = grid.rows[index]?.cells ?? [];
    const placed = cells.filter(concerned);
    const marked = placed.some(quoted) ? placed.filter(quoted) : placed;
    // Each cell in its own column, as the source sets it out: a text copy's line of actions alone
    // starts in the actions' column, not the first.
    const shownCells: SourceCell[] = [];
    let column = 0;
    for (const cell of cells) {
      if (cell.col > column) shownCells.push({ text: "", marked: false, span: cell.col - column });
      shownCells.push({ text: cell.paragraphs.join(" "), marked: marked.includes(cell), span: cell.colSpan });
      column = Math.max(column, cell.col) + cell.colSpan;
    }
    rows.push({ where: cells[0] ? describeSource(cells[0].source) : "", cells: shownCells });
  });
  return { kind: "rows", rows };
}
