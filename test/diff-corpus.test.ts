import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { diffHierarchies } from "../pipeline/diff.js";
import {
  type ExpectedReading,
  hierarchyOfReading,
  plantedVersionPair,
  randomVersionPair,
} from "./support/diff-pairs.js";
import { summed, tallyPairs } from "./support/diff-tally.js";

/**
 * A fixed slice of `npm run corpus:diff` (bench/diff-corpus.ts): its first random pairs and its first
 * versions of the seed annex, the same seeds, with the bar the whole corpus is held to.
 */
const RANDOM_PAIRS = 16;
const SEED_ANNEX_PAIRS = 2;
const MIN_PRECISION = 0.98;
const MIN_RECALL = 0.98;

const seedAnnex = hierarchyOfReading(
  JSON.parse(readFileSync("fixtures/articolazione-processi.expected.json", "utf8")) as ExpectedReading,
);
const pairs = [
  ...Array.from({ length: RANDOM_PAIRS }, (_, i) => randomVersionPair(i + 1)),
  ...Array.from({ length: SEED_ANNEX_PAIRS }, (_, i) => plantedVersionPair(seedAnnex, 1000 + i)),
];

describe("the diff on version pairs with planted edits", () => {
  const tallies = tallyPairs(pairs, (old, next) => diffHierarchies(old, next).changes);
  const all = summed(tallies.values());

  it("plants every type of change", () => {
    expect(
      [...tallies.entries()]
        .filter(([, t]) => t.planted > 0)
        .map(([type]) => type)
        .sort(),
    ).toEqual(["added", "moved", "removed", "renamed", "renumbered"]);
  });

  it(`finds the planted changes with precision and recall of at least ${MIN_PRECISION} and ${MIN_RECALL}`, () => {
    expect(all.found / all.reported).toBeGreaterThanOrEqual(MIN_PRECISION);
    expect(all.found / all.planted).toBeGreaterThanOrEqual(MIN_RECALL);
  });

  it("reports nothing between a version and itself", () => {
    for (const pair of pairs) expect(diffHierarchies(pair.next, pair.next).changes).toEqual([]);
  });

  it("is drawn the same for the same seed", () => {
    expect(randomVersionPair(3)).toEqual(randomVersionPair(3));
  });
});
