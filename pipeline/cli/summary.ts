import { maxOf } from "../arrays.js";
import { VERDICT_LABELS } from "../emit/reading.js";
import type { IngestedFolder } from "../ingest.js";
import { SUMMARY } from "../messages/cli.js";
import { printable } from "../printable.js";
import type { DocumentSummary, IngestSummary } from "../schema/summary.js";

/** What became of one input of `ingest`. */
export interface Outcome {
  file: string;
  ok: boolean;
  ingested?: IngestedFolder;
  /** The folder written, also for a reading that counts as failed for being unreliable. */
  folder?: string;
  reason?: string;
}

export function summaryOf(o: Outcome): DocumentSummary {
  const d = o.ingested?.discrepancies ?? [];
  const count = (s: string) => d.filter((x) => x.severity === s).length;
  const actions =
    o.ingested?.hierarchy.functions
      .flatMap((f) => f.macroProcesses.flatMap((m) => m.processes.flatMap((p) => p.subProcesses)))
      .reduce((n, s) => n + s.actions.length, 0) ?? null;
  const reading = o.ingested?.hierarchy.document.reading ?? null;
  return {
    file: o.file,
    format: o.ingested?.hierarchy.document.format ?? null,
    verdict: reading?.verdict ?? null,
    score: reading?.score ?? null,
    folder: o.folder ?? null,
    actions,
    errors: count("error"),
    warnings: count("warning"),
    infos: count("info"),
    status: o.ok ? "ok" : "failed",
    reason: o.reason ?? null,
  };
}

/** The table people read on stdout: one row per input, its folder, and why it failed. */
export function summaryTable(summary: IngestSummary): string {
  const none = SUMMARY.none;
  const rows = summary.documents.map((s) => [
    printable(s.file),
    s.format ?? none,
    s.actions === null ? none : String(s.actions),
    `${s.errors}/${s.warnings}/${s.infos}`,
    s.status === "ok" ? SUMMARY.ok : SUMMARY.failed,
    s.verdict === null ? none : VERDICT_LABELS[s.verdict],
    s.folder === null ? none : printable(s.folder),
    s.reason === null ? "" : printable(s.reason),
  ]);
  const header = [...SUMMARY.header];
  const widths = header.map((h, c) => Math.max(h.length, maxOf(rows.map((r) => (r[c] ?? "").length))));
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => cell.padEnd(widths[c] ?? 0))
      .join("  ")
      .trimEnd();
  return `${[line(header), ...rows.map(line)].join("\n")}\n`;
}
