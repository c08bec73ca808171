import { describe, expect, it } from "vitest";
import { labelsApartFromActions } from "../pipeline/extract/pdf/tables/stream/page.js";

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
});
