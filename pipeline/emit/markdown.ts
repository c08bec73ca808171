import type { PhrasingContent, Root, RootContent, Strong, Table, TableRow } from "mdast";
import remarkGfm from "remark-gfm";
import remarkStringify from "remark-stringify";
import { unified } from "unified";
import { renderDiffMarkdown } from "../diff.js";
import {
  FORMAT_LABELS,
  kindLabel,
  LEVEL_LABELS,
  pageCount,
  REPORT,
  SEVERITY_LABELS,
  severityCount,
} from "../messages/labels.js";
import { METADATA } from "../messages/metadata.js";
import type { Severity } from "../schema/discrepancy.js";
import type { Hierarchy, Signature } from "../schema/hierarchy.js";
import { COUNTED_LEVELS, countNodes } from "./counts.js";
import { metadataEntries } from "./metadata-text.js";
import { describeReading } from "./reading.js";
import type { ReportInput } from "./report-input.js";
import { signatureText } from "./signature-text.js";

/** report.md: the short form, for a quick read or a review thread. */

const text = (value: string) => ({ type: "text" as const, value });
const heading = (depth: 1 | 2 | 3, value: string): RootContent => ({
  type: "heading",
  depth,
  children: [text(value)],
});
const paragraph = (value: string): RootContent => ({ type: "paragraph", children: [text(value)] });
/** Emphasis as a node of its own: `**` inside a text node would be escaped and shown as typed. */
const strong = (value: string | number): Strong => ({ type: "strong", children: [text(String(value))] });

/** A cell: plain text, or phrasing built already (such as `strong`). */
type CellContent = string | number | PhrasingContent;

function table(header: string[], rows: CellContent[][]): Table {
  const phrasing = (c: CellContent): PhrasingContent => (typeof c === "object" ? c : text(String(c)));
  const row = (cells: CellContent[]): TableRow => ({
    type: "tableRow",
    children: cells.map((c) => ({ type: "tableCell", children: [phrasing(c)] })),
  });
  return { type: "table", children: [row(header), ...rows.map(row)] };
}

const list = (items: readonly string[]): RootContent => ({
  type: "list",
  ordered: false,
  spread: false,
  children: items.map((item) => ({
    type: "listItem",
    spread: false,
    children: [{ type: "paragraph", children: [text(item)] }],
  })),
});

/** The signature's verdicts one by one, its signers and what the check found. */
function signatureSection(sig: Signature): RootContent[] {
  const text = signatureText(sig);
  return [
    heading(2, REPORT.signature),
    paragraph(REPORT.signatureVerdicts({ verdict: text.verdict })),
    list([text.integrity, text.coverage, text.trust]),
    paragraph(sig.signers.length > 1 ? REPORT.signers : REPORT.signer),
    text.signers.length > 0 ? list(text.signers) : paragraph(REPORT.noSigner),
    ...(text.findings.length > 0 ? [paragraph(REPORT.signatureFindings), list(text.findings)] : []),
  ];
}

/** What the document says of itself: chamber, signatories, notice, act, year; absent before metadata was read. */
function metadataSection(h: Hierarchy): RootContent[] {
  const metadata = h.document.metadata;
  if (!metadata) return [];
  return [
    heading(2, REPORT.document),
    list(
      metadataEntries(metadata).map((entry) =>
        METADATA.entry({ label: entry.label, lines: entry.lines.join("; ") }),
      ),
    ),
  ];
}

function totalsTable(h: Hierarchy): Table {
  return table(
    [REPORT.function, REPORT.level, REPORT.declared, REPORT.found],
    h.declaredTotals.flatMap((t) => {
      const found = countNodes(h.functions.filter((f) => f.code === t.scope));
      return COUNTED_LEVELS.filter((k) => t[k] !== null).map((k) => [
        t.scope,
        LEVEL_LABELS[k],
        t[k] ?? "",
        found[k] === t[k] ? found[k] : strong(found[k]),
      ]);
    }),
  );
}

/** The verdict on the reading and its reasons, first: it says how far the rest can be trusted. */
function readingSection(h: Hierarchy): RootContent[] {
  const reading = h.document.reading;
  if (!reading) return [];
  return [
    heading(2, REPORT.reading({ verdict: describeReading(reading) })),
    reading.reasons.length > 0
      ? table(
          [REPORT.rule, REPORT.reason],
          reading.reasons.map((r) => [r.rule, r.message]),
        )
      : paragraph(REPORT.noReadingSignal),
  ];
}

export function renderReportMarkdown({ hierarchy: h, discrepancies, diff }: ReportInput): string {
  const counts = countNodes(h.functions);
  const sig = h.document.signature;
  const bySeverity = (s: Severity) => severityCount(s, discrepancies.filter((d) => d.severity === s).length);
  const tree: Root = {
    type: "root",
    children: [
      heading(1, REPORT.title({ file: h.document.file })),
      paragraph(
        [
          REPORT.format({ format: FORMAT_LABELS[h.document.format] }),
          h.document.pages ? pageCount(h.document.pages) : null,
          h.document.title ? REPORT.documentTitle({ title: h.document.title }) : null,
          sig ? signatureText(sig).verdict : REPORT.noSignature,
          REPORT.digest({ digest: h.document.sha256.slice(0, 16) }),
        ]
          .filter(Boolean)
          .join(REPORT.separator),
      ),
      ...readingSection(h),
      table(
        [REPORT.functions, ...COUNTED_LEVELS.map((level) => LEVEL_LABELS[level])],
        [[h.functions.length, counts.macroProcesses, counts.processes, counts.subProcesses, counts.actions]],
      ),
      ...metadataSection(h),
      ...(sig ? signatureSection(sig) : []),
      heading(2, REPORT.totals),
      h.declaredTotals.length > 0 ? totalsTable(h) : paragraph(REPORT.noTotals),
      heading(
        2,
        REPORT.findings({
          errors: bySeverity("error"),
          warnings: bySeverity("warning"),
          notes: bySeverity("info"),
        }),
      ),
      discrepancies.length > 0
        ? table(
            [REPORT.severity, REPORT.kind, REPORT.code, REPORT.message],
            discrepancies.map((d) => [
              SEVERITY_LABELS[d.severity],
              kindLabel(d.kind),
              d.code ?? "",
              d.message,
            ]),
          )
        : paragraph(REPORT.noFindings),
    ],
  };
  const body = unified().use(remarkGfm).use(remarkStringify).stringify(tree);
  return diff ? `${body}\n${renderDiffMarkdown(diff)}` : body;
}
