import type { Grid } from "../../schema/grid.js";
import type { Item } from "../../schema/rows.js";
import type { Placement } from "../place.js";

/**
 * Temperature, in font sizes of misfit, turning a row's segmentation margin (GridCell.margin) into
 * the confidence of its action's placement, as the text copies' margins are turned (place.ts): the
 * chosen reading against the best other, weighted exp(−margin / temperature). A margin of one
 * temperature gives 0.73, of two 0.88; confidences under LOW_CONFIDENCE (0.6), which rule
 * `placement-margins` counts, are margins under 0.41 of it.
 */
export const MARGIN_TEMPERATURE = 0.5;

/**
 * The line pitch of a layout copy's character grid, in font sizes (extract/layout-copy.ts reads a copy
 * at a nominal size of 10 and a pitch of 12). Such a copy rounds every text line to a whole line, and
 * the blank lines between rows are the converter's guess: two readings whose misfits differ by less
 * than a line are not told apart by what the page printed. A margin measured on that grid keeps only
 * what exceeds one line. Calibration (`npm run calibrate`): the layout copies whose placements' margins
 * were all sure (0.999) read at F1 0.69 (seed 2) and, held out, 0.80 (seed 102, reliable); with the
 * line taken off, their doubt comes to 12.5 % and 5 % of their actions; every other layout copy,
 * already unreliable on other grounds, keeps its verdict.
 */
export const CHARACTER_GRID_LINE = 1.2;

/**
 * The margin a cell's segmentation margin vouches for on the page: all of it where the reader measured
 * it on a page's geometry, what exceeds one line on a text copy's character grid (the only text grid
 * whose rows carry margins).
 */
export function marginOnPage(margin: number, format: Grid["format"]): number {
  return format === "text" ? Math.max(0, margin - CHARACTER_GRID_LINE) : margin;
}

/** The confidence a margin gives: the chosen reading's weight against the best other's, to three decimals. */
export function marginConfidence(margin: number): number {
  return Math.round(1000 / (1 + Math.exp(-margin / MARGIN_TEMPERATURE))) / 1000;
}

/**
 * Rule `segment-margins`, in the resolver: a row placed under its label by geometry is as sure as the
 * segmentation that put it there. Each placement whose action cell carries a margin (a stream table's
 * row) takes that margin's confidence (as far as the page shows it: marginOnPage); the others (rows
 * delimited by rules, fills or markup) keep theirs.
 */
export function withSegmentMargins(
  placements: readonly Placement[],
  items: readonly Item[],
  grid: Grid,
): Placement[] {
  const byOrder = new Map(items.map((item) => [item.order, item]));
  return placements.map((placement) => {
    const item = byOrder.get(placement.order);
    const cell = item ? grid.rows[item.row]?.cells.find((c) => c.col === item.col) : undefined;
    return cell?.margin === undefined
      ? placement
      : {
          ...placement,
          confidence: Math.min(
            placement.confidence,
            marginConfidence(marginOnPage(cell.margin, grid.format)),
          ),
        };
  });
}
