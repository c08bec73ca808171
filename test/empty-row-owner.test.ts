import { describe, expect, it } from "vitest";
import type { TextLine } from "../pipeline/extract/pdf/geometry/lines.js";
import { withEmptyRows } from "../pipeline/extract/pdf/tables/stream/page.js";
import type { StreamRow } from "../pipeline/extract/pdf/tables/stream/rows.js";
import { heldRows } from "../pipeline/resolve/segment/costs.js";
import { placeLabels } from "../pipeline/resolve/segment/place.js";
import type { RowSpan } from "../pipeline/resolve/segment/span.js";

const span = (top: number, bottom: number) => ({ top, bottom });
const added = (top: number, bottom: number): RowSpan => ({ top, bottom, empty: true });
const FONT = 7.211;

describe("rule empty-row-owner: a row added for a label is its whole block, or no row", () => {
  it("heldRows: a block is measured by the rows between its first and last that hold actions", () => {
    const rows = [added(0, 9), span(14, 23), added(28, 37), span(42, 51), added(56, 65)];
    expect(heldRows(rows, 0, 4)).toEqual({ first: 1, last: 3 });
    expect(heldRows(rows, 1, 3)).toEqual({ first: 1, last: 3 });
    // A block of added rows only is itself (an empty sub-process).
    expect(heldRows(rows, 0, 0)).toEqual({ first: 0, last: 0 });
    expect(heldRows(rows, 2, 2)).toEqual({ first: 2, last: 2 });
  });

  // The geometry of corpus seed 1522022843, Calc 1389389315, page 1: a sub-process without actions
  // whose label sits alone above the first action (its added row), then one centred on the three
  // actions; actions set at the top of rows of unequal height, so the second label looks centred on
  // the last two as much as on all three. That misfit let the document's labels be learnt as
  // top-aligned (EVIDENCE, summed misfits in points), and a label at the top of a block that its added
  // row begins fits it perfectly.
  const EVIDENCE = { top: 227.3, middle: 367.9, bottom: 1003.1 };
  const actions = [span(124.88, 132.87), span(137.48, 145.47), span(159.68, 167.67)];
  const labels = [
    { col: 3, ...span(108.98, 116.97) },
    { col: 3, ...span(144.67, 160.55) },
    { col: 2, ...span(125.58, 157.35) },
    { col: 1, ...span(125.58, 157.35) },
    { col: 0, ...span(129.57, 153.36) },
  ];
  const blocks = (rows: readonly RowSpan[]) =>
    placeLabels(rows, labels, FONT, "top", { ...EVIDENCE }, false).labels.map((placed) => [
      placed.label.col,
      placed.first,
      placed.last,
    ]);

  it("the label of an empty sub-process keeps its added row alone; the next label takes the actions", () => {
    expect(blocks([added(108.98, 116.97), ...actions])).toEqual([
      [0, 0, 3],
      [1, 0, 3],
      [2, 0, 3],
      [3, 0, 0],
      [3, 1, 3],
    ]);
  });

  it("measured as a row like any other, the added row let its label take the first action", () => {
    expect(blocks([span(108.98, 116.97), ...actions])).toEqual([
      [0, 0, 3],
      [1, 0, 3],
      [2, 0, 3],
      [3, 0, 1],
      [3, 2, 3],
    ]);
  });
});

describe("rule empty-row-owner: a row added where none was", () => {
  it("a label centred on the two rows around its added row takes them, the added row inside its block", () => {
    // Rows spread apart by tall labels elsewhere: the label between rows 1 and 3 got a candidate row.
    const rows = [span(0, 10), span(40, 50), added(56, 74), span(80, 90), span(120, 130)];
    const labels = [
      { col: 3, ...span(0, 10) },
      { col: 3, ...span(56, 74) },
      { col: 3, ...span(120, 130) },
    ];
    const placed = placeLabels(rows, labels, 10, "middle", { middle: 0, top: 99, bottom: 99 }, false);
    expect(placed.labels.map(({ first, last }) => [first, last])).toEqual([
      [0, 0],
      [1, 3],
      [4, 4],
    ]);
  });
});

describe("withEmptyRows: which rows without text may be no row", () => {
  // Only whether a row holds text matters here.
  const line = { text: "Azione" } as unknown as TextLine;
  const row = (top: number, text: boolean): StreamRow => ({
    top,
    bottom: top + 9,
    lines: text ? [line] : [],
  });
  const rows = [row(0, false), row(14, true), row(28, false), row(42, true), row(56, false)];
  const cells = rows.map((_, index) => [index]);
  const marks = (continued: boolean) =>
    withEmptyRows(rows, cells, rows, continued).map((each) => each.empty === true);

  it("between actions, and above the first where the table starts on the page; never below the last", () => {
    expect(marks(false)).toEqual([true, false, true, false, false]);
    // Going on from the page before, a label above the first action may be centred on a cell the
    // page break cut: its row stays a row.
    expect(marks(true)).toEqual([false, false, true, false, false]);
  });
});
