import { describe, expect, it } from "vitest";
import { functionBounds } from "../pipeline/resolve/function-bounds.js";

/**
 * Rule `totals-closes-function` on positions alone: labels' functions and where they are printed,
 * totals rows' positions, counted in cells of actions.
 */

describe("functionBounds", () => {
  it("begins a function where its label is printed when no totals row is near", () => {
    const bounds = functionBounds(["P", "P", "Q"], [0, 3, 6], [], 3);
    expect(bounds.pinnedAt).toEqual([null, null, null]);
    expect([5, 6].map(bounds.functionOfUnit)).toEqual(["P", "Q"]);
  });

  it("begins a function right after the totals row its label was printed late below", () => {
    // Q's first label printed at 7, two cells after P's totals row at 5.
    const bounds = functionBounds(["P", "P", "Q", "Q"], [0, 2, 7, 9], [5], 3);
    expect(bounds.pinnedAt).toEqual([null, null, 5, null]);
    expect([4, 5, 6, 7].map(bounds.functionOfUnit)).toEqual(["P", "Q", "Q", "Q"]);
  });

  it("ends a function at its totals row when the next one's label was printed early above it", () => {
    // Q's first label printed at 4, one cell before P's totals row at 5; Q goes on past it.
    const bounds = functionBounds(["P", "Q", "Q"], [0, 4, 8], [5], 3);
    expect(bounds.pinnedAt).toEqual([null, 5, null]);
    expect(bounds.functionOfUnit(4)).toBe("P");
  });

  it("leaves alone a totals row that closes the next function itself, or lies beyond the drift", () => {
    // Q has one label, at 4; the totals row at 6 is Q's own. R's label is four cells from the row at 10.
    const bounds = functionBounds(["P", "Q", "R"], [0, 4, 14], [6, 10], 3);
    expect(bounds.pinnedAt).toEqual([null, null, null]);
    expect([3, 4, 13, 14].map(bounds.functionOfUnit)).toEqual(["P", "Q", "Q", "R"]);
  });
});
