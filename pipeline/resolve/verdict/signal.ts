import { formatPercent } from "../../messages/format.js";
import type { Discrepancy } from "../../schema/discrepancy.js";
import type { DeclaredTotals, FunctionNode } from "../../schema/hierarchy.js";
import type { Item } from "../../schema/rows.js";
import type { DriftTrace, Placement } from "../place.js";

/**
 * What a reading says about itself: the resolver's items, the tree built from them, the totals the
 * document declares and the findings. Every signal of the verdict reads this and nothing else.
 */
export interface Evidence {
  readonly items: readonly Item[];
  readonly functions: readonly FunctionNode[];
  readonly declaredTotals: readonly DeclaredTotals[];
  readonly discrepancies: readonly Discrepancy[];
  /** The actions rule `row-segmentation` placed by judgement, with their margins. */
  readonly placements: readonly Placement[];
  /** Whether the rows came from geometry or markup (`exact`) or from a text copy (`approximate`). */
  readonly placement: "exact" | "approximate";
  /** What the drift prior decided (rule `drift-runs`), null where rows are exact. */
  readonly drift: DriftTrace | null;
}

/**
 * One named rule's judgement of a reading: what it measured (a share, 0–1) and the penalty that
 * measure earns (0: nothing wrong, 1: the reading cannot be trusted on this ground alone).
 */
export interface Signal {
  readonly rule: string;
  readonly measure: number;
  readonly penalty: number;
  readonly message: string;
}

/**
 * The penalty of a measure between the level a sound reading reaches (`tolerated`, no penalty) and the
 * level at which the reading is lost on this ground alone (`fatal`, penalty 1), linear in between.
 */
export function ramp(measure: number, tolerated: number, fatal: number): number {
  if (measure <= tolerated) return 0;
  if (measure >= fatal) return 1;
  return (measure - tolerated) / (fatal - tolerated);
}

/** `part / whole`, 0 for an empty whole. */
export function share(part: number, whole: number): number {
  return whole > 0 ? part / whole : 0;
}

/** A measure as people read it (`12,3%`). */
export const percent = formatPercent;

/** How many actions a tree holds: counted, not copied (the signals only ever needed the count). */
export function countActions(functions: readonly FunctionNode[]): number {
  let actions = 0;
  for (const sub of subProcessesOf(functions)) actions += sub.actions.length;
  return actions;
}

export function subProcessesOf(functions: readonly FunctionNode[]) {
  return functions.flatMap((f) =>
    f.macroProcesses.flatMap((m) => m.processes.flatMap((p) => p.subProcesses)),
  );
}
