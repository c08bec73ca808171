import type { PhrasingContent, Root, RootContent, Strong, Table, TableRow } from "mdast";
import remarkGfm from "remark-gfm";
import remarkStringify from "remark-stringify";
import { unified } from "unified";
import { renderDiffMarkdown } from "../diff.js";
import type { Hierarchy, Signature } from "../schema/hierarchy.js";
import { countNodes } from "./counts.js";
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
    heading(2, "Firma"),
    paragraph(`${text.verdict}:`),
    list([text.integrity, text.coverage, text.trust]),
    paragraph(sig.signers.length > 1 ? "Firmatari:" : "Firmatario:"),
    text.signers.length > 0 ? list(text.signers) : paragraph("Nessun firmatario leggibile."),
    ...(text.findings.length > 0 ? [paragraph("Rilievi sulla firma:"), list(text.findings)] : []),
  ];
}

/** What the document says of itself: chamber, signatories, notice, act, year; absent before metadata was read. */
function metadataSection(h: Hierarchy): RootContent[] {
  const metadata = h.document.metadata;
  if (!metadata) return [];
  return [
    heading(2, "Documento"),
    list(metadataEntries(metadata).map((entry) => `${entry.label}: ${entry.lines.join("; ")}`)),
  ];
}

function totalsTable(h: Hierarchy): Table {
  return table(
    ["Funzione", "Livello", "Dichiarati", "Trovati"],
    h.declaredTotals.flatMap((t) => {
      const found = countNodes(h.functions.filter((f) => f.code === t.scope));
      return (["macroProcesses", "processes", "subProcesses", "actions"] as const)
        .filter((k) => t[k] !== null)
        .map((k) => [t.scope, k, t[k] ?? "", found[k] === t[k] ? found[k] : strong(found[k])]);
    }),
  );
}

/** The verdict on the reading and its reasons, first: it says how far the rest can be trusted. */
function readingSection(h: Hierarchy): RootContent[] {
  const reading = h.document.reading;
  if (!reading) return [];
  return [
    heading(2, `Lettura ${describeReading(reading)}`),
    reading.reasons.length > 0
      ? table(
          ["Regola", "Motivo"],
          reading.reasons.map((r) => [r.rule, r.message]),
        )
      : paragraph("Nessun segnale di una lettura difettosa."),
  ];
}

export function renderReportMarkdown({ hierarchy: h, discrepancies, diff }: ReportInput): string {
  const counts = countNodes(h.functions);
  const sig = h.document.signature;
  const bySeverity = (s: string) => discrepancies.filter((d) => d.severity === s).length;
  const tree: Root = {
    type: "root",
    children: [
      heading(1, `Rapporto di acquisizione: ${h.document.file}`),
      paragraph(
        [
          `Formato ${h.document.format}`,
          h.document.pages ? `${h.document.pages} pagine` : null,
          h.document.title ? `titolo «${h.document.title}»` : null,
          sig ? signatureText(sig).verdict : "nessuna firma",
          `sha256 ${h.document.sha256.slice(0, 16)}…`,
        ]
          .filter(Boolean)
          .join(" · "),
      ),
      ...readingSection(h),
      table(
        ["Funzioni", "Macro-processi", "Processi", "Sotto-processi", "Azioni"],
        [[h.functions.length, counts.macroProcesses, counts.processes, counts.subProcesses, counts.actions]],
      ),
      ...metadataSection(h),
      ...(sig ? signatureSection(sig) : []),
      heading(2, "Totali dichiarati e trovati"),
      h.declaredTotals.length > 0 ? totalsTable(h) : paragraph("Il documento non stampa righe di totali."),
      heading(
        2,
        `Segnalazioni (${bySeverity("error")} errori, ${bySeverity("warning")} avvisi, ${bySeverity("info")} note)`,
      ),
      discrepancies.length > 0
        ? table(
            ["Gravità", "Tipo", "Codice", "Messaggio"],
            discrepancies.map((d) => [d.severity, d.kind, d.code ?? "", d.message]),
          )
        : paragraph("Nessuna segnalazione."),
    ],
  };
  const body = unified().use(remarkGfm).use(remarkStringify).stringify(tree);
  return diff ? `${body}\n${renderDiffMarkdown(diff)}` : body;
}
