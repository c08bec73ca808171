import { describe, expect, it } from "vitest";
import { resolve } from "../pipeline/resolve/index.js";
import { assignLabelBlocks } from "../pipeline/resolve/segment/blocks.js";
import { estimatedCells } from "../pipeline/resolve/segment/cells.js";
import { marginConfidence, withSegmentMargins } from "../pipeline/resolve/segment/confidence.js";
import { placeLabels } from "../pipeline/resolve/segment/place.js";
import { segmentRows } from "../pipeline/resolve/segment/programme.js";
import type { Span } from "../pipeline/resolve/segment/span.js";
import { MARGINS_RULE } from "../pipeline/resolve/verdict/placement.js";
import type { Grid } from "../pipeline/schema/grid.js";
import { BAND_A, row, textGrid } from "./support/text-copy.js";

/** Rule `segment-margins`: how sure the segmentation engine is of each row's label, and what the verdict makes of it. */

const span = (top: number, bottom: number): Span => ({ top, bottom });
/** Rows of text 9 points tall, 14 apart; font size 10. */
const rowsOf = (count: number) =>
  Array.from({ length: count }, (_, index) => span(index * 14, index * 14 + 9));
const FONT = 10;

/** The plan of labels read as centred on their blocks, over `count` rows. */
function middlePlan(count: number, labels: ReturnType<typeof span>[]) {
  const rows = rowsOf(count);
  const [plan] =
    assignLabelBlocks(rows, estimatedCells(rows, [], 0), labels, FONT, new Set(), false, ["middle"], true) ??
    [];
  return plan;
}

describe("segment-margins in the block programme", () => {
  it("a label centred on its block leaves every row a margin of about a font size or more", () => {
    // Centred on rows 0-3 and on rows 4-5 (cells' centres 25.5 and 67.5).
    const plan = middlePlan(6, [span(21, 30), span(63, 72)]);
    expect(plan?.starts).toEqual([0, 4]);
    for (const margin of plan?.margins ?? []) expect(margin).toBeGreaterThan(0.9);
    // Rows a boundary move would reach have the smallest margins, rows far from one larger ones.
    const margins = plan?.margins ?? [];
    expect(margins[0]).toBeGreaterThan(margins[3] as number);
  });

  it("labels centred between two readings leave the rows between them a margin near nothing", () => {
    // The first label is centred half-way between rows 0-2 (18.5) and rows 0-3 (25.5), the second
    // half-way between rows 3-5 (60.5) and rows 4-5 (67.5): row 3 could go to either.
    const plan = middlePlan(6, [span(17.5, 26.5), span(59.5, 68.5)]);
    const margins = plan?.margins ?? [];
    expect(margins[3]).toBeLessThan(0.05);
    expect(margins[0]).toBeGreaterThan(0.5);
    expect(margins[5]).toBeGreaterThan(0.5);
  });

  it("no margins are worked out unless asked for", () => {
    const rows = rowsOf(3);
    const [plan] = assignLabelBlocks(rows, estimatedCells(rows, [], 0), [span(0, 9)], FONT) ?? [];
    expect(plan?.margins).toBeUndefined();
  });
});

describe("segment-margins in the programme, whatever the costs", () => {
  it("row order alone (a label's run priced by how far it begins from where it is printed)", () => {
    // Labels printed at rows 0 and 3 of 6; a run beginning a row away from its label costs 1.
    const printed = [0, 3];
    const plan = segmentRows(
      {
        rows: 6,
        labels: 2,
        blockCost: (index, first) => Math.abs(first - (printed[index] as number)),
        leadingCost: (start) => (start === 0 ? 0 : Number.POSITIVE_INFINITY),
      },
      true,
    );
    expect(plan.starts).toEqual([0, 3]);
    // Rows 2 and 3, either side of the cut, go to the other label by moving it one row, rows 1 and 4
    // by two; row 0 never (nothing comes before the first label here), nor the last row, always the
    // last label's.
    expect(plan.margins).toEqual([Number.POSITIVE_INFINITY, 2, 1, 1, 2, Number.POSITIVE_INFINITY]);
  });
});

describe("segment-margins across alignments", () => {
  // Top-aligned with row 3, the second label is also centred on rows 2-4: top and middle read row 2 apart.
  const rows = rowsOf(5);
  const labels = [
    { ...span(0, 9), col: 3 },
    { ...span(42, 51), col: 3 },
  ];

  it("a row another alignment would read otherwise is as sure as that alignment came behind", () => {
    const close = placeLabels(rows, labels, FONT, "top", { top: 0, middle: 2, bottom: 100 }, false);
    expect(close.labels.map((placed) => placed.first)).toEqual([0, 3]);
    const margins = close.rowMargins.get(3) ?? [];
    expect(margins[2]).toBeCloseTo(0.2);
    expect(margins[0]).toBeGreaterThan(1);
    // The label whose block holds the doubtful row has that margin too.
    expect(close.labels[0]?.margin).toBeCloseTo(0.2);
  });

  it("an alignment far behind over the document casts no doubt", () => {
    const far = placeLabels(rows, labels, FONT, "top", { top: 0, middle: 100, bottom: 100 }, false);
    expect(far.rowMargins.get(3)?.[2]).toBeGreaterThan(1);
  });
});

describe("segment-margins in the resolver and the verdict", () => {
  it("a margin becomes a confidence: a tie 0.5, growing with the margin", () => {
    expect(marginConfidence(0)).toBe(0.5);
    expect(marginConfidence(0.2)).toBeLessThan(0.6);
    expect(marginConfidence(1)).toBeGreaterThan(0.85);
    expect(marginConfidence(5)).toBe(1);
  });

  const LINES = [
    "Allegato: l'articolazione dei processi",
    row("", "LIV 1", "LIV 2", "LIV 3", "LIV 4"),
    row(
      BAND_A,
      "A1: GESTIONE DOCUMENTALE",
      "A1.1 PROTOCOLLO",
      "A1.1.1 Protocollazione in arrivo",
      "Registrazione della posta",
    ),
    row("", "", "", "", "Scansione dei documenti cartacei"),
    row("", "", "", "A1.1.2 Archiviazione corrente", "Fascicolazione delle pratiche"),
    row("", "", "", "", "Conservazione dei fascicoli"),
    row("", "", "", "", "Scarto dei fascicoli"),
  ];

  /** The copy read as a stream PDF's grid would be: exact rows, each action cell with `margin`. */
  async function streamGrid(margin: (text: string) => number | undefined): Promise<Grid> {
    const grid = await textGrid(LINES);
    return {
      ...grid,
      format: "pdf",
      placement: "exact",
      rows: grid.rows.map((gridRow) => ({
        ...gridRow,
        cells: gridRow.cells.map((cell) => {
          const value = margin(cell.paragraphs.join(" "));
          return value === undefined ? cell : { ...cell, margin: value };
        }),
      })),
    };
  }

  it("a placement takes its action cell's confidence; cells without a margin keep theirs", async () => {
    const grid = await streamGrid((text) => (text === "Scansione dei documenti cartacei" ? 0.1 : undefined));
    const { items } = resolve(grid);
    const order = (text: string) => items.find((item) => item.text === text)?.order ?? -1;
    const placements = [
      {
        order: order("Scansione dei documenti cartacei"),
        code: "A1.1.1",
        rowCode: "A1.1.1",
        confidence: 1,
        why: "",
      },
      { order: order("Scarto dei fascicoli"), code: "A1.1.2", rowCode: "A1.1.2", confidence: 1, why: "" },
    ];
    const [doubtful, sure] = withSegmentMargins(placements, items, grid);
    expect(doubtful?.confidence).toBe(marginConfidence(0.1));
    expect(sure?.confidence).toBe(1);
  });

  it("placement-margins flags a stream PDF whose rows were a near-tie, not one whose rows were clear", async () => {
    const doubtful = resolve(await streamGrid((text) => (/fascicoli/.test(text) ? 0.05 : 3)));
    expect(doubtful.reading.reasons.map((reason) => reason.rule)).toContain(MARGINS_RULE);
    expect(doubtful.reading.verdict).not.toBe("reliable");
    const clear = resolve(await streamGrid(() => 3));
    expect(clear.reading.reasons.map((reason) => reason.rule)).not.toContain(MARGINS_RULE);
    expect(clear.reading.verdict).toBe("reliable");
  });
});
