/**
 * Entries per table: dozens of times the distinct words of one annex (the seed has about 1,150, a
 * generated 228-page annex about 420), and a few megabytes at most.
 */
export const MEMO_LIMIT = 50_000;

/**
 * `read` with its results kept by argument. For the small pure functions the resolver calls on every
 * word or code of a document, which repeats a few thousand of them many times over. The table is
 * emptied when it reaches `limit` entries, which only keeps a long batch from growing it without bound.
 * Results are shared between callers: `read` must return values nobody modifies.
 */
export function memoized<T>(read: (key: string) => T, limit: number): (key: string) => T {
  const results = new Map<string, T>();
  return (key) => {
    const cached = results.get(key);
    if (cached !== undefined) return cached;
    if (results.size >= limit) results.clear();
    const result = read(key);
    results.set(key, result);
    return result;
  };
}
