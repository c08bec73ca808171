/**
 * Values by key, each group in the values' order, as `Map.groupBy` (which arrives only in Node 21)
 * does, the key read from the value and its index.
 */
export function groupBy<T, K>(values: Iterable<T>, keyOf: (value: T, index: number) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  let index = 0;
  for (const value of values) {
    const key = keyOf(value, index++);
    const group = groups.get(key);
    if (group) group.push(value);
    else groups.set(key, [value]);
  }
  return groups;
}
