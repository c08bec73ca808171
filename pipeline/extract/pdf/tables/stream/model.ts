import { median } from "../../../../arrays.js";
import type { LayoutPage } from "../../../../schema/layout.js";
import { COLUMN_ALIGN, ROTATED_LINE_PITCH, SAME_WIDTH } from "../../settings.js";
import {
  actionColumn,
  alignedColumns,
  type ColumnStart,
  completeFromCells,
  completeFromHeaderText,
  type HeaderCell,
  innerStarts,
  isBodySize,
  isColumnEntry,
  labelColumnsInTable,
  pageChunks,
  rotatedColumnStarts,
} from "./columns.js";
import {
  entryStarts,
  groupEntries,
  joinPitchOf,
  labelJoinPitchOf,
  normalRowPitch,
  type StreamRow,
  spanOf,
  wrappedLinePitch,
} from "./rows.js";

/** What the stream reading of a document learns from all its unruled pages together. */
export interface StreamModel {
  readonly columns: readonly ColumnStart[];
  readonly action: ColumnStart | null;
  /** The action column's index in `columns`, -1 without one. */
  readonly actionIndex: number;
  readonly tolerance: number;
  /** A line joins the action above when its step from it is below this many font sizes. */
  readonly joinPitch: number;
  /** A label's line joins the label above when its step from it is below this many font sizes. */
  readonly labelJoinPitch: number;
  /** The usual gap between two action rows' text, in points. */
  readonly rowGap: number;
}

/**
 * The stream model of a table region's pages; `cellEdges`, the edges of its header's shaded cells when
 * it has some, complete its columns (completeFromCells), and so do `headerCells`, the text of a header
 * printed without shading (completeFromHeaderText).
 */
export function streamModel(
  pages: readonly LayoutPage[],
  fontSize: number,
  cellEdges: readonly number[] = [],
  headerCells: readonly HeaderCell[] = [],
): StreamModel {
  const tolerance = COLUMN_ALIGN * fontSize;
  // Titles and headings, set larger, are no column's entries.
  const bodyChunks = pages
    .flatMap((page) => pageChunks(page))
    .filter((chunk) => chunk.angle === 0 && isBodySize(chunk, fontSize));
  const firstColumns = alignedColumns(
    bodyChunks.map((chunk) => chunk.box),
    tolerance,
    SAME_WIDTH * fontSize,
    innerStarts(bodyChunks),
  );
  // Learnt again once chunks that ran into the next column are split there: a wide centred label
  // run together with an action has neither its centre nor its width.
  const alignedUpright = firstColumns.some((column) => column.centre !== undefined)
    ? alignedColumns(
        pages
          .flatMap((page) => pageChunks(page, firstColumns, tolerance, fontSize))
          .filter((chunk) => chunk.angle === 0 && isBodySize(chunk, fontSize))
          .map((chunk) => chunk.box),
        tolerance,
        SAME_WIDTH * fontSize,
        innerStarts(bodyChunks),
      )
    : firstColumns;
  const alignedChunks = pages.map((page) => pageChunks(page, alignedUpright, tolerance, fontSize));
  const foundRotated = rotatedColumnStarts(
    alignedChunks.flat().filter((chunk) => chunk.angle !== 0),
    ROTATED_LINE_PITCH * fontSize,
  ).filter((rotated) => alignedUpright.every((column) => Math.abs(column.x - rotated.x) > tolerance));
  const columns = completeFromHeaderText(
    completeFromCells([...alignedUpright, ...foundRotated], cellEdges, tolerance),
    headerCells,
    alignedChunks
      .flat()
      .filter((chunk) => chunk.angle === 0 && isBodySize(chunk, fontSize))
      .map((chunk) => chunk.box),
    tolerance,
  );
  const rotatedColumns = foundRotated.filter((column) => columns.includes(column));
  const uprightColumns = columns.filter((column) => !rotatedColumns.includes(column));
  const completed =
    uprightColumns.length !== alignedUpright.length ||
    uprightColumns.some((column) => !alignedUpright.includes(column));
  const chunksByPage = completed
    ? pages.map((page) => pageChunks(page, uprightColumns, tolerance, fontSize))
    : alignedChunks;
  // Each column's lines, page by page, top to bottom.
  const linesOf = (column: ColumnStart) =>
    chunksByPage.map((chunks) =>
      chunks
        .filter(
          (chunk) =>
            chunk.angle === 0 && isColumnEntry(chunk.box, column, tolerance) && isBodySize(chunk, fontSize),
        )
        .sort((p, q) => p.box.y0 - q.box.y0),
    );
  const linesByColumn = new Map(uprightColumns.map((column) => [column, linesOf(column)]));
  // The wrapped lines' pitch, from every column: actions set wide may never wrap, while labels do.
  const columnLines = [...linesByColumn.values()].flat();
  const linePitch = wrappedLinePitch(columnLines);
  // A shaded header's last cell is the actions' (the right-most column, as actionColumn assumes).
  const lastCell = cellEdges.length > 1 ? (cellEdges.at(-2) as number) - tolerance : Number.POSITIVE_INFINITY;
  const inLastCell = uprightColumns.filter((column) => column.x >= lastCell);
  // A column is as busy as the entries starting in it. Every line not going on in lower case may
  // start one; surely only those not one wrapped line's pitch below the line above either (entryStarts):
  // a few labels in capitals wrapped over many lines would otherwise outnumber the actions beside them,
  // while actions set as paragraphs, with no spacing, step by the line pitch too.
  const starts = (column: ColumnStart, pitch: number | null) =>
    (linesByColumn.get(column) ?? []).reduce((sum, lines) => sum + entryStarts(lines, pitch), 0);
  const action = actionColumn(
    inLastCell.length > 0 ? inLastCell : uprightColumns,
    (column) => starts(column, null),
    (column) => starts(column, linePitch),
  );
  const actionLines = action
    ? chunksByPage.map((chunks) =>
        chunks
          .filter(
            (chunk) =>
              chunk.angle === 0 &&
              Math.abs(chunk.box.x0 - action.x) <= tolerance &&
              isBodySize(chunk, fontSize),
          )
          .sort((p, q) => p.box.y0 - q.box.y0),
      )
    : [];
  const rowPitch = normalRowPitch(actionLines);
  const joinPitch = joinPitchOf(rowPitch, linePitch);
  const gaps = actionLines.flatMap((lines) => {
    const entries = groupEntries(lines, joinPitch).map(spanOf);
    return entries.slice(1).map((entry, index) => entry.top - (entries[index] as StreamRow).bottom);
  });
  const tableColumns = labelColumnsInTable(
    columns,
    action,
    alignedUpright,
    chunksByPage,
    fontSize,
    tolerance,
    SAME_WIDTH * fontSize,
  );
  return {
    columns: tableColumns,
    action,
    actionIndex: action ? tableColumns.indexOf(action) : -1,
    tolerance,
    joinPitch,
    labelJoinPitch: labelJoinPitchOf(rowPitch, linePitch),
    rowGap: Math.max(0, median(gaps) ?? 0),
  };
}
