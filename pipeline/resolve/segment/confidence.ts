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

/** The confidence a margin gives: the chosen reading's weight against the best other's, to three decimals. */
export function marginConfidence(margin: number): number {
  return Math.round(1000 / (1 + Math.exp(-margin / MARGIN_TEMPERATURE))) / 1000;
}

/**
 * Rule `segment-margins`, in the resolver: a row placed under its label by geometry is as sure as the
 * segmentation that put it there. Each placement whose action cell carries a margin (a stream table's
 * row) takes that margin's confidence; the others (rows delimited by rules, fills or markup) keep theirs.
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
      : { ...placement, confidence: Math.min(placement.confidence, marginConfidence(cell.margin)) };
  });
}
