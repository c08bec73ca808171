import { describe, expect, it } from "vitest";
import { readingLines, splitAtNeighbourBreaks, splitChunks } from "../pipeline/extract/pdf/geometry/lines.js";
import { ROTATED_LINE_PITCH } from "../pipeline/extract/pdf/settings.js";
import { item } from "./support/layout-item.js";

/** Turned function bands down the band column: how their text is cut into labels. */
describe("turned bands", () => {
  it("splitAtNeighbourBreaks: a gap between other bands that spans a band whole does not cut it", () => {
    // Round-trip seed 490419533: function C's band on two lines, read bottom to top, between the
    // one-line bands of B above and D below, set on one line between C's two. The gap from B's band
    // to D's spans C's whole band, so C's word spaces lay inside it and C was cut into "C per" and
    // "Cancellazione il convenzioni".
    const column = readingLines([
      item("B one line", 44, 300, 52, 500, 90),
      item("C", 39, 616, 47, 621, 90),
      item("Cancellazione", 39, 549, 47, 610, 90),
      item("per", 49, 614, 57, 628, 90),
      item("il", 49, 600, 57, 608, 90),
      item("convenzioni", 49, 542, 57, 594, 90),
      item("D next", 44, 648, 52, 700, 90),
    ]).flatMap(splitChunks);
    const texts = (lines: readonly { text: string }[]) => lines.map((line) => line.text).sort();
    expect(column).toHaveLength(4);
    expect(texts(splitAtNeighbourBreaks(column, ROTATED_LINE_PITCH))).toEqual(texts(column));
    // The same band with D's set a word space after its first line: the gap beside it still cuts.
    const endToEnd = readingLines([
      item("C", 39, 616, 47, 621, 90),
      item("Cancellazione", 39, 549, 47, 610, 90),
      item("D next", 39, 480, 47, 543, 90),
      item("per", 49, 614, 57, 628, 90),
      item("il", 49, 600, 57, 608, 90),
      item("convenzioni", 49, 560, 57, 594, 90),
      item("ends", 49, 470, 57, 520, 90),
    ]).flatMap(splitChunks);
    expect(splitAtNeighbourBreaks(endToEnd, ROTATED_LINE_PITCH).map((line) => line.text)).toContain("D next");
  });
});
