import { describe, expect, it } from "vitest";
import { labelsApartFromActions } from "../pipeline/extract/pdf/tables/stream/page.js";
import { estimatedCells } from "../pipeline/resolve/segment/cells.js";

/** How an unruled page is cut into tables. */
describe("stream tables on a page", () => {
  it("table-without-actions: sub-process labels set apart from every action row by other text", () => {
    // Round-trip seed -290622072, as spans: a function's two empty sub-processes under the page's
    // header (a line at 80), its totals row at 140, then the next function's actions from 150.
    const header = 80;
    const totals = 140;
    const first = { top: 90, bottom: 100 };
    const second = { top: 110, bottom: 130 };
    const actions = [
      { top: 150, bottom: 160 },
      { top: 165, bottom: 175 },
    ];
    expect(labelsApartFromActions([first, second], actions, [header, totals])).toEqual([first, second]);
    // Without the totals row between them and the actions, they are the next table's opening labels.
    expect(labelsApartFromActions([first, second], actions, [header])).toEqual([]);
    // Nothing above them on the page: they may be a cell the page break cut, or a header cell.
    expect(labelsApartFromActions([first, second], actions, [totals])).toEqual([]);
    // Between two tables, apart from both; a label beside an action row never is.
    const between = { top: 180, bottom: 190 };
    const later = [{ top: 210, bottom: 220 }];
    expect(labelsApartFromActions([between], [...actions, ...later], [177, 200])).toEqual([between]);
    expect(labelsApartFromActions([between], [...actions, ...later], [177])).toEqual([]);
    expect(labelsApartFromActions([{ top: 160, bottom: 170 }], actions, [header, totals, 200])).toEqual([]);
  });

  it("estimatedCells: rows an outer label stretched share their gaps by their text's, not their extents'", () => {
    // Rows 1 and 2 were stretched to hold a process's label (40 to 180) centred on them: their cells
    // are 40-110 and 110-180, each text in the middle of its own. Row 3 follows closely. The label
    // widens row 1's extent upwards and row 2's downwards; by their extents row 2 left itself no room
    // below (4 points to row 3) and would have met row 1 at 133, by their text at 118.
    const span = (top: number, bottom: number) => ({ top, bottom });
    const rows = [span(0, 10), span(70, 80), span(140, 150), span(184, 194)];
    const cells = estimatedCells(rows, [span(40, 180)], 1);
    expect(cells[1]?.top).toBeCloseTo(25, 0);
    expect(cells[1]?.bottom).toBeCloseTo(80 + (60 * 30) / 47, 3);
  });
});
