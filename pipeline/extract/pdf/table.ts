import { appendAll, maxOf, minOf } from "../../arrays.js";
import { groupBy } from "../../group-by.js";
import { Grid, type GridCell, type GridRow } from "../../schema/grid.js";
import type { Layout, LayoutItem, LayoutPage, LayoutRule } from "../../schema/layout.js";
import type { BBox } from "../../schema/source.js";
import { collapse } from "../whitespace.js";
import { median } from "./layout.js";

/*
 * From what a page shows to the shared grid, after Camelot's split:
 * - lattice: a page with ruling lines that enclose cells. Rows and columns come from the rules, a cell
 *   whose inner rules are missing is one merged cell, and text belongs to the cell holding its centre.
 * - stream: a page without such rules. Columns come from aligned left edges; each action (a line at the
 *   right-most column's edge) starts a row; labels in the columns to its left cover the action rows
 *   they sit beside.
 * Either way, text outside the table becomes rows of its own, one per line, in reading order.
 *
 * Every threshold is a fraction of a font size (the line's own, or the document's median), because
 * what separates two words, two lines or two rows scales with the type, not with the page.
 */

/** Items are on one line when their centres, across the reading direction, are this close: lines of a paragraph are at least one font size apart, while baselines on one line differ by a few tenths at most. */
const SAME_LINE = 0.5;
/** A gap wider than this between two items of a line is a word space: a space is 0.25–0.33 em in common fonts, while a font change or kerning split leaves no gap. */
const WORD_GAP = 0.15;
/** Items of one chunk of text share their baseline to within this: a font change moves it by a few hundredths, a superscript by about a third. */
const SAME_BASELINE = 0.4;
/** A gap wider than this separates two chunks of text (cells, signature names): wider than any word space (a monospaced one is 0.6 em, justified text stretches them further); cells closer than this are told apart by where their columns start (splitAtColumns). */
const CHUNK_GAP = 1;
/** Rule positions closer than this are one boundary: a border's own width and drawing offsets stay under 1.5 pt, rows are at least a line apart. */
const RULE_SNAP = 0.25;
/** The normal distance between two lines of a paragraph when a document gives no example: the default leading of office suites and browsers. */
const DEFAULT_LINE_PITCH = 1.2;
/** A line starts a new paragraph when it sits this much lower than the document's normal line pitch: half an empty line is well above jitter (hundredths) and below any paragraph spacing producers use. */
const PARAGRAPH_EXTRA_PITCH = 0.5;
/** Left edges within this of each other start one column: left-aligned text shares its edge to a few hundredths of a point; side bearings of different first letters move it a little. */
const COLUMN_ALIGN = 0.3;
/** Widths closer than this (in font sizes) are one text repeated (a header on every page, a one-digit total): the same string in the same font is drawn to the same width to a rounding error, while different wording differs by a good part of a glyph. */
const SAME_WIDTH = 0.02;
/** A left edge shared by chunks of fewer different widths than this is a coincidence, not a column (a column holds at least a few entries over a document). */
const MIN_COLUMN_SUPPORT = 3;
/** A column whose entries are more than this share of a busier rival's (left edges against centres) is that rival's coincidence. */
const SAME_COLUMN_SHARE = 0.5;
/** The action column is the right-most column holding at least this share of the busiest column's entries: actions outnumber every label level, so their column is the busiest or close to it. */
const ACTION_COLUMN_MIN_SHARE = 0.5;
/** A line joins the action above it when it sits at least this much closer than the normal row pitch, and no more than this farther than a wrapped line's pitch: rows add cell padding (half a font size or more) to the line pitch, and only a clearly smaller step is a wrapped line. */
const ROW_PITCH_MARGIN = 0.25;
/** A label's top may sit this far above its first action's top: different fonts or a baseline alignment move it by a fraction of a line. */
const LABEL_TOP_SLACK = 0.5;
/** Cost of leaving a row at a page's top without a label in a column (it continues a label from the previous page): a tenth of a font size per row, so that a label that fits a block centred on its rows is preferred over one that merely starts at a row by coincidence. */
const UNCOVERED_ROW_COST = 0.1;
/**
 * …up to this many font sizes in all (ten rows' worth): a cell may go on from the page before for any
 * number of rows (a macro-process half a page long), and a cost growing with them would push the first
 * label of an outer column up against the misfit of every label below it.
 */
const MAX_UNCOVERED_COST = 1;
/**
 * The last label of a page may have its cell go on to the next page, and some producers (browsers)
 * print it at the top of the part on this page whatever the alignment; turned text is placed along
 * its cell by its own paragraph alignment. Another alignment than the document's is allowed for them
 * at the cost of a font size of misfit, so that it wins over a clearly worse fit, not over a near
 * coincidence — nor over rows at the page's top that go on from the page before (which cost at most
 * as much, MAX_UNCOVERED_COST): a label centred on its block is the likelier reading.
 */
const SPLIT_CELL_COST = 1;
/**
 * Cost, in font sizes, of leaving rows at a page's top to a cell from the page before when a block of
 * the columns to the left starts among them: as much as a split cell's other alignment (SPLIT_CELL_COST),
 * so that it wins over a near coincidence, not over a clearly better fit.
 */
const PARENT_STARTED_COST = 1;
/** How much worse than a misfit it is for a label to lie outside the block given to it. */
const OUTSIDE_BLOCK_PENALTY = 10;
/**
 * Loose lines of one column this close (centre to centre, in font sizes) are one wrapped cell when
 * another column's line sits between them: the normal line pitch plus the paragraph margin, as in
 * cellParagraphs.
 */
const LOOSE_WRAP_PITCH = DEFAULT_LINE_PITCH + PARAGRAPH_EXTRA_PITCH;
/** Which of the half gaps between rows, from the narrowest, is taken for a cell's padding: the lower quartile. */
const PADDING_QUANTILE = 0.25;
/** A table's text differs from its median size by at most this share: headings and titles are set a point or two larger (15% and more at the 7–12 pt of tables), bold and regular text of one size not at all. */
const BODY_SIZE_TOLERANCE = 0.15;
/** Rotated pieces of one label (a band wrapped on several lines) are at most this far apart. */
const ROTATED_LABEL_GAP = 1;
/** Left edges of a rotated label's lines are one line pitch apart: up to this, allowing for loose leading. */
const ROTATED_LINE_PITCH = 1.6;

interface Box {
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
}

/* ----------------------------------------------------------------------------------------------
 * Text lines, in the reading frame of their angle
 * -------------------------------------------------------------------------------------------- */

/**
 * A box seen in the reading frame of text at `angle`: `along` runs in the reading direction, `across`
 * from one line to the next. Upright text: along = x, across = y. Text at 90° (read bottom to top):
 * along = -y, across = x, so its lines follow each other left to right.
 */
export interface Frame {
  readonly along0: number;
  readonly along1: number;
  readonly across0: number;
  readonly across1: number;
}

export function frameOf(box: Box, angle: number): Frame {
  const radians = (angle * Math.PI) / 180;
  const cos = Math.cos(radians);
  const sin = Math.sin(radians);
  // Each corner's position along and across the text, written out: this runs for every text item.
  const along = (x: number, y: number) => x * cos + y * -sin;
  const across = (x: number, y: number) => x * sin + y * cos;
  const { x0, y0, x1, y1 } = box;
  const alongs = [along(x0, y0), along(x1, y0), along(x0, y1), along(x1, y1)];
  const acrosses = [across(x0, y0), across(x1, y0), across(x0, y1), across(x1, y1)];
  return {
    along0: minOf(alongs),
    along1: maxOf(alongs),
    across0: minOf(acrosses),
    across1: maxOf(acrosses),
  };
}

/** One line of text: items side by side in one reading direction, joined. */
export interface TextLine {
  readonly text: string;
  readonly angle: number;
  readonly fontSize: number;
  readonly frame: Frame;
  readonly box: Box;
  /** The items, in reading order, with their frames (kept to split the line into chunks). */
  readonly parts: readonly { readonly item: LayoutItem; readonly frame: Frame }[];
}

/**
 * Groups items into lines, per reading direction: upright text first, then each other angle.
 * Lines follow each other in reading order (top to bottom for upright text, left to right at 90°).
 */
export function readingLines(items: readonly LayoutItem[]): TextLine[] {
  // Items by angle in one pass, keeping their order: this runs for every cell of every page.
  const byAngle = groupBy(items, (item) => item.angle);
  const lines: TextLine[] = [];
  for (const angle of [...byAngle.keys()].sort((p, q) => p - q)) {
    const framed = (byAngle.get(angle) as LayoutItem[])
      .map((item) => ({ item, frame: frameOf(item, angle) }))
      .sort((p, q) => centre(p.frame) - centre(q.frame));
    const groups: (typeof framed)[] = [];
    for (const part of framed) {
      const group = groups.at(-1);
      const leader = group?.[0];
      const tolerance =
        SAME_LINE * Math.min(part.item.fontSize, leader?.item.fontSize ?? Number.POSITIVE_INFINITY);
      if (group && leader && centre(part.frame) - centre(leader.frame) <= tolerance) group.push(part);
      else groups.push([part]);
    }
    for (const group of groups) {
      group.sort((p, q) => p.frame.along0 - q.frame.along0);
      lines.push(makeLine(angle, group));
    }
  }
  return lines;
}

function centre(frame: Frame): number {
  return (frame.across0 + frame.across1) / 2;
}

function makeLine(angle: number, parts: TextLine["parts"]): TextLine {
  let text = "";
  let previous: Frame | null = null;
  // The frame's extent in the same pass as the text: this runs for every line and chunk of every page.
  let along0 = Number.POSITIVE_INFINITY;
  let along1 = Number.NEGATIVE_INFINITY;
  let across0 = Number.POSITIVE_INFINITY;
  let across1 = Number.NEGATIVE_INFINITY;
  for (const { item, frame } of parts) {
    const gap = previous ? frame.along0 - previous.along1 : 0;
    text += previous && gap > WORD_GAP * item.fontSize ? ` ${item.text}` : item.text;
    previous = frame;
    along0 = Math.min(along0, frame.along0);
    along1 = Math.max(along1, frame.along1);
    across0 = Math.min(across0, frame.across0);
    across1 = Math.max(across1, frame.across1);
  }
  return {
    text: collapse(text),
    angle,
    fontSize: median(parts.map((part) => part.item.fontSize)) ?? 1,
    frame: { along0, along1, across0, across1 },
    box: unionBox(parts.map((part) => part.item)),
    parts,
  };
}

/**
 * Splits a line into chunks of text that read on: a gap wider than a word space, or a step to another
 * baseline (the lines of neighbouring cells, vertically centred, sit between each other's lines),
 * separates two chunks.
 */
export function splitChunks(line: TextLine): TextLine[] {
  const chunks: TextLine["parts"][number][][] = [];
  for (const part of line.parts) {
    const chunk = chunks.at(-1);
    const last = chunk?.at(-1);
    const size = part.item.fontSize;
    const readsOn =
      last !== undefined &&
      part.frame.along0 - last.frame.along1 <= CHUNK_GAP * size &&
      Math.abs(centre(part.frame) - centre(last.frame)) <= SAME_BASELINE * size;
    if (chunk && readsOn) chunk.push(part);
    else chunks.push([part]);
  }
  return chunks.map((parts) => makeLine(line.angle, parts));
}

/** Words a document writes whole (lower-cased): what tells a typesetter's hyphen from a word's own. */
export type Vocabulary = ReadonlySet<string>;

/**
 * The words of a document's text, lower-cased. The pieces of broken words are in it too, but harmlessly:
 * only a joined word is ever looked up.
 */
export function vocabularyOf(texts: Iterable<string>): Vocabulary {
  const words = new Set<string>();
  // `match`, not `matchAll`: the words without a match object each, for every text item of a document.
  for (const text of texts) for (const word of text.match(/\p{L}+/gu) ?? []) words.add(word.toLowerCase());
  return words;
}

/**
 * Joins two lines of one paragraph. A word broken at a line end with a hyphen is re-joined:
 * without the hyphen when it goes on in lower case (running text), or when it goes on in capitals and
 * the document writes the joined word whole elsewhere ("COORDINAMEN-" "TO" where "Coordinamento" is
 * written); otherwise the hyphen is the word's own and stays, with no space ("MACRO-" "PROCESSI").
 * Any other two lines are joined with a space.
 */
export function joinLines(before: string, after: string, vocabulary: Vocabulary): string {
  // Only text ending in a hyphen can break a word; testing that first spares a regex scan of the whole
  // paragraph so far at every line joined to it.
  const head = before.endsWith("-") ? /(\p{L}+)-$/u.exec(before)?.[1] : undefined;
  const tail = /^\p{L}+/u.exec(after)?.[0];
  if (head !== undefined && tail !== undefined) {
    const typesetters = /^\p{Ll}/u.test(tail) || vocabulary.has(`${head}${tail}`.toLowerCase());
    return typesetters ? `${before.slice(0, -1)}${after}` : `${before}${after}`;
  }
  return collapse(`${before} ${after}`);
}

/**
 * The paragraphs of a cell: its lines joined in reading order, a new paragraph where a line sits
 * clearly lower than the normal line pitch (in font sizes), or where the reading direction changes.
 */
export function cellParagraphs(
  lines: readonly TextLine[],
  linePitch: number,
  vocabulary: Vocabulary,
): string[] {
  const paragraphs: string[] = [];
  let previous: TextLine | null = null;
  for (const line of lines) {
    const pitch = previous ? (centre(line.frame) - centre(previous.frame)) / line.fontSize : 0;
    if (previous && previous.angle === line.angle && pitch <= linePitch + PARAGRAPH_EXTRA_PITCH) {
      paragraphs.push(joinLines(paragraphs.pop() ?? "", line.text, vocabulary));
    } else {
      paragraphs.push(line.text);
    }
    previous = line;
  }
  return paragraphs.filter((paragraph) => paragraph !== "");
}

/** The document's normal line pitch, in font sizes: the median step between lines of one cell. */
export function typicalLinePitch(cells: readonly (readonly TextLine[])[]): number {
  const pitches = lineSteps(
    cells,
    (line, previous) => line.angle === previous.angle,
    (line, previous) => (centre(line.frame) - centre(previous.frame)) / line.fontSize,
  );
  return median(pitches) ?? DEFAULT_LINE_PITCH;
}

/** The steps (`step`) from each line of each list to the next, where `counts` accepts the pair. */
function lineSteps(
  lists: readonly (readonly TextLine[])[],
  counts: (line: TextLine, previous: TextLine) => boolean,
  step: (line: TextLine, previous: TextLine) => number,
): number[] {
  // A loop, not a slice/map/filter chain per list: this runs over every cell's lines of a document.
  const steps: number[] = [];
  for (const lines of lists) {
    for (let index = 1; index < lines.length; index++) {
      const line = lines[index] as TextLine;
      const previous = lines[index - 1] as TextLine;
      if (counts(line, previous)) steps.push(step(line, previous));
    }
  }
  return steps;
}

/* ----------------------------------------------------------------------------------------------
 * Lattice: tables enclosed by ruling lines
 * -------------------------------------------------------------------------------------------- */

/** A ruled table: its column and row boundaries, and the rules that draw it. */
export interface RuledTable {
  readonly xs: readonly number[];
  readonly ys: readonly number[];
  readonly horizontal: readonly LayoutRule[];
  readonly vertical: readonly LayoutRule[];
}

/**
 * The tables a page's rules draw: groups of crossing rules with at least two row and two column
 * boundaries. A table without an outer frame still ends where its rules end.
 */
export function findTables(rules: readonly LayoutRule[], snap: number): RuledTable[] {
  const horizontal = rules.filter((rule) => rule.y0 === rule.y1 && rule.x1 > rule.x0);
  const vertical = rules.filter((rule) => rule.x0 === rule.x1 && rule.y1 > rule.y0);
  const all = [...horizontal, ...vertical];
  const parent = all.map((_, index) => index);
  const root = (index: number): number => {
    let current = index;
    while (parent[current] !== current) current = parent[current] as number;
    return current;
  };
  horizontal.forEach((h, hi) => {
    vertical.forEach((v, vi) => {
      const crosses =
        v.x0 >= h.x0 - snap && v.x0 <= h.x1 + snap && h.y0 >= v.y0 - snap && h.y0 <= v.y1 + snap;
      if (crosses) parent[root(horizontal.length + vi)] = root(hi);
    });
  });
  const components = groupBy(all, (_, index) => root(index));
  const tables: RuledTable[] = [];
  for (const members of components.values()) {
    const h = members.filter((rule) => rule.y0 === rule.y1);
    const v = members.filter((rule) => rule.x0 === rule.x1);
    if (h.length === 0 || v.length === 0) continue;
    const xs = clusterPositions(
      [...v.map((rule) => rule.x0), ...h.map((rule) => rule.x0), ...h.map((rule) => rule.x1)],
      snap,
    );
    const ys = clusterPositions(
      [...h.map((rule) => rule.y0), ...v.map((rule) => rule.y0), ...v.map((rule) => rule.y1)],
      snap,
    );
    const bounded = (positions: readonly number[], edges: readonly number[]) => {
      const low = minOf(edges) - snap;
      const high = maxOf(edges) + snap;
      return positions.filter((position) => position >= low && position <= high);
    };
    const columnEdges = bounded(xs, [...h.map((rule) => rule.x0), ...h.map((rule) => rule.x1)]);
    const rowEdges = bounded(ys, [...v.map((rule) => rule.y0), ...v.map((rule) => rule.y1)]);
    if (columnEdges.length >= 2 && rowEdges.length >= 2) {
      tables.push({ xs: columnEdges, ys: rowEdges, horizontal: h, vertical: v });
    }
  }
  return tables.sort((p, q) => (p.ys[0] as number) - (q.ys[0] as number));
}

/** A cell of a ruled table, by the rows and columns of its table's boundaries (inclusive ranges). */
export interface TableCell {
  readonly row0: number;
  readonly row1: number;
  readonly col0: number;
  readonly col1: number;
}

/**
 * The cells of a ruled table: neighbouring grid cells not separated by a rule are one merged cell.
 * A rule separates two grid cells when it runs through the middle of their shared side.
 */
export function tableCells(table: RuledTable, snap: number): TableCell[] {
  const rows = table.ys.length - 1;
  const cols = table.xs.length - 1;
  const index = (row: number, col: number) => row * cols + col;
  // A loop, not Array.from: it builds its array element by element through a generic path.
  const parent: number[] = [];
  for (let cell = 0; cell < rows * cols; cell++) parent.push(cell);
  const root = (cell: number): number => {
    let current = cell;
    while (parent[current] !== current) current = parent[current] as number;
    return current;
  };
  const join = (p: number, q: number) => {
    parent[root(q)] = root(p);
  };
  const at = (positions: readonly number[], i: number) => positions[i] as number;
  // The rules on each boundary, found once rather than once per grid cell beside it.
  const verticalAt = table.xs.map((x) => table.vertical.filter((rule) => Math.abs(rule.x0 - x) <= snap));
  const horizontalAt = table.ys.map((y) => table.horizontal.filter((rule) => Math.abs(rule.y0 - y) <= snap));
  for (let row = 0; row < rows; row++) {
    for (let col = 0; col < cols; col++) {
      const middleY = (at(table.ys, row) + at(table.ys, row + 1)) / 2;
      const middleX = (at(table.xs, col) + at(table.xs, col + 1)) / 2;
      const ruledRight = (verticalAt[col + 1] as LayoutRule[]).some(
        (rule) => rule.y0 - snap <= middleY && middleY <= rule.y1 + snap,
      );
      const ruledBelow = (horizontalAt[row + 1] as LayoutRule[]).some(
        (rule) => rule.x0 - snap <= middleX && middleX <= rule.x1 + snap,
      );
      if (col + 1 < cols && !ruledRight) join(index(row, col), index(row, col + 1));
      if (row + 1 < rows && !ruledBelow) join(index(row, col), index(row + 1, col));
    }
  }
  // Grown in place, not copied per grid cell.
  const cells = new Map<number, { row0: number; row1: number; col0: number; col1: number }>();
  for (let row = 0; row < rows; row++) {
    for (let col = 0; col < cols; col++) {
      const key = root(index(row, col));
      const known = cells.get(key);
      if (known) {
        known.row0 = Math.min(known.row0, row);
        known.row1 = Math.max(known.row1, row);
        known.col0 = Math.min(known.col0, col);
        known.col1 = Math.max(known.col1, col);
      } else {
        cells.set(key, { row0: row, row1: row, col0: col, col1: col });
      }
    }
  }
  return [...cells.values()].sort((p, q) => p.row0 - q.row0 || p.col0 - q.col0);
}

/** The grid cell of a table holding a point, or null when the point is outside the table. */
function gridCellAt(
  table: RuledTable,
  x: number,
  y: number,
  snap: number,
): { row: number; col: number } | null {
  const { xs, ys } = table;
  const first = (positions: readonly number[]) => positions[0] as number;
  const last = (positions: readonly number[]) => positions.at(-1) as number;
  if (x < first(xs) - snap || x > last(xs) + snap || y < first(ys) - snap || y > last(ys) + snap) return null;
  const slot = (positions: readonly number[], value: number) =>
    Math.max(0, Math.min(positions.length - 2, countUpTo(positions, value) - 1));
  return { row: slot(ys, y), col: slot(xs, x) };
}

/* ----------------------------------------------------------------------------------------------
 * Stream: tables drawn by alignment only
 * -------------------------------------------------------------------------------------------- */

/**
 * A column found from aligned edges: where its text starts (for a column of centred text, the left
 * edge of its widest entry), how many different entries it holds, and, for centred text, the centre
 * its entries share.
 */
export interface ColumnStart {
  readonly x: number;
  readonly support: number;
  readonly centre?: number;
}

/** Whether a chunk is one of a column's entries: it starts at its edge, or, centred, shares its centre. */
export function isColumnEntry(box: Box, column: ColumnStart, tolerance: number): boolean {
  return column.centre === undefined
    ? Math.abs(box.x0 - column.x) <= tolerance
    : Math.abs((box.x0 + box.x1) / 2 - column.centre) <= tolerance;
}

/** Where a chunk of text starts, and how wide it is. */
export interface LeftEdge {
  readonly x: number;
  readonly width: number;
}

/**
 * Column starts: left edges shared (within `tolerance`) by chunks of at least MIN_COLUMN_SUPPORT
 * different widths. Left-aligned entries share their edge whatever their length; text centred in a
 * cell shares it only when equally wide (the same header on every page, one-digit totals), which is
 * no column. Each group is measured from its first edge, so that scattered text cannot chain into one.
 * Widths within `sameWidth` are one (the same text repeated is drawn to the same width, to rounding).
 */
export function columnStarts(
  edges: readonly LeftEdge[],
  tolerance: number,
  sameWidth = tolerance,
): ColumnStart[] {
  const sorted = [...edges].sort((p, q) => p.x - q.x);
  const groups: LeftEdge[][] = [];
  for (const edge of sorted) {
    const group = groups.at(-1);
    const first = group?.[0];
    if (group && first && edge.x - first.x <= tolerance) group.push(edge);
    else groups.push([edge]);
  }
  return groups
    .map((group) => ({
      x: median(group.map((edge) => edge.x)) ?? 0,
      support: distinctWithin(
        group.map((edge) => edge.width),
        sameWidth,
      ),
    }))
    .filter((column) => column.support >= MIN_COLUMN_SUPPORT);
}

/**
 * The columns of aligned text: left edges (columnStarts) or centres shared by chunks of at least
 * MIN_COLUMN_SUPPORT different widths. The two readings compete: the lines of a column of centred
 * text, spread over its width, share left edges here and there by chance, as the scattered centres of
 * left-aligned entries share a centre now and then. A column of one kind whose entries are mostly
 * (SAME_COLUMN_SHARE) entries of a busier column of the other kind is that column's coincidence and
 * goes, and so does centred text inside a left-aligned column's cells. A centred column starts at its
 * widest entry's left edge.
 */
export function alignedColumns(
  boxes: readonly Box[],
  tolerance: number,
  sameWidth = tolerance,
): ColumnStart[] {
  const left = columnStarts(
    boxes.map((box) => ({ x: box.x0, width: box.x1 - box.x0 })),
    tolerance,
    sameWidth,
  );
  const byCentre = [...boxes].sort((p, q) => p.x0 + p.x1 - (q.x0 + q.x1));
  const groups: Box[][] = [];
  for (const box of byCentre) {
    const group = groups.at(-1);
    const first = group?.[0];
    if (group && first && (box.x0 + box.x1 - first.x0 - first.x1) / 2 <= tolerance) group.push(box);
    else groups.push([box]);
  }
  const centred: ColumnStart[] = [];
  for (const group of groups) {
    const support = distinctWithin(
      group.map((box) => box.x1 - box.x0),
      sameWidth,
    );
    if (support < MIN_COLUMN_SUPPORT) continue;
    const x = minOf(group.map((box) => box.x0));
    centred.push({ x, support, centre: median(group.map((box) => (box.x0 + box.x1) / 2)) ?? 0 });
  }
  const entries = (column: ColumnStart) => boxes.filter((box) => isColumnEntry(box, column, tolerance));
  const yields = (column: ColumnStart, rivals: readonly ColumnStart[]) => {
    const own = entries(column);
    return rivals.some((rival) => {
      if (rival.support <= column.support) return false;
      const shared = own.filter((box) => isColumnEntry(box, rival, tolerance)).length;
      return shared > SAME_COLUMN_SHARE * own.length;
    });
  };
  // Text centred inside a busier left-aligned column's cells (its header, a totals figure) is no column:
  // that column's entries run on past its centre.
  const insideLeft = (column: ColumnStart, lefts: readonly ColumnStart[]) =>
    lefts.some(
      (rival) =>
        rival.x < column.x - tolerance &&
        rival.support >= column.support &&
        entries(rival).some((box) => box.x1 > (column.centre ?? column.x)),
    );
  const keptLeft = left.filter((column) => !yields(column, centred));
  const keptCentred = centred.filter((column) => !yields(column, keptLeft) && !insideLeft(column, keptLeft));
  // Columns starting at one edge are one column, read with the alignment most of its entries share
  // (the full-width lines of a left-aligned column share a centre; a centred column's widest lines
  // share a left edge).
  const columns: ColumnStart[] = [];
  for (const column of [...keptLeft, ...keptCentred].sort((p, q) => q.support - p.support)) {
    if (columns.every((kept) => Math.abs(kept.x - column.x) > tolerance)) columns.push(column);
  }
  return columns.sort((p, q) => p.x - q.x);
}

/** How many values remain different once values within `tolerance` of each other count as one. */
function distinctWithin(values: readonly number[], tolerance: number): number {
  return clusterPositions(values, tolerance).length;
}

/**
 * Columns of rotated text (the function band): however few, rotated labels are a column of their own.
 * Its lines stack side by side, so left edges a line pitch apart (`pitch`) still share one column,
 * which starts at the left-most of them.
 */
export function rotatedColumnStarts(chunks: readonly TextLine[], pitch: number): ColumnStart[] {
  const lefts = chunks.map((chunk) => chunk.box.x0).sort((p, q) => p - q);
  const groups: number[][] = [];
  for (const left of lefts) {
    const group = groups.at(-1);
    if (group && left - (group.at(-1) as number) <= pitch) group.push(left);
    else groups.push([left]);
  }
  return groups.map((group) => ({ x: group[0] as number, support: group.length }));
}

/**
 * The action column: the right-most column nearly as busy as the busiest one, busy by `entries` when
 * given (how many entries start in each column), else by its support.
 */
export function actionColumn(
  columns: readonly ColumnStart[],
  entries: (column: ColumnStart) => number = (column) => column.support,
): ColumnStart | null {
  const busiest = Math.max(0, maxOf(columns.map(entries)));
  return columns.filter((column) => entries(column) >= ACTION_COLUMN_MIN_SHARE * busiest).at(-1) ?? null;
}

function startsLowerCase(text: string): boolean {
  return /^\p{Ll}/u.test(text);
}

/**
 * The normal step from one action row to the next, in font sizes: the median step before lines that
 * do not start in lower case (nearly all of them start a new action). Null without any example.
 */
export function normalRowPitch(columns: readonly (readonly TextLine[])[]): number | null {
  return median(lineSteps(columns, (line) => !startsLowerCase(line.text), verticalStep));
}

/**
 * The step from a line to the next one of the same entry, in font sizes: the median step before lines
 * that start in lower case (nearly all of them go on with the action above). Null without any example.
 */
export function wrappedLinePitch(columns: readonly (readonly TextLine[])[]): number | null {
  return median(lineSteps(columns, (line) => startsLowerCase(line.text), verticalStep));
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
 * Groups one column's lines (top to bottom) into entries: a line continues the entry above when it
 * starts in lower case, or sits closer to the line above than `joinPitch` font sizes.
 */
export function groupEntries(lines: readonly TextLine[], joinPitch: number): TextLine[][] {
  const entries: TextLine[][] = [];
  for (const line of lines) {
    const entry = entries.at(-1);
    const previous = entry?.at(-1);
    const pitch = previous ? (line.box.y0 - previous.box.y0) / line.fontSize : Number.POSITIVE_INFINITY;
    if (entry && (startsLowerCase(line.text) || pitch < joinPitch)) entry.push(line);
    else entries.push([line]);
  }
  return entries;
}

/** A vertical extent: the text of an action row, or of a label. */
export interface Span {
  readonly top: number;
  readonly bottom: number;
}

/** A label's extent, and whether it is turned (a band): turned text sits in its cell by its own rules. */
export interface LabelSpan extends Span {
  readonly turned?: boolean;
}

/**
 * Whether a label sits in a gap between action rows that holds a row of its own, i.e. beside an action
 * cell left empty: it touches no action's text, and the gap is as wide as the label plus the usual gap
 * between rows around it (the smaller of the neighbouring gaps, else `usualGap`). A label centred on a
 * block of actions overlaps one of them, or sits in a gap no wider than the block's other gaps.
 */
export function needsOwnRow(label: Span, rows: readonly Span[], usualGap: number, slack: number): boolean {
  if (rows.some((row) => row.top < label.bottom && label.top < row.bottom)) return false;
  const above = rows.findLastIndex((row) => row.bottom <= label.top);
  const upper = rows[above];
  const lower = rows[above + 1];
  if (!upper || !lower) return false;
  const gapBetween = (p: Span | undefined, q: Span | undefined) => (p && q ? [q.top - p.bottom] : []);
  const neighbours = [...gapBetween(rows[above - 1], upper), ...gapBetween(lower, rows[above + 2])];
  const usual = neighbours.length > 0 ? minOf(neighbours) : usualGap;
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

/** How a label sits in its block, as a person sees it: a column's labels share one alignment. */
export type Alignment = "top" | "middle" | "bottom";
/** In order of preference when nothing tells them apart: most producers centre merged cells. */
const ALIGNMENTS: readonly Alignment[] = ["middle", "top", "bottom"];

/**
 * How far a label is from sitting in a block with the given alignment, in points. A block is known by
 * the text of its rows (`text`: top of its first row's text, bottom of its last's) and by its cells'
 * estimated edges (`cell`): a label aligned to the top or bottom lines up with the text there, since the
 * cells share their padding; a label in the middle of a block is in the middle of its cells, which may
 * hold their text anywhere when rows are stretched.
 */
export function alignmentMisfit(
  label: Span,
  block: { text: Span; cell: Span },
  alignment: Alignment,
): number {
  if (alignment === "top") return Math.abs(label.top - block.text.top);
  if (alignment === "bottom") return Math.abs(label.bottom - block.text.bottom);
  return Math.abs((label.top + label.bottom) / 2 - (block.cell.top + block.cell.bottom) / 2);
}

/**
 * Where rows' cells begin and end. A run of rows reaches as far as its text and any label that
 * overlaps those rows' text and no other's, when centred on it (within `tolerance`) or reaching past
 * several rows' text at both ends (a label of an outer column only when the labels nested in it,
 * those of the columns to its right by `depth`, beside those rows touch no other): the cell that made
 * the rows as tall as they are. A label alone in a gap centred on a row widens that row. Two rows
 * share the gap between them by how far each is stretched (see below); the outer edges are a cell
 * padding out.
 */
export function estimatedCells(
  rows: readonly Span[],
  labels: readonly LabelSpan[],
  tolerance: number,
  depth: (label: LabelSpan) => number = () => 0,
): Span[] {
  const overlaps = (p: Span, q: Span) => p.top < q.bottom && q.top < p.bottom;
  const middle = (span: Span) => (span.top + span.bottom) / 2;
  const extents = rows.map((row) => ({ top: row.top, bottom: row.bottom }));
  const innermost = Math.max(0, maxOf(labels.map(depth)));
  for (const label of labels) {
    const overlapped = rows.flatMap((row, index) => (overlaps(label, row) ? [index] : []));
    const beside =
      overlapped.length > 0
        ? overlapped
        : rows.flatMap((row, index) => (Math.abs(middle(label) - middle(row)) <= tolerance ? [index] : []));
    const first = beside[0];
    const last = beside.at(-1);
    if (first === undefined || last === undefined) continue;
    const run = { top: (rows[first] as Span).top, bottom: (rows[last] as Span).bottom };
    const centred = Math.abs(middle(label) - middle(run)) <= tolerance;
    // Turned text (a band) runs along a whole function's rows, whatever their heights: it reaches past
    // the rows beside it without having made them tall. A label beside one row that made it tall is
    // centred on it; one that reaches past a single row's text in both directions is centred on a
    // larger block whose other rows it does not touch.
    // An outer label stretches its rows only when its block is those rows: the labels nested in it,
    // beside those rows or beside the label itself, touch no row outside them (blocks nest). A
    // macro-process's label that ends in the gap above its last sub-process's row is told by that
    // sub-process's process label, beside both; a band shorter than its function's rows, centred on
    // the middle ones it happens to reach, by the labels beside it that go on past them.
    const nestedInRun = () =>
      labels
        .filter((inner) => depth(inner) > depth(label))
        .map((inner) => ({
          inner,
          touched: rows.flatMap((row, index) => (overlaps(inner, row) ? [index] : [])),
        }))
        .filter(
          ({ inner, touched }) =>
            overlaps(inner, label) || touched.some((index) => index >= first && index <= last),
        )
        .every(({ touched }) => touched.every((index) => index >= first && index <= last));
    const covers = !label.turned && last > first && label.top < run.top && label.bottom > run.bottom;
    if (!centred && !covers) continue;
    if (depth(label) !== innermost && !nestedInRun()) continue;
    const upper = extents[first] as { top: number; bottom: number };
    const lower = extents[last] as { top: number; bottom: number };
    upper.top = Math.min(upper.top, label.top);
    lower.bottom = Math.max(lower.bottom, label.bottom);
  }
  // Two rows meet where their stretch puts them: text sits in the middle of its cell, so a row spaces
  // its text from both its edges alike, by at most half the narrower of its gaps; the gap between two
  // rows is shared in that proportion (halfway when they are alike).
  const gaps = extents.slice(1).map((row, index) => Math.max(0, row.top - (extents[index] as Span).bottom));
  const reach = extents.map((_, index) => {
    const around = [gaps[index - 1], gaps[index]].filter((gap): gap is number => gap !== undefined);
    return around.length > 0 ? minOf(around) / 2 : 0;
  });
  const meets = extents.slice(1).map((row, index) => {
    const upper = extents[index] as Span;
    const share = (reach[index] as number) + (reach[index + 1] as number);
    const part = share > 0 ? (reach[index] as number) / share : 1 / 2;
    return upper.bottom + (row.top - upper.bottom) * part;
  });
  // The cells' padding, for the outer edges: a narrow half gap between rows (the lower quartile), since
  // rows stretched by a label in another column leave wider gaps than their padding, and rows whose
  // extents a label widened may leave none.
  const halfGaps = extents
    .slice(1)
    .map((row, index) => Math.max(0, (row.top - (extents[index] as Span).bottom) / 2))
    .sort((p, q) => p - q);
  const padding = halfGaps[Math.floor(PADDING_QUANTILE * (halfGaps.length - 1))] ?? 0;
  return extents.map((row, index) => ({
    top: meets[index - 1] ?? row.top - padding,
    bottom: meets[index] ?? row.bottom + padding,
  }));
}

/** Where each label's block of rows starts, for one alignment, and the total misfit of that choice. */
export interface BlockPlan {
  readonly starts: readonly number[];
  readonly alignment: Alignment;
  readonly cost: number;
  /** The misfit of all labels but the last, whose cell may go on to the next page: what the alignment is judged by. */
  readonly evidence: number;
}

/**
 * Which rows each label of one column covers: labels (top to bottom) get consecutive blocks of rows,
 * the last one running to the end; rows above the first block continue a label from an earlier page
 * (when the table is `continued` from one: not a table that starts afresh lower on a page).
 * Blocks are chosen so that the labels sit in them with one alignment (the last label, whose cell may
 * go on to the next page, may also sit at the top, and turned text anyhow, see SPLIT_CELL_COST), lie
 * beside them, and do not
 * straddle the start of a block of the columns to the left (`parentStarts`: a sub-process never spans
 * two processes).
 * Returns a plan for each of `alignments` (all unless given), cheapest first, or null when there are
 * more labels than rows.
 */
export function assignLabelBlocks(
  rows: readonly Span[],
  cells: readonly Span[],
  labels: readonly LabelSpan[],
  fontSize: number,
  parentStarts: ReadonlySet<number> = new Set(),
  continued = true,
  alignments: readonly Alignment[] = ALIGNMENTS,
): BlockPlan[] | null {
  if (labels.length > rows.length) return null;
  return alignments
    .map((alignment) => ({
      alignment,
      ...(labels.length === 0
        ? { starts: [], cost: 0, evidence: 0 }
        : cheapestBlocks(rows, cells, labels, fontSize, parentStarts, alignment, continued)),
    }))
    .sort((p, q) => p.cost - q.cost);
}

/** The blocks of least total misfit for one alignment, by dynamic programming over block starts. */
function cheapestBlocks(
  rows: readonly Span[],
  cells: readonly Span[],
  labels: readonly LabelSpan[],
  fontSize: number,
  parentStarts: ReadonlySet<number>,
  alignment: Alignment,
  continued: boolean,
): { starts: number[]; cost: number; evidence: number } {
  const n = rows.length;
  const m = labels.length;
  const top = (row: number) => (rows[row] as Span).top;
  const bottom = (row: number) => (rows[row] as Span).bottom;
  const blockOf = (first: number, last: number) => ({
    text: { top: top(first), bottom: bottom(last) },
    cell: { top: (cells[first] as Span).top, bottom: (cells[last] as Span).bottom },
  });
  // Turned text (a band) is centred along its cell unless its own paragraph alignment says otherwise,
  // whatever the cells' alignment; the last label may sit at the top (a cell going on to the next page).
  const ownAlignment = (index: number): Alignment => (labels[index]?.turned ? "middle" : alignment);
  const otherAlignments = (index: number): readonly Alignment[] =>
    labels[index]?.turned ? ALIGNMENTS : index === m - 1 ? ["top"] : [];
  const cost = (index: number, first: number, last: number): number => {
    const label = labels[index] as LabelSpan;
    const block = blockOf(first, last);
    const { text } = block;
    const misfit = Math.min(
      alignmentMisfit(label, block, ownAlignment(index)),
      ...otherAlignments(index).map(
        (other) => alignmentMisfit(label, block, other) + SPLIT_CELL_COST * fontSize,
      ),
    );
    // The block's cells begin somewhere between the text of the row above and their own: a tall label
    // stretches rows apart, so the halfway estimate of cell edges may cut into it.
    const upperEdge = first > 0 ? bottom(first - 1) : Math.min(text.top, block.cell.top);
    // …and a label lies inside its cells: not below the next row's text either.
    const lowerEdge = last + 1 < n ? top(last + 1) : Number.POSITIVE_INFINITY;
    const outside =
      Math.max(0, upperEdge - LABEL_TOP_SLACK * fontSize - label.top) +
      Math.max(0, label.top - Math.max(text.bottom, last + 1 < n ? top(last + 1) : text.bottom)) +
      Math.max(0, label.bottom - LABEL_TOP_SLACK * fontSize - lowerEdge);
    const crossesParent = [...parentStarts].some((start) => start > first && start <= last);
    return misfit + OUTSIDE_BLOCK_PENALTY * (outside + (crossesParent ? fontSize : 0));
  };
  // least[i][s]: least cost of labels 0..i-1 with their blocks fixed, label i's block starting at row s.
  const least: number[][] = Array.from({ length: m }, () =>
    new Array<number>(n).fill(Number.POSITIVE_INFINITY),
  );
  const previousStart: number[][] = Array.from({ length: m }, () => new Array<number>(n).fill(-1));
  const at = (table: number[][], i: number) => table[i] as number[];
  // Rows before the first label continue a cell from the page before; a table that starts afresh
  // (after a totals row or heading on the same page) has none.
  // Rows where a block of the columns to the left starts are unlikely to: a cell from the page before
  // lies within its parent's cell from the page before (PARENT_STARTED_COST, not a bar: the parent's
  // own start may be a close call, as a band's centred on rows of two functions).
  for (let start = 0; start <= n - m; start++) {
    const parentStartsBefore = [...parentStarts].some((parent) => parent < start);
    at(least, 0)[start] =
      start > 0 && !continued
        ? Number.POSITIVE_INFINITY
        : (Math.min(start * UNCOVERED_ROW_COST, MAX_UNCOVERED_COST) +
            (start > 0 && parentStartsBefore ? PARENT_STARTED_COST : 0)) *
          fontSize;
  }
  for (let index = 1; index < m; index++) {
    for (let start = index; start <= n - (m - index); start++) {
      for (let previous = index - 1; previous < start; previous++) {
        const total = (at(least, index - 1)[previous] as number) + cost(index - 1, previous, start - 1);
        if (total < (at(least, index)[start] as number)) {
          at(least, index)[start] = total;
          at(previousStart, index)[start] = previous;
        }
      }
    }
  }
  let best = { start: -1, cost: Number.POSITIVE_INFINITY };
  for (let start = m - 1; start < n; start++) {
    const total = (at(least, m - 1)[start] as number) + cost(m - 1, start, n - 1);
    if (total < best.cost) best = { start, cost: total };
  }
  const starts = [best.start];
  for (let index = m - 1; index > 0; index--)
    starts.unshift(at(previousStart, index)[starts[0] as number] as number);
  // How well the alignment explains the upright labels whose cells end on this page (not the last one).
  const evidence = starts.slice(0, -1).reduce((sum, start, index) => {
    const label = labels[index] as LabelSpan;
    const block = blockOf(start, (starts[index + 1] as number) - 1);
    return label.turned ? sum : sum + alignmentMisfit(label, block, alignment);
  }, 0);
  return { starts, cost: best.cost, evidence };
}

/* ----------------------------------------------------------------------------------------------
 * Rows of a page, before spans are counted
 * -------------------------------------------------------------------------------------------- */

interface DraftCell {
  readonly col: number;
  readonly colSpan: number;
  /** The last row the cell covers (itself, unless merged downwards). */
  readonly until: PageRow | null;
  readonly lines: readonly TextLine[];
  /**
   * Whether the cell may hold several paragraphs (a ruled cell), is one entry (a stream row or label),
   * or holds chunks of one line set apart (loose text such as two signatories' names in one column),
   * each its own paragraph.
   */
  readonly paragraphs: "by-gap" | "single" | "each-line";
}

interface PageRow {
  /** Where the row starts on the page: rows are emitted top to bottom. */
  readonly top: number;
  readonly cells: DraftCell[];
}

/**
 * One row per visual line of loose text (titles, headings, signatures), one cell per chunk of it —
 * but for a cell wrapped on several lines beside cells centred on it (a header row whose
 * "MACRO-PROCESSI" wraps beside a one-line "PROCESSI"): lines of one column a line pitch apart are
 * one cell, and the visual lines they span one row, when another column has a line inside that span
 * (off its first and last lines) and not as many lines as they are. Side by side blocks of as many
 * lines each (two signatories' roles and names) stay a row per line.
 */
function looseRows(chunks: readonly TextLine[], columnAt: (x: number) => number): PageRow[] {
  const lines: TextLine[][] = [];
  const sorted = [...chunks].sort((p, q) => centreY(p) - centreY(q));
  for (const chunk of sorted) {
    const line = lines.at(-1);
    const leader = line?.[0];
    if (line && leader && centreY(chunk) - centreY(leader) <= SAME_LINE * chunk.fontSize) line.push(chunk);
    else lines.push([chunk]);
  }
  const lineOf = new Map(lines.flatMap((line, index) => line.map((chunk) => [chunk, index] as const)));
  // rowOf[i]: the first visual line of the row that visual line i belongs to.
  const rowOf = lines.map((_, index) => index);
  for (const chain of wrappedChains(sorted, columnAt)) {
    const first = lineOf.get(chain[0] as TextLine) ?? 0;
    const last = lineOf.get(chain.at(-1) as TextLine) ?? 0;
    const top = centreY(chain[0] as TextLine);
    const bottom = centreY(chain.at(-1) as TextLine);
    const col = columnAt((chain[0] as TextLine).box.x0);
    // Per other column, its lines within the span, and whether one sits inside it (off the first and last lines).
    const beside = new Map<number, { count: number; inside: boolean }>();
    for (const chunk of sorted) {
      const other = columnAt(chunk.box.x0);
      const at = lineOf.get(chunk) ?? 0;
      if (other === col || centreY(chunk) < top || centreY(chunk) > bottom) continue;
      const known = beside.get(other) ?? { count: 0, inside: false };
      beside.set(other, { count: known.count + 1, inside: known.inside || (at > first && at < last) });
    }
    if (![...beside.values()].some(({ count, inside }) => inside && count !== chain.length)) continue;
    const row = rowOf[first] as number;
    for (let index = first + 1; index <= last; index++) {
      const merged = rowOf[index] as number;
      for (let other = 0; other < rowOf.length; other++) if (rowOf[other] === merged) rowOf[other] = row;
    }
  }
  const rows = groupBy(lines, (_, index) => rowOf[index] as number);
  return [...rows.values()].map((rowLines) => {
    const members = rowLines.flat();
    // Reading order: upright lines top to bottom, turned ones line after line in their own frame.
    const ordered = [...members].sort((p, q) =>
      p.angle === 0 && q.angle === 0
        ? centreY(p) - centreY(q) || p.box.x0 - q.box.x0
        : p.angle - q.angle || p.frame.across0 - q.frame.across0 || p.frame.along0 - q.frame.along0,
    );
    const byColumn = groupBy(ordered, (chunk) => columnAt(chunk.box.x0));
    return {
      top: minOf(members.map((chunk) => chunk.box.y0)),
      cells: [...byColumn]
        .sort(([p], [q]) => p - q)
        .map(([col, cellLines]) => ({
          col,
          colSpan: 1,
          until: null,
          lines: cellLines,
          // Upright chunks side by side on one line are apart (splitChunks): several entries, not one.
          paragraphs:
            cellLines.length > 1 &&
            cellLines.every((chunk) => chunk.angle === 0) &&
            new Set(cellLines.map((chunk) => lineOf.get(chunk))).size === 1
              ? "each-line"
              : "single",
        })),
    };
  });
}

/** Runs of at least two upright lines of one column, each a line pitch (LOOSE_WRAP_PITCH) below the last. */
function wrappedChains(sorted: readonly TextLine[], columnAt: (x: number) => number): TextLine[][] {
  const byColumn = groupBy(
    sorted.filter((chunk) => chunk.angle === 0),
    (chunk) => columnAt(chunk.box.x0),
  );
  const chains: TextLine[][] = [];
  for (const column of byColumn.values()) {
    let chain: TextLine[] = [];
    for (const chunk of column) {
      const previous = chain.at(-1);
      const step = previous ? centreY(chunk) - centreY(previous) : Number.POSITIVE_INFINITY;
      if (previous && step > SAME_LINE * chunk.fontSize && step <= LOOSE_WRAP_PITCH * chunk.fontSize) {
        chain.push(chunk);
      } else {
        if (chain.length > 1) chains.push(chain);
        chain = [chunk];
      }
    }
    if (chain.length > 1) chains.push(chain);
  }
  return chains;
}

/**
 * Whether a line is set in the table's size (the document's median font size, within
 * BODY_SIZE_TOLERANCE): titles and headings are set larger, so a word of theirs that happens to start
 * where a column does is still not a cell's text.
 */
function isBodySize(line: TextLine, fontSize: number): boolean {
  return Math.abs(line.fontSize - fontSize) <= BODY_SIZE_TOLERANCE * fontSize;
}

function centreY(line: TextLine): number {
  return (line.box.y0 + line.box.y1) / 2;
}

/* ----------------------------------------------------------------------------------------------
 * Lattice pages
 * -------------------------------------------------------------------------------------------- */

function latticePageRows(
  page: LayoutPage,
  tables: readonly RuledTable[],
  columnIndex: (x: number) => number,
  snap: number,
): PageRow[] {
  const rows: PageRow[] = [];
  const loose: LayoutItem[] = [];
  const placed = tables.map(() => new Map<TableCell, LayoutItem[]>());
  // Each table's cell by grid position, at row * columns + col: looked up for every text item.
  const cellsOf = tables.map((table) => {
    const columns = table.xs.length - 1;
    const byGrid: TableCell[] = [];
    for (const cell of tableCells(table, snap)) {
      for (let row = cell.row0; row <= cell.row1; row++) {
        for (let col = cell.col0; col <= cell.col1; col++) byGrid[row * columns + col] = cell;
      }
    }
    return byGrid;
  });
  for (const item of page.items) {
    const x = (item.x0 + item.x1) / 2;
    const y = (item.y0 + item.y1) / 2;
    // The first table holding the item's centre, and the item's cell in it.
    let tableIndex = -1;
    let cell: TableCell | undefined;
    for (const [index, table] of tables.entries()) {
      const position = gridCellAt(table, x, y, snap);
      if (position === null) continue;
      tableIndex = index;
      cell = cellsOf[index]?.[position.row * (table.xs.length - 1) + position.col];
      break;
    }
    const items = cell ? placed[tableIndex]?.get(cell) : undefined;
    if (cell && items) items.push(item);
    else if (cell) placed[tableIndex]?.set(cell, [item]);
    else loose.push(item);
  }
  tables.forEach((table, tableIndex) => {
    const tableRows: PageRow[] = table.ys.slice(0, -1).map((top) => ({ top, cells: [] }));
    for (const [cell, items] of placed[tableIndex] ?? []) {
      const first = tableRows[cell.row0] as PageRow;
      const col = columnIndex(table.xs[cell.col0] as number);
      first.cells.push({
        col,
        colSpan: Math.max(1, columnIndex(table.xs[cell.col1 + 1] as number) - col),
        until: tableRows[cell.row1] as PageRow,
        lines: readingLines(items),
        paragraphs: "by-gap",
      });
    }
    appendAll(rows, tableRows);
  });
  const looseChunks = readingLines(loose).flatMap(splitChunks);
  appendAll(rows, looseRows(looseChunks, columnIndex));
  return rows;
}

/* ----------------------------------------------------------------------------------------------
 * Stream pages
 * -------------------------------------------------------------------------------------------- */

/** What the stream reading of a document learns from all its unruled pages together. */
interface StreamModel {
  readonly columns: readonly ColumnStart[];
  readonly action: ColumnStart | null;
  /** The action column's index in `columns`, -1 without one. */
  readonly actionIndex: number;
  readonly tolerance: number;
  /** A line joins the action above when its step from it is below this many font sizes. */
  readonly joinPitch: number;
  /** The usual gap between two action rows' text, in points. */
  readonly rowGap: number;
}

/**
 * A page's chunks of text; with known columns, a chunk in the table's size (`fontSize`) is also split
 * where a column starts.
 */
function pageChunks(
  page: LayoutPage,
  columns: readonly ColumnStart[] = [],
  tolerance = 0,
  fontSize = Number.NaN,
): TextLine[] {
  return readingLines(page.items)
    .flatMap(splitChunks)
    .flatMap((chunk) => (isBodySize(chunk, fontSize) ? splitAtColumns(chunk, columns, tolerance) : [chunk]));
}

/**
 * Splits an upright chunk that starts in a column where one of its items starts at a left-aligned
 * column's edge after a gap wider than a word space: the last line of a cell and the first of the next
 * cell may come closer than chunks usually are, but the second still starts exactly where its column
 * does. A chunk starts in a column at its edge, or, in a column of centred text, between its widest
 * entry's left edge and its centre (a wide centred line comes close to the next column's text).
 */
export function splitAtColumns(
  chunk: TextLine,
  columns: readonly ColumnStart[],
  tolerance: number,
): TextLine[] {
  const atColumnStart = (x: number) =>
    columns.some((column) => column.centre === undefined && Math.abs(column.x - x) <= tolerance);
  const inColumn = (x: number) =>
    atColumnStart(x) ||
    columns.some((column) => column.centre !== undefined && x >= column.x - tolerance && x <= column.centre);
  // Only a chunk that is a cell's text, starting in its column, runs into the next cell: a heading or
  // a title across the columns merely has a word that happens to start at one (and is set larger than
  // the table, which pageChunks checks).
  if (chunk.angle !== 0 || !inColumn(chunk.parts[0]?.item.x0 ?? Number.NaN)) return [chunk];
  const pieces: TextLine["parts"][number][][] = [];
  for (const part of chunk.parts) {
    const piece = pieces.at(-1);
    const last = piece?.at(-1);
    const startsColumn =
      last !== undefined &&
      part.frame.along0 - last.frame.along1 > WORD_GAP * part.item.fontSize &&
      atColumnStart(part.item.x0);
    if (piece && !startsColumn) piece.push(part);
    else pieces.push([part]);
  }
  return pieces.length === 1 ? [chunk] : pieces.map((parts) => makeLine(chunk.angle, parts));
}

function streamModel(pages: readonly LayoutPage[], fontSize: number): StreamModel {
  const tolerance = COLUMN_ALIGN * fontSize;
  // Titles and headings, set larger, are no column's entries.
  const bodyChunks = pages
    .flatMap((page) => pageChunks(page))
    .filter((chunk) => chunk.angle === 0 && isBodySize(chunk, fontSize));
  const firstColumns = alignedColumns(
    bodyChunks.map((chunk) => chunk.box),
    tolerance,
    SAME_WIDTH * fontSize,
  );
  // Learnt again once chunks that ran into the next column are split there: a wide centred label
  // run together with an action has neither its centre nor its width.
  const uprightColumns = firstColumns.some((column) => column.centre !== undefined)
    ? alignedColumns(
        pages
          .flatMap((page) => pageChunks(page, firstColumns, tolerance, fontSize))
          .filter((chunk) => chunk.angle === 0 && isBodySize(chunk, fontSize))
          .map((chunk) => chunk.box),
        tolerance,
        SAME_WIDTH * fontSize,
      )
    : firstColumns;
  const chunksByPage = pages.map((page) => pageChunks(page, uprightColumns, tolerance, fontSize));
  const rotatedColumns = rotatedColumnStarts(
    chunksByPage.flat().filter((chunk) => chunk.angle !== 0),
    ROTATED_LINE_PITCH * fontSize,
  ).filter((rotated) => uprightColumns.every((column) => Math.abs(column.x - rotated.x) > tolerance));
  const columns = [...uprightColumns, ...rotatedColumns].sort((p, q) => p.x - q.x);
  // A column is as busy as the entries starting in it: the lines a long label wraps onto go on in
  // lower case, and a few sub-processes with long names would otherwise outnumber their actions.
  const bodyLines = chunksByPage.flat().filter((chunk) => chunk.angle === 0 && isBodySize(chunk, fontSize));
  const action = actionColumn(
    uprightColumns,
    (column) =>
      bodyLines.filter((chunk) => !startsLowerCase(chunk.text) && isColumnEntry(chunk.box, column, tolerance))
        .length,
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
  // The wrapped lines' pitch, from every column: actions set wide may never wrap, while labels do.
  const columnLines = chunksByPage.flatMap((chunks) =>
    uprightColumns.map((column) =>
      chunks
        .filter(
          (chunk) =>
            chunk.angle === 0 && isColumnEntry(chunk.box, column, tolerance) && isBodySize(chunk, fontSize),
        )
        .sort((p, q) => p.box.y0 - q.box.y0),
    ),
  );
  const joinPitch = joinPitchOf(normalRowPitch(actionLines), wrappedLinePitch(columnLines));
  const gaps = actionLines.flatMap((lines) => {
    const entries = groupEntries(lines, joinPitch).map(spanOf);
    return entries.slice(1).map((entry, index) => entry.top - (entries[index] as StreamRow).bottom);
  });
  return {
    columns,
    action,
    actionIndex: action ? columns.indexOf(action) : -1,
    tolerance,
    joinPitch,
    rowGap: Math.max(0, median(gaps) ?? 0),
  };
}

interface LabelBlock extends LabelSpan {
  readonly col: number;
  /** The label's lines in reading order. */
  readonly lines: readonly TextLine[];
  /** The page's chunks it is made of (rotated text is re-read as a whole, so they differ from `lines`). */
  readonly chunks: readonly TextLine[];
}

interface StreamRow extends Span {
  readonly lines: readonly TextLine[];
}

function streamPageRows(
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
          chunk.angle === 0 && Math.abs(chunk.box.x0 - action.x) <= tolerance && isBodySize(chunk, fontSize),
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
  const blocks = labelBlocks(labelChunks, columnAt, model.joinPitch, fontSize);
  // A page without actions (sub-processes without any, a label too long for the page before) is still
  // a table: each label in the column beside the actions' is a row of its own.
  const innermost = model.actionIndex - 1;
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
    );
    const pageRows: PageRow[] = segmentRows.map((row) => ({
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
              },
            ]
          : [],
    }));
    for (const placed of placeLabels(segmentRows, labels, fontSize, alignment, evidence, continued)) {
      (pageRows[placed.first] as PageRow).cells.push({
        col: placed.label.col,
        colSpan: 1,
        until: pageRows[placed.last] as PageRow,
        lines: placed.label.lines,
        paragraphs: "single",
      });
      for (const chunk of placed.label.chunks) used.add(chunk);
    }
    appendAll(rows, pageRows);
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
  const innermost = model.action ? model.actionIndex - 1 : -1;
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

/** A label placed over rows first..last (inclusive) of its segment. */
interface PlacedLabel {
  readonly label: LabelBlock;
  readonly first: number;
  readonly last: number;
}

/** How badly each alignment explains the labels, summed over a document's table segments. */
type AlignmentEvidence = Record<Alignment, number>;

/**
 * Places each column's labels over blocks of rows, columns left to right so that a column's blocks
 * never straddle the start of a block to their left. Labels take the `alignment` decided for the
 * whole document. While it is being learnt (`alignment` null), the labels are placed once with each
 * alignment, and what each placement costs is added to `evidence`: an alignment is judged by the
 * blocks it gives every column, since the blocks of one column bound those of the next (judged inside
 * another alignment's blocks, a close call in the first column would decide the document).
 */
function placeLabels(
  rows: readonly Span[],
  labels: readonly LabelBlock[],
  fontSize: number,
  alignment: Alignment | null,
  evidence: AlignmentEvidence,
  continued: boolean,
): PlacedLabel[] {
  // The labels nested in an outer label (its columns to the right) tell one that stretched its rows
  // from one centred on more rows than it touches.
  const cells = estimatedCells(
    rows,
    labels,
    LABEL_TOP_SLACK * fontSize,
    (label) => (label as LabelBlock).col,
  );
  const columns = [...new Set(labels.map((label) => label.col))]
    .sort((p, q) => p - q)
    .map((col) => labels.filter((label) => label.col === col).sort((p, q) => p.top - q.top));
  const placeWith = (chosen: Alignment) => {
    const placed: PlacedLabel[] = [];
    const parentStarts = new Set<number>();
    let misfit = 0;
    for (const column of columns) {
      const plan = assignLabelBlocks(rows, cells, column, fontSize, parentStarts, continued, [chosen])?.[0];
      if (!plan) continue;
      misfit += plan.evidence;
      column.forEach((label, index) => {
        const first = plan.starts[index] as number;
        const last = index + 1 < column.length ? (plan.starts[index + 1] as number) - 1 : rows.length - 1;
        placed.push({ label, first, last });
        parentStarts.add(first);
      });
    }
    return { placed, misfit };
  };
  if (alignment !== null) return placeWith(alignment).placed;
  const placements = ALIGNMENTS.map((candidate) => {
    const placement = placeWith(candidate);
    evidence[candidate] += placement.misfit;
    return placement;
  });
  // What the reading learning the alignment places: the best fit here (it is read again once learnt).
  return placements.reduce((best, placement) => (placement.misfit < best.misfit ? placement : best)).placed;
}

/**
 * The document's label alignment: the one that explains its labels best. One for all columns, since
 * a table's merged cells share one style, and a column with one or two labels a page gives too few
 * examples to tell a fit from a coincidence.
 */
export function documentAlignment(evidence: AlignmentEvidence): Alignment {
  return ALIGNMENTS.reduce((best, alignment) => (evidence[alignment] < evidence[best] ? alignment : best));
}

function spanOf(lines: readonly TextLine[]): StreamRow {
  return {
    top: minOf(lines.map((line) => line.box.y0)),
    bottom: maxOf(lines.map((line) => line.box.y1)),
    lines,
  };
}

/** Splits rows (top to bottom) into runs not separated by any of the break positions. */
function splitAt<T extends Span>(rows: readonly T[], breaks: readonly number[]): T[][] {
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
function mergeOverlapping(rows: readonly StreamRow[]): StreamRow[] {
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

function boxGap(p: Box, q: Box): number {
  return Math.max(0, p.x0 - q.x1, q.x0 - p.x1, p.y0 - q.y1, q.y0 - p.y1);
}

/* ----------------------------------------------------------------------------------------------
 * The grid
 * -------------------------------------------------------------------------------------------- */

/**
 * Reads a document's layout as one grid: pages concatenated, each row carrying its page; a merged
 * cell is emitted at its first row with its spans; empty cells are not emitted.
 */
export function layoutToGrid(layout: Layout): Grid {
  const { model, streamPages, rowsByPage } = readPages(layout);
  // The ruled cells' lines, gathered in a loop rather than nested flatMaps over every row of every page.
  const ruledCells: (readonly TextLine[])[] = [];
  for (const { rows } of rowsByPage) {
    for (const row of rows) {
      for (const cell of row.cells) if (cell.paragraphs === "by-gap") ruledCells.push(cell.lines);
    }
  }
  const linePitch = typicalLinePitch(ruledCells);
  const vocabulary = vocabularyOf(layout.pages.flatMap((page) => page.items.map((item) => item.text)));
  const rows: GridRow[] = rowsByPage.flatMap(({ page, rows }) =>
    finishPage(page, rows, linePitch, vocabulary),
  );
  const { action } = model;
  const readByAlignment = action
    ? streamPages
        .filter((page) =>
          page.items.some((item) => item.angle === 0 && Math.abs(item.x0 - action.x) <= model.tolerance),
        )
        .map((page) => page.number)
    : [];
  return Grid.parse({
    format: "pdf",
    pages: layout.pages.length,
    placement: "exact",
    rows,
    warnings:
      readByAlignment.length > 0
        ? [
            {
              message: "pages without ruling lines were read from the alignment of their text",
              evidence: { pages: readByAlignment },
            },
          ]
        : [],
  });
}

/** What the reading of a document's pages found: its tables, its stream model and each page's rows. */
interface PagesReading {
  readonly tablesByPage: readonly (readonly RuledTable[])[];
  readonly model: StreamModel;
  readonly streamPages: readonly LayoutPage[];
  readonly rowsByPage: readonly { readonly page: number; readonly rows: readonly PageRow[] }[];
}

/** Reads every page into rows: ruled pages as lattices, the others by the document's stream model. */
function readPages(layout: Layout): PagesReading {
  const fontSize = median(layout.pages.flatMap((page) => page.items.map((item) => item.fontSize))) ?? 1;
  const snap = RULE_SNAP * fontSize;
  const tablesByPage = layout.pages.map((page) => findTables(page.rules, snap));
  const boundaries = clusterPositions(
    tablesByPage.flat().flatMap((table) => table.xs),
    snap,
  );
  const columnIndex = (x: number) => Math.max(0, countUpTo(boundaries, x + snap) - 1);
  const streamPages = layout.pages.filter((_, index) => (tablesByPage[index] ?? []).length === 0);
  const model = streamModel(streamPages, fontSize);
  const pageRows = (alignment: Alignment | null, evidence: AlignmentEvidence) => {
    // Whether an earlier page held table rows: only then may a page's table go on from the page before.
    let tableBefore = false;
    return layout.pages.map((page, index) => {
      const tables = tablesByPage[index] ?? [];
      const rows =
        tables.length > 0
          ? latticePageRows(page, tables, columnIndex, snap)
          : streamPageRows(page, model, fontSize, columnIndex, alignment, evidence, tableBefore);
      tableBefore ||=
        tables.length > 0 || rows.some((row) => row.cells.some((cell) => cell.col === model.actionIndex));
      return { page: page.number, rows: [...rows].sort((p, q) => p.top - q.top) };
    });
  };
  // Unruled pages are read twice: once to learn how labels are aligned over the whole document, then
  // with that alignment, which one page's coincidences cannot fool.
  const evidence: AlignmentEvidence = { middle: 0, top: 0, bottom: 0 };
  const firstReading = pageRows(null, evidence);
  const rowsByPage =
    streamPages.length > 0
      ? pageRows(documentAlignment(evidence), { middle: 0, top: 0, bottom: 0 })
      : firstReading;
  return { tablesByPage, model, streamPages, rowsByPage };
}

/**
 * What the reader found on a page, for a person to see why it was read as it was (`annex debug`):
 * the ruled tables, the columns of the stream model, the rows, and each cell with the rows it covers.
 */
export interface PageTrace {
  readonly page: number;
  readonly tables: readonly { readonly xs: readonly number[]; readonly ys: readonly number[] }[];
  /** Stream columns: where each starts, its shared centre when its text is centred, and which holds the actions. */
  readonly columns: readonly {
    readonly x: number;
    readonly centre: number | null;
    readonly action: boolean;
  }[];
  readonly rows: readonly Span[];
  /** Each cell's text box, its column, and the extent of the rows it covers (a label's block). */
  readonly cells: readonly { readonly col: number; readonly box: Box; readonly block: Span }[];
}

/** The reading of each page, as PageTrace. */
export function readingTrace(layout: Layout): PageTrace[] {
  const { tablesByPage, model, streamPages, rowsByPage } = readPages(layout);
  return rowsByPage.map(({ page, rows }, index) => {
    const streamed = streamPages.some((streamPage) => streamPage.number === page);
    const kept = rows.filter((row) => row.cells.length > 0);
    const extent = (row: PageRow): Span => ({
      top: row.top,
      bottom: Math.max(row.top, maxOf(row.cells.flatMap((cell) => cell.lines.map((line) => line.box.y1)))),
    });
    return {
      page,
      tables: (tablesByPage[index] ?? []).map(({ xs, ys }) => ({ xs, ys })),
      columns: streamed
        ? model.columns.map((column) => ({
            x: column.x,
            centre: column.centre ?? null,
            action: column === model.action,
          }))
        : [],
      rows: kept.map(extent),
      cells: kept.flatMap((row) =>
        row.cells.map((cell) => ({
          col: cell.col,
          box: unionBox(cell.lines.map((line) => line.box)),
          block: { top: row.top, bottom: extent(cell.until ?? row).bottom },
        })),
      ),
    };
  });
}

/** Turns a page's rows into grid rows: empty rows dropped, spans counted in the rows that remain. */
function finishPage(
  page: number,
  rows: readonly PageRow[],
  linePitch: number,
  vocabulary: Vocabulary,
): GridRow[] {
  const kept = rows.filter((row) => row.cells.length > 0);
  const position = new Map<PageRow, number>();
  let last = -1;
  for (const row of rows) {
    if (row.cells.length > 0) last += 1;
    position.set(row, Math.max(0, last));
  }
  return kept.map((row, index) => {
    const cells: GridCell[] = [];
    // A loop, not flatMap: this runs for every cell of every page.
    for (const cell of [...row.cells].sort((p, q) => p.col - q.col)) {
      const paragraphs =
        cell.paragraphs === "by-gap"
          ? cellParagraphs(cell.lines, linePitch, vocabulary)
          : cell.paragraphs === "each-line"
            ? cell.lines.map((line) => line.text)
            : [cell.lines.map((line) => line.text).reduce((text, next) => joinLines(text, next, vocabulary))];
      const text = paragraphs.filter((paragraph) => paragraph !== "");
      if (text.length === 0) continue;
      const end = cell.until ? (position.get(cell.until) ?? index) : index;
      const box = unionBox(cell.lines.map((line) => line.box));
      const bbox: BBox = [box.x0, box.y0, box.x1, box.y1];
      cells.push({
        col: cell.col,
        rowSpan: Math.max(1, end - index + 1),
        colSpan: cell.colSpan,
        paragraphs: text,
        source: { page, line: null, bbox },
      });
    }
    return { page, cells };
  });
}

/* ----------------------------------------------------------------------------------------------
 * Small helpers
 * -------------------------------------------------------------------------------------------- */

/** How many of the positions are at most `limit`. */
function countUpTo(positions: readonly number[], limit: number): number {
  // A count, not a filtered copy: this runs for every text item and cell of every page.
  let count = 0;
  for (let index = 0; index < positions.length; index++) if ((positions[index] as number) <= limit) count++;
  return count;
}

/** Positions grouped when each is within `tolerance` of its group's first; each group's median. */
export function clusterPositions(positions: readonly number[], tolerance: number): number[] {
  const sorted = [...positions].sort((p, q) => p - q);
  const groups: number[][] = [];
  for (const position of sorted) {
    const group = groups.at(-1);
    if (group && position - (group[0] as number) <= tolerance) group.push(position);
    else groups.push([position]);
  }
  return groups.map((group) => median(group) ?? 0);
}

function unionBox(boxes: readonly Box[]): Box {
  // A loop, not four mapped copies: this runs for every line and cell of every page.
  let x0 = Number.POSITIVE_INFINITY;
  let y0 = Number.POSITIVE_INFINITY;
  let x1 = Number.NEGATIVE_INFINITY;
  let y1 = Number.NEGATIVE_INFINITY;
  for (const box of boxes) {
    x0 = Math.min(x0, box.x0);
    y0 = Math.min(y0, box.y0);
    x1 = Math.max(x1, box.x1);
    y1 = Math.max(y1, box.y1);
  }
  return { x0, y0, x1, y1 };
}
