import type { DiffReport } from "../diff.js";
import type { Discrepancy } from "../schema/discrepancy.js";
import type { Hierarchy } from "../schema/hierarchy.js";

/** What both reports (Markdown and HTML) are built from. */
export interface ReportInput {
  readonly hierarchy: Hierarchy;
  readonly discrepancies: readonly Discrepancy[];
  /** The diff against the previous version, when `--previous` was given. */
  readonly diff: DiffReport | null;
}
