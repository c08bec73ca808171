import type { DiffReport } from "../diff.js";
import type { Discrepancy } from "../schema/discrepancy.js";
import type { Hierarchy } from "../schema/hierarchy.js";
import type { SourceView } from "../schema/source-view.js";

/** What both reports (Markdown and HTML) are built from. */
export interface ReportInput {
  readonly hierarchy: Hierarchy;
  readonly discrepancies: readonly Discrepancy[];
  /** The diff against the previous version, when `--previous` was given. */
  readonly diff: DiffReport | null;
  /**
   * The place in the source each discrepancy concerns, in the discrepancies' order (null: none);
   * only report.html shows them. Absent: the page shows none.
   */
  readonly sourceViews?: readonly (SourceView | null)[];
}
