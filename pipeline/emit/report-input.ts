import type { DiffReport } from "../diff.js";
import type { Discrepancy } from "../schema/discrepancy.js";
import type { Hierarchy } from "../schema/hierarchy.js";

/**
 * The source beside a finding, as the ingestion renders it: a picture of the page region (PDF) or the
 * source lines with the concerned ones marked (text, HTML). The page shows whichever it is given.
 */
export interface FindingSource {
  /** A PNG, base64, and what it shows in words (its `alt`). */
  readonly image?: {
    readonly png: string;
    readonly width: number;
    readonly height: number;
    readonly alt: string;
  };
  readonly lines?: readonly { readonly number: number; readonly text: string; readonly marked: boolean }[];
}

/** What both reports (Markdown and HTML) are built from. */
export interface ReportInput {
  readonly hierarchy: Hierarchy;
  readonly discrepancies: readonly Discrepancy[];
  /** The diff against the previous version, when `--previous` was given. */
  readonly diff: DiffReport | null;
  /** The source beside each finding, by the finding's index in `discrepancies`, when the ingestion renders it. */
  readonly findingSources?: readonly (FindingSource | null | undefined)[];
}
