import { median, minOf } from "../../../../arrays.js";
import type { Span } from "../../../../resolve/segment/span.js";
import type { LayoutPage } from "../../../../schema/layout.js";
import { centreY, isFigure, makeLine, type TextLine } from "../../geometry/lines.js";
import {
  COLUMN_ALIGN,
  LEADING_COLUMN_SUPPORT,
  LINE_PITCH_JITTER,
  ROTATED_LINE_PITCH,
  SAME_LINE,
  SAME_WIDTH,
} from "../../settings.js";
import {
  actionColumn,
  alignedColumns,
  type ColumnStart,
  columnStarts,
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
  cellSpans,
  entryStarts,
  groupEntries,
  joinPitchOf,
  labelJoinPitchOf,
  lineHeightOf,
  normalRowPitch,
  paragraphCells,
  spanOf,
  widestLinePitch,
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
  /**
   * The step from one line of a paragraph to the next, in font sizes (a wrapped line's, else the lines'
   * height where rows are single-spaced: rule `line-height-pitch`); null when nothing shows it.
   */
  readonly linePitch: number | null;
  /** What the model's own rules decided, in words, rule first (drawn by `annex debug`). */
  readonly notes: readonly string[];
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
  const uprightBody = alignedChunks
    .flat()
    .filter((chunk) => chunk.angle === 0 && isBodySize(chunk, fontSize));
  const completedColumns = completeFromHeaderText(
    completeFromCells([...alignedUpright, ...foundRotated], cellEdges, tolerance),
    headerCells,
    uprightBody.map((chunk) => chunk.box),
    tolerance,
  );
  const columns = completeFromLeadingText(completedColumns, uprightBody, tolerance, fontSize);
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
  const lineHeight = lineHeightOf(columnLines);
  const widestPitch = widestLinePitch(columnLines);
  const singleSpaced =
    lineHeight !== null && rowPitch !== null && lineHeight <= rowPitch + LINE_PITCH_JITTER
      ? lineHeight
      : null;
  const labelJoinPitch = labelJoinPitchOf(rowPitch, linePitch, lineHeight, widestPitch);
  const cellPitch = linePitch === null ? singleSpaced : Math.max(linePitch, widestPitch ?? linePitch);
  // The gaps between the cells that hold the actions (paragraph-cells): a cell's paragraphs touch.
  const gaps = actionLines.flatMap((lines) => {
    const entries = groupEntries(lines, joinPitch).map(spanOf);
    const cells = cellSpans(entries, paragraphCells(entries, cellPitch, []));
    return cells.slice(1).map((cell, index) => cell.top - (cells[index] as Span).bottom);
  });
  const f2 = (value: number | null) => value?.toFixed(2) ?? "none";
  const leadingColumn = columns.find((column) => !completedColumns.includes(column));
  const notes = [
    ...(leadingColumn
      ? [
          `leading-column: a column at x ${f2(leadingColumn.x)}, ${leadingColumn.support} widths left of the others`,
        ]
      : []),
    ...(linePitch === null && singleSpaced !== null
      ? [
          `line-height-pitch: nothing wrapped, lines ${f2(singleSpaced)} font sizes high, rows ${f2(rowPitch)} apart`,
        ]
      : []),
    ...(linePitch !== null && widestPitch !== null && widestPitch > linePitch + LINE_PITCH_JITTER
      ? [`rounded-pitch: wrapped lines step ${f2(linePitch)} to ${f2(widestPitch)} font sizes`]
      : []),
    `label lines join below ${f2(labelJoinPitch)} font sizes; paragraph-cells gather rows up to ${f2(cellPitch)}`,
  ];
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
    labelJoinPitch,
    rowGap: Math.max(0, median(gaps) ?? 0),
    linePitch: cellPitch,
    notes,
  };
}

/**
 * Rule `leading-column`: the columns completed with one that starts left of all of them, from upright
 * body text there that shares its line with a column's entry and stays left of the first column (an
 * upright band: one or two functions a table give it fewer entries than MIN_COLUMN_SUPPORT). Its lines
 * must show at least LEADING_COLUMN_SUPPORT different widths at one left edge; figures (a totals row's
 * counts) are no entries. Without it, a band's line beside the table's first row is text of no column,
 * and the whole row is read as a header's (corpus Calc 1796698635 and 175462449: the first block lost,
 * every label after it read one block late).
 */
export function completeFromLeadingText(
  columns: readonly ColumnStart[],
  chunks: readonly TextLine[],
  tolerance: number,
  fontSize: number,
): ColumnStart[] {
  if (columns.length === 0) return [...columns];
  const first = minOf(columns.map((column) => column.x));
  const atColumn = (x: number) => columns.some((column) => Math.abs(x - column.x) <= tolerance);
  // A line's entries: chunks in a column, and the rest of a chunk that runs from the left into one
  // (chunks are split only where they start in a column).
  const entries = chunks.filter(
    (chunk) =>
      columns.some((column) => isColumnEntry(chunk.box, column, tolerance)) ||
      chunk.parts.some((part) => atColumn(part.item.x0)),
  );
  const leading = chunks.flatMap((chunk) => {
    const parts = chunk.parts.filter((part) => part.item.x0 < first - tolerance);
    if (parts.length === 0) return [];
    const piece = parts.length === chunk.parts.length ? chunk : makeLine(chunk.angle, parts);
    const beside = entries.some((entry) => Math.abs(centreY(entry) - centreY(piece)) <= SAME_LINE * fontSize);
    return piece.box.x1 <= first + tolerance && !isFigure(piece) && beside ? [piece] : [];
  });
  const found = columnStarts(
    leading.map((chunk) => ({ x: chunk.box.x0, width: chunk.box.x1 - chunk.box.x0 })),
    tolerance,
    SAME_WIDTH * fontSize,
    LEADING_COLUMN_SUPPORT,
  );
  const busiest = found.reduce<ColumnStart | null>(
    (best, column) => (best === null || column.support > best.support ? column : best),
    null,
  );
  return busiest ? [busiest, ...columns] : [...columns];
}
