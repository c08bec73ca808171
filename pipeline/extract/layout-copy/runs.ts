/*
 * A layout copy's text as runs on a character grid: a run is text with one space at most between its
 * words, at the character column it starts at. `pdftotext -layout` places each text block of the page
 * on that grid on its own, so a column of the table starts a character or two apart from block to
 * block.
 */

import type { ColumnStart } from "../pdf/tables/stream/columns.js";

/** A run of text on a page of the copy: its line (0-based on the page), the column it starts at, its length, in code points. */
export interface Run {
  readonly line: number;
  readonly column: number;
  readonly length: number;
  readonly text: string;
}

/** Two spaces or more end a run: a copy writes one space between words and pads columns with more. */
const RUN = /\S+(?: \S+)*/g;

/**
 * A column's text starts up to this many characters apart from one text block of the page to another:
 * seen on `pdftotext -layout` copies of the producers' corpus (seeds 1116812090, 99, 7), where one
 * column's starts on a page mostly spread over two characters either side (some blocks drift further,
 * up to six), while two columns of a table are ten characters apart or more. Runs within it of a
 * column start are set on it (action F1 over those copies, when it was added: 0.619 without, 0.625 with).
 */
export const COLUMN_DRIFT = 2;

/** A column's start is shared by at least this many runs of a page (as the PDF stream reader asks of a column). */
const MIN_COLUMN_RUNS = 3;

/** A line's runs of text, with the character column each starts at (code points, not UTF-16 units). */
export function runsOf(text: string, line = 0): Run[] {
  const runs: Run[] = [];
  // Columns counted on from the previous run, so that a long line costs its length, not its length squared.
  let column = 0;
  let counted = 0;
  for (const match of text.matchAll(RUN)) {
    column += codePoints(text.slice(counted, match.index));
    runs.push({ line, column, length: codePoints(match[0]), text: match[0] });
    counted = match.index;
  }
  return runs;
}

export function codePoints(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

/**
 * A page's column starts: the busiest start first, each taking the starts within COLUMN_DRIFT of it
 * that no busier one took, kept when at least MIN_COLUMN_RUNS runs start there.
 */
export function columnStarts(runs: readonly Run[]): ColumnStart[] {
  const counts = new Map<number, number>();
  for (const run of runs) counts.set(run.column, (counts.get(run.column) ?? 0) + 1);
  const taken = new Set<number>();
  const starts: ColumnStart[] = [];
  for (const [column] of [...counts].sort((p, q) => q[1] - p[1] || p[0] - q[0])) {
    if (taken.has(column)) continue;
    const near: number[] = [];
    for (let at = column - COLUMN_DRIFT; at <= column + COLUMN_DRIFT; at++) {
      if (!taken.has(at) && counts.has(at)) near.push(at);
    }
    const support = near.reduce((sum, at) => sum + (counts.get(at) ?? 0), 0);
    if (support < MIN_COLUMN_RUNS) continue;
    for (const at of near) taken.add(at);
    starts.push({ x: column, support });
  }
  return starts.sort((p, q) => p.x - q.x);
}

/**
 * A column's text comes within one space of the next column's when its cell is filled to the edge, and
 * the copy writes one space between the two, as between words: a run that starts at a page's column
 * start is cut where one of its words starts at another column start, at the very character where a
 * run of the line above or below starts too (pdftotext lays out a table's neighbouring lines as one
 * block, on one grid), when that start is one of left-aligned text: its runs' centres spread over more
 * than COLUMN_DRIFT. A header cell's words stacked on lines of their own (a level, its name split at a
 * hyphen) share a start only by being centred on one centre, and the table's first line, one space
 * from where the last of them starts, is not cut there. A title spanning the
 * table is left whole, as the lines around it do not start runs where its words fall, and so is a line
 * of text centred in its cell, which starts at no column start: another line of it may start where one
 * of its words does.
 */
export function splitAtColumns(runs: readonly Run[], starts: readonly ColumnStart[]): Run[] {
  const startsByLine = new Map<number, Set<number>>();
  for (const run of runs)
    startsByLine.set(run.line, (startsByLine.get(run.line) ?? new Set()).add(run.column));
  const startedBeside = (column: number, line: number) =>
    startsByLine.get(line - 1)?.has(column) || startsByLine.get(line + 1)?.has(column);
  // The centres of the runs at each start: left-aligned entries spread them, centred ones share one.
  const centresAt = new Map<number, { least: number; most: number }>();
  for (const run of runs) {
    const start = startNear(starts, run.column);
    if (start === null) continue;
    const centre = run.column + run.length / 2;
    const known = centresAt.get(start);
    centresAt.set(start, {
      least: Math.min(known?.least ?? centre, centre),
      most: Math.max(known?.most ?? centre, centre),
    });
  }
  const leftAligned = (start: number) => {
    const centres = centresAt.get(start);
    return centres !== undefined && centres.most - centres.least > COLUMN_DRIFT;
  };
  const cutsAt = (start: number | null, column: number, line: number) =>
    start !== null && leftAligned(start) && startedBeside(column, line);
  return runs.flatMap((run) => {
    let own = startNear(starts, run.column);
    if (own === null) return [run];
    const pieces: Run[] = [];
    let piece = { column: run.column, words: [] as string[] };
    let column = run.column;
    for (const word of run.text.split(" ")) {
      const start = piece.words.length > 0 ? startNear(starts, column) : null;
      if (start !== own && cutsAt(start, column, run.line)) {
        pieces.push(runOf(run.line, piece.column, piece.words.join(" ")));
        piece = { column, words: [] };
        own = start;
      }
      piece.words.push(word);
      column += codePoints(word) + 1;
    }
    pieces.push(runOf(run.line, piece.column, piece.words.join(" ")));
    return pieces;
  });
}

function runOf(line: number, column: number, text: string): Run {
  return { line, column, length: codePoints(text), text };
}

/** The column start a character column belongs to, within COLUMN_DRIFT, or null. */
export function startNear(starts: readonly ColumnStart[], column: number): number | null {
  let best: number | null = null;
  for (const { x: start } of starts) {
    if (
      Math.abs(start - column) <= COLUMN_DRIFT &&
      (best === null || Math.abs(start - column) < Math.abs(best - column))
    ) {
      best = start;
    }
  }
  return best;
}
