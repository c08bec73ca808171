/**
 * Deliberately degraded readings of a clean tab-separated copy (`makeAnnexText`), worse than any
 * viewer's copy: lines out of order, cells run together, cells one per line. For the verdict's
 * calibration and tests. The damage real copies carry is damaged-copy.ts's. Each function is
 * deterministic for a seed; the hierarchy the copy came from stays its truth.
 */

import { seededRandom } from "./seeded-random.js";

const TAB = "\t";

const linesOf = (text: string): string[] => text.replace(/\n$/, "").split("\n");
const joined = (lines: readonly string[]): string => `${lines.join("\n")}\n`;

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
