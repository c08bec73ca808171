import { describe, expect, it } from "vitest";
import { readingLines, type TextLine } from "../pipeline/extract/pdf/geometry/lines.js";
import { splitAtColumns } from "../pipeline/extract/pdf/tables/stream/columns.js";
import { labelColumn, labelContinuations } from "../pipeline/extract/pdf/tables/stream/page.js";
import { item } from "./support/layout-item.js";

/** One line of 10-point text made of the given items. */
const line = (...items: Parameters<typeof item>[]): TextLine =>
  readingLines(items.map((each) => item(...each)))[0] as TextLine;

/** Two columns of centred labels (edges 20 and 100, centres 60 and 140), then the actions at 200. */
const columns = [
  { x: 20, support: 5, centre: 60 },
  { x: 100, support: 5, centre: 140 },
  { x: 200, support: 9 },
];

describe("rule centred-column-split: cells run together are split where a centred column's text starts", () => {
  it("splits where the next centred column's text starts after a word space", () => {
    // A capital label filling its column, 8 points short of the next label's first line, centred on 140.
    const chunk = line(["CONVENZIONI E", 22, 0, 98, 10], ["CONTABILITÀ", 106, 0, 174, 10]);
    expect(splitAtColumns(chunk, columns, 1).map((each) => each.text)).toEqual([
      "CONVENZIONI E",
      "CONTABILITÀ",
    ]);
  });

  it("keeps a label's own words that start where a centred column's text may start but are not centred on it", () => {
    // Round-trip seed 198620027 (Courier 9 pt): "PER" starts between the second column's edge and its
    // centre, but what it starts runs on past the centre, far from centred on it.
    const chunk = line(["PUBBLICAZIONE", 22, 0, 98, 10], ["PER IL SPORTELLO", 103, 0, 190, 10]);
    expect(splitAtColumns(chunk, columns, 1)).toEqual([chunk]);
  });

  it("splits a word run over the next column's text", () => {
    // A word wider than its cell overflows into the next, over that cell's centred line.
    const chunk = line(["ISTITUZIONALE", 21, 0, 120, 10], ["SUPPORTO", 108, 0, 172, 10]);
    expect(splitAtColumns(chunk, columns, 1).map((each) => each.text)).toEqual(["ISTITUZIONALE", "SUPPORTO"]);
  });

  it("splits a centred word wider than its cell, run out of it on both sides, from the next cell's text", () => {
    // Centred on 140, the second column's centre, starting left of its edge (100).
    const chunk = line(["PREDISPOSIZIONE", 90, 0, 190, 10], ["NELLE", 200.5, 0, 230, 10]);
    expect(splitAtColumns(chunk, columns, 1).map((each) => each.text)).toEqual(["PREDISPOSIZIONE", "NELLE"]);
  });

  it("keeps one cell's words, and the pieces a kerning split leaves, together", () => {
    // Words a space apart within the first column; a word split into touching items in the second.
    expect(splitAtColumns(line(["DELLA", 30, 0, 55, 10], ["SEDE", 58, 0, 80, 10]), columns, 1)).toHaveLength(
      1,
    );
    expect(
      splitAtColumns(line(["Veri", 110, 0, 128, 10], ["fica", 128, 0, 146, 10]), columns, 1),
    ).toHaveLength(1);
  });
});

describe("rule label-continuation: a centred label's lines that start at no column go on with it", () => {
  const columnOf = (chunk: TextLine) =>
    Math.max(0, columns.filter((column) => column.x <= chunk.box.x0 + 1).length - 1);
  const first = line(["A GESTIONE PER IL", 20, 0, 100, 10]);

  it("chains lines a line pitch below a label line of their column, overlapping it", () => {
    const second = line(["SEDE DIGITALE", 35, 12, 85, 22]);
    const third = line(["E ALBO", 48, 24, 72, 34]);
    const found = labelContinuations([third, second], [first], columnOf, 1.5);
    expect(found.get(second)).toBe(first);
    expect(found.get(third)).toBe(second);
  });

  it("leaves text a row's padding below, in another column, or beside the label", () => {
    const belowPadding = line(["Totale", 30, 18, 60, 28]);
    const otherColumn = line(["PROCESSO", 99.5, 12, 170, 22]);
    const sameLine = line(["2", 70, 0, 75, 10]);
    expect(labelContinuations([belowPadding, otherColumn, sameLine], [first], columnOf, 1.5).size).toBe(0);
  });
});

describe("labelColumn: a label line's column", () => {
  const columnAt = (x: number) => Math.max(0, columns.filter((column) => column.x <= x + 1).length - 1);
  it("is the centred column it is centred on, though it starts in the column before", () => {
    expect(labelColumn(line(["PREDISPOSIZIONE", 90, 0, 190, 10]), columns, 1, columnAt)).toBe(1);
    expect(labelColumn(line(["SEDE", 30, 0, 60, 10]), columns, 1, columnAt)).toBe(0);
    // A left-aligned column starting inside a centred one's range keeps its lines, whatever their centre.
    const overlapping = [{ x: 20, support: 5, centre: 80 }, { x: 50, support: 5 }, ...columns.slice(2)];
    const startAt = (x: number) => Math.max(0, overlapping.filter((column) => column.x <= x + 1).length - 1);
    expect(labelColumn(line(["ATTIVITÀ E DEI", 50, 0, 110, 10]), overlapping, 1, startAt)).toBe(1);
  });
});
