/**
 * What spreading an array into a call would do, without the spread: every element becomes an
 * argument on the stack, and past some hundred thousand elements (a hostile file's cells, a long
 * document's items) the call throws "Maximum call stack size exceeded".
 */

/** `Math.min(...values)`: Infinity for none. */
export function minOf(values: Iterable<number>): number {
  let min = Number.POSITIVE_INFINITY;
  for (const value of values) min = Math.min(min, value);
  return min;
}

/** `Math.max(...values)`: -Infinity for none. */
export function maxOf(values: Iterable<number>): number {
  let max = Number.NEGATIVE_INFINITY;
  for (const value of values) max = Math.max(max, value);
  return max;
}

/** `target.push(...items)`. */
export function appendAll<T>(target: T[], items: Iterable<T>): void {
  for (const item of items) target.push(item);
}

/** The middle value (mean of the two middle ones), or null for no values. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((p, q) => p - q);
  const middle = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/**
 * How many of the positions, in ascending order, are at most `limit`, or below it when `strictly`,
 * by binary search. Also the index of the first position past that bound.
 */
export function sortedCountUpTo(sorted: readonly number[], limit: number, strictly = false): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    const position = sorted[middle] as number;
    if (position < limit || (!strictly && position === limit)) low = middle + 1;
    else high = middle;
  }
  return low;
}
