import { count } from "../../messages/format.js";
import { VERDICT } from "../../messages/verdict.js";
import { parentCode } from "../codes.js";
import type { Evidence } from "./signal.js";
import { countActions } from "./signal.js";

/**
 * Rule `process-table-presence`: whether the reading found a process table at all. An annex labels
 * its macro-processes, processes and sub-processes with codes that nest (A1 ⊃ A1.1 ⊃ A1.1.1) and lists
 * actions under them; a text that prints a code or two (a paper citing "A1", a form's "B2" box) has
 * none of this, and is refused rather than read as a one-label annex.
 */
export const TABLE_RULE = "process-table-presence";

/**
 * The fewest coded labels a process table has: one macro-process, one process, one sub-process.
 * The smallest annex the generator draws has exactly these three.
 */
export const MIN_CODED_LABELS = 3;

/** Why the reading holds no process table, or null when it holds one. */
export function missingProcessTable(evidence: Evidence): string | null {
  const codes = new Set(evidence.items.flatMap((i) => (i.kind === "label" ? [i.code] : [])));
  if (codes.size < MIN_CODED_LABELS) {
    return codes.size === 0
      ? VERDICT.noCodes
      : VERDICT.fewLabels({ labels: count(codes.size, "etichetta", "etichette") });
  }
  if (![...codes].some((code) => codes.has(parentCode(code)))) {
    return VERDICT.noNesting;
  }
  if (countActions(evidence.functions) === 0) return VERDICT.noActions;
  return null;
}
