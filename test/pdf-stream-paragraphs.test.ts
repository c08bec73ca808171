import { describe, expect, it } from "vitest";
import { readingLines, type TextLine } from "../pipeline/extract/pdf/geometry/lines.js";
import { completeFromLeadingText } from "../pipeline/extract/pdf/tables/stream/model.js";
import { joinPitchOf, labelJoinPitchOf, lineHeightOf } from "../pipeline/extract/pdf/tables/stream/rows.js";
import type { LayoutItem } from "../pipeline/schema/layout.js";

// Unruled tables whose actions are paragraphs of one cell per sub-process (issue 15).

const item = (text: string, x0: number, y0: number, x1: number, y1: number): LayoutItem => ({
  text,
  x0,
  y0,
  x1,
  y1,
  fontSize: 10,
  angle: 0,
});

/** One line of text 11 points high (a single-spaced line of a 10-point font). */
const line = (text: string, x0: number, top: number, width = 50): TextLine =>
  readingLines([item(text, x0, top, x0 + width, top + 11)])[0] as TextLine;

describe("line-height-pitch", () => {
  it("lineHeightOf: the median height of one-line lines, in font sizes; none without lines", () => {
    expect(lineHeightOf([[line("A", 0, 0), line("B", 0, 11)], [line("C", 0, 40)]])).toBeCloseTo(1.1);
    // A layout copy's item of several lines is no line's height.
    const tall = readingLines([item("Whole entry", 0, 0, 50, 40)])[0] as TextLine;
    expect(lineHeightOf([[tall, line("A", 0, 50)]])).toBeCloseTo(1.1);
    expect(lineHeightOf([])).toBeNull();
  });

  it("labelJoinPitchOf: nothing wrapped, rows single-spaced: a label's lines join at its lines' height", () => {
    // Actions as paragraphs without spacing: rows 1.12 apart, lines 1.107 high; a label's lines 1.10
    // apart join, where the actions' join pitch (0.87) would leave each its own label.
    expect(labelJoinPitchOf(1.12, null, 1.107)).toBeCloseTo(1.157);
    expect(labelJoinPitchOf(1.12, null, 1.107)).toBeGreaterThan(1.1);
    expect(labelJoinPitchOf(1.12, null)).toBeCloseTo(joinPitchOf(1.12, null));
    // Rows a padding apart (1.8): the actions' join pitch already joins more, and stays.
    expect(labelJoinPitchOf(1.8, null, 1.107)).toBeCloseTo(joinPitchOf(1.8, null));
    // Rows closer than their lines are high measure nothing.
    expect(labelJoinPitchOf(0.9, null, 1.107)).toBeCloseTo(joinPitchOf(0.9, null));
    // A wrapped line's pitch, where one shows, is the measure: the height is not asked.
    expect(labelJoinPitchOf(1.11, 1.11, 2)).toBeCloseTo(labelJoinPitchOf(1.11, 1.11));
  });
});

describe("leading-column", () => {
  const columns = [
    { x: 100, support: 5 },
    { x: 200, support: 9 },
  ];

  it("upright text left of every column, beside their entries, is a column of its own", () => {
    const chunks = [
      line("FUNZIONE A", 10, 0, 70),
      line("A1: LABEL", 100, 0),
      line("Action one", 200, 0),
      line("Its name", 10, 11, 40),
      line("Action two", 200, 11),
    ];
    expect(completeFromLeadingText(columns, chunks, 2, 10)).toEqual([{ x: 10, support: 2 }, ...columns]);
  });

  it("a band run together with the first label is cut where the column starts", () => {
    const together = readingLines([
      item("FUNZIONE A", 10, 0, 80, 11),
      item("A1: LABEL", 100, 0, 150, 11),
      item("Action", 200, 0, 250, 11),
    ]).filter((chunk) => chunk.box.x0 < 200);
    const chunks = [
      ...together,
      line("Action", 200, 0),
      line("Its name", 10, 11, 40),
      line("Action two", 200, 11),
    ];
    expect(completeFromLeadingText(columns, chunks, 2, 10)[0]).toEqual({ x: 10, support: 2 });
  });

  it("one line, figures, text beside no entry or running into the columns make no column", () => {
    const beside = (text: string, x0: number, top: number, width: number) => [
      line(text, x0, top, width),
      line("Action", 200, top),
    ];
    // One entry alone is a coincidence.
    expect(completeFromLeadingText(columns, beside("FUNZIONE A", 10, 0, 70), 2, 10)).toEqual(columns);
    // A totals row's count is no entry; the word beside it is one line.
    expect(
      completeFromLeadingText(columns, [...beside("Totale", 10, 0, 30), ...beside("12", 10, 20, 8)], 2, 10),
    ).toEqual(columns);
    // A heading on a line of its own, and a title running across the columns.
    expect(
      completeFromLeadingText(
        columns,
        [
          line("Processi primari", 10, 0, 60),
          line("Heading two", 10, 20, 40),
          ...beside("Title", 10, 40, 300),
        ],
        2,
        10,
      ),
    ).toEqual(columns);
    expect(completeFromLeadingText([], [line("A", 10, 0)], 2, 10)).toEqual([]);
  });
});
