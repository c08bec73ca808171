import { describe, expect, it } from "vitest";
import { completeFromCells } from "../pipeline/extract/pdf/tables/stream/columns.js";
import { fillRows, streamRegions } from "../pipeline/extract/pdf/tables/stream/regions.js";
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
 * Table rows from `top`, one action a row at `actionX` (words of different lengths, so that their
 * widths differ), and a label every fourth row at each of `labelXs`.
 */
function tableItems(labelXs: readonly number[], actionX: number, top: number, rows: number): LayoutItem[] {
  return Array.from({ length: rows }, (_, row) => {
    const y = top + row * 16;
    const action = item(`Action ${"x".repeat(row % 12)} ${row}`, actionX, y);
    const labels =
      row % 4 === 0
        ? labelXs.map((x, level) => item(`Label ${level}.${row} ${"y".repeat(row % 5)}`, x, y))
        : [];
    return [action, ...labels];
  }).flat();
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

  it("streamRegions: without shaded headers a document is one region, whatever its pages' columns", () => {
    const pages = [page(1, tableItems([40, 120], 300, 40, 30)), page(2, tableItems([40, 150], 350, 40, 30))];
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
