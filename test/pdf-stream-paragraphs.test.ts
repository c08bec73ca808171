import { describe, expect, it } from "vitest";
import { readingLines, type TextLine } from "../pipeline/extract/pdf/geometry/lines.js";
import { completeFromLeadingText, streamModel } from "../pipeline/extract/pdf/tables/stream/model.js";
import {
  cellSpans,
  joinPitchOf,
  labelJoinPitchOf,
  lineHeightOf,
  paragraphCells,
  placementOverRows,
  type StreamRow,
  spanOf,
  widestLinePitch,
  wrappedLinePitch,
} from "../pipeline/extract/pdf/tables/stream/rows.js";
import type { LayoutItem } from "../pipeline/schema/layout.js";
import { item } from "./support/layout-item.js";

// Unruled tables whose actions are paragraphs of one cell per sub-process (issue 15).

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

describe("paragraph-cells", () => {
  /** An action row of `lines` lines 11 points apart, from `top`. */
  const entry = (top: number, lines = 1): StreamRow =>
    spanOf(
      Array.from({ length: lines }, (_, index) =>
        line(index === 0 ? "Action" : "wrapped", 200, top + 11 * index),
      ),
    );
  const label = (top: number, bottom = top + 11) => ({ top, bottom });

  it("actions set as a cell's paragraphs, a padding between cells: a cell per sub-process", () => {
    // Cell one: three actions, the second wrapped, each a line pitch below the last; cell two after a 6-point padding.
    const rows = [entry(0), entry(11, 2), entry(33), entry(50), entry(61)];
    const cells = paragraphCells(rows, 1.1, [label(0), label(50)]);
    expect(cells).toEqual([
      [0, 1, 2],
      [3, 4],
    ]);
    expect(cellSpans(rows, cells)).toEqual([
      { top: 0, bottom: 44 },
      { top: 50, bottom: 72 },
    ]);
    // A row beside an empty action cell stays a cell of its own.
    const empty = { top: 80, bottom: 91, lines: [] };
    expect(paragraphCells([...rows, empty], 1.1, [label(0), label(50), label(80)])).toEqual([
      [0, 1, 2],
      [3, 4],
      [5],
    ]);
  });

  it("rows set without padding, two labels beside one run: a row per action; no pitch, no cells", () => {
    const rows = [entry(0), entry(11), entry(22), entry(33)];
    expect(paragraphCells(rows, 1.1, [label(0), label(11, 33)])).toEqual([[0], [1], [2], [3]]);
    expect(paragraphCells(rows, null, [label(0)])).toEqual([[0], [1], [2], [3]]);
    // Rows a padding apart are each their own cell.
    const padded = [entry(0), entry(17), entry(34)];
    expect(paragraphCells(padded, 1.1, [label(0)])).toEqual([[0], [1], [2]]);
  });

  it("placementOverRows: a label over cells covers their rows, each row with its cell's margin", () => {
    const cells = [[0, 1, 2], [3], [4, 5]];
    const placement = {
      labels: [
        { label: "first", first: 0, last: 1, margin: 2 },
        { label: "second", first: 2, last: 2, margin: 3 },
      ],
      rowMargins: new Map([[3, [2, 1, 3]]]),
    };
    const over = placementOverRows(placement, cells);
    expect(over.labels.map(({ label, first, last }) => [label, first, last])).toEqual([
      ["first", 0, 3],
      ["second", 4, 5],
    ]);
    expect(over.rowMargins.get(3)).toEqual([2, 2, 2, 1, 3, 3]);
  });
});

describe("rounded-pitch", () => {
  it("widestLinePitch: lines set on whole pixels step by two lengths in turn; the longer joins them", () => {
    // 10-point text wrapped 12 and 13 points apart (median 1.2, longest 1.3 font sizes).
    const tops = [0, 12, 25, 37, 49, 62, 74];
    const column = tops.map((top, index) => line(index === 0 ? "Label" : "wrapped", 0, top));
    expect(wrappedLinePitch([column])).toBeCloseTo(1.2);
    expect(widestLinePitch([column])).toBeCloseTo(1.3);
    expect(widestLinePitch([[line("Alone", 0, 0)]])).toBeNull();
    // A label's lines 1.3 apart join (rows at the line pitch: actions as paragraphs), where the
    // median's bound (1.25) would cut every other line off.
    expect(labelJoinPitchOf(1.2, 1.2, null, 1.3)).toBeCloseTo(1.35);
    // Rows a padding apart: half of it over the usual pitch, only the jitter over the longest.
    expect(labelJoinPitchOf(1.5, 1.2, null, 1.3)).toBeCloseTo(1.35);
    expect(labelJoinPitchOf(1.2, 1.2)).toBeCloseTo(1.25);
    // Where the wrapped lines step farther than the rows, the actions' join pitch, as without it.
    expect(labelJoinPitchOf(1.2, 7.2, null, 7.5)).toBeCloseTo(joinPitchOf(1.2, 7.2));
  });
});

describe("stream model of a table whose actions are paragraphs", () => {
  it("rows' usual gap is the gap between the cells, not between a cell's touching paragraphs", () => {
    // Three sub-processes, each a cell of three one-line actions 11 points apart (their boxes touch),
    // cells 8 points apart; labels in two columns, one wrapped in lower case (the line pitch).
    const items: LayoutItem[] = [];
    const starts = [0, 41, 82];
    starts.forEach((top, cell) => {
      items.push(item(`A1.${cell + 1} Sub-process label`, 100, top, 180, top + 11));
      for (let line = 0; line < 3; line++)
        items.push(
          item(
            `Action ${cell}${line} of the cell`,
            200,
            top + 11 * line,
            250 + 10 * line,
            top + 11 * line + 11,
          ),
        );
    });
    items.push(item("A1 Process label", 10, 0, 80, 11), item("wrapped in lower case", 10, 11, 90, 22));
    items.push(item("A2 Second process", 10, 82, 85, 93), item("third label here", 10, 93, 70, 104));
    items.push(item("A3 Third", 10, 120, 50, 131), item("A1.4 Alone", 100, 120, 150, 131));
    items.push(item("Action alone in its cell", 200, 120, 280, 131));
    const page = { number: 1, width: 600, height: 800, items, rules: [], fills: [] };
    const model = streamModel([page], 10);
    expect(model.action?.x).toBeCloseTo(200);
    expect(model.linePitch).toBeCloseTo(1.1);
    // Cells 41 points apart, 33 high: the gap is 8 points (the paragraphs' own gap, 0, without cells).
    expect(model.rowGap).toBeCloseTo(8);
    expect(model.notes.some((note) => note.startsWith("label lines join below"))).toBe(true);
  });
});
