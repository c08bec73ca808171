import type { Discrepancy } from "../schema/discrepancy.js";
import type { Grid } from "../schema/grid.js";
import type { DeclaredTotals, FunctionNode, Reading } from "../schema/hierarchy.js";
import type { Item } from "../schema/rows.js";
import {
  codesOutOfOrder,
  countMismatches,
  emptySubProcesses,
  reassignments,
  sortFindings,
  splitCells,
  unplacedText,
} from "./checks.js";
import { classify } from "./classify.js";
import { locateFindings } from "./finding-sources.js";
import { type DriftTrace, placeActions } from "./place.js";
import { withSegmentMargins } from "./segment/confidence.js";
import { buildTree } from "./tree.js";
import { judgeReading } from "./verdict/index.js";
import { missingProcessTable } from "./verdict/table.js";

export interface Resolution {
  readonly title: string | null;
  readonly functions: FunctionNode[];
  readonly declaredTotals: DeclaredTotals[];
  readonly discrepancies: Discrepancy[];
  /** Every paragraph of the grid with its role: the trace the report is built from. */
  readonly items: Item[];
  /** Why the grid holds no process table (rule `process-table-presence`), or null when it holds one. */
  readonly missingTable: string | null;
  /** What the drift prior decided in a text copy (rule `drift-runs`), null where rows are exact. */
  readonly drift: DriftTrace | null;
  /** How far the reading can be trusted, and why. */
  readonly reading: Reading;
}

/** The one resolver every reader feeds: Grid → Rows → placements → Tree, with findings. */
export function resolve(grid: Grid): Resolution {
  const { items } = classify(grid);
  const placed = placeActions(items, grid.placement);
  const placements = withSegmentMargins(placed.placements, items, grid);
  const tree = buildTree(items, placements);
  const findings = sortFindings([
    ...grid.warnings.map(
      (w): Discrepancy => ({
        kind: "source_warning",
        severity: "warning",
        code: null,
        message: w.message,
        evidence: w.evidence,
      }),
    ),
    ...tree.findings,
    ...countMismatches(tree.functions, tree.declaredTotals),
    ...emptySubProcesses(tree.functions),
    ...codesOutOfOrder(items),
    ...reassignments(placements, items),
    ...unplacedText(items, placements),
    ...splitCells(items),
  ]);
  const discrepancies = locateFindings(findings, items);
  const title = items.find((i) => i.kind === "title")?.text ?? null;
  const evidence = {
    items,
    functions: tree.functions,
    declaredTotals: tree.declaredTotals,
    discrepancies,
    placements,
    placement: grid.placement,
    drift: placed.drift,
  };
  return {
    title,
    functions: tree.functions,
    declaredTotals: tree.declaredTotals,
    discrepancies,
    items,
    missingTable: missingProcessTable(evidence),
    drift: placed.drift,
    reading: judgeReading(evidence),
  };
}
