import { type Box, unionBox } from "../geometry/box.js";
import { isFigure, type TextLine } from "../geometry/lines.js";
import { firstWordFits, opensLikeParagraph } from "../geometry/paragraphs.js";
import type { DraftCell, PageRow } from "./page-rows.js";

/** A cell of a ruled table as a page shows it, with or without text. */
export interface RuledCellPart {
  readonly col: number;
  /** The box its rules draw. */
  readonly box: Box;
  /** Its first and last rows, by index into its table's rows. */
  readonly row0: number;
  readonly row1: number;
  /** Its text, null when it holds none. */
  readonly draft: DraftCell | null;
}

/** A ruled table as a page shows it: a row per pair of row rules, top to bottom, and its cells. */
export interface RuledTablePart {
  readonly rows: readonly PageRow[];
  readonly cells: readonly RuledCellPart[];
}

/**
 * What rule `page-cut-cell` decided for a cell a page break cut: `moved`, the text printed in the part on
 * the next page belongs at the part on this page (a label centred in the cell, printed below the break,
 * over rows above it); `joined`, the next page's part goes on with the paragraph this page's part ends.
 */
export type PageCut =
  | { readonly kind: "moved"; readonly draft: DraftCell; readonly to: PageRow; readonly until: PageRow }
  | {
      readonly kind: "joined";
      readonly draft: DraftCell;
      readonly onto: DraftCell;
      /** Whether all its text goes on with `onto` (a band's turned rest), not its first paragraph alone. */
      readonly whole: boolean;
    };

/**
 * Rule `page-cut-cell`: a ruled table that goes on past a page break cuts the cells that span it in two,
 * the part at the foot of one page and the part at the head of the next (below the heading the page
 * prints again: its leading rows whose texts the page before prints in the same columns). Rules draw
 * both parts alike whether or not a cell was cut; what the parts hold tells:
 * - a foot part with no text beside rows that hold some, and a head part between the same column edges
 *   with text: one cell, its text printed on the next page (producers centre a label in the whole cell)
 *   and read where the cell starts (`moved`) — when the foot part starts below its page's first body
 *   row (else its label may be printed on the page before: tables that print a label once leave its
 *   parts on later pages empty), and inside cells of the columns to its left that started above it or
 *   on its row (blocks nest: its parents go on past the break too, and a parent's label may be set at
 *   its top while the part's own is centred below the break; a totals row's empty first cell has none);
 * - two parts with text, where the head's first word would not have fitted on the foot's last line
 *   (rule `line-fill`: a producer wraps a line only at a word that does not fit) and the head does not
 *   open like a paragraph (a capital first): one paragraph cut by the break (`joined`). A capital says
 *   nothing there, as within a cell: the parts stay apart, for the resolver to judge.
 * A head part of figures alone is neither: a totals row opening the page prints its counts there.
 * - turned text alone in a cell of the heading printed again, which the page before does not print
 *   there, where the foot has a cell with text between the same edges: the rest of that cell's turned
 *   label (a band centred in its whole cell runs past the break, over the heading), `joined` whole.
 * `foot` is the last table of a page, `head` the first of the next; `snap` how far two rules may be and
 * still be one; `rightInset` the document's least room between a line and its cell's right rule.
 */
export function pageCutCells(
  foot: RuledTablePart,
  head: RuledTablePart,
  printed: { readonly beforeFoot: PrintedTexts; readonly beforeHead: PrintedTexts },
  snap: number,
  rightInset: number,
): PageCut[] {
  const bodyStart = bodyStartOf(head, printed.beforeHead, snap);
  const footStart = bodyStartOf(foot, printed.beforeFoot, snap);
  const lastRow = foot.rows.length - 1;
  const cuts: PageCut[] = [];
  for (const lower of foot.cells) {
    if (lower.row1 !== lastRow) continue;
    const upper = head.cells.find(
      (cell) =>
        cell.row0 === bodyStart &&
        Math.abs(cell.box.x0 - lower.box.x0) <= snap &&
        Math.abs(cell.box.x1 - lower.box.x1) <= snap,
    );
    // Figures alone at the head are a totals row's counts opening the page, not a cut cell's text.
    if (!upper?.draft || upper.draft.lines.every(isFigure)) continue;
    if (lower.draft === null) {
      // A part from the top of its page's body may as well go on with a label printed on the page before.
      if (lower.row0 <= footStart) continue;
      const parents = foot.cells.filter(
        (cell) => cell.row1 === lastRow && cell.box.x1 <= lower.box.x0 + snap,
      );
      // A parent may open on the part's own row, its label printed there (set at its cell's top) or below.
      const nested = parents.length > 0 && parents.every((cell) => cell.row0 <= lower.row0);
      const beside = foot.cells.some(
        (cell) =>
          cell.draft !== null && cell.col > lower.col && cell.row0 >= lower.row0 && cell.row0 <= lower.row1,
      );
      if (!nested) continue;
      const to = foot.rows[lower.row0];
      const until = foot.rows[lower.row1];
      if (beside && to && until) cuts.push({ kind: "moved", draft: upper.draft, to, until });
      continue;
    }
    const last = lower.draft.lines.at(-1);
    const first = upper.draft.lines[0];
    if (last && first && continuesLine(last, first, lower.box.x1 - rightInset))
      cuts.push({ kind: "joined", draft: upper.draft, onto: lower.draft, whole: false });
  }
  for (const shown of head.cells) {
    if (shown.row0 >= bodyStart || !shown.draft || uprightText(shown.draft) !== "") continue;
    if (isPrinted(printed.beforeHead, cellText(shown.draft), shown.box, snap)) continue;
    const onto = foot.cells.find(
      (cell) =>
        cell.row1 === lastRow &&
        cell.draft !== null &&
        Math.abs(cell.box.x0 - shown.box.x0) <= snap &&
        Math.abs(cell.box.x1 - shown.box.x1) <= snap,
    );
    if (onto?.draft) cuts.push({ kind: "joined", draft: shown.draft, onto: onto.draft, whole: true });
  }
  return cuts;
}

/** Whether `next` goes on with the paragraph `line` ends, by `page-cut-cell`'s second reading. */
function continuesLine(line: TextLine, next: TextLine, limit: number): boolean {
  return (
    line.angle === 0 && next.angle === 0 && !opensLikeParagraph(next) && !firstWordFits(line, next, limit)
  );
}

/**
 * The index of a table's first body row: past its leading rows whose every upright text repeats one the
 * page before prints in a cell across the same place (the heading printed again), and that hold some.
 * Rule `heading-upright`: turned text in such a row says nothing either way. A heading is set upright,
 * while a band's turned label, centred in a cell that a page break cuts, runs past the break and shows
 * over the heading printed again (or its clipped rest is drawn from there), where no page before has it.
 */
function bodyStartOf(table: RuledTablePart, printedBefore: PrintedTexts, snap: number): number {
  let row = 0;
  for (; row < table.rows.length; row++) {
    const texts = table.cells.filter(
      (cell) => cell.row0 === row && cell.draft !== null && uprightText(cell.draft) !== "",
    );
    const repeated = texts.every((cell) =>
      isPrinted(printedBefore, uprightText(cell.draft as DraftCell), cell.box, snap),
    );
    if (texts.length === 0 || !repeated) break;
  }
  return row;
}

/**
 * The texts of a page's cells (as cellText gives them), each with where its cells run across the page.
 * Where, not the column's index: the grid's columns come from every page's rules, and a column a
 * little narrower on one page may take another index there.
 */
export type PrintedTexts = ReadonlyMap<string, readonly { readonly x0: number; readonly x1: number }[]>;

/** The texts a page's rows print, as PrintedTexts. */
export function printedTexts(rows: readonly PageRow[]): PrintedTexts {
  const texts = new Map<string, { x0: number; x1: number }[]>();
  for (const row of rows) {
    for (const cell of row.cells) {
      const text = cellText(cell);
      const spans = texts.get(text) ?? [];
      spans.push(cell.ruled ?? unionBox(cell.lines.map((line) => line.box)));
      texts.set(text, spans);
    }
  }
  return texts;
}

/** Whether the page before printed a text in a cell across the middle of `box`. */
function isPrinted(printed: PrintedTexts, text: string, box: Box, snap: number): boolean {
  const middle = (box.x0 + box.x1) / 2;
  return (printed.get(text) ?? []).some((span) => span.x0 - snap <= middle && middle <= span.x1 + snap);
}

/**
 * A cell's text as one string without its spaces, to compare with the texts of the page before: a
 * heading printed again may wrap elsewhere ("MACRO-" over "PROCESSI" in a column a little narrower).
 */
function cellText(draft: DraftCell): string {
  return textOf(draft.lines);
}

/** A cell's upright text, as cellText (`heading-upright`). */
function uprightText(draft: DraftCell): string {
  return textOf(draft.lines.filter((line) => line.angle === 0));
}

function textOf(lines: readonly TextLine[]): string {
  return lines.map((line) => line.text.replace(/\s+/g, "")).join("");
}
