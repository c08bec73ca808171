import { maxOf, minOf } from "../../arrays.js";
import { PADDING_QUANTILE } from "./costs.js";
import type { LabelSpan, Span } from "./span.js";

/**
 * Where rows' cells begin and end. A run of rows reaches as far as its text and any label that
 * overlaps those rows' text and no other's, when centred on it (within `tolerance`) or reaching past
 * several rows' text at both ends (a label of an outer column only when the labels nested in it,
 * those of the columns to its right by `depth`, beside those rows touch no other): the cell that made
 * the rows as tall as they are. A label alone in a gap centred on a row widens that row. Two rows
 * share the gap between them by how far each is stretched (see below); the outer edges are a cell
 * padding out.
 */
export function estimatedCells(
  rows: readonly Span[],
  labels: readonly LabelSpan[],
  tolerance: number,
  depth: (label: LabelSpan) => number = () => 0,
): Span[] {
  const overlaps = (p: Span, q: Span) => p.top < q.bottom && q.top < p.bottom;
  const middle = (span: Span) => (span.top + span.bottom) / 2;
  const extents = rows.map((row) => ({ top: row.top, bottom: row.bottom }));
  const innermost = Math.max(0, maxOf(labels.map(depth)));
  for (const label of labels) {
    const overlapped = rows.flatMap((row, index) => (overlaps(label, row) ? [index] : []));
    const beside =
      overlapped.length > 0
        ? overlapped
        : rows.flatMap((row, index) => (Math.abs(middle(label) - middle(row)) <= tolerance ? [index] : []));
    const first = beside[0];
    const last = beside.at(-1);
    if (first === undefined || last === undefined) continue;
    const run = { top: (rows[first] as Span).top, bottom: (rows[last] as Span).bottom };
    const centred = Math.abs(middle(label) - middle(run)) <= tolerance;
    // Turned text (a band) runs along a whole function's rows, whatever their heights: it reaches past
    // the rows beside it without having made them tall. A label beside one row that made it tall is
    // centred on it; one that reaches past a single row's text in both directions is centred on a
    // larger block whose other rows it does not touch.
    // An outer label stretches its rows only when its block is those rows: the labels nested in it,
    // beside those rows or beside the label itself, touch no row outside them (blocks nest). A
    // macro-process's label that ends in the gap above its last sub-process's row is told by that
    // sub-process's process label, beside both; a band shorter than its function's rows, centred on
    // the middle ones it happens to reach, by the labels beside it that go on past them.
    const nestedInRun = () =>
      labels
        .filter((inner) => depth(inner) > depth(label))
        .map((inner) => ({
          inner,
          touched: rows.flatMap((row, index) => (overlaps(inner, row) ? [index] : [])),
        }))
        .filter(
          ({ inner, touched }) =>
            overlaps(inner, label) || touched.some((index) => index >= first && index <= last),
        )
        .every(({ touched }) => touched.every((index) => index >= first && index <= last));
    const covers = !label.turned && last > first && label.top < run.top && label.bottom > run.bottom;
    if (!centred && !covers) continue;
    if (depth(label) !== innermost && !nestedInRun()) continue;
    const upper = extents[first] as { top: number; bottom: number };
    const lower = extents[last] as { top: number; bottom: number };
    upper.top = Math.min(upper.top, label.top);
    lower.bottom = Math.max(lower.bottom, label.bottom);
  }
  // Two rows meet where their stretch puts them: text sits in the middle of its cell, so a row spaces
  // its text from both its edges alike, by at most half the narrower of its text's gaps; the gap between
  // two rows is shared in that proportion (halfway when they are alike). Its text's, not its extent's:
  // an outer label that stretched a block widens only its first and last rows' extents, at one end,
  // while their text stays in the middle of their cells (round-trip seed 728566586: the last row of a
  // process whose long label stretched its rows took the gap above it from the row before, and a
  // sub-process centred on that row's cell was read one row higher).
  const gaps = rows.slice(1).map((row, index) => Math.max(0, row.top - (rows[index] as Span).bottom));
  const reach = extents.map((_, index) => {
    const around = [gaps[index - 1], gaps[index]].filter((gap): gap is number => gap !== undefined);
    return around.length > 0 ? minOf(around) / 2 : 0;
  });
  const meets = extents.slice(1).map((row, index) => {
    const upper = extents[index] as Span;
    const share = (reach[index] as number) + (reach[index + 1] as number);
    const part = share > 0 ? (reach[index] as number) / share : 1 / 2;
    return upper.bottom + (row.top - upper.bottom) * part;
  });
  // The cells' padding, for the outer edges: a narrow half gap between rows (the lower quartile), since
  // rows stretched by a label in another column leave wider gaps than their padding, and rows whose
  // extents a label widened may leave none.
  const halfGaps = extents
    .slice(1)
    .map((row, index) => Math.max(0, (row.top - (extents[index] as Span).bottom) / 2))
    .sort((p, q) => p - q);
  const padding = halfGaps[Math.floor(PADDING_QUANTILE * (halfGaps.length - 1))] ?? 0;
  return extents.map((row, index) => ({
    top: meets[index - 1] ?? row.top - padding,
    bottom: meets[index] ?? row.bottom + padding,
  }));
}
