import { median } from "../../../arrays.js";

/** Positions grouped when each is within `tolerance` of its group's first; each group's median. */
export function clusterPositions(positions: readonly number[], tolerance: number): number[] {
  const sorted = [...positions].sort((p, q) => p - q);
  const groups: number[][] = [];
  for (const position of sorted) {
    const group = groups.at(-1);
    if (group && position - (group[0] as number) <= tolerance) group.push(position);
    else groups.push([position]);
  }
  return groups.map((group) => median(group) ?? 0);
}

/** How many of the positions are at most `limit`. */
export function countUpTo(positions: readonly number[], limit: number): number {
  // A count, not a filtered copy: this runs for every text item and cell of every page.
  let count = 0;
  for (let index = 0; index < positions.length; index++) if ((positions[index] as number) <= limit) count++;
  return count;
}

/** How many values remain different once values within `tolerance` of each other count as one. */
export function distinctWithin(values: readonly number[], tolerance: number): number {
  return clusterPositions(values, tolerance).length;
}
