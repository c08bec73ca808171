import { maxOf, median, minOf } from "../../../../arrays.js";
import type { Span } from "../../../../resolve/segment/span.js";
import type { TextLine } from "../../geometry/lines.js";
import { lineSteps } from "../../geometry/paragraphs.js";
import {
  LINE_PITCH_JITTER,
  ONE_LINE_HEIGHT,
  ROW_PITCH_MARGIN,
  WIDEST_PITCH_QUANTILE,
} from "../../settings.js";

export interface StreamRow extends Span {
  readonly lines: readonly TextLine[];
}

/**
 * Whether a line's text goes on from the line above: it starts in lower case, or with a bracket or
 * punctuation that no entry starts with (a parenthesis, a comma) — an action or a label starts with a
 * capital, a code or a figure.
 */
export function continuesEntry(text: string): boolean {
  return /^[\p{Ll}(),;:\]]/u.test(text);
}

/**
 * The normal step from one action row to the next, in font sizes: the median step before lines that
 * do not go on from the line above (continuesEntry: nearly all of them start a new action). Null
 * without any example.
 */
export function normalRowPitch(columns: readonly (readonly TextLine[])[]): number | null {
  return median(
    lineSteps(columns, (line, previous) => isOneLine(previous) && !continuesEntry(line.text), verticalStep),
  );
}

/**
 * The step from a line to the next one of the same entry, in font sizes: the median step before lines
 * that go on from the line above (continuesEntry: nearly all of them go on with the action above).
 * Null without any example.
 */
export function wrappedLinePitch(columns: readonly (readonly TextLine[])[]): number | null {
  return median(wrappedSteps(columns));
}

/**
 * Rule `rounded-pitch`: the longest step a paragraph's lines take, in font sizes: the wrapped lines'
 * steps at WIDEST_PITCH_QUANTILE. A producer that sets lines on whole device pixels (Chromium: 0.75
 * points) steps by two lengths in turn, and the longer is the one a paragraph's lines must be joined
 * across (corpus Chromium 2087994393, 8 points: 1.22 and 1.31 font sizes, median 1.22: every label's
 * second line read as another label, or as an action). Null without any example.
 */
export function widestLinePitch(columns: readonly (readonly TextLine[])[]): number | null {
  const steps = wrappedSteps(columns).sort((p, q) => p - q);
  return steps.length === 0
    ? null
    : (steps[Math.floor(WIDEST_PITCH_QUANTILE * (steps.length - 1))] as number);
}

function wrappedSteps(columns: readonly (readonly TextLine[])[]): number[] {
  return lineSteps(
    columns,
    (line, previous) => isOneLine(previous) && continuesEntry(line.text),
    verticalStep,
  );
}

/**
 * Rule `line-height-pitch`: the line pitch a column's text shows without a wrapped line to measure it
 * (no line anywhere goes on in lower case: short actions, labels in capitals), in font sizes: the
 * median height of its one-line lines, which single-spaced text steps by (Calc: boxes 1.107 font sizes
 * high, lines 1.10-1.12 apart). Null without any line.
 */
export function lineHeightOf(columns: readonly (readonly TextLine[])[]): number | null {
  return median(
    columns.flatMap((lines) =>
      lines.filter(isOneLine).map((line) => (line.box.y1 - line.box.y0) / line.fontSize),
    ),
  );
}

/**
 * How many entries start among one column's lines (top to bottom): a line starts one unless it goes on
 * from the line above (continuesEntry) or sits one wrapped line's pitch below it (`linePitch`, in font
 * sizes, within LINE_PITCH_JITTER) — a label set in capitals wraps onto lines that start in capitals
 * too, and a column of a few long ones would otherwise count more entries than the actions beside it.
 */
export function entryStarts(lines: readonly TextLine[], linePitch: number | null): number {
  let starts = 0;
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] as TextLine;
    const previous = lines[index - 1];
    const wrapped =
      previous !== undefined &&
      linePitch !== null &&
      isOneLine(previous) &&
      Math.abs(verticalStep(line, previous) - linePitch) <= LINE_PITCH_JITTER;
    if (!continuesEntry(line.text) && !wrapped) starts += 1;
  }
  return starts;
}

/**
 * Whether an item is one line of text (ONE_LINE_HEIGHT): only the step from one line to the next
 * measures a pitch, while the step from an item of several lines (a layout copy's whole entry) is its
 * height and more.
 */
function isOneLine(line: TextLine): boolean {
  return line.box.y1 - line.box.y0 <= ONE_LINE_HEIGHT * line.fontSize;
}

/** How far a line's top is below the one before, in its font sizes. */
function verticalStep(line: TextLine, previous: TextLine): number {
  return (line.box.y0 - previous.box.y0) / line.fontSize;
}

/**
 * The step below which a line joins the entry above, in font sizes: clearly under the normal row
 * pitch and, where wrapped lines show the line pitch, not far above it — rows stretched by tall labels
 * beside them make the normal row pitch large, while a wrapped line's step stays what it is.
 */
export function joinPitchOf(rowPitch: number | null, linePitch: number | null): number {
  if (rowPitch === null) return 0;
  return Math.min(rowPitch - ROW_PITCH_MARGIN, (linePitch ?? Number.POSITIVE_INFINITY) + ROW_PITCH_MARGIN);
}

/**
 * The step below which a label's line joins the label above, in font sizes: labels in capitals give
 * no lower-case continuation, and where a cell's actions are paragraphs (no spacing between them) the
 * row pitch is the line pitch, so the actions' join pitch joins no label line. Two labels of one
 * column lie in different cells, a cell's padding apart, while a label's own lines are one line pitch
 * apart: a line joins when it is no farther than the line pitch plus half the rows' padding (the
 * normal row pitch's excess over the line pitch), at least LINE_PITCH_JITTER and at most
 * ROW_PITCH_MARGIN. Without a wrapped line to measure, or where the wrapped lines step farther than
 * the rows (no line pitch shows: a layout copy's items are whole entries, `pdftotext -layout` seed
 * 1116812090 measured 7.2 font sizes against rows' 1.2), the actions' join pitch — or, where no line
 * is wrapped but the rows step no farther than their lines are high (`lineHeight`: actions as
 * paragraphs of one cell, set single-spaced), that height taken for the line pitch if it joins more
 * (rule `line-height-pitch`: corpus Calc 106087419, labels in capitals wrapped beside short actions
 * stepping 1.10 font sizes, joined below 0.87, read as actions).
 */
export function labelJoinPitchOf(
  rowPitch: number | null,
  linePitch: number | null,
  lineHeight: number | null = null,
  widestPitch: number | null = linePitch,
): number {
  if (linePitch === null) {
    // Rule `line-height-pitch`: nothing wrapped, but rows single-spaced like the lines of a paragraph
    // (actions as paragraphs without spacing) show their pitch by their own height.
    const spaced = lineHeight !== null && rowPitch !== null && lineHeight <= rowPitch + LINE_PITCH_JITTER;
    const byHeight = spaced ? labelJoinPitchOf(rowPitch, lineHeight) : Number.NEGATIVE_INFINITY;
    return Math.max(joinPitchOf(rowPitch, linePitch), byHeight);
  }
  if (rowPitch !== null && linePitch > rowPitch + LINE_PITCH_JITTER) return joinPitchOf(rowPitch, linePitch);
  const padding = (rowPitch ?? Number.POSITIVE_INFINITY) - linePitch;
  // Rule `rounded-pitch`: the lines of one label may step by the longer of two rounded lengths,
  // give or take the jitter (the padding's half is a margin over the usual pitch, not over the longest).
  return Math.max(
    linePitch + Math.min(ROW_PITCH_MARGIN, Math.max(LINE_PITCH_JITTER, padding / 2)),
    (widestPitch ?? linePitch) + LINE_PITCH_JITTER,
  );
}

/**
 * Groups one column's lines (top to bottom) into entries: a line continues the entry above when it
 * goes on from it (continuesEntry), or sits closer to the line above than `joinPitch` font sizes
 * (unless its items are whole entries already, LayoutItem `entry`).
 */
export function groupEntries(lines: readonly TextLine[], joinPitch: number): TextLine[][] {
  const entries: TextLine[][] = [];
  for (const line of lines) {
    const entry = entries.at(-1);
    const previous = entry?.at(-1);
    const pitch = previous ? (line.box.y0 - previous.box.y0) / line.fontSize : Number.POSITIVE_INFINITY;
    const whole = line.parts.length > 0 && line.parts.every((part) => part.item.entry === true);
    if (entry && (continuesEntry(line.text) || (!whole && pitch < joinPitch))) entry.push(line);
    else entries.push([line]);
  }
  return entries;
}

/**
 * Rule `paragraph-cells`: the action rows of a table segment (top to bottom) gathered into the cells
 * that hold them, as lists of row indices. Where a sub-process's actions are paragraphs of one cell,
 * set as closely as a paragraph's own lines, an entry whose first line steps from the entry above by no
 * more than the line pitch (`linePitch`, font sizes, within LINE_PITCH_JITTER) is in that entry's cell:
 * cells are a padding apart. Such a cell lies beside one label of the column next to the actions, so a
 * run of entries with two or more of `labels` beside it is no cell but rows set without padding, one
 * per action, and the segment keeps a row per entry; so does a segment without a line pitch. Rows
 * without text (beside an empty action cell), and a layout copy's whole entries, are cells of their own.
 */
export function paragraphCells(
  rows: readonly StreamRow[],
  linePitch: number | null,
  labels: readonly Span[],
): number[][] {
  const groups: number[][] = [];
  rows.forEach((row, index) => {
    const group = groups.at(-1);
    const above = group ? rows[group.at(-1) as number]?.lines.at(-1) : undefined;
    const first = row.lines[0];
    // A layout copy's items are whole entries, whose spacing tells nothing (as in groupEntries).
    const whole = row.lines.some((line) => line.parts.some((part) => part.item.entry === true));
    const close =
      !whole &&
      linePitch !== null &&
      above !== undefined &&
      first !== undefined &&
      (first.box.y0 - above.box.y0) / first.fontSize <= linePitch + LINE_PITCH_JITTER;
    if (group && close) group.push(index);
    else groups.push([index]);
  });
  const spans = cellSpans(rows, groups);
  const shared = groups.some((group, index) => {
    const span = spans[index] as Span;
    return (
      group.length > 1 &&
      labels.filter((label) => label.top < span.bottom && span.top < label.bottom).length > 1
    );
  });
  return shared ? rows.map((_, index) => [index]) : groups;
}

/** The extent of each cell of `paragraphCells`, from its rows. */
export function cellSpans(rows: readonly Span[], cells: readonly (readonly number[])[]): Span[] {
  return cells.map((cell) => ({
    top: (rows[cell[0] as number] as Span).top,
    bottom: (rows[cell.at(-1) as number] as Span).bottom,
  }));
}

/**
 * A placement over the cells of `paragraphCells` read back over their rows: a label over cells
 * first..last is over the first cell's first row to the last cell's last, and each row has its cell's
 * margin.
 */
export function placementOverRows<
  P extends { readonly first: number; readonly last: number },
  M extends ReadonlyMap<number, readonly number[]>,
>(
  placement: { readonly labels: readonly P[]; readonly rowMargins: M },
  cells: readonly (readonly number[])[],
): { labels: P[]; rowMargins: Map<number, number[]> } {
  const firstRow = (cell: number) => (cells[cell] as readonly number[])[0] as number;
  const lastRow = (cell: number) => (cells[cell] as readonly number[]).at(-1) as number;
  return {
    labels: placement.labels.map((placed) => ({
      ...placed,
      first: firstRow(placed.first),
      last: lastRow(placed.last),
    })),
    rowMargins: new Map(
      [...placement.rowMargins].map(([col, margins]) => [
        col,
        cells.flatMap((cell, index) => cell.map(() => margins[index] as number)),
      ]),
    ),
  };
}

export function spanOf(lines: readonly TextLine[]): StreamRow {
  return {
    top: minOf(lines.map((line) => line.box.y0)),
    bottom: maxOf(lines.map((line) => line.box.y1)),
    lines,
  };
}

/** Splits rows (top to bottom) into runs not separated by any of the break positions. */
export function splitAt<T extends Span>(rows: readonly T[], breaks: readonly number[]): T[][] {
  const segments: T[][] = [];
  for (const row of rows) {
    const segment = segments.at(-1);
    const previous = segment?.at(-1);
    if (segment && previous && !breaks.some((at) => at > previous.bottom && at < row.top)) segment.push(row);
    else segments.push([row]);
  }
  return segments;
}

/** Rows whose text overlaps vertically are one row (two empty-action labels side by side). */
export function mergeOverlapping(rows: readonly StreamRow[]): StreamRow[] {
  const merged: StreamRow[] = [];
  for (const row of [...rows].sort((p, q) => p.top - q.top)) {
    const last = merged.at(-1);
    if (last && last.lines.length === 0 && row.lines.length === 0 && row.top < last.bottom) {
      merged[merged.length - 1] = { ...last, bottom: Math.max(last.bottom, row.bottom) };
    } else {
      merged.push(row);
    }
  }
  return merged;
}

/**
 * Whether a label sits in a gap between action rows that may hold a row of its own, i.e. beside an
 * action cell left empty: it touches no action's text, and the gap is as wide as the label plus the
 * usual gap between rows (the smallest of the neighbouring gaps and the document's, `usualGap`). The
 * row is a candidate the segmentation weighs (rule `empty-row-owner`, resolve/segment/costs.ts): the
 * label's whole block, or no row at all inside a block of actions, as where a label is centred on two
 * rows that tall labels beside them spread apart. Judged by the neighbouring gaps alone, a label above
 * rows so spread (a gap stretched by the process label beside it) got no row, and took the next
 * sub-process's actions (corpus seed 179235367, Calc 1359342793: 0.796 -> 0.867).
 */
export function needsOwnRow(label: Span, rows: readonly Span[], usualGap: number, slack: number): boolean {
  if (rows.some((row) => row.top < label.bottom && label.top < row.bottom)) return false;
  const above = rows.findLastIndex((row) => row.bottom <= label.top);
  const upper = rows[above];
  const lower = rows[above + 1];
  if (!upper || !lower) return false;
  const gapBetween = (p: Span | undefined, q: Span | undefined) => (p && q ? [q.top - p.bottom] : []);
  const neighbours = [...gapBetween(rows[above - 1], upper), ...gapBetween(lower, rows[above + 2])];
  const usual = minOf([...neighbours, usualGap]);
  return lower.top - upper.bottom - (label.bottom - label.top) >= usual - slack;
}

/**
 * Whether the labels of its column above and below a label (`previous`, `next`) leave it no action
 * row: it touches none, and every row between them touches one of them (a row a label touches is in
 * that label's block, and blocks do not interleave). Then it stands beside an empty action cell,
 * however wide the gaps around it are (rows stretched by tall labels make the usual gap no guide).
 * The first label of a segment that goes on from the page before (`continued`) has the cell split by
 * the page break above it: rows that end above the label are that cell's, since a label lies beside
 * its own block (over one of its rows or in a gap between two), never wholly below it.
 */
export function leftNoRows(
  label: Span,
  previous: Span | undefined,
  next: Span | undefined,
  rows: readonly Span[],
  continued = false,
): boolean {
  if (!next || (!previous && !continued)) return false;
  const touches = (p: Span, q: Span) => p.top < q.bottom && q.top < p.bottom;
  if (rows.some((row) => touches(row, label))) return false;
  const middle = (span: Span) => (span.top + span.bottom) / 2;
  const after = (row: Span) => (previous ? middle(row) > middle(previous) : row.bottom > label.top);
  return rows
    .filter((row) => after(row) && middle(row) < middle(next))
    .every((row) => (previous !== undefined && touches(row, previous)) || touches(row, next));
}

/**
 * Labels that carry the table on below its last action (sub-processes without actions at its end):
 * each further label follows the one above with no more than `maxGap` between them, and no other text
 * (`obstacles`: vertical centres) lies in between or beside it. Returns the labels that join, and the rows they
 * add (a label beside a row already added joins without adding one). Only labels `makesRow` accepts
 * add rows (those beside the empty action cells); the others join, and carry the table on, without.
 */
export function trailingLabels<T extends Span>(
  bottom: number,
  candidates: readonly T[],
  obstacles: readonly number[],
  maxGap: number,
  makesRow: (label: T) => boolean = () => true,
): { joined: T[]; rows: Span[] } {
  const joined: T[] = [];
  const rows: Span[] = [];
  let reached = bottom;
  for (const label of [...candidates].sort((p, q) => p.top - q.top)) {
    if (rows.some((row) => label.top < row.bottom && row.top < label.bottom)) {
      joined.push(label);
      continue;
    }
    // Other text up to the label's own lines (a header or totals row) ends the table.
    const blocked = obstacles.some((at) => at > reached && at < label.bottom);
    if (blocked || label.top - reached > maxGap) break;
    joined.push(label);
    if (makesRow(label)) rows.push({ top: label.top, bottom: label.bottom });
    reached = Math.max(reached, label.bottom);
  }
  return { joined, rows };
}
