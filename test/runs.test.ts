import { describe, expect, it } from "vitest";
import { cheapestRuns, confidenceOf, type RunPrices, type Window } from "../pipeline/resolve/runs.js";

/**
 * The monotone cut behind `row-segmentation`, on hand-made costs: units (cells) cut into one run per
 * label, each label's run paying for where it begins.
 */

/** Every unit may go to every label; `prefer[u]` is the label unit u leans to, by `pull`. */
function costs(labels: number, prefer: readonly number[], pull: number): Window[] {
  return prefer.map((k) => ({
    start: 0,
    values: Array.from({ length: labels }, (_, j) => (j === k ? -pull : 0)),
  }));
}

/** Every label but the first may begin at any unit of `units`, at the price `opening(j, u)`. */
function anywhere(units: number, labels: number, opening: (j: number, u: number) => number): RunPrices {
  const all = Array.from({ length: units + 1 }, (_, u) => u);
  return { starts: Array.from({ length: labels }, (_, j) => (j === 0 ? [0] : all)), opening };
}

/** A drift prior: free where the label is printed, `price` elsewhere. */
const printedAt = (positions: readonly number[], price: number, units: number) =>
  anywhere(units, positions.length, (j, u) => (u === positions[j] ? 0 : price));

describe("cheapestRuns", () => {
  it("keeps each run where its label is printed when no unit leans elsewhere", () => {
    const { choice } = cheapestRuns(costs(3, [0, 0, 1, 1, 2], 0), printedAt([0, 2, 4], 0.3, 5));
    expect(choice).toEqual([0, 0, 1, 1, 2]);
  });

  it("prices a run that begins three units early once, not once per unit it takes", () => {
    // Label 1 is printed at unit 4; units 1-3 lean to it by 0.15 each: 0.45 against one price of 0.3.
    const { choice } = cheapestRuns(costs(2, [0, 1, 1, 1, 1, 1], 0.15), printedAt([0, 4], 0.3, 6));
    expect(choice).toEqual([0, 1, 1, 1, 1, 1]);
    // One unit leaning by 0.15 does not pay for the move.
    const alone = cheapestRuns(costs(2, [0, 0, 0, 1, 1, 1], 0.15), printedAt([0, 4], 0.3, 6));
    expect(alone.choice).toEqual([0, 0, 0, 0, 1, 1]);
  });

  it("never begins a run where its price is infinite", () => {
    const opening = (j: number, u: number) => (j === 1 && u !== 3 ? Number.POSITIVE_INFINITY : 0);
    const { choice } = cheapestRuns(costs(2, [1, 1, 1, 0, 0], 5), anywhere(5, 2, opening));
    expect(choice).toEqual([0, 0, 0, 1, 1]);
  });

  it("leaves a label's run empty, and closes the labels after the last unit, when that is cheaper", () => {
    // Label 1 has no unit of its own; label 2 is printed after the last unit.
    const { choice } = cheapestRuns(costs(3, [0, 0, 2], 1), printedAt([0, 2, 3], 0.2, 3));
    expect(choice).toEqual([0, 0, 2]);
  });

  it("prices a label's start against where the label before it began: a run of labels shifted alike", () => {
    // Labels printed at 0, 3, 6; label 1 begins a unit early (units 2-4 lean to it strongly), label 2's
    // units lean to it by only 0.1. Shifting alone costs 0.3; following the label before's shift, 0.05.
    const printed = [0, 3, 6];
    const opening = (j: number, u: number, previous: number) => {
      const offset = u - (printed[j] as number);
      const before = previous - (printed[j - 1] as number);
      if (offset === 0) return before === 0 ? 0 : 0.05;
      return offset === before ? 0.05 : 0.3;
    };
    const prefer = [0, 0, 1, 1, 1, 2, 2, 2];
    const pull = [1, 1, 1, 1, 1, 0.1, 0.1, 0.1];
    const cost = prefer.map((k, u) => ({
      start: 0,
      values: [0, 1, 2].map((j) => (j === k ? -(pull[u] as number) : 0)),
    }));
    const all = Array.from({ length: 9 }, (_, u) => u);
    const { choice } = cheapestRuns(cost, { starts: [[0], all, all], opening });
    expect(choice).toEqual([0, 0, 1, 1, 1, 2, 2, 2]);
    // Priced alone, label 2's one unit of weak evidence does not pay for its shift.
    const alone = cheapestRuns(cost, {
      starts: [[0], all, all],
      opening: (j, u) => (u === printed[j] ? 0 : 0.3),
    });
    expect(alone.choice).toEqual([0, 0, 1, 1, 1, 1, 2, 2]);
  });

  it("gives min-marginals whose best is the chosen label, and a confidence that grows with the margin", () => {
    const { choice, marginals } = cheapestRuns(costs(2, [0, 1, 1], 0.4), printedAt([0, 2], 0.3, 3));
    expect(choice).toEqual([0, 1, 1]);
    const near = marginals[1] as Window;
    expect(Math.min(...near.values)).toBe(near.values[1]);
    const sure = confidenceOf(marginals[2] as Window, 1, 0.1);
    const unsure = confidenceOf(near, 1, 0.1);
    expect(sure).toBeGreaterThan(unsure);
    expect(unsure).toBeGreaterThan(0.5);
    expect(sure).toBeLessThanOrEqual(1);
  });
});
