import type { DiffChange } from "../../pipeline/diff.js";
import type { Hierarchy } from "../../pipeline/schema/hierarchy.js";
import type { VersionPair } from "./diff-pairs.js";

/** How a diff's report compares with the changes planted in a version pair (diff-pairs.ts). */

/** A change as the scoring compares it: every field but `similarity`, children in a fixed order. */
export function changeKey(change: DiffChange): string {
  const { similarity: _, children, ...fields } = change;
  const sorted = Object.fromEntries(Object.entries(fields).sort(([a], [b]) => a.localeCompare(b)));
  return JSON.stringify({ ...sorted, children: (children ?? []).map(changeKey).sort() });
}

export interface Tally {
  planted: number;
  reported: number;
  found: number;
}

const NO_TALLY: Tally = { planted: 0, reported: 0, found: 0 };

/** Planted, reported and correctly reported changes over many pairs, by type, as `diff` reports them. */
export function tallyPairs(
  pairs: readonly VersionPair[],
  diff: (old: Hierarchy, next: Hierarchy) => DiffChange[],
): Map<string, Tally> {
  const total = new Map<string, Tally>();
  for (const pair of pairs) {
    for (const [type, t] of tally(pair.planted, diff(pair.old, pair.next))) {
      total.set(type, summed([total.get(type) ?? NO_TALLY, t]));
    }
  }
  return total;
}

export function summed(tallies: Iterable<Tally>): Tally {
  return [...tallies].reduce(
    (s, t) => ({
      planted: s.planted + t.planted,
      reported: s.reported + t.reported,
      found: s.found + t.found,
    }),
    NO_TALLY,
  );
}

/** Planted, reported and correctly reported changes (whole, children included) by type. */
export function tally(planted: readonly DiffChange[], reported: readonly DiffChange[]): Map<string, Tally> {
  const result = new Map<string, Tally>();
  const of = (type: string) => {
    const entry = result.get(type) ?? { planted: 0, reported: 0, found: 0 };
    result.set(type, entry);
    return entry;
  };
  const waiting = new Map<string, number>();
  for (const change of planted) {
    of(change.type).planted++;
    waiting.set(changeKey(change), (waiting.get(changeKey(change)) ?? 0) + 1);
  }
  for (const change of reported) {
    const entry = of(change.type);
    entry.reported++;
    const left = waiting.get(changeKey(change)) ?? 0;
    if (left > 0) {
      entry.found++;
      waiting.set(changeKey(change), left - 1);
    }
  }
  return result;
}
