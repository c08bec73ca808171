import { describe, expect, it } from "vitest";
import { assignLabelBlocks } from "../pipeline/resolve/segment/blocks.js";
import { estimatedCells } from "../pipeline/resolve/segment/cells.js";
import { LABEL_ALIGNMENT_COST, ownAlignmentFit } from "../pipeline/resolve/segment/costs.js";
import { placeLabels } from "../pipeline/resolve/segment/place.js";

const span = (top: number, bottom: number) => ({ top, bottom });
const FONT = 10;
/** Seven one-line rows, 14 points apart. */
const rows = [0, 14, 28, 42, 56, 70, 84].map((top) => span(top, top + 9));
const cells = estimatedCells(rows, [], 0);
/** A label top-aligned on rows 0-4, then one centred on rows 5-6 (their cells run 67.5-95.5). */
const mixed = [span(0, 9), span(77, 86)];

describe("rule label-alignment: each label judged by its own alignment", () => {
  it("ownAlignmentFit: the label's best own alignment, at its price; none for turned text", () => {
    const block = { text: span(0, 65), cell: span(-2.5, 67.5) };
    expect(ownAlignmentFit(span(0, 9), block, FONT)).toEqual({
      alignment: "top",
      misfit: LABEL_ALIGNMENT_COST * FONT,
    });
    expect(ownAlignmentFit(span(28, 37), block, FONT)).toEqual({
      alignment: "middle",
      misfit: LABEL_ALIGNMENT_COST * FONT,
    });
    expect(ownAlignmentFit({ ...span(0, 9), turned: true }, block, FONT)).toBeNull();
  });

  it("a top-aligned label in a centred column keeps its block, and the centred label after it its own", () => {
    const [plan] = assignLabelBlocks(rows, cells, mixed, FONT, new Set(), false, ["middle"]) ?? [];
    expect(plan?.starts).toEqual([0, 5]);
    expect(plan?.own).toEqual(["top", null]);
    // What it costs is the rule's price, less than the centred reading that squeezes the first label
    // into row 0 and centres the second on rows 1-6 (a misfit of 28 points).
    expect(plan?.cost).toBeCloseTo(LABEL_ALIGNMENT_COST * FONT);
  });

  it("a column centred throughout reads no label with an alignment of its own", () => {
    const centred = [span(28, 37), span(77, 86)];
    const [plan] = assignLabelBlocks(rows, cells, centred, FONT, new Set(), false, ["middle"]) ?? [];
    expect(plan?.starts).toEqual([0, 5]);
    expect(plan?.own).toEqual([null, null]);
  });

  it("placeLabels says which labels took their own alignment (the trace of `annex debug`)", () => {
    const labels = mixed.map((label) => ({ ...label, col: 0 }));
    const placement = placeLabels(rows, labels, FONT, "middle", { middle: 0, top: 99, bottom: 99 }, false);
    expect(placement.labels.map(({ first, last, ownAlignment }) => [first, last, ownAlignment])).toEqual([
      [0, 4, "top"],
      [5, 6, null],
    ]);
  });
});

describe("rule column-order: one outer misplacement does not spread inward", () => {
  // Six rows; the inner labels are centred on rows 0-1 and 2-5, the outer ones sit between those
  // blocks and rows 0-2 and 3-5, a little nearer the latter.
  const sixRows = rows.slice(0, 6);
  const outer = [span(11, 20), span(53, 62)].map((label) => ({ ...label, col: 0 }));
  const inner = [span(7, 16), span(49, 58)].map((label) => ({ ...label, col: 1 }));
  const evidence = { middle: 0, top: 99, bottom: 99 };

  it("the inner column, placed first, decides the outer blocks when that fits every column better", () => {
    const placement = placeLabels(sixRows, [...outer, ...inner], FONT, "middle", evidence, false);
    expect(placement.labels.map(({ label, first, last }) => [label.col, first, last])).toEqual([
      [0, 0, 1],
      [0, 2, 5],
      [1, 0, 1],
      [1, 2, 5],
    ]);
    expect(placement.labels.every((placed) => placed.innerFirst)).toBe(true);
    // Row 2, which the outer-first reading gives the first label, is as sure as that reading came
    // behind: 20 points of misfit against 8.
    expect(placement.rowMargins.get(1)?.[2]).toBeCloseTo(1.2);
  });

  it("outer to inner stays the reading when the outer labels fit as well as the inner ones", () => {
    const fitting = [span(7, 16), span(49, 58)].map((label) => ({ ...label, col: 0 }));
    const placement = placeLabels(sixRows, [...fitting, ...inner], FONT, "middle", evidence, false);
    expect(placement.labels.map(({ first }) => first)).toEqual([0, 2, 0, 2]);
    expect(placement.labels.some((placed) => placed.innerFirst)).toBe(false);
  });
});
