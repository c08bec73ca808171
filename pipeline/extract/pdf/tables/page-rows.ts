import { minOf } from "../../../arrays.js";
import { groupBy } from "../../../group-by.js";
import type { Alignment } from "../../../resolve/segment/alignment.js";
import type { Box } from "../geometry/box.js";
import { centreY, type TextLine } from "../geometry/lines.js";
import { LOOSE_WRAP_PITCH, SAME_LINE } from "../settings.js";

export interface DraftCell {
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
  /** The box the cell's rules draw (rule to rule), when rules draw it: where its lines could have run. */
  readonly ruled?: Box;
  /** How sure the reading is of the label over the cell's row (GridCell.margin); absent when rules or fills say. */
  readonly margin?: number;
  /** The page its text is on, when not its row's (a cell a page break cut, its text printed below the break: `page-cut-cell`). */
  readonly page?: number;
  /** A stream label's own alignment in its block, when not the document's (rule `label-alignment`): for the trace. */
  readonly alignment?: Alignment;
  /** A stream label whose column was placed after the columns to its right (rule `column-order`): for the trace. */
  readonly innerFirst?: true;
  /** What rule `empty-row-owner` made of the rows added beside a stream label's block: for the trace. */
  readonly emptyRowOwner?: EmptyRowOwner;
  /** A stream label of a table without actions (rule `table-without-actions`, or a page without any): for the trace. */
  readonly withoutActions?: true;
  /** How many of a stream label's lines rule `label-continuation` read with it: for the trace. */
  readonly continuedLines?: number;
}

/**
 * Rule `empty-row-owner` (resolve/segment/costs.ts) on a sub-process's label: its block is only rows
 * added for labels beside empty action cells (`own row`: an empty sub-process), or holds such rows at
 * its edges that it is not measured by (`not measured`).
 */
export type EmptyRowOwner = "own row" | "not measured";

export interface PageRow {
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
export function looseRows(chunks: readonly TextLine[], columnAt: (x: number) => number): PageRow[] {
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
