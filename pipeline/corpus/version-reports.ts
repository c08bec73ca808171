import { DiffReport, diffHierarchies } from "../diff.js";
import { renderReportMarkdown } from "../emit/markdown.js";
import { renderReportHtml } from "../emit/report-html.js";
import type { Discrepancy } from "../schema/discrepancy.js";
import type { Hierarchy } from "../schema/hierarchy.js";

export const DIFF_FILE = "diff.json";

/**
 * A filed version's reports with the diff against its predecessor in the chamber (none for the first):
 * `report.md`, `report.html` and `diff.json` (`diff --json`'s form), and how many changes it lists.
 */
export function versionReports(
  reading: { readonly hierarchy: Hierarchy; readonly discrepancies: readonly Discrepancy[] },
  previous: Hierarchy | null,
): { files: Record<string, string>; changes: number | null } {
  const diff = previous ? DiffReport.parse(diffHierarchies(previous, reading.hierarchy)) : null;
  const report = { ...reading, diff };
  return {
    files: {
      "report.md": renderReportMarkdown(report),
      "report.html": renderReportHtml(report),
      ...(diff ? { [DIFF_FILE]: `${JSON.stringify(diff, null, 2)}\n` } : {}),
    },
    changes: diff?.changes.length ?? null,
  };
}
