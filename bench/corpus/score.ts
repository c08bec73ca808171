import type { Discrepancy } from "../../pipeline/schema/discrepancy.js";
import type { Hierarchy } from "../../pipeline/schema/hierarchy.js";
import { textKey } from "../../pipeline/text-similarity.js";
import { actionF1, type Gold, structureOf } from "../../test/support/gold.js";
import type { ExpectedDiscrepancy } from "./plant.js";

/**
 * A reading scored against the hierarchy the document was drawn from: action F1 (sub-process code and
 * text), structure F1 (macro-processes and processes by code and name, sub-processes by code), and the
 * planted findings found or missed; findings of the same kinds that nothing planted are counted apart.
 */

export interface DocumentScore {
  actionF1: number;
  structureF1: number;
  expectedFound: ExpectedDiscrepancy[];
  expectedMissed: ExpectedDiscrepancy[];
  /** Count, duplicate and empty findings the document does not hold. */
  unexpected: ExpectedDiscrepancy[];
}

const PLANTABLE_KINDS: Readonly<Set<string>> = new Set([
  "count_mismatch",
  "duplicate_action",
  "empty_subprocess",
]);

function goldOf(truth: Hierarchy): Gold {
  return { functions: truth.functions, declaredTotals: truth.declaredTotals, expectedDiscrepancies: [] };
}

/** F1 of two multisets of keys; 1 when both are empty. */
function multisetF1(gold: readonly string[], read: readonly string[]): number {
  if (gold.length === 0 && read.length === 0) return 1;
  const left = new Map<string, number>();
  for (const key of gold) left.set(key, (left.get(key) ?? 0) + 1);
  let matched = 0;
  for (const key of read) {
    const n = left.get(key) ?? 0;
    if (n > 0) {
      matched += 1;
      left.set(key, n - 1);
    }
  }
  return (2 * matched) / (gold.length + read.length);
}

/** actionF1 is NaN when either side has no action; no action read of some is 0, none of none is 1. */
function safeActionF1(truth: Hierarchy, reading: Hierarchy): number {
  const f1 = actionF1(goldOf(truth), reading.functions);
  if (!Number.isNaN(f1)) return f1;
  const count = (h: Hierarchy) =>
    h.functions
      .flatMap((f) => f.macroProcesses.flatMap((m) => m.processes.flatMap((p) => p.subProcesses)))
      .reduce((sum, s) => sum + s.actions.length, 0);
  return count(truth) === count(reading) ? 1 : 0;
}

export function scoreDocument(
  doc: { truth: Hierarchy; plantedDiscrepancies: readonly ExpectedDiscrepancy[] },
  reading: Hierarchy,
  discrepancies: readonly Discrepancy[],
): DocumentScore {
  const found = (e: ExpectedDiscrepancy) => discrepancies.some((d) => d.kind === e.kind && d.code === e.code);
  const reported = discrepancies
    .filter((d) => PLANTABLE_KINDS.has(d.kind) && d.code !== null)
    .map((d) => ({ kind: d.kind, code: d.code }) as ExpectedDiscrepancy);
  return {
    actionF1: safeActionF1(doc.truth, reading),
    structureF1: multisetF1(
      structureOf(goldOf(doc.truth).functions),
      structureOf(reading.functions as Gold["functions"]),
    ),
    expectedFound: doc.plantedDiscrepancies.filter(found),
    expectedMissed: doc.plantedDiscrepancies.filter((e) => !found(e)),
    unexpected: reported.filter(
      (r) => !doc.plantedDiscrepancies.some((e) => e.kind === r.kind && e.code === r.code),
    ),
  };
}

const placedActions = (h: Hierarchy): { code: string; text: string }[] =>
  h.functions.flatMap((f) =>
    f.macroProcesses.flatMap((m) =>
      m.processes.flatMap((p) =>
        p.subProcesses.flatMap((s) => s.actions.map((a) => ({ code: s.code, text: a.text }))),
      ),
    ),
  );

/** What a reading got wrong, for a person to look at: actions missed (or misplaced) and actions read that are not so. */
export function actionDifferences(
  truth: Hierarchy,
  reading: Hierarchy,
): { missed: string[]; extra: string[] } {
  const key = (a: { code: string; text: string }) => `${a.code}|${textKey(a.text)}`;
  const left = new Map<string, number>();
  for (const a of placedActions(reading)) left.set(key(a), (left.get(key(a)) ?? 0) + 1);
  const missed: string[] = [];
  for (const a of placedActions(truth)) {
    const n = left.get(key(a)) ?? 0;
    if (n > 0) left.set(key(a), n - 1);
    else missed.push(`${a.code} ${a.text}`);
  }
  const extra = placedActions(reading)
    .filter((a) => {
      const n = left.get(key(a)) ?? 0;
      if (n > 0) left.set(key(a), n - 1);
      return n > 0;
    })
    .map((a) => `${a.code} ${a.text}`);
  return { missed, extra };
}
