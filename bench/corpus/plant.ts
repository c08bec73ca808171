import type { DeclaredTotals, FunctionNode, Hierarchy, SubProcess } from "../../pipeline/schema/hierarchy.js";
import { countsOf } from "../../test/support/random-hierarchy.js";
import type { Variant } from "./variant.js";

/**
 * The document a producer prints and the reading it should give may differ on purpose: a totals row
 * that disagrees with the table, an action printed twice, a sub-process left empty. Each is a finding
 * the pipeline must report; the truth is the hierarchy, never the reader's output.
 */

/** A finding the reading must hold: its kind and the code it is about. */
export interface ExpectedDiscrepancy {
  kind: "count_mismatch" | "duplicate_action" | "empty_subprocess";
  code: string;
}

export interface Planted {
  /** What the producer is given to lay out: the duplicate printed, the totals as printed. */
  printed: Hierarchy;
  /** What a correct reading gives: each action once, the totals as printed. */
  truth: Hierarchy;
  expected: ExpectedDiscrepancy[];
}

const subProcessesOf = (functions: readonly FunctionNode[]): SubProcess[] =>
  functions.flatMap((f) => f.macroProcesses.flatMap((m) => m.processes.flatMap((p) => p.subProcesses)));

/** The tree with one sub-process's actions replaced. */
function withActions(
  h: Hierarchy,
  code: string,
  actions: (s: SubProcess) => SubProcess["actions"],
): Hierarchy {
  return {
    ...h,
    functions: h.functions.map((f) => ({
      ...f,
      macroProcesses: f.macroProcesses.map((m) => ({
        ...m,
        processes: m.processes.map((p) => ({
          ...p,
          subProcesses: p.subProcesses.map((s) => (s.code === code ? { ...s, actions: actions(s) } : s)),
        })),
      })),
    })),
  };
}

/** Plants what the variant asks for in the drawn hierarchy, choosing where with `random`. */
export function plant(drawn: Hierarchy, variant: Variant, random: () => number): Planted {
  const pick = <T>(items: readonly T[]): T | undefined => items[Math.floor(random() * items.length)];
  let truth = drawn;
  const expected: ExpectedDiscrepancy[] = [];

  if (variant.plant.emptySubProcess) {
    const target = pick(subProcessesOf(truth.functions).filter((s) => s.actions.length > 0));
    if (target) truth = withActions(truth, target.code, () => []);
  }
  for (const s of subProcessesOf(truth.functions)) {
    if (s.actions.length === 0) expected.push({ kind: "empty_subprocess", code: s.code });
  }

  // Totals rows: every function prints one when the variant has them (or a mismatch is planted).
  const printsTotals = variant.totalsRow || variant.plant.countMismatch;
  const wrongTotals = variant.plant.countMismatch ? pick(truth.functions)?.code : undefined;
  const declaredTotals: DeclaredTotals[] = printsTotals
    ? truth.functions.map((f) => {
        const counts = countsOf(f);
        if (f.code !== wrongTotals) return { scope: f.code, ...counts };
        expected.push({ kind: "count_mismatch", code: f.code });
        // One action more or fewer than the table holds, as a totals row left unrevised would say.
        const counted = counts.actions ?? 0;
        const actions = counted === 0 || random() < 0.5 ? counted + 1 : counted - 1;
        return { scope: f.code, ...counts, actions };
      })
    : [];
  truth = { ...truth, declaredTotals };

  let printed = truth;
  if (variant.plant.duplicateAction) {
    const target = pick(subProcessesOf(truth.functions).filter((s) => s.actions.length > 0));
    if (target) {
      const index = Math.floor(random() * target.actions.length);
      printed = withActions(truth, target.code, (s) => [
        ...s.actions.slice(0, index + 1),
        ...s.actions.slice(index),
      ]);
      expected.push({ kind: "duplicate_action", code: target.code });
    }
  }
  return { printed, truth, expected };
}
