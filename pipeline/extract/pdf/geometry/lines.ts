import { maxOf, median, minOf } from "../../../arrays.js";
import { groupBy } from "../../../group-by.js";
import type { LayoutItem } from "../../../schema/layout.js";
import { collapse } from "../../whitespace.js";
import { CHUNK_GAP, SAME_BASELINE, SAME_LINE, WORD_GAP } from "../settings.js";
import { type Box, unionBox } from "./box.js";

/**
 * A box seen in the reading frame of text at `angle`: `along` runs in the reading direction, `across`
 * from one line to the next. Upright text: along = x, across = y. Text at 90° (read bottom to top):
 * along = -y, across = x, so its lines follow each other left to right.
 */
interface Frame {
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

export function centre(frame: Frame): number {
  return (frame.across0 + frame.across1) / 2;
}

export function makeLine(angle: number, parts: TextLine["parts"]): TextLine {
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

/**
 * Splits chunks where a neighbouring line of the same paragraph breaks: two cells set end to end along
 * one reading direction (the turned bands of two short functions, one after the other down the band
 * column) may come closer than CHUNK_GAP on one line — as close as a word space — while the next line,
 * as long as theirs or shorter, shows the break between them clearly. A chunk is cut between two of its
 * items where a line beside it (its centre within `pitch` of its font sizes across) has one chunk ending before the gap
 * and the next starting after it, farther apart than CHUNK_GAP: a paragraph's own lines run on across
 * their neighbours' word spaces. Both chunks must lie beside the line (overlap it along the reading
 * direction): a gap that starts or ends beyond the line's ends is the space between other cells, not
 * a break in its paragraph (round-trip seed 490419533: a band on two lines between two one-line bands
 * of the functions before and after, whose gap spans it whole, was cut at a word space of each line).
 */
export function splitAtNeighbourBreaks(lines: readonly TextLine[], pitch: number): TextLine[] {
  const breaks = (line: TextLine) =>
    lines
      .filter(
        (other) =>
          other.angle === line.angle &&
          Math.abs(centre(other.frame) - centre(line.frame)) > SAME_BASELINE * line.fontSize &&
          Math.abs(centre(other.frame) - centre(line.frame)) <= pitch * line.fontSize,
      )
      .sort((p, q) => p.frame.along0 - q.frame.along0)
      .flatMap((other, index, beside) => {
        const next = beside
          .slice(index + 1)
          .find(
            (later) => Math.abs(centre(later.frame) - centre(other.frame)) <= SAME_BASELINE * line.fontSize,
          );
        const brokenBeside =
          next !== undefined &&
          next.frame.along0 - other.frame.along1 > CHUNK_GAP * line.fontSize &&
          other.frame.along1 > line.frame.along0 &&
          next.frame.along0 < line.frame.along1;
        return brokenBeside ? [{ from: other.frame.along1, to: next.frame.along0 }] : [];
      });
  return lines.flatMap((line) => {
    const cuts = breaks(line);
    if (cuts.length === 0) return [line];
    const pieces: TextLine["parts"][number][][] = [];
    for (const part of line.parts) {
      const piece = pieces.at(-1);
      const last = piece?.at(-1);
      const cut =
        last !== undefined &&
        cuts.some((gap) => gap.from <= part.frame.along0 && gap.to >= last.frame.along1);
      if (piece && !cut) piece.push(part);
      else pieces.push([part]);
    }
    return pieces.map((parts) => makeLine(line.angle, parts));
  });
}

export function centreY(line: TextLine): number {
  return (line.box.y0 + line.box.y1) / 2;
}

/**
 * Whether a line is figures alone (a count, a total): labels and actions are words, while a totals
 * row prints its counts at the columns' edges, where they would pass for one-word labels and an action,
 * or for the rest of a cell a page break cut.
 */
export function isFigure(line: TextLine): boolean {
  return /^[\d.,\s]+$/u.test(line.text) && /\d/u.test(line.text);
}
