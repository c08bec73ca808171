import type { ColumnStart } from "../pdf/tables/stream/columns.js";
import type { Run } from "./runs.js";

/*
 * A layout copy keeps the order of a column's lines but not their spacing: the next line of a wrapped
 * cell and the first line of the next cell are both one line down. What tells them apart is what made
 * the line break: a line ends short of its column only where its paragraph ends, so a next line whose
 * first word would have fitted on it starts a new entry, and a next line that goes on in lower case
 * goes on with the entry.
 */

/**
 * A capital letter's width against the copy's character: proportional fonts set capitals about a third
 * wider than the average letter the copy's grid stands for (Liberation Sans and DejaVu Sans, measured
 * on their advance widths: 0.67–0.72 em against 0.5–0.55 em), so a line in capitals fills its column
 * with fewer characters.
 */
const CAPITAL_WIDTH = 1.3;

/**
 * A wrapped line is at most this many lines below the line before it: on the next line of the copy,
 * or the one after when a line of a neighbouring column, vertically centred, falls between the two.
 */
const MAX_WRAP_STEP = 2;

/** Columns are at least this many characters apart: what the copy writes between two cells. */
const COLUMN_GAP = 2;

/** How wide a text is set, in the copy's characters, capitals counted wider. */
function setWidth(text: string): number {
  let width = 0;
  for (const char of text) width += /\p{Lu}/u.test(char) ? CAPITAL_WIDTH : 1;
  return width;
}

/**
 * For each run, the run that starts the entry it belongs to (itself when it starts one). Runs of one
 * column (`columnOf`) follow each other in their entry when nothing else lies between them in that
 * column and the later one starts in lower case or would not have fitted on the earlier one's line
 * (the column as wide as its widest run).
 */
export function entryStarts(runs: readonly Run[], columns: readonly ColumnStart[]): Map<Run, Run> {
  const starts = new Map<Run, Run>();
  const byColumn = new Map<number, Run[]>();
  for (const run of runs) {
    starts.set(run, run);
    const list = byColumn.get(run.column) ?? [];
    list.push(run);
    byColumn.set(run.column, list);
  }
  for (const [column, list] of [...byColumn].sort((p, q) => p[0] - q[0])) {
    list.sort((p, q) => p.line - q.line);
    const next = columns.find((start) => start.x > column + COLUMN_GAP)?.x;
    const room = next === undefined ? 0 : next - column - COLUMN_GAP;
    const width = Math.max(room, ...list.map((run) => setWidth(run.text)));
    const right = column + Math.max(...list.map((run) => run.length));
    list.forEach((run, index) => {
      const above = list[index - 1];
      if (!above || run.line - above.line > MAX_WRAP_STEP) return;
      const between = runs.some(
        (other) =>
          other.line > above.line &&
          other.line < run.line &&
          other.column < right &&
          other.column + other.length > column,
      );
      if (between) return;
      const leftStarts = runs.some(
        (other) => other.line === run.line && other.column < column && starts.get(other) === other,
      );
      if (leftStarts && run.line - above.line > 1) return;
      const firstWord = /^\S+/.exec(run.text)?.[0] ?? "";
      const fitted = setWidth(above.text) + 1 + setWidth(firstWord) <= width;
      if (/^\p{Ll}/u.test(run.text) || (!fitted && !/^\p{Lu}\p{Ll}/u.test(run.text))) {
        starts.set(run, starts.get(above) ?? above);
      }
    });
  }
  return starts;
}
