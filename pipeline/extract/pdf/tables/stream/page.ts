import { appendAll, maxOf, median, minOf } from "../../../../arrays.js";
import type { Alignment, AlignmentEvidence } from "../../../../resolve/segment/alignment.js";
import { heldRows, LABEL_TOP_SLACK } from "../../../../resolve/segment/costs.js";
import { placeLabels } from "../../../../resolve/segment/place.js";
import type { LabelSpan, RowSpan, Span } from "../../../../resolve/segment/span.js";
import type { LayoutPage } from "../../../../schema/layout.js";
import { boxGap } from "../../geometry/box.js";
import { centreY, isFigure, readingLines, type TextLine } from "../../geometry/lines.js";
import { LOOSE_WRAP_PITCH, ROTATED_LABEL_GAP, SAME_LINE } from "../../settings.js";
import { type EmptyRowOwner, looseRows, type PageRow } from "../page-rows.js";
import { type ColumnStart, centredColumnOf, isBodySize, isColumnEntry, pageChunks } from "./columns.js";
import type { StreamModel } from "./model.js";
import {
  cellSpans,
  groupEntries,
  leftNoRows,
  mergeOverlapping,
  needsOwnRow,
  paragraphCells,
  placementOverRows,
  type StreamRow,
  spanOf,
  splitAt,
  trailingLabels,
} from "./rows.js";

interface LabelBlock extends LabelSpan {
  readonly col: number;
  /** The label's lines in reading order. */
  readonly lines: readonly TextLine[];
  /** The page's chunks it is made of (rotated text is re-read as a whole, so they differ from `lines`). */
  readonly chunks: readonly TextLine[];
}

export function streamPageRows(
  page: LayoutPage,
  model: StreamModel,
  fontSize: number,
  ruledColumnAt: (x: number) => number,
  alignment: Alignment | null,
  evidence: AlignmentEvidence,
  tableBefore: boolean,
): PageRow[] {
  const { action, tolerance } = model;
  const chunks = pageChunks(page, model.columns, tolerance, fontSize);
  // Without columns of its own (a signature page after ruled ones), loose text takes the ruled tables' columns.
  const columnAt =
    model.columns.length > 0
      ? (x: number) => Math.max(0, model.columns.filter((column) => column.x <= x + tolerance).length - 1)
      : ruledColumnAt;
  const aligned = action
    ? chunks.filter(
        (chunk) =>
          chunk.angle === 0 &&
          Math.abs(chunk.box.x0 - action.x) <= tolerance &&
          isBodySize(chunk, fontSize) &&
          !isFigure(chunk),
      )
    : [];
  if (!action) return looseRows(chunks, columnAt);
  const labelColumnOf = (chunk: TextLine) => labelColumn(chunk, model.columns, tolerance, columnAt);
  const isLabelStart = (chunk: TextLine) =>
    model.columns.some(
      (column) => column.x < action.x - tolerance && isColumnEntry(chunk.box, column, tolerance),
    );

  const startsLabel = chunks.filter(
    (chunk) =>
      !aligned.includes(chunk) &&
      isBodySize(chunk, fontSize) &&
      !isFigure(chunk) &&
      (chunk.angle === 0 ? isLabelStart(chunk) : chunk.box.x1 <= action.x + tolerance),
  );
  // A label's line that starts at no column goes on with the label line above it (label-continuation).
  const continuing = labelContinuations(
    chunks.filter(
      (chunk) =>
        !aligned.includes(chunk) &&
        !startsLabel.includes(chunk) &&
        chunk.angle === 0 &&
        isBodySize(chunk, fontSize) &&
        !isFigure(chunk) &&
        chunk.box.x1 <= action.x + tolerance,
    ),
    startsLabel.filter((chunk) => chunk.angle === 0),
    labelColumnOf,
    model.labelJoinPitch,
  );
  // An upright line on the line of text that neither starts at a label column nor is at the actions'
  // edge (headers, totals, headings, signatures) is part of that text, though it happens to start where
  // a column does (a header cell whose wording fills its column, a signatory's role centred above the
  // actions); and so is a line wrapped from such text in its own column, with other such text centred
  // between the two (a header cell on two lines).
  const neither = chunks.filter(
    (chunk) => !aligned.includes(chunk) && !startsLabel.includes(chunk) && !continuing.has(chunk),
  );
  const onOtherLine = (chunk: TextLine) =>
    chunk.angle === 0 &&
    neither.some(
      (other) => other.angle === 0 && Math.abs(centreY(other) - centreY(chunk)) <= SAME_LINE * chunk.fontSize,
    );
  const actionLines = aligned.filter((chunk) => !onOtherLine(chunk)).sort((p, q) => p.box.y0 - q.box.y0);
  const unaligned = chunks.filter((chunk) => !actionLines.includes(chunk) && !startsLabel.includes(chunk));
  const uprightOthers = unaligned.filter((other) => other.angle === 0);
  const besideOther = new Set(
    startsLabel.filter(
      (chunk) =>
        chunk.angle === 0 &&
        uprightOthers.some((wrapped) => {
          // A line of the same column a line pitch away, not a label's…
          const step = Math.abs(centreY(wrapped) - centreY(chunk));
          if (columnAt(wrapped.box.x0) !== columnAt(chunk.box.x0)) return false;
          if (step <= SAME_LINE * chunk.fontSize || step > LOOSE_WRAP_PITCH * chunk.fontSize) return false;
          // …with other text, in another column, centred between the two.
          const [upper, lower] = [chunk, wrapped].sort((p, q) => centreY(p) - centreY(q));
          return uprightOthers.some(
            (other) =>
              columnAt(other.box.x0) !== columnAt(chunk.box.x0) &&
              centreY(other) > centreY(upper as TextLine) &&
              centreY(other) < centreY(lower as TextLine),
          );
        }),
    ),
  );
  // A continuing line is a label's only as long as the line it goes on from is.
  const labelChunks: TextLine[] = [];
  for (const chunk of [...startsLabel, ...continuing.keys()].sort((p, q) => p.box.y0 - q.box.y0)) {
    const from = continuing.get(chunk);
    if (onOtherLine(chunk) || besideOther.has(chunk) || (from && !labelChunks.includes(from))) continue;
    labelChunks.push(chunk);
  }
  // Other text (headers, totals, headings) between action rows ends one table and starts the next.
  const others = chunks.filter((chunk) => !actionLines.includes(chunk) && !labelChunks.includes(chunk));
  const blocks = labelBlocks(labelChunks, labelColumnOf, model.labelJoinPitch, fontSize);
  // A page without actions (sub-processes without any, a label too long for the page before) is still
  // a table: each label in the column beside the actions' is a row of its own; and so is a table
  // without actions set apart from the page's others by other text (rule `table-without-actions`).
  // Only beside actions is the labels' column found by the labels (rule `inner-label-column`): a page
  // without them may hold only outer labels, which would be taken for the sub-processes'.
  const innermost =
    actionLines.length > 0 ? innerLabelColumn(blocks, model.actionIndex) : model.actionIndex - 1;
  const withActions = groupEntries(actionLines, model.joinPitch).map(spanOf);
  const innerBlocks = blocks.filter((block) => block.col === innermost);
  const apart =
    withActions.length > 0
      ? labelsApartFromActions(
          innerBlocks,
          withActions,
          others.filter((chunk) => chunk.angle === 0).map(centreY),
        )
      : innerBlocks;
  const actionRows = mergeOverlapping([
    ...withActions,
    ...apart.map((block) => ({ top: block.top, bottom: block.bottom, lines: [] })),
  ]);
  if (actionRows.length === 0) return looseRows(chunks, columnAt);
  const bodyTop = minOf(actionRows.map((row) => row.top));
  const bodyBottom = maxOf(actionRows.map((row) => row.bottom));
  const inBody = (chunk: TextLine) => centreY(chunk) > bodyTop && centreY(chunk) < bodyBottom;
  const breaks = others
    .filter(
      (chunk) =>
        inBody(chunk) && !actionRows.some((row) => row.top < chunk.box.y1 && chunk.box.y0 < row.bottom),
    )
    .map(centreY);
  const used = new Set<TextLine>(actionLines);
  const rows: PageRow[] = [];
  for (const [index, segment] of splitAt(actionRows, breaks).entries()) {
    // Only the page's first table may go on from the page before, and only when one came before it.
    const continued = index === 0 && tableBefore;
    const { rows: segmentRows, labels } = segmentWithLabels(
      segment,
      blocks,
      others.map(centreY),
      model,
      fontSize,
      continued,
      innermost,
    );
    // Labels go over the cells that hold the actions (rule `paragraph-cells`), then over their rows.
    const inner = labels.filter((label) => label.col === innermost);
    const cells = paragraphCells(segmentRows, model.linePitch, inner);
    const cellRows = withEmptyRows(cellSpans(segmentRows, cells), cells, segmentRows, continued);
    const overCells = placeLabels(cellRows, labels, fontSize, alignment, evidence, continued);
    // Rule `empty-row-owner`, for the trace: a sub-process read from its added rows alone, and one whose
    // block holds added rows it is not measured by.
    const owners = overCells.labels.map((placed): EmptyRowOwner | null => {
      const held = heldRows(cellRows, placed.first, placed.last);
      if (placed.label.col !== innermost) return null;
      if (cellRows.slice(placed.first, placed.last + 1).every((row) => row.empty)) return "own row";
      return held.first > placed.first || held.last < placed.last ? "not measured" : null;
    });
    const placement = placementOverRows(overCells, cells);
    // An action's label is the sub-process's, in the column beside the actions: how sure that column is.
    const actionMargins = placement.rowMargins.get(innermost) ?? [];
    const pageRows: PageRow[] = segmentRows.map((row, index) => ({
      top: row.top,
      cells:
        row.lines.length > 0
          ? [
              {
                col: model.actionIndex,
                colSpan: 1,
                until: null,
                lines: row.lines,
                paragraphs: "single",
                ...marginOf(actionMargins[index]),
              },
            ]
          : [],
    }));
    // A table without actions says so in the trace (rule `table-without-actions`).
    const actionless = segment.every((row) => row.lines.length === 0);
    for (const [index, placed] of placement.labels.entries()) {
      const emptyRowOwner = owners[index];
      (pageRows[placed.first] as PageRow).cells.push({
        col: placed.label.col,
        colSpan: 1,
        until: pageRows[placed.last] as PageRow,
        lines: placed.label.lines,
        paragraphs: "single",
        ...marginOf(placed.margin),
        ...(placed.ownAlignment ? { alignment: placed.ownAlignment } : {}),
        ...(placed.innerFirst ? { innerFirst: true as const } : {}),
        ...(emptyRowOwner ? { emptyRowOwner } : {}),
        ...(actionless ? { withoutActions: true as const } : {}),
        ...continuedLines(placed.label.chunks, continuing),
      });
      for (const chunk of placed.label.chunks) used.add(chunk);
    }
    appendAll(rows, pageRows);
  }
  // A label no table segment took (beside no action, too far below the last) is still one label: its
  // lines stay one cell, not a row each. Beside other text left over, it is a cell of that text's row
  // (a header cell of two lines staggered around its neighbours' one; corpus seed 802696958, Writer
  // 221877795: made a row of its own, a header cell was read as an action, 1.000 -> 0.952).
  const left = chunks.filter((chunk) => !used.has(chunk));
  const alone = (block: (typeof blocks)[number]) =>
    left.every(
      (chunk) => block.chunks.includes(chunk) || chunk.box.y1 <= block.top || chunk.box.y0 >= block.bottom,
    );
  for (const block of blocks.filter(
    (each) => each.chunks.every((chunk) => !used.has(chunk)) && alone(each),
  )) {
    rows.push({
      top: block.top,
      cells: [{ col: block.col, colSpan: 1, until: null, lines: block.lines, paragraphs: "single" }],
    });
    for (const chunk of block.chunks) used.add(chunk);
  }
  rows.push(
    ...looseRows(
      chunks.filter((chunk) => !used.has(chunk)),
      columnAt,
    ),
  );
  return rows;
}

/**
 * Rule `empty-row-owner` (resolve/segment/costs.ts): the cells without text among a segment's cells (rows
 * added for labels beside empty action cells) that may stand for no cell at all, marked `empty`: those
 * between two cells holding actions, and those above the first in a table that starts on this page. A
 * label below the last action, or above the first where the table goes on from the page before, may be
 * centred on a cell that the page break cuts (Calc prints a merged cell's text at the middle of the
 * whole cell, whichever page that falls on: corpus seed 1522022843, Calc 385073537, a label below its
 * only action on the page): its row stays a row.
 */
export function withEmptyRows(
  spans: readonly Span[],
  cells: readonly (readonly number[])[],
  rows: readonly StreamRow[],
  continued: boolean,
): RowSpan[] {
  const holds = cells.map((cell) => cell.some((row) => (rows[row] as StreamRow).lines.length > 0));
  const firstHeld = holds.indexOf(true);
  const lastHeld = holds.lastIndexOf(true);
  return spans.map((span, index) => ({
    top: span.top,
    bottom: span.bottom,
    ...(!holds[index] && index < lastHeld && (index > firstHeld || !continued) ? { empty: true } : {}),
  }));
}

/**
 * A label line's column (rule `label-continuation`): the one it starts in (`columnAt`), or the centred
 * column after that an upright line is centred on (a capital word wider than its cell runs out of it on
 * both sides, starting in the column before: corpus seed 1522022843, Chromium 177003259). A centred
 * column's range may hold the start of a left-aligned one (generated annex seed 8, Times 10 pt): a
 * line starting there is that column's.
 */
export function labelColumn(
  line: TextLine,
  columns: readonly ColumnStart[],
  tolerance: number,
  columnAt: (x: number) => number,
): number {
  const centredOn = centredColumnOf(line.box, columns, tolerance);
  const startsIn = columnAt(line.box.x0);
  return line.angle === 0 && centredOn > startsIn ? centredOn : startsIn;
}

/** How many of a label's lines rule `label-continuation` read with it, when any (for the trace). */
function continuedLines(
  chunks: readonly TextLine[],
  continuing: ReadonlyMap<TextLine, TextLine>,
): { continuedLines?: number } {
  const count = chunks.filter((chunk) => continuing.has(chunk)).length;
  return count > 0 ? { continuedLines: count } : {};
}

/**
 * Rule `label-continuation`: a line left of the actions that starts at no label column (`lines`) goes
 * on with a label's line above it (`labelLines`, and the lines found so, top down) in the same column,
 * less than the label lines' join pitch (`joinPitch`, font sizes) below it and overlapping it across:
 * the lines of a centred label spread over its cell, and only its widest share the column's edge, or
 * its centre where the column was found by edges (corpus seed 1522022843, Chromium 177003259: a band's
 * second line centred under its first was read as other text, and cut the table at the first row of
 * every function). Text beside the table, a header's second line, a totals row, is a row's padding
 * or more away. Returns each such line with the line it goes on from.
 */
export function labelContinuations(
  lines: readonly TextLine[],
  labelLines: readonly TextLine[],
  columnOf: (line: TextLine) => number,
  joinPitch: number,
): Map<TextLine, TextLine> {
  const from = new Map<TextLine, TextLine>();
  const known = [...labelLines];
  const goesOn = (label: TextLine, line: TextLine) => {
    const step = (line.box.y0 - label.box.y0) / line.fontSize;
    return (
      step > SAME_LINE &&
      step < joinPitch &&
      columnOf(label) === columnOf(line) &&
      label.box.x0 < line.box.x1 &&
      line.box.x0 < label.box.x1
    );
  };
  for (const line of [...lines].sort((p, q) => p.box.y0 - q.box.y0)) {
    const label = known.find((each) => goesOn(each, line));
    if (!label) continue;
    from.set(line, label);
    known.push(line);
  }
  return from;
}

/** A cell's placement margin, when another reading could give its row another label (finite). */
function marginOf(margin: number | undefined): { margin?: number } {
  return margin !== undefined && Number.isFinite(margin) ? { margin } : {};
}

/**
 * The rows of one table segment and the labels beside them: its action rows, rows of their own for
 * labels beside empty action cells (within the segment, before it and after it). A `continued` segment
 * may begin with rows of a cell from the page before.
 */
function segmentWithLabels(
  segment: readonly StreamRow[],
  blocks: readonly LabelBlock[],
  obstacles: readonly number[],
  model: StreamModel,
  fontSize: number,
  continued: boolean,
  innermost: number,
): { rows: StreamRow[]; labels: LabelBlock[] } {
  const slack = LABEL_TOP_SLACK * fontSize;
  const first = segment[0] as StreamRow;
  const last = segment.at(-1) as StreamRow;
  // A label may start above the first action when it is taller than its row and centred on it.
  const beside = blocks.filter(
    (block) => (block.top >= first.top - slack || block.bottom > first.top) && block.top <= last.bottom,
  );
  // A row without an action exists for the label beside its empty action cell, in the label column
  // next to the actions: an outer label alone in a gap is centred on a block that rows grown for a
  // tall label spread apart, not a row of its own (every row holds something in that column).
  const isInner = (block: LabelBlock) => block.col === innermost;
  // Top to bottom, each row found counts as a neighbour for the labels below it: the gap next to an
  // empty row is a row's gap, not the empty row's height.
  const innerBlocks = beside.filter(isInner).sort((p, q) => p.top - q.top);
  let withInner: StreamRow[] = [...segment];
  innerBlocks.forEach((block, index) => {
    const own =
      needsOwnRow(block, withInner, model.rowGap, slack) ||
      leftNoRows(block, innerBlocks[index - 1], innerBlocks[index + 1], segment, continued);
    if (own)
      withInner = mergeOverlapping([...withInner, { top: block.top, bottom: block.bottom, lines: [] }]);
  });
  const gaps = withInner.slice(1).map((row, index) => row.top - (withInner[index] as StreamRow).bottom);
  const maxGap = Math.max(model.rowGap, median(gaps) ?? 0) + slack;
  // The table reaches as far as its rows' text and the labels beside them.
  const reach = [...withInner, ...beside];
  const trailing = trailingLabels(
    maxOf(reach.map((span) => span.bottom)),
    blocks.filter((block) => block.top > last.bottom),
    obstacles,
    maxGap,
    isInner,
  );
  // Labels before the first action (sub-processes without actions at the top of a page) are trailing
  // labels seen upside down.
  const mirror = (span: Span): Span => ({ top: -span.bottom, bottom: -span.top });
  const above = blocks.filter((block) => !beside.includes(block) && block.top < first.top);
  const leading = trailingLabels(
    -minOf(reach.map((span) => span.top)),
    above.map((block) => ({ ...mirror(block), block })),
    obstacles.map((at) => -at),
    maxGap,
    ({ block }) => isInner(block),
  );
  const ownRows = [...leading.rows.map(mirror), ...trailing.rows].map((row) => ({ ...row, lines: [] }));
  const rows = mergeOverlapping([...withInner, ...ownRows]);
  return { rows, labels: [...leading.joined.map(({ block }) => block), ...beside, ...trailing.joined] };
}

/** The labels of a page: per column, lines grouped into entries; rotated pieces grouped by proximity. */
function labelBlocks(
  chunks: readonly TextLine[],
  columnOf: (chunk: TextLine) => number,
  joinPitch: number,
  fontSize: number,
): LabelBlock[] {
  const blocks: LabelBlock[] = [];
  const columns = new Set(chunks.map(columnOf));
  for (const col of columns) {
    const inColumn = chunks.filter((chunk) => columnOf(chunk) === col);
    const upright = inColumn.filter((chunk) => chunk.angle === 0).sort((p, q) => p.box.y0 - q.box.y0);
    for (const lines of groupEntries(upright, joinPitch))
      blocks.push({ col, ...spanOf(lines), chunks: lines });
    const rotated = inColumn.filter((chunk) => chunk.angle !== 0);
    for (const chunks of groupNearby(rotated, ROTATED_LABEL_GAP * fontSize)) {
      const ordered = readingLines(chunks.flatMap((chunk) => chunk.parts.map((part) => part.item)));
      blocks.push({ col, ...spanOf(ordered), chunks, turned: true });
    }
  }
  return blocks.sort((p, q) => p.top - q.top);
}

/**
 * Groups turned lines whose boxes come within `gap` of each other (transitively) and that run side by
 * side, overlapping along their reading direction, as the lines of one paragraph do: the bands of two
 * short functions, one after the other along the column, come as close but follow each other.
 */
function groupNearby(lines: readonly TextLine[], gap: number): TextLine[][] {
  const sideBySide = (p: TextLine, q: TextLine) =>
    p.angle === q.angle &&
    Math.max(p.frame.along0, q.frame.along0) < Math.min(p.frame.along1, q.frame.along1);
  const groups: TextLine[][] = [];
  for (const line of lines) {
    const near = groups.filter((group) =>
      group.some((other) => boxGap(line.box, other.box) <= gap && sideBySide(line, other)),
    );
    const merged = [line, ...near.flat()];
    for (const group of near) groups.splice(groups.indexOf(group), 1);
    groups.push(merged);
  }
  return groups;
}

/**
 * Rule `table-without-actions`: the labels beside the actions' column (`labels`) with other text (a
 * header, a totals row, a heading: `others`, the centres of its lines) between them and the nearest
 * action row, or the page's edge, above and below: a table whose sub-processes have no actions, set
 * apart from the tables beside it on its page, each of whose labels is a row of its own as on a page
 * without actions. Round-trip seeds -290622072 and -946262356: a function of empty sub-processes above
 * the next function's table, past its totals row, joined no table, and its labels' lines fell apart
 * into a row each, their last lines read as actions. Text above them is asked for even at the page's
 * top: labels there with none above may be a cell the page break cut, or a header cell set like a
 * label (Chromium 1707842699 of corpus seed 1522022843: a header's cell, the page's first line).
 */
export function labelsApartFromActions<T extends Span>(
  labels: readonly T[],
  actionRows: readonly Span[],
  others: readonly number[],
): T[] {
  const parted = (from: number, to: number) => others.some((at) => at > from && at < to);
  return labels.filter((label) => {
    if (actionRows.some((row) => row.top < label.bottom && label.top < row.bottom)) return false;
    const above = actionRows.filter((row) => row.bottom <= label.top).map((row) => row.bottom);
    const below = actionRows.filter((row) => row.top >= label.bottom).map((row) => row.top);
    return (
      parted(Math.max(Number.NEGATIVE_INFINITY, ...above), label.top) &&
      parted(label.bottom, Math.min(Number.POSITIVE_INFINITY, ...below))
    );
  });
}

/**
 * Rule `inner-label-column`: the column of the labels beside the actions (the sub-processes'): the
 * nearest column left of the actions that holds a label on the page. A column may start where no label
 * does (a header's figure or word set over the middle of the sub-processes' column: round-trip seed
 * -1200123040, a count over the header made a column between the labels and the actions, and the
 * labels beside empty action cells got no row of their own). Without any label there, the column
 * next to the actions.
 */
export function innerLabelColumn(blocks: readonly { readonly col: number }[], actionIndex: number): number {
  const left = blocks.map((block) => block.col).filter((col) => col < actionIndex);
  return left.length > 0 ? Math.max(...left) : actionIndex - 1;
}
