import { appendAll, maxOf, median, minOf } from "../../../../arrays.js";
import type { Alignment, AlignmentEvidence } from "../../../../resolve/segment/alignment.js";
import { LABEL_TOP_SLACK } from "../../../../resolve/segment/costs.js";
import { placeLabels } from "../../../../resolve/segment/place.js";
import type { LabelSpan, Span } from "../../../../resolve/segment/span.js";
import type { LayoutPage } from "../../../../schema/layout.js";
import { boxGap } from "../../geometry/box.js";
import { centreY, isFigure, readingLines, type TextLine } from "../../geometry/lines.js";
import { LOOSE_WRAP_PITCH, ROTATED_LABEL_GAP, SAME_LINE } from "../../settings.js";
import { looseRows, type PageRow } from "../page-rows.js";
import { isBodySize, isColumnEntry, pageChunks } from "./columns.js";
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
  // An upright line on the line of text that neither starts at a label column nor is at the actions'
  // edge (headers, totals, headings, signatures) is part of that text, though it happens to start where
  // a column does (a header cell whose wording fills its column, a signatory's role centred above the
  // actions); and so is a line wrapped from such text in its own column, with other such text centred
  // between the two (a header cell on two lines).
  const neither = chunks.filter((chunk) => !aligned.includes(chunk) && !startsLabel.includes(chunk));
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
  const labelChunks = startsLabel.filter((chunk) => !onOtherLine(chunk) && !besideOther.has(chunk));
  // Other text (headers, totals, headings) between action rows ends one table and starts the next.
  const others = chunks.filter((chunk) => !actionLines.includes(chunk) && !labelChunks.includes(chunk));
  const blocks = labelBlocks(labelChunks, columnAt, model.labelJoinPitch, fontSize);
  // A page without actions (sub-processes without any, a label too long for the page before) is still
  // a table: each label in the column beside the actions' is a row of its own. Only beside actions is
  // the labels' column found by the labels (rule `inner-label-column`): a page without them may hold
  // only outer labels, which would be taken for the sub-processes'.
  const innermost =
    actionLines.length > 0 ? innerLabelColumn(blocks, model.actionIndex) : model.actionIndex - 1;
  const actionRows: StreamRow[] =
    actionLines.length > 0
      ? groupEntries(actionLines, model.joinPitch).map(spanOf)
      : mergeOverlapping(
          blocks
            .filter((block) => block.col === innermost)
            .map((block) => ({ top: block.top, bottom: block.bottom, lines: [] })),
        );
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
    const placement = placementOverRows(
      placeLabels(cellSpans(segmentRows, cells), labels, fontSize, alignment, evidence, continued),
      cells,
    );
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
    for (const placed of placement.labels) {
      (pageRows[placed.first] as PageRow).cells.push({
        col: placed.label.col,
        colSpan: 1,
        until: pageRows[placed.last] as PageRow,
        lines: placed.label.lines,
        paragraphs: "single",
        ...marginOf(placed.margin),
        ...(placed.ownAlignment ? { alignment: placed.ownAlignment } : {}),
        ...(placed.innerFirst ? { innerFirst: true as const } : {}),
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
  columnAt: (x: number) => number,
  joinPitch: number,
  fontSize: number,
): LabelBlock[] {
  const blocks: LabelBlock[] = [];
  const columns = new Set(chunks.map((chunk) => columnAt(chunk.box.x0)));
  for (const col of columns) {
    const inColumn = chunks.filter((chunk) => columnAt(chunk.box.x0) === col);
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
