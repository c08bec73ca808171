/**
 * Rule `totals-closes-function`: where one function's actions end and the next one's begin, in a
 * text copy whose labels drift. A function's totals row is printed under its last action, and a copy
 * moves labels, never the totals row: so when the first label of a function is printed within the
 * drift of a totals row, the function's run of actions begins right after that totals row, not where
 * its label happens to be printed.
 *
 * Positions are counted in units (cells of actions, in reading order): a label or a totals row "at u"
 * is read after u units.
 */

export interface FunctionBounds {
  /** For each label, the unit its run must begin at (a function's first label pinned by totals), or null. */
  readonly pinnedAt: readonly (number | null)[];
  /** The function a unit belongs to: the last function whose first run begins at or before it. */
  readonly functionOfUnit: (unit: number) => string;
}

/**
 * `functions[j]`, `printedAt[j]`: each label's function and position, in label order; `totalsAt`: the
 * totals rows' positions. A totals row after the label it would pin counts only when the label's
 * function has later labels printed after it: otherwise that row is the function's own closing one
 * (a function of one sub-process prints its totals a few actions after its only label).
 */
export function functionBounds(
  functions: readonly string[],
  printedAt: readonly number[],
  totalsAt: readonly number[],
  maxDrift: number,
): FunctionBounds {
  const startsFunction = (j: number) => j === 0 || functions[j - 1] !== functions[j];
  const continuesAfter = (j: number, t: number) =>
    functions.some((fn, k) => k > j && fn === functions[j] && (printedAt[k] as number) > t);
  const pinnedAt = functions.map((_, j) => {
    if (j === 0 || !startsFunction(j)) return null;
    const printed = printedAt[j] as number;
    let best: number | null = null;
    for (const t of totalsAt) {
      if (Math.abs(t - printed) > maxDrift || (t > printed && !continuesAfter(j, t))) continue;
      if (best === null || Math.abs(t - printed) < Math.abs(best - printed)) best = t;
    }
    return best;
  });
  const starts = functions.flatMap((fn, j) =>
    startsFunction(j) ? [{ at: pinnedAt[j] ?? (printedAt[j] as number), fn }] : [],
  );
  return {
    pinnedAt,
    functionOfUnit: (unit) => {
      let fn = functions[0] ?? "";
      for (const s of starts) if (s.at <= unit) fn = s.fn;
      return fn;
    },
  };
}
