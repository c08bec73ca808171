import { appendAll, maxOf, minOf, sortedCountUpTo } from "../../../arrays.js";
import { groupBy } from "../../../group-by.js";
import type { LayoutItem, LayoutPage, LayoutRule } from "../../../schema/layout.js";
import type { Box } from "../geometry/box.js";
import { clusterPositions, countUpTo } from "../geometry/cluster.js";
import { readingLines, splitChunks } from "../geometry/lines.js";
import { LOOSE_WRAP_PITCH, NEAREST_SPACE_CHARACTERS, PARAGRAPH_STEP_JITTER, SAME_LINE } from "../settings.js";
import type { RuledCellPart, RuledTablePart } from "./page-cut.js";
import { type DraftCell, looseRows, type PageRow } from "./page-rows.js";

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
    // Path compression: every rule on the way now points at the root, so later look-ups stay short.
    for (let next = index; parent[next] !== current; ) {
      const up = parent[next] as number;
      parent[next] = current;
      next = up;
    }
    return current;
  };
  // The vertical rules by position, so that each horizontal rule meets only those within its span
  // rather than every vertical rule of the page.
  const byX = vertical
    .map((_, vi) => vi)
    .sort((p, q) => (vertical[p] as LayoutRule).x0 - (vertical[q] as LayoutRule).x0);
  const verticalXs = byX.map((vi) => (vertical[vi] as LayoutRule).x0);
  horizontal.forEach((h, hi) => {
    for (let at = sortedCountUpTo(verticalXs, h.x0 - snap, true); at < byX.length; at++) {
      if ((verticalXs[at] as number) > h.x1 + snap) break;
      const vi = byX[at] as number;
      const v = vertical[vi] as LayoutRule;
      if (h.y0 >= v.y0 - snap && h.y0 <= v.y1 + snap) parent[root(horizontal.length + vi)] = root(hi);
    }
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

/**
 * Rule `item-across-rule`: an upright text item that runs across a vertical rule holds the text of the
 * two cells the rule parts. A PDF's text extraction joins runs that touch on one baseline (a cell's
 * text running up to the next cell's padding), and read whole the item would land in one cell. It is
 * cut at each such rule, at the space nearest to where the rule falls by the item's mean character
 * width. With no space within a few characters, the rule crosses a word: one too long for its cell,
 * drawn over the rule (browsers let it overflow), which stays whole.
 */
export function cutAtRules(item: LayoutItem, rules: readonly LayoutRule[], snap: number): LayoutItem[] {
  if (item.angle !== 0) return [item];
  const middle = (item.y0 + item.y1) / 2;
  const crossing = rules
    .filter((rule) => rule.x0 > item.x0 + snap && rule.x0 < item.x1 - snap)
    .filter((rule) => rule.y0 <= middle && middle <= rule.y1)
    .map((rule) => rule.x0)
    .sort((p, q) => p - q);
  if (crossing.length === 0) return [item];
  const character = (item.x1 - item.x0) / item.text.length;
  const pieces: LayoutItem[] = [];
  let start = 0;
  for (const x of crossing) {
    const at = Math.round((x - item.x0) / character);
    let cut = -1;
    for (let offset = 0; offset <= NEAREST_SPACE_CHARACTERS && cut < 0; offset++) {
      if (item.text[at - offset] === " ") cut = at - offset;
      else if (item.text[at + offset] === " ") cut = at + offset;
    }
    if (cut <= start) continue;
    pieces.push({
      ...item,
      text: item.text.slice(start, cut),
      x0: item.x0 + start * character,
      x1: item.x0 + cut * character,
    });
    start = cut;
  }
  pieces.push({ ...item, text: item.text.slice(start), x0: item.x0 + start * character });
  return pieces
    .map((piece) => {
      const lead = piece.text.length - piece.text.trimStart().length;
      const trail = piece.text.length - piece.text.trimEnd().length;
      return {
        ...piece,
        text: piece.text.trim(),
        x0: piece.x0 + lead * character,
        x1: piece.x1 - trail * character,
      };
    })
    .filter((piece) => piece.text !== "");
}

/** A text item a ruled page's reading placed by a rule other than its centre, for the trace. */
export interface RuledPlacement {
  readonly rule: "cell-by-overlap" | "open-foot" | "overflow-down";
  readonly box: Box;
}

/** A ruled page's rows (tables' and loose text's), each table as the page shows it, and the items placed by rule. */
export function latticePageRows(
  page: LayoutPage,
  tables: readonly RuledTable[],
  columnIndex: (x: number) => number,
  snap: number,
): { rows: PageRow[]; tables: RuledTablePart[]; placed: RuledPlacement[] } {
  const rows: PageRow[] = [];
  const parts: RuledTablePart[] = [];
  const loose: LayoutItem[] = [];
  const placements: RuledPlacement[] = [];
  const placed = tables.map(() => new Map<TableCell, LayoutItem[]>());
  // Each table's cell by grid position, at row * columns + col: looked up for every text item.
  const cellLists = tables.map((table) => tableCells(table, snap));
  const cellsOf = tables.map((table, index) => {
    const columns = table.xs.length - 1;
    const byGrid: TableCell[] = [];
    for (const cell of cellLists[index] ?? []) {
      for (let row = cell.row0; row <= cell.row1; row++) {
        for (let col = cell.col0; col <= cell.col1; col++) byGrid[row * columns + col] = cell;
      }
    }
    return byGrid;
  });
  // The vertical rules by position: most items lie between two of them, which a binary search tells
  // without reading every rule of the page for every item.
  const rules = tables.flatMap((table) => table.vertical).sort((p, q) => p.x0 - q.x0);
  const ruleXs = rules.map((rule) => rule.x0);
  const items: LayoutItem[] = [];
  for (const whole of page.items) {
    const next = sortedCountUpTo(ruleXs, whole.x0 + snap);
    if (next < ruleXs.length && (ruleXs[next] as number) < whole.x1 - snap)
      appendAll(items, cutAtRules(whole, rules, snap));
    else items.push(whole);
  }
  const put = (tableIndex: number, cell: TableCell, item: LayoutItem) => {
    const filled = placed[tableIndex] as Map<TableCell, LayoutItem[]>;
    const known = filled.get(cell);
    if (known) known.push(item);
    else filled.set(cell, [item]);
  };
  for (const item of items) {
    const x = (item.x0 + item.x1) / 2;
    const y = (item.y0 + item.y1) / 2;
    // The first table holding the item's centre, and the item's cell in it.
    const tableIndex = tables.findIndex((table) => gridCellAt(table, x, y, snap) !== null);
    const table = tables[tableIndex];
    if (!table) {
      loose.push(item);
      continue;
    }
    const { cell, byOverlap } = cellByOverlap(table, cellsOf[tableIndex] ?? [], item, snap);
    if (!cell) {
      loose.push(item);
      continue;
    }
    put(tableIndex, cell, item);
    if (byOverlap) placements.push({ rule: "cell-by-overlap", box: item });
  }
  tables.forEach((table, tableIndex) => {
    for (const { cell, item } of openFootItems(
      table,
      cellLists[tableIndex] ?? [],
      placed[tableIndex],
      loose,
      snap,
    )) {
      put(tableIndex, cell, item);
      loose.splice(loose.indexOf(item), 1);
      placements.push({ rule: "open-foot", box: item });
    }
  });
  tables.forEach((table, tableIndex) => {
    const filled = placed[tableIndex] as Map<TableCell, LayoutItem[]>;
    for (const { from, to, item } of overflowDownItems(table, cellsOf[tableIndex] ?? [], filled, snap)) {
      const left = (filled.get(from) ?? []).filter((each) => each !== item);
      if (left.length > 0) filled.set(from, left);
      else filled.delete(from);
      put(tableIndex, to, item);
      placements.push({ rule: "overflow-down", box: item });
    }
  });
  tables.forEach((table, tableIndex) => {
    const tableRows: PageRow[] = table.ys.slice(0, -1).map((top) => ({ top, cells: [] }));
    const filled = placed[tableIndex] ?? new Map<TableCell, LayoutItem[]>();
    const cells: RuledCellPart[] = [];
    for (const cell of cellLists[tableIndex] ?? []) {
      const col = columnIndex(table.xs[cell.col0] as number);
      const ruled = {
        x0: table.xs[cell.col0] as number,
        y0: table.ys[cell.row0] as number,
        x1: table.xs[cell.col1 + 1] as number,
        y1: table.ys[cell.row1 + 1] as number,
      };
      const items = filled.get(cell);
      const draft: DraftCell | null = items
        ? {
            col,
            colSpan: Math.max(1, columnIndex(table.xs[cell.col1 + 1] as number) - col),
            until: tableRows[cell.row1] as PageRow,
            lines: readingLines(items),
            paragraphs: "by-gap",
            ruled,
          }
        : null;
      if (draft) (tableRows[cell.row0] as PageRow).cells.push(draft);
      cells.push({ col, box: ruled, row0: cell.row0, row1: cell.row1, draft });
    }
    appendAll(rows, tableRows);
    parts.push({ rows: tableRows, cells });
  });
  const looseChunks = readingLines(loose).flatMap(splitChunks);
  appendAll(rows, looseRows(looseChunks, columnIndex));
  return { rows, tables: parts, placed: placements };
}

/**
 * Rule `cell-by-overlap`: an item belongs to the cell of its table that holds the most of its box, the
 * cell holding its centre when it lies in one (nearly every item) or on a tie. An item run across a
 * cell's rules shows where most of it is: a band's turned label longer than the part of its cell a
 * page shows runs on over the heading the page prints again, where its middle may fall.
 * `byOverlap` says whether that cell is not the one holding the item's centre.
 */
export function cellByOverlap(
  table: RuledTable,
  byGrid: readonly TableCell[],
  item: LayoutItem,
  snap: number,
): { cell: TableCell | undefined; byOverlap: boolean } {
  const columns = table.xs.length - 1;
  const centre = gridCellAt(table, (item.x0 + item.x1) / 2, (item.y0 + item.y1) / 2, snap);
  const centreCell = centre ? byGrid[centre.row * columns + centre.col] : undefined;
  const first = gridCellAt(table, item.x0, item.y0, Number.POSITIVE_INFINITY);
  const last = gridCellAt(table, item.x1, item.y1, Number.POSITIVE_INFINITY);
  if (!first || !last || (first.row === last.row && first.col === last.col))
    return { cell: centreCell, byOverlap: false };
  const shown = new Map<TableCell, number>();
  for (let row = first.row; row <= last.row; row++) {
    const high = Math.min(item.y1, table.ys[row + 1] as number) - Math.max(item.y0, table.ys[row] as number);
    for (let col = first.col; col <= last.col; col++) {
      const wide =
        Math.min(item.x1, table.xs[col + 1] as number) - Math.max(item.x0, table.xs[col] as number);
      const cell = byGrid[row * columns + col];
      if (cell) shown.set(cell, (shown.get(cell) ?? 0) + Math.max(0, high) * Math.max(0, wide));
    }
  }
  let best = centreCell;
  for (const [cell, area] of shown) if (area > (best ? (shown.get(best) ?? 0) : 0)) best = cell;
  return { cell: best, byOverlap: best !== centreCell };
}

/**
 * Rule `open-foot`: a cell at the foot of a page's table with no rule under it goes on past the page
 * break, and what it holds may too: a browser draws the lines of a label taller than the cell's part on
 * this page below the table's last rules. Upright loose lines under such a cell, between its column's
 * edges, each within a wrapped line's pitch (LOOSE_WRAP_PITCH) of the cell's last line, are its own.
 */
export function openFootItems(
  table: RuledTable,
  cells: readonly TableCell[],
  filled: ReadonlyMap<TableCell, readonly LayoutItem[]> | undefined,
  loose: readonly LayoutItem[],
  snap: number,
): { cell: TableCell; item: LayoutItem }[] {
  const lastRow = table.ys.length - 2;
  const bottom = table.ys[lastRow + 1] as number;
  const below = loose
    .filter((item) => item.angle === 0 && (item.y0 + item.y1) / 2 > bottom)
    .sort((p, q) => p.y0 + p.y1 - (q.y0 + q.y1));
  const found: { cell: TableCell; item: LayoutItem }[] = [];
  for (const cell of cells) {
    const items = filled?.get(cell);
    if (cell.row1 !== lastRow || !items) continue;
    const x0 = table.xs[cell.col0] as number;
    const x1 = table.xs[cell.col1 + 1] as number;
    const middle = (x0 + x1) / 2;
    const closed = table.horizontal.some(
      (rule) => Math.abs(rule.y0 - bottom) <= snap && rule.x0 - snap <= middle && middle <= rule.x1 + snap,
    );
    if (closed) continue;
    let last = maxOf(items.map((item) => (item.y0 + item.y1) / 2));
    for (const item of below) {
      const y = (item.y0 + item.y1) / 2;
      if (item.x0 < x0 - snap || item.x1 > x1 + snap) continue;
      if (y - last > LOOSE_WRAP_PITCH * item.fontSize) break;
      found.push({ cell, item });
      last = Math.max(last, y);
    }
  }
  return found;
}

/**
 * Rule `overflow-down`: text flows down from its cell's top, so a cell's own first line starts under
 * its top rule; an upright line reaching above that rule is the last line of the cell above run past
 * its bottom (a browser drawing a label taller than the part of its cell a page shows: Chromium
 * 539889176, seed 1522022843, a label's last line 47% above the totals row's rule, whose counts then
 * read as its text). It is taken back to the cell above when it goes on that cell's lines at their
 * pitch (its step from their last line no wider than their widest step, PARAGRAPH_STEP_JITTER
 * allowed), while its own cell's next line is closer than that step (the two cannot be lines of one
 * cell in turn). A line cut by a clip at the rule (Calc's label under the next page's heading) has its
 * own cell's lines at their usual pitch under it, and stays.
 */
export function overflowDownItems(
  table: RuledTable,
  byGrid: readonly TableCell[],
  filled: ReadonlyMap<TableCell, readonly LayoutItem[]>,
  snap: number,
): { from: TableCell; to: TableCell; item: LayoutItem }[] {
  const columns = table.xs.length - 1;
  const centre = (item: LayoutItem) => (item.y0 + item.y1) / 2;
  const found: { from: TableCell; to: TableCell; item: LayoutItem }[] = [];
  for (const [cell, items] of filled) {
    if (cell.row0 === 0) continue;
    const top = table.ys[cell.row0] as number;
    for (const item of items) {
      if (item.angle !== 0 || item.y0 >= top - snap || centre(item) <= top) continue;
      const col = Math.max(cell.col0, Math.min(cell.col1, countUpTo(table.xs, item.x0 + snap) - 1));
      const above = byGrid[(cell.row0 - 1) * columns + col];
      if (!above || above === cell) continue;
      const beside = (other: LayoutItem) => other.angle === 0 && other.x0 < item.x1 && other.x1 > item.x0;
      const sameLine = SAME_LINE * item.fontSize;
      const lines = lineCentres((filled.get(above) ?? []).filter(beside), sameLine);
      const last = lines.at(-1);
      if (last === undefined || lines.length < 2) continue;
      const steps = lines.slice(1).map((at, index) => at - (lines[index] as number));
      const step = centre(item) - last;
      const jitter = PARAGRAPH_STEP_JITTER * item.fontSize;
      if (step > maxOf(steps) + jitter) continue;
      const next = lineCentres(items.filter(beside), sameLine).find((at) => at > centre(item) + sameLine);
      if (next === undefined || next - centre(item) >= step - jitter) continue;
      found.push({ from: cell, to: above, item });
    }
  }
  return found;
}

/** The centres of the lines some items make, top to bottom: items whose centres are this close are one line. */
function lineCentres(items: readonly LayoutItem[], sameLine: number): number[] {
  const centres = items.map((item) => (item.y0 + item.y1) / 2).sort((p, q) => p - q);
  return centres.filter((at, index) => index === 0 || at - (centres[index - 1] as number) > sameLine);
}
