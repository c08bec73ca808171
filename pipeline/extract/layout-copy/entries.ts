import { groupBy } from "../../group-by.js";
import type { ColumnStart } from "../pdf/tables/stream/columns.js";
import { COLUMN_DRIFT, type Run, startNear } from "./runs.js";

/*
 * A layout copy keeps the order of a column's lines but not their spacing: the next line of a wrapped
 * cell and the first line of the next cell are both one line down. What tells them apart is what made
 * the line break: a line ends short of its column only where its paragraph ends, so a next line whose
 * first word would have fitted on it starts a new entry, and a next line that goes on in lower case
 * goes on with the entry. A line starting with a capitalised word (an action's first word) or an
 * identifier of capitals and figures starts an entry; one in capitals or starting with a figure goes on with the line above when it
 * would not have fitted there (a label set in capitals), and one opening with a bracket or closing one
 * left open above goes on with it (rules bracketed-line, open-bracket).
 */

/**
 * A capital letter's width against the copy's character: proportional fonts set capitals about a third
 * wider than the average letter the copy's grid stands for (in Helvetica's metrics, which Liberation
 * Sans shares, capitals average about 0.67 em and lower-case letters about 0.5 em), so a line in
 * capitals fills its column with fewer characters. Taken from those metrics, not tuned on the corpus.
 */
const CAPITAL_WIDTH = 1.3;

/**
 * A wrapped line is at most this many lines below the line before it: on the next line of the copy,
 * or the one after when a line of a neighbouring column, vertically centred, falls between the two
 * (action F1 over the corpus copies of seeds 1116812090, 99 and 7: 0.598 with one line, 0.617 with two).
 */
const MAX_WRAP_STEP = 2;

/**
 * Rule centre-drift: two lines of a centred cell are one column's when their centres, in the copy's
 * characters, are at most this far apart, a character more than a column's starts drift (COLUMN_DRIFT):
 * the copy counts every letter as wide, so a line in capitals, set wider, sits off the centre a line in
 * lower case sits on (a label "A1.1 MONITORAGGIO DI" over "RECLAMI PERIODICO", 2.5 characters apart).
 * Action F1 over the pdftotext copies (8 per seed) of seeds 1522022843, 1221797090 and 1116812090:
 * 0.720 / 0.714 / 0.772 at 2, 0.721 / 0.726 / 0.773 at 3 (structure 0.869 / 0.943 / 0.914 at 2,
 * 0.877 / 0.933 / 0.914 at 3).
 */
export const CENTRE_DRIFT = COLUMN_DRIFT + 1;

/** Columns are at least this many characters apart: what the copy writes between two cells. */
const COLUMN_GAP = 2;

/**
 * A line is looked at against the runs of this many lines above and below it: a table's columns hold
 * text on most of its lines (the actions' column on nearly every one), and three lines reach past the
 * blank line a title or a header leaves under it, while another table of the page is farther.
 */
const NEAR_LINES = 3;

/**
 * A first word that opens an entry whether or not it would have fitted on the line above: a
 * capitalised word (an action's first word), or a word of capitals and figures (an identifier, as a
 * numbered entry opens with), which the capitals of a wrapped label in capitals do not hold.
 */
const OPENING_WORD = /^\p{Lu}(?:\p{Ll}|\p{Lu}*\d)/u;

/** A decision of a named rule on a run of the copy, for the trace (layoutCopyTrace). */
export type CopyDecision =
  | {
      readonly rule: "open-bracket" | "bracketed-line" | "centre-drift";
      readonly line: number;
      readonly column: number;
      /** The entry's text so far, which the run goes on. */
      readonly onto: string;
    }
  | {
      readonly rule: "capitals-width";
      readonly line: number;
      readonly column: number;
      /** What of the run was measured as its column's. */
      readonly measured: string;
    };

/** How many brackets a text leaves open: "(" not closed after it. */
function openBrackets(text: string): number {
  let open = 0;
  for (const char of text) {
    if (char === "(") open++;
    else if (char === ")" && open > 0) open--;
  }
  return open;
}

/** Whether a text closes a bracket it did not open. */
function closesForeignBracket(text: string): boolean {
  let open = 0;
  for (const char of text) {
    if (char === "(") open++;
    else if (char === ")" && open-- === 0) return true;
  }
  return false;
}

/**
 * What of a run stands for its column's width (rule capitals-width): a run opening in words in capitals
 * (one at least, not counting a label's code) that goes on, after one space, in a word in lower case
 * or a code of capitals and figures (after its first word, its own code) holds two cells, a label in capitals filled to its column's edge and the next column's text or
 * code, which the copy wrote one space after it: only the capitals are its column's. Any other run is
 * its column's whole.
 */
export function columnText(text: string): string {
  const words = text.split(" ");
  const rest = words.findIndex(
    (word, index) => /\p{Ll}/u.test(word) || (index > 0 && /^\p{Lu}+\d/u.test(word)),
  );
  const capitals = words.slice(0, Math.max(0, rest));
  return capitals.some((word) => /^[^\p{Ll}\d]*\p{Lu}{2}[^\p{Ll}\d]*$/u.test(word))
    ? capitals.join(" ")
    : text;
}

/** How wide a text is set, in the copy's characters, capitals counted wider. */
function setWidth(text: string): number {
  let width = 0;
  for (const char of text) width += /\p{Lu}/u.test(char) ? CAPITAL_WIDTH : 1;
  return width;
}

/**
 * For each run, the run that starts the entry it belongs to (itself when it starts one). A run goes on
 * with the run above it in its column (between the same two column starts, sharing its left edge, or
 * its centre when the column's text is centred) when nothing else lies between them there, no other
 * column starts an entry beside it after a gap, and it starts in lower case or would not have fitted
 * on the line above (capitals and other signs; a capitalised word starts an entry).
 */
export function entryStarts(
  runs: readonly Run[],
  columns: readonly ColumnStart[],
  trace: CopyDecision[] = [],
): Map<Run, Run> {
  const starts = new Map<Run, Run>();
  // Each entry's text so far, by the run that starts it.
  const texts = new Map<Run, string>();
  const edges = columns.map((column) => column.x);
  const slotOf = (run: Run) => edges.filter((x) => x <= run.column + COLUMN_DRIFT).length;
  const widthOf = columnWidths(runs, columns, trace);
  // Runs by line, each line's left to right: a run is compared with the few lines above it only.
  const byLine = new Map<number, Run[]>();
  for (const run of [...runs].sort((p, q) => p.column - q.column)) {
    const line = byLine.get(run.line);
    if (line) line.push(run);
    else byLine.set(run.line, [run]);
  }
  const linesBetween = (from: number, to: number) =>
    [...Array(Math.max(0, to - from - 1)).keys()].flatMap((step) => byLine.get(from + 1 + step) ?? []);
  for (const line of [...byLine.keys()].sort((p, q) => p - q)) {
    const onLine = byLine.get(line) ?? [];
    for (const run of onLine) {
      starts.set(run, run);
      texts.set(run, run.text);
      const sameEdge = (other: Run) =>
        (slotOf(other) === slotOf(run) && Math.abs(other.column - run.column) <= COLUMN_DRIFT) ||
        Math.abs(centre(other) - centre(run)) <= COLUMN_DRIFT;
      const sameColumn = (other: Run) =>
        sameEdge(other) || Math.abs(centre(other) - centre(run)) <= CENTRE_DRIFT;
      let above: Run | undefined;
      for (let step = 1; step <= MAX_WRAP_STEP && !above; step++) {
        above = byLine.get(line - step)?.find(sameColumn);
      }
      if (!above) continue;
      const left = Math.min(above.column, run.column);
      const right = Math.max(end(above), end(run));
      if (linesBetween(above.line, line).some((other) => other.column < right && end(other) > left)) continue;
      const leftStarts = onLine.some((other) => other.column < run.column && starts.get(other) === other);
      if (leftStarts && line - above.line > 1) continue;
      const firstWord = /^\S+/.exec(run.text)?.[0] ?? "";
      const fitted = setWidth(above.text) + 1 + setWidth(firstWord) <= widthOf(above);
      const entry = starts.get(above) ?? above;
      const onto = texts.get(entry) ?? above.text;
      // Rule open-bracket: a line closing a bracket its entry above left open goes on with it,
      // whatever its first word (a header cell's "(Macro" and "Processi)" on lines of their own).
      const closing = openBrackets(onto) > 0 && closesForeignBracket(run.text);
      // Rule bracketed-line: a line opening with a bracket goes on with the entry above, though it
      // would have fitted there as measured: an entry opens with a word, and the copy's widths are
      // estimates (an action's last words in brackets, set on a line of their own).
      const bracketed = run.text.startsWith("(");
      const byWords = /^\p{Ll}/u.test(run.text) || (!fitted && !OPENING_WORD.test(run.text));
      if (!byWords && !closing && !bracketed) continue;
      if (!byWords) {
        const rule = closing ? "open-bracket" : "bracketed-line";
        trace.push({ rule, line: run.line, column: run.column, onto });
      }
      if (!sameEdge(above)) trace.push({ rule: "centre-drift", line: run.line, column: run.column, onto });
      starts.set(run, entry);
      texts.set(entry, `${onto} ${run.text}`);
    }
  }
  return starts;
}

function end(run: Run): number {
  return run.column + run.length;
}

function centre(run: Run): number {
  return run.column + run.length / 2;
}

/**
 * How wide a column is, seen from a run of it: the widest, as set, of the lines that share the run's
 * left edge (within COLUMN_DRIFT) when it starts at one of the page's column starts, or else its left
 * edge or its centre (text centred in its cell), and that stay within their column. A line does not when a
 * run of another column, on a line nearby (NEAR_LINES), starts within it or within a gap of its end:
 * a title over the header, a line that runs on into the next column. Measured from the runs around
 * it, not from the page's column starts: a page may hold tables laid out to their own widths.
 */
function columnWidths(runs: readonly Run[], columns: readonly ColumnStart[], trace: CopyDecision[]) {
  const byLine = groupBy(runs, (run) => run.line);
  const crossesColumn = (run: Run) => {
    for (let near = run.line - NEAR_LINES; near <= run.line + NEAR_LINES; near++) {
      const crossed = byLine
        .get(near)
        ?.some(
          (other) =>
            other.column > run.column + COLUMN_DRIFT &&
            other.column < end(run) + COLUMN_GAP &&
            Math.abs(centre(other) - centre(run)) > COLUMN_DRIFT,
        );
      if (crossed) return true;
    }
    return false;
  };
  const byLeft = new Map<number, number>();
  const byCentre = new Map<number, number>();
  const widen = (widths: Map<number, number>, at: number, width: number) =>
    widths.set(at, Math.max(widths.get(at) ?? 0, width));
  for (const run of runs) {
    if (crossesColumn(run)) continue;
    const measured = columnText(run.text);
    if (measured !== run.text) {
      trace.push({ rule: "capitals-width", line: run.line, column: run.column, measured });
    }
    const width = setWidth(measured);
    widen(byLeft, run.column, width);
    widen(byCentre, Math.round(centre(run)), width);
  }
  const widest = (widths: Map<number, number>, at: number) => {
    let width = 0;
    for (let near = at - COLUMN_DRIFT; near <= at + COLUMN_DRIFT; near++) {
      width = Math.max(width, widths.get(near) ?? 0);
    }
    return width;
  };
  return (run: Run) =>
    startNear(columns, run.column) !== null
      ? widest(byLeft, run.column)
      : Math.max(widest(byLeft, run.column), widest(byCentre, Math.round(centre(run))));
}
