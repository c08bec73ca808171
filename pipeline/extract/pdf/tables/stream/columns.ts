import { maxOf, median, minOf } from "../../../../arrays.js";
import type { LayoutPage } from "../../../../schema/layout.js";
import type { Box } from "../../geometry/box.js";
import { distinctWithin } from "../../geometry/cluster.js";
import {
  makeLine,
  readingLines,
  splitAtNeighbourBreaks,
  splitChunks,
  type TextLine,
} from "../../geometry/lines.js";
import {
  ACTION_COLUMN_MIN_SHARE,
  BODY_SIZE_TOLERANCE,
  HEADER_CELL_SHARE,
  MAX_SPACE_CHARACTERS,
  MIN_COLUMN_SUPPORT,
  MIN_TABLE_ENTRIES,
  ROTATED_LINE_PITCH,
  SAME_COLUMN_SHARE,
  TABLE_END_GAP,
  WORD_GAP,
} from "../../settings.js";

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

/** The index of the column of centred text a box is centred on, or -1. */
export function centredColumnOf(box: Box, columns: readonly ColumnStart[], tolerance: number): number {
  return columns.findIndex((column) => column.centre !== undefined && isColumnEntry(box, column, tolerance));
}

/**
 * Where a chunk of text starts, and how wide it is; `inner` when it starts inside a chunk (innerStarts),
 * where it may be the next cell's text run on from the cell before.
 */
export interface LeftEdge {
  readonly x: number;
  readonly width: number;
  readonly inner?: boolean;
}

/**
 * Column starts: left edges shared (within `tolerance`) by chunks of at least MIN_COLUMN_SUPPORT
 * different widths. Left-aligned entries share their edge whatever their length; text centred in a
 * cell shares it only when equally wide (the same header on every page, one-digit totals), which is
 * no column. Each group is measured from its first edge, so that scattered text cannot chain into one.
 * Widths within `sameWidth` are one (the same text repeated is drawn to the same width, to rounding).
 * Edges inside chunks count towards an edge that some chunk starts at (rule `inner-column-starts`):
 * alone, a word that happens to start where two others do is no column.
 */
export function columnStarts(
  edges: readonly LeftEdge[],
  tolerance: number,
  sameWidth = tolerance,
  minSupport = MIN_COLUMN_SUPPORT,
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
    .filter((group) => group.some((edge) => !edge.inner))
    .map((group) => ({
      x: median(group.map((edge) => edge.x)) ?? 0,
      support: distinctWithin(
        group.map((edge) => edge.width),
        sameWidth,
      ),
    }))
    .filter((column) => column.support >= minSupport);
}

/** Text of several words: a run that holds its own word spaces. */
const RUN_OF_WORDS = /\S\s+\S/;

/**
 * Rule `inner-column-starts`: where upright chunks hold text that starts after a gap wider than a word
 * space, following an item that holds words and their spaces itself, the rest of the chunk from there.
 * Cells closer than CHUNK_GAP run together into one chunk (a label in capitals filling its column comes
 * within 0.74 font sizes of the next column's text: round-trip seed -1200123040, Helvetica 8 pt), and
 * where several of a level's few labels do, too few of them start a chunk for their column to be found,
 * and its text is read with the column before. splitAtColumns splits such chunks once the column is
 * known. Only a gap after a run of words, wider than the run's mean character (MAX_SPACE_CHARACTERS),
 * tells two cells apart: a word space is at most a character wide (exactly one in a monospaced font,
 * about half in others), and a run shows its own. Words set one item each are spaced by gaps, and in a monospaced font the
 * second word of every label after a code of one length starts at one edge (round-trip seeds
 * 1889449040 and -679164831, Courier: a column inside the process labels'); a run of a line's first
 * words and its next word, a plain space apart, started a column with a totals row's figures (seed
 * 845760798, Courier 8 pt: a gap of 4.8 pt after a run of 4.8 pt characters).
 */
export function innerStarts(chunks: readonly TextLine[]): Box[] {
  return chunks.flatMap((chunk) =>
    chunk.angle !== 0
      ? []
      : chunk.parts.flatMap((part, index) => {
          const before = chunk.parts[index - 1];
          if (!before || !RUN_OF_WORDS.test(before.item.text)) return [];
          const { item } = before;
          const meanCharacter = (item.x1 - item.x0) / item.text.length;
          const gap = part.frame.along0 - before.frame.along1;
          return gap > Math.max(WORD_GAP * part.item.fontSize, MAX_SPACE_CHARACTERS * meanCharacter)
            ? [{ ...chunk.box, x0: part.item.x0 }]
            : [];
        }),
  );
}

/**
 * The columns of aligned text: left edges (columnStarts) or centres shared by chunks of at least
 * MIN_COLUMN_SUPPORT different widths. The two readings compete: the lines of a column of centred
 * text, spread over its width, share left edges here and there by chance, as the scattered centres of
 * left-aligned entries share a centre now and then. A column of one kind whose entries are mostly
 * (SAME_COLUMN_SHARE) entries of a busier column of the other kind is that column's coincidence and
 * goes, and so does centred text inside a left-aligned column's cells. A centred column starts at its
 * widest entry's left edge. `inner` are the boxes of text starting inside chunks (innerStarts): they
 * count towards left edges only.
 */
export function alignedColumns(
  boxes: readonly Box[],
  tolerance: number,
  sameWidth = tolerance,
  inner: readonly Box[] = [],
): ColumnStart[] {
  const edgeOf = (box: Box) => ({ x: box.x0, width: box.x1 - box.x0 });
  const left = columnStarts(
    [...boxes.map(edgeOf), ...inner.map((box) => ({ ...edgeOf(box), inner: true }))],
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
 * given (how many entries start in each column), else by its support. Where how many entries start is
 * uncertain, `entries` counts as many as a column may hold and `surely` as many as it surely holds: a
 * column qualifies when it may hold the share of the most any column surely holds.
 */
export function actionColumn(
  columns: readonly ColumnStart[],
  entries: (column: ColumnStart) => number = (column) => column.support,
  surely: (column: ColumnStart) => number = entries,
): ColumnStart | null {
  const busiest = Math.max(0, maxOf(columns.map(surely)));
  return columns.filter((column) => entries(column) >= ACTION_COLUMN_MIN_SHARE * busiest).at(-1) ?? null;
}

/**
 * Rule `label-columns-in-table`: a column found by alignment left of the actions (one of `found`) is a
 * label column only when at least MIN_TABLE_ENTRIES of its entries lie in the table, and no fewer than
 * after it, entries of one width counting once. The table ends with its text: from its last line in the actions' column, on the last
 * page of `chunksByPage` that has one, down to the first line set more than TABLE_END_GAP below the text
 * above it. What lies after — the signatories' block, a closing note — may line up as well, with a line or two of the table (round-trip seed -522328100: a column
 * at x 101 of a signature and one label line, one centred at 429.5 of two signature lines and one action
 * line), and taken for the label column beside the actions, such a column would take the
 * sub-processes' place. What lies above the first action line is not judged: sub-processes without
 * actions may open the table, their labels and their process's above every action (seed -905342362),
 * and a level whose two labels share their edge with one header word is still a column (corpus seed
 * 1925608417, pdftotext 1297585808: a layout copy's macro-processes; without them two actions moved).
 * Columns completed from a header (a level with too few labels to align) and those right of the
 * actions stay as they are.
 */
export function labelColumnsInTable(
  columns: readonly ColumnStart[],
  action: ColumnStart | null,
  found: readonly ColumnStart[],
  chunksByPage: readonly (readonly TextLine[])[],
  fontSize: number,
  tolerance: number,
  sameWidth: number,
): ColumnStart[] {
  if (!action) return [...columns];
  const body = chunksByPage.map((chunks) =>
    chunks.filter((chunk) => chunk.angle === 0 && isBodySize(chunk, fontSize)),
  );
  const actionsOf = (chunks: readonly TextLine[]) =>
    chunks.filter((chunk) => isColumnEntry(chunk.box, action, tolerance));
  const lastPage = body.findLastIndex((chunks) => actionsOf(chunks).length > 0);
  const last = body[lastPage] ?? [];
  // The table's text goes on below its last action line (a tall label, sub-processes without actions)
  // as long as no line is set apart from the text above it.
  let end = maxOf(actionsOf(last).map((chunk) => chunk.box.y1));
  for (const chunk of [...last].sort((p, q) => p.box.y0 - q.box.y0)) {
    if (chunk.box.y1 <= end) continue;
    if (chunk.box.y0 - end > TABLE_END_GAP * fontSize) break;
    end = chunk.box.y1;
  }
  const isAfter = (page: number, chunk: TextLine) => page === lastPage && chunk.box.y0 >= end;
  const widths = (column: ColumnStart, after: boolean) =>
    distinctWithin(
      body.flatMap((chunks, page) =>
        chunks
          .filter((chunk) => isAfter(page, chunk) === after && isColumnEntry(chunk.box, column, tolerance))
          .map((chunk) => chunk.box.x1 - chunk.box.x0),
      ),
      sameWidth,
    );
  return columns.filter(
    (column) =>
      column.x >= action.x - tolerance ||
      !found.includes(column) ||
      (widths(column, false) >= MIN_TABLE_ENTRIES && widths(column, false) >= widths(column, true)),
  );
}

/**
 * Whether a line is set in the table's size (the document's median font size, within
 * BODY_SIZE_TOLERANCE): titles and headings are set larger, so a word of theirs that happens to start
 * where a column does is still not a cell's text.
 */
export function isBodySize(line: TextLine, fontSize: number): boolean {
  return Math.abs(line.fontSize - fontSize) <= BODY_SIZE_TOLERANCE * fontSize;
}

/**
 * A page's chunks of text; with known columns, a chunk in the table's size (`fontSize`) is also split
 * where a column starts.
 */
export function pageChunks(
  page: LayoutPage,
  columns: readonly ColumnStart[] = [],
  tolerance = 0,
  fontSize = Number.NaN,
): TextLine[] {
  const chunks = readingLines(page.items).flatMap(splitChunks);
  // Turned text has no columns to split at: its cells set end to end are told apart by the lines beside.
  const turned = splitAtNeighbourBreaks(
    chunks.filter((chunk) => chunk.angle !== 0),
    ROTATED_LINE_PITCH,
  );
  return [...chunks.filter((chunk) => chunk.angle === 0), ...turned].flatMap((chunk) =>
    isBodySize(chunk, fontSize) ? splitAtColumns(chunk, columns, tolerance) : [chunk],
  );
}

/**
 * Splits an upright chunk that starts in a column where one of its items starts at a left-aligned
 * column's edge after a gap wider than a word space: the last line of a cell and the first of the next
 * cell may come closer than chunks usually are, but the second still starts exactly where its column
 * does. A chunk starts in a column at its edge, or, in a column of centred text, between its widest
 * entry's left edge and its centre (a wide centred line comes close to the next column's text).
 * Rule `centred-column-split`: so does an item that starts that way in a centred column right of the
 * one its piece started in, a word space away from the item before or over it, when what it starts is
 * centred on a centred column (a capital word wider than its cell runs into the next; corpus seed
 * 1116812090, Chromium 644822707: a process label run into its sub-process's, then read as neither,
 * cut the table at the first label of a function).
 */
export function splitAtColumns(
  chunk: TextLine,
  columns: readonly ColumnStart[],
  tolerance: number,
): TextLine[] {
  const atColumnStart = (x: number) =>
    columns.some((column) => column.centre === undefined && Math.abs(column.x - x) <= tolerance);
  const inCentred = (x: number) =>
    columns.some((column) => column.centre !== undefined && x >= column.x - tolerance && x <= column.centre);
  const inColumn = (x: number) => atColumnStart(x) || inCentred(x);
  // The column a text starting at x lies in: the last one starting at or before it.
  const columnOf = (x: number) => columns.filter((column) => column.x - tolerance <= x).length;
  // Only a chunk that is a cell's text, starting in its column, runs into the next cell: a heading or
  // a title across the columns merely has a word that happens to start at one (and is set larger than
  // the table, which pageChunks checks). A centred word wider than its cell runs out of it on both
  // sides, still centred on it.
  const first = chunk.parts[0]?.item;
  const centredOn = (box: Box) => centredColumnOf(box, columns, tolerance) >= 0;
  if (chunk.angle !== 0 || !first || !(inColumn(first.x0) || centredOn(first))) return [chunk];
  const pieces: { parts: TextLine["parts"][number][]; centred: boolean }[] = [];
  for (const part of chunk.parts) {
    const piece = pieces.at(-1);
    const last = piece?.parts.at(-1);
    const x = part.item.x0;
    const apart =
      last !== undefined && Math.abs(part.frame.along0 - last.frame.along1) > WORD_GAP * part.item.fontSize;
    const startsAtEdge = apart && atColumnStart(x);
    const startsCentred =
      apart && !startsAtEdge && inCentred(x) && columnOf(x) > columnOf(piece?.parts[0]?.item.x0 ?? x);
    if (piece && !startsAtEdge && !startsCentred) piece.parts.push(part);
    else pieces.push({ parts: [part], centred: startsCentred });
  }
  // A piece cut off where a centred column's text may start is that column's text only when it is
  // centred on a centred column: a label's own words may start in the range a centred column's text
  // starts in (round-trip seed 198620027, Courier 9 pt, centred capital labels: "PER", "DI" cut out of
  // macro-process labels and read as actions).
  const kept: TextLine["parts"][number][][] = [];
  for (const piece of pieces) {
    const before = kept.at(-1);
    if (before && piece.centred && !centredOn(makeLine(chunk.angle, piece.parts).box))
      before.push(...piece.parts);
    else kept.push([...piece.parts]);
  }
  return kept.length === 1 ? [chunk] : kept.map((parts) => makeLine(chunk.angle, parts));
}

/**
 * The columns completed from a table header's shaded cells (`edges`, left to right: each cell is one
 * column), as pdfplumber's table finder takes cells from drawn rectangles. A cell where alignment found
 * no column (a level with one or two labels in the table: too few entries to align) gets one where the
 * found columns start in their cells (the cells' padding), centred on its cell when the found label
 * columns are centred; of several found in one cell, the busiest stays. Columns outside the header
 * are kept as found.
 */
export function completeFromCells(
  columns: readonly ColumnStart[],
  edges: readonly number[],
  tolerance: number,
): ColumnStart[] {
  const cells = edges.slice(1).map((right, index) => ({ left: edges[index] as number, right }));
  const cellOf = (column: ColumnStart) =>
    cells.findIndex((cell) => column.x >= cell.left - tolerance && column.x < cell.right - tolerance);
  const paddings = columns.flatMap((column) => {
    const cell = cells[cellOf(column)];
    return cell && column.centre === undefined ? [column.x - cell.left] : [];
  });
  const padding = median(paddings);
  if (padding === null) return [...columns].sort((p, q) => p.x - q.x);
  const centred = columns.some((column) => column.centre !== undefined);
  const kept = columns.filter((column) => cellOf(column) < 0);
  cells.forEach((cell, index) => {
    const found = columns.filter((column) => cellOf(column) === index).sort((p, q) => q.support - p.support);
    const busiest = found[0];
    if (busiest) kept.push(busiest);
    else
      kept.push({
        x: cell.left + padding,
        support: MIN_COLUMN_SUPPORT,
        ...(centred ? { centre: (cell.left + cell.right) / 2 } : {}),
      });
  });
  return kept.sort((p, q) => p.x - q.x);
}

/** The extent of a header cell's text, printed without shading. */
export interface HeaderCell {
  readonly x0: number;
  readonly x1: number;
}

/**
 * The columns completed from a header printed without shading (`cells`: its cells' text extents, left
 * to right): a header cell names a column even where its level has too few labels to align (a function
 * with one macro-process). A cell is served by a found column that starts after the text of the cell
 * before ends and no later than its own text ends, and that lies under the cell's text: at least
 * HEADER_CELL_SHARE of its entries under the text (a band's column, left of every header cell, has at
 * most a word run into the next cell there), or an entry reaching past the text's end (a wide column
 * of mostly short entries, such as the actions', under a centred header that lies right of where most
 * of them end: round-trip seed 89222779, where long actions' chunks under it made a column of their
 * own). A cell served by none gets one from the table's text (`boxes`) under it that is no found column's entry and starts in that
 * same stretch: left edges shared (within `tolerance`) by the most of them, or, when the found label
 * columns are centred, all of them, centred on their median centre and starting at the widest one.
 */
export function completeFromHeaderText(
  columns: readonly ColumnStart[],
  cells: readonly HeaderCell[],
  boxes: readonly Box[],
  tolerance: number,
): ColumnStart[] {
  const centred = columns.some((column) => column.centre !== undefined);
  const added: ColumnStart[] = [];
  cells.forEach((cell, index) => {
    const after = cells[index - 1]?.x1 ?? Number.NEGATIVE_INFINITY;
    const startsIn = (x: number) => x > after && x <= cell.x1;
    const under = (box: Box) => box.x0 < cell.x1 && box.x1 > cell.x0;
    const served = columns.some((column) => {
      const entries = boxes.filter((box) => isColumnEntry(box, column, tolerance));
      const overBody =
        entries.filter(under).length >= HEADER_CELL_SHARE * entries.length ||
        entries.some((box) => box.x1 >= cell.x1);
      return startsIn(column.x) && overBody;
    });
    if (served) return;
    const loose = boxes.filter(
      (box) =>
        under(box) && startsIn(box.x0) && !columns.some((column) => isColumnEntry(box, column, tolerance)),
    );
    if (loose.length === 0) return;
    if (centred) {
      added.push({
        x: minOf(loose.map((box) => box.x0)),
        support: loose.length,
        centre: median(loose.map((box) => (box.x0 + box.x1) / 2)) ?? 0,
      });
      return;
    }
    const edges = loose.map((box) => box.x0);
    const shared = (x: number) => edges.filter((edge) => Math.abs(edge - x) <= tolerance);
    const most = edges.reduce((best, x) => (shared(x).length > shared(best).length ? x : best));
    added.push({ x: median(shared(most)) ?? most, support: shared(most).length });
  });
  return [...columns, ...added].sort((p, q) => p.x - q.x);
}
