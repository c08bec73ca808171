import { describe, expect, it } from "vitest";
import { completeFromCells, completeFromHeaderText } from "../pipeline/extract/pdf/tables/stream/columns.js";
import { fillRows, streamRegions, textHeaderRows } from "../pipeline/extract/pdf/tables/stream/regions.js";
import type { LayoutFill, LayoutItem, LayoutPage } from "../pipeline/schema/layout.js";

const FONT_SIZE = 10;

const fill = (x0: number, x1: number, y0: number, y1: number): LayoutFill => ({ x0, x1, y0, y1 });

/** A header's shaded cells: one fill per cell, side by side between `edges`. */
const headerFills = (edges: readonly number[], y0: number, y1: number): LayoutFill[] =>
  edges.slice(1).map((right, index) => fill(edges[index] as number, right, y0, y1));

const item = (text: string, x0: number, y0: number): LayoutItem => ({
  text,
  x0,
  y0,
  x1: x0 + text.length * 5,
  y1: y0 + FONT_SIZE,
  fontSize: FONT_SIZE,
  angle: 0,
});

/**
 * Table rows from `top` (numbered from `first`, so that no row repeats another's text), one action a row at `actionX` (words of different lengths, so that their
 * widths differ), and a label every fourth row at each of `labelXs`.
 */
function tableItems(
  labelXs: readonly number[],
  actionX: number,
  top: number,
  rows: number,
  first = 0,
): LayoutItem[] {
  return Array.from({ length: rows }, (_, index) => {
    const row = first + index;
    const y = top + index * 16;
    const action = item(`Action ${"x".repeat(row % 12)} ${row}`, actionX, y);
    const labels =
      row % 4 === 0
        ? labelXs.map((x, level) => item(`Label ${level}.${row} ${"y".repeat(row % 5)}`, x, y))
        : [];
    return [action, ...labels];
  }).flat();
}

/**
 * A header printed without shading at `top`: each cell's words centred on `centres`, the first
 * three cells on two lines (a header row of two lines, as the corpus's producers print one).
 */
function headerItems(centres: readonly number[], top: number): LayoutItem[] {
  const words = [["Level", "(one group)"], ["Two", "(rows)"], ["Third", "level"], ["Actions"]];
  return centres.flatMap((centre, cell) =>
    (words[cell] ?? ["Cell"]).map((text, line) =>
      item(text, centre - (text.length * 5) / 2, top + line * 12),
    ),
  );
}

const page = (number: number, items: LayoutItem[], fills: LayoutFill[] = []): LayoutPage => ({
  number,
  width: 600,
  height: 800,
  items,
  rules: [],
  fills,
});

describe("stream table regions (issue 15)", () => {
  it("fillRows: shaded cells side by side are a header row; a header on two lines is one, with the finer line's edges", () => {
    const edges = [40, 120, 200, 300, 560];
    expect(fillRows(headerFills(edges, 50, 70), 1)).toEqual([{ top: 50, edges }]);
    // A first line with the label columns merged, then one with a cell per column, right under it.
    const twoLines = [...headerFills([40, 300, 560], 50, 65), ...headerFills(edges, 65, 80)];
    expect(fillRows(twoLines, 1)).toEqual([{ top: 50, edges }]);
  });

  it("fillRows: a shaded totals row of two cells, or fills that do not meet, are no header", () => {
    expect(fillRows(headerFills([40, 300, 560], 300, 315), 1)).toEqual([]);
    expect(fillRows([fill(40, 100, 50, 70), fill(130, 200, 50, 70), fill(230, 300, 50, 70)], 1)).toEqual([]);
  });

  it("completeFromCells: a header cell where alignment found no column gets one at the cells' padding", () => {
    const edges = [40, 120, 200, 300, 560];
    // Alignment found the outer label column, the inner one and the actions: not the level between.
    const found = [
      { x: 44, support: 5 },
      { x: 204, support: 7 },
      { x: 304, support: 40 },
    ];
    expect(completeFromCells(found, edges, 2)).toEqual([
      { x: 44, support: 5 },
      { x: 124, support: 3 },
      { x: 204, support: 7 },
      { x: 304, support: 40 },
    ]);
  });

  it("completeFromCells: of two columns found in one header cell the busier stays; without a header nothing changes", () => {
    const edges = [40, 120, 300];
    const found = [
      { x: 44, support: 5 },
      { x: 124, support: 30 },
      { x: 131, support: 4 },
    ];
    expect(completeFromCells(found, edges, 2)).toEqual([
      { x: 44, support: 5 },
      { x: 124, support: 30 },
    ]);
    expect(completeFromCells(found, [], 2)).toEqual(found);
  });

  it("textHeaderRows: a header's lines, printed again at each table, are one header with its line of the most cells", () => {
    const centres = [100, 200, 330, 480];
    const pages = [
      page(1, [...headerItems(centres, 40), ...tableItems([60, 160], 300, 80, 8)]),
      page(2, [...headerItems(centres, 40), ...tableItems([60, 160], 300, 80, 8, 8)]),
    ];
    const [first] = textHeaderRows(pages, FONT_SIZE);
    expect(first).toHaveLength(1);
    expect(first?.[0]?.top).toBe(40);
    expect(first?.[0]?.bottom).toBe(62);
    expect(first?.[0]?.edges).toEqual(centres);
    // Printed once, the same lines are no header: body rows are not printed again whole.
    expect(textHeaderRows([pages[0] as LayoutPage], FONT_SIZE)).toEqual([[]]);
  });

  it("textHeaderRows: a line printed again that overlaps the header (a staggered cell) is the header's", () => {
    const centres = [100, 200, 330, 480];
    // A cell of one line set a little higher than the header's lines beside it, as browsers centre it.
    const staggered = (top: number) => [...headerItems(centres, top), item("Band", 20, top - 4)];
    const pages = [
      page(1, [...staggered(40), ...tableItems([60, 160], 300, 80, 8)]),
      page(2, [...staggered(40), ...tableItems([60, 160], 300, 80, 8, 8)]),
    ];
    const [first] = textHeaderRows(pages, FONT_SIZE);
    expect(first?.map((row) => [row.top, row.bottom])).toEqual([[36, 62]]);
    // A heading printed again above the header, a line apart, stays out of it.
    const headed = (top: number) => [...headerItems(centres, top), item("Heading", 20, top - 20)];
    const withHeading = [page(1, headed(40)), page(2, headed(40))];
    expect(textHeaderRows(withHeading, FONT_SIZE)[0]?.map((row) => row.top)).toEqual([40]);
  });

  it("textHeaderRows: header lines a staggered line bridges are one header, however far apart their cells' lines", () => {
    // One cell's line 16 above the others' (1.6 font sizes), a staggered cell's two lines between them.
    const header = (top: number) => [
      item("Level", 95, top),
      item("Two", 195, top),
      item("Third", 325, top),
      item("Actions", 470, top),
      item("Macro-", 20, top + 8),
      item("Processes", 20, top + 20),
      item("(one)", 95, top + 26),
      item("(rows)", 195, top + 26),
      item("level", 325, top + 26),
    ];
    const pages = [
      page(1, [...header(40), ...tableItems([60, 160], 300, 90, 8)]),
      page(2, [...header(40), ...tableItems([60, 160], 300, 90, 8, 8)]),
    ];
    const [first] = textHeaderRows(pages, FONT_SIZE);
    expect(first?.map((row) => [row.top, row.bottom, row.cells.length])).toEqual([[40, 76, 4]]);
  });

  it("streamRegions: a header that opens its page in the last header's wording goes on with its table, wherever its cells", () => {
    // A layout copy sets each page's columns afresh: the same table's header moves at each page.
    const first = [100, 200, 330, 480];
    const moved = [112, 218, 342, 500];
    const pages = [
      page(1, [item("Title", 20, 10), ...headerItems(first, 40), ...tableItems([60, 160], 300, 80, 30)]),
      page(2, [...headerItems(moved, 10), ...tableItems([72, 172], 312, 50, 30, 30)]),
    ];
    const regions = streamRegions(pages, FONT_SIZE);
    expect(regions.models).toHaveLength(1);
    expect(regions.partsByPage.get(2)?.map((part) => part.region)).toEqual([0]);
    // The same header under rows of the page (a new table mid-page) starts a region.
    const midPage = [
      pages[0] as LayoutPage,
      page(2, [
        ...tableItems([60, 160], 300, 10, 10, 30),
        ...headerItems(moved, 200),
        ...tableItems([72, 172], 312, 240, 30, 40),
      ]),
    ];
    expect(
      streamRegions(midPage, FONT_SIZE)
        .partsByPage.get(2)
        ?.map((part) => part.region),
    ).toEqual([0, 1]);
  });

  it("header-continues: a header that opens its page in one of the last header's lines goes on with its table", () => {
    // A layout copy sets a header's staggered lines apart as each page's baselines fall: the second
    // page's header shows the first line of the others' two (its second line joined otherwise).
    const wording = [["Level", "(one group)"], ["Two", "(rows)"], ["Third", "level"], ["Actions"]];
    const header = (centres: readonly number[], top: number, second: boolean) =>
      centres.flatMap((centre, cell) =>
        (wording[cell] ?? [])
          .slice(0, second ? 2 : 1)
          .map((text, line) => item(text, centre - (text.length * 5) / 2, top + line * 12)),
      );
    const first = [100, 200, 330, 480];
    const moved = [112, 218, 342, 500];
    const pages = [
      page(1, [item("Title", 20, 10), ...header(first, 40, true), ...tableItems([60, 160], 300, 80, 30)]),
      page(2, [...header(moved, 10, false), ...tableItems([72, 172], 312, 50, 30, 30)]),
      page(3, [...header(first, 10, true), ...tableItems([60, 160], 300, 50, 30, 60)]),
    ];
    const [, second] = textHeaderRows(pages, FONT_SIZE);
    expect(second?.map((row) => row.wording)).toEqual(["Level\tTwo\tThird\tActions"]);
    const regions = streamRegions(pages, FONT_SIZE);
    expect(regions.models).toHaveLength(1);
    for (const number of [2, 3])
      expect(regions.partsByPage.get(number)?.map((part) => [part.region, part.pageTop])).toEqual([
        [0, true],
      ]);
  });

  it("textHeaderRows: a repeated line of two cells (a totals row, a page heading) is no header", () => {
    const totals = [item("Total", 60, 300), item("12", 300, 300)];
    const pages = [page(1, totals), page(2, totals)];
    expect(textHeaderRows(pages, FONT_SIZE)).toEqual([[], []]);
  });

  it("streamRegions: a header printed without shading at each function's table starts a region where its cells move", () => {
    const first = [100, 200, 330, 480];
    const second = [110, 240, 380, 520];
    const pages = [
      page(1, [...headerItems(first, 40), ...tableItems([60, 160], 300, 80, 30)]),
      page(2, [
        ...headerItems(first, 40),
        ...tableItems([60, 160], 300, 80, 10, 30),
        ...headerItems(second, 260),
        ...tableItems([70, 200], 350, 300, 30, 40),
      ]),
    ];
    const regions = streamRegions(pages, FONT_SIZE);
    expect(regions.models.map((model) => model.action?.x)).toEqual([300, 350]);
    expect(regions.partsByPage.get(2)?.map((part) => [part.region, part.pageTop])).toEqual([
      [0, true],
      [1, false],
    ]);
  });

  it("completeFromHeaderText: a header cell no found column serves gets one from the text under it", () => {
    // A band (left of every header cell), the macro-processes' labels (one function's: too few to
    // align), the processes' and the actions.
    const cells = [
      { x0: 130, x1: 190 },
      { x0: 250, x1: 300 },
      { x0: 420, x1: 460 },
    ];
    const box = (x0: number, x1: number, y0: number) => ({ x0, x1, y0, y1: y0 + 10 });
    const boxes = [
      box(40, 90, 0),
      box(40, 80, 20),
      box(40, 150, 40),
      box(120, 200, 0),
      box(120, 170, 12),
      box(230, 330, 0),
      box(230, 290, 40),
      box(400, 500, 0),
    ];
    const found = [
      { x: 40, support: 3 },
      { x: 230, support: 3 },
      { x: 400, support: 20 },
    ];
    expect(completeFromHeaderText(found, cells, boxes, 2)).toEqual([
      { x: 40, support: 3 },
      { x: 120, support: 2 },
      { x: 230, support: 3 },
      { x: 400, support: 20 },
    ]);
    // Found label columns centred: the new one is centred on the labels under its cell.
    const centred = [
      { x: 40, support: 3 },
      { x: 230, support: 3, centre: 275 },
      { x: 400, support: 20 },
    ];
    expect(completeFromHeaderText(centred, cells, [...boxes, box(135, 185, 60)], 2)).toContainEqual({
      x: 120,
      support: 3,
      centre: 160,
    });
    // Without a header, nothing changes.
    expect(completeFromHeaderText(found, [], boxes, 2)).toEqual(found);
    // A centred header over a wide column of short entries: the column's long entry reaches past the
    // header's text, and the chunks of long entries under it make no column of their own.
    const wide = [
      { x0: 130, x1: 190 },
      { x0: 250, x1: 300 },
      { x0: 600, x1: 640 },
    ];
    const actions = [
      box(400, 480, 0),
      box(400, 470, 12),
      box(400, 700, 24),
      box(605, 700, 36),
      box(605, 690, 48),
      box(605, 650, 60),
    ];
    expect(completeFromHeaderText(found, wide, [...boxes.slice(0, 7), ...actions], 2)).not.toContainEqual(
      expect.objectContaining({ x: 605 }),
    );
  });

  it("streamRegions: without shaded headers a document is one region, whatever its pages' columns", () => {
    const pages = [
      page(1, tableItems([40, 120], 300, 40, 30)),
      page(2, tableItems([40, 150], 350, 40, 30, 30)),
    ];
    const regions = streamRegions(pages, FONT_SIZE);
    expect(regions.models).toHaveLength(1);
    expect([1, 2].map((number) => regions.partsByPage.get(number)?.map((part) => part.region))).toEqual([
      [0],
      [0],
    ]);
  });

  it("streamRegions: a shaded header whose cells differ from the one before starts a region mid-page; a repeated one does not", () => {
    const first = [30, 110, 290, 560];
    const second = [30, 140, 340, 560];
    const pages = [
      page(1, tableItems([40, 120], 300, 60, 40), headerFills(first, 40, 56)),
      page(
        2,
        [...tableItems([40, 120], 300, 60, 10), ...tableItems([40, 150], 350, 260, 30)],
        [...headerFills(first, 40, 56), ...headerFills(second, 240, 256)],
      ),
    ];
    const regions = streamRegions(pages, FONT_SIZE);
    // Each region's actions where its own header's last cell is, not the document's busiest column.
    expect(regions.models.map((model) => model.action?.x)).toEqual([300, 350]);
    const parts = regions.partsByPage.get(2) ?? [];
    expect(parts.map((part) => [part.region, part.pageTop])).toEqual([
      [0, true],
      [1, false],
    ]);
    // The part under the second header holds only what lies below it.
    expect(Math.min(...(parts[1]?.page.items ?? []).map((each) => each.y0))).toBeGreaterThanOrEqual(240);
  });
});
