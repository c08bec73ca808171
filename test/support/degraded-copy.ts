/**
 * The damage real text copies of an annex carry, applied to a clean tab-separated copy
 * (`makeAnnexText`), and deliberately degraded copies: for the verdict's calibration and tests.
 * Each function is deterministic for a seed; the hierarchy the copy came from stays its truth.
 */

import { seededRandom } from "./seeded-random.js";

const TAB = "\t";

const linesOf = (text: string): string[] => text.replace(/\n$/, "").split("\n");
const joined = (lines: readonly string[]): string => `${lines.join("\n")}\n`;

/** The copy's column headings ("LIV 1", "MACRO-PROCESSI", "Tema (Macro Processi)"…), over the band's empty cell. */
const HEADING = /^(liv\b|macro|tema\b)/i;
/** A body row of the copy: band, LIV1..LIV3 and the action, in five cells. */
const isBodyRow = (cells: readonly string[]): boolean =>
  cells.length === 5 && (cells[4] ?? "") !== "" && !HEADING.test(cells[1] ?? "");
const isActionOnly = (cells: readonly string[]): boolean =>
  isBodyRow(cells) && cells.slice(0, 4).every((c) => c === "");

/**
 * Labels drifting rows: some label cells land one or two rows below their own, as a viewer's copy of
 * merged cells centred on their rows gives them. `share` of the labels drift.
 */
export function driftLabels(text: string, seed: number, share = 0.4): string {
  const random = seededRandom(seed);
  const rows = linesOf(text).map((line) => line.split(TAB));
  for (let r = rows.length - 1; r >= 0; r -= 1) {
    const row = rows[r] as string[];
    if (!isBodyRow(row)) continue;
    for (const col of [1, 2, 3]) {
      if ((row[col] ?? "") === "" || random() >= share) continue;
      const shift = random() < 0.7 ? 1 : 2;
      const target = rows[r + shift];
      if (!target || !isActionOnly(target)) continue;
      target[col] = row[col] as string;
      row[col] = "";
    }
  }
  return joined(rows.map((cells) => cells.join(TAB)));
}

/** Several actions in one cell: `share` of the action rows run into the row above, in its cell. */
export function mergeActionCells(text: string, seed: number, share = 0.3): string {
  const random = seededRandom(seed);
  const out: string[][] = [];
  for (const cells of linesOf(text).map((line) => line.split(TAB))) {
    const previous = out.at(-1);
    if (previous && isBodyRow(previous) && isActionOnly(cells) && random() < share) {
      previous[4] = `${previous[4]} ${cells[4]}`;
    } else out.push(cells);
  }
  return joined(out.map((cells) => cells.join(TAB)));
}

/** Lost leading columns: the empty cells at the start of each row are not copied. */
export function dropLeadingColumns(text: string): string {
  return joined(linesOf(text).map((line) => line.replace(/^\t+/, "")));
}

/**
 * Page headers in the middle: the copy's own heading and header rows repeated `times` times at random
 * body rows, as a page break copied inside a function gives them.
 */
export function repeatPageHeaders(text: string, seed: number, times = 3): string {
  const random = seededRandom(seed);
  const lines = linesOf(text);
  // The first header row (its first cell, over the band, is empty), under the page's heading.
  const headerStart = lines.findIndex((line) => /^(LIV|Tema)/i.test(line.split(TAB)[1] ?? ""));
  const header = headerStart > 0 ? lines.slice(headerStart - 1, headerStart + 2) : [];
  if (header.length === 0) return text;
  for (let n = 0; n < times; n += 1) {
    const at = headerStart + 2 + Math.floor(random() * (lines.length - headerStart - 2));
    lines.splice(at, 0, ...header);
  }
  return joined(lines);
}

/**
 * A copy whose lines lost their order: shuffled within windows of `window` lines (by default the
 * whole copy, as a reader that took a page's text in the order it was drawn gives it).
 */
export function shuffleLines(text: string, seed: number, window = Number.POSITIVE_INFINITY): string {
  const random = seededRandom(seed);
  const lines = linesOf(text);
  for (let start = 0; start < lines.length; start += window) {
    const end = Math.min(lines.length, start + window);
    for (let i = end - 1; i > start; i -= 1) {
      const j = start + Math.floor(random() * (i - start + 1));
      [lines[i], lines[j]] = [lines[j] as string, lines[i] as string];
    }
  }
  return joined(lines);
}

/** A reader setting switched off: the cells of each row run together, one space between them. */
export function withoutCellBreaks(text: string): string {
  return joined(linesOf(text).map((line) => line.split(TAB).filter(Boolean).join(" ")));
}

/** A copy in reading order, as `pdftotext` without -layout gives it: every cell on a line of its own. */
export function cellsInReadingOrder(text: string): string {
  return joined(linesOf(text).flatMap((line) => line.split(TAB).filter(Boolean)));
}
