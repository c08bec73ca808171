import { VERDICT_LABELS } from "../emit/reading.js";
import { escapeHtml } from "../emit/report-html.js";
import { formatNumber } from "../emit/source-text.js";
import { CORPUS } from "../messages/corpus.js";
import type { CorpusIndex, VersionEntry } from "./corpus-index.js";

/**
 * `<corpus>/index.html`, for the person who keeps the corpus: each chamber's versions, oldest first,
 * with the reading's verdict, the counts, the findings and the changes from the version before, each
 * version linking to its own report. Self-contained, in Italian, like the reports.
 */

const CHAMBER_FROM_LABELS: Readonly<Record<VersionEntry["chamberFrom"], string>> = {
  title: "dal titolo",
  notice: "dalla dicitura di pubblicazione",
  "signature-block": "dal blocco delle firme",
  "signer-certificate": "dal certificato del firmatario",
  option: "indicata con --chamber",
};

const STYLE = `body{font-family:system-ui,sans-serif;margin:2rem;color:#1b1b1b}
table{border-collapse:collapse;margin-bottom:2rem}th,td{border:1px solid #ccc;padding:.3rem .6rem;text-align:left;vertical-align:top}
td.n{text-align:right}.reliable{color:#11651f}.review{color:#8a5a00}.unreliable{color:#a11}small{color:#555}`;

function cell(content: string, numeric = false): string {
  return `<td${numeric ? ' class="n"' : ""}>${content}</td>`;
}

function versionRow(v: VersionEntry): string {
  const verdict = v.verdict
    ? `<span class="${v.verdict}">${escapeHtml(VERDICT_LABELS[v.verdict])}</span> <small>${formatNumber(v.score ?? 0)}</small>`
    : "—";
  const changes =
    v.previous === null
      ? "prima versione"
      : `${formatNumber(v.changes ?? 0)} rispetto a ${escapeHtml(v.previous.version)} <a href="${escapeHtml(v.folder)}/diff.json">diff.json</a>`;
  return `<tr>${[
    cell(
      `<a href="${escapeHtml(v.folder)}/report.html">${escapeHtml(v.version)}</a><br><small>${escapeHtml(CORPUS.basis[v.basis])}</small>`,
    ),
    cell(
      `${escapeHtml(v.file)}<br><small>${escapeHtml(v.format)}, sha256 ${escapeHtml(v.sha256.slice(0, 12))}…</small>`,
    ),
    cell(verdict),
    cell(formatNumber(v.counts.subProcesses), true),
    cell(formatNumber(v.counts.actions), true),
    cell(
      `${formatNumber(v.findings.error)} / ${formatNumber(v.findings.warning)} / ${formatNumber(v.findings.info)}`,
      true,
    ),
    cell(changes),
    cell(v.decisions ? "sì" : "no"),
  ].join("")}</tr>`;
}

const HEADER = [
  "Versione",
  "File",
  "Lettura",
  "Sotto-processi",
  "Azioni",
  "Segnalazioni (errori / avvisi / note)",
  "Modifiche",
  "Decisioni applicate",
];

export function renderCorpusIndexHtml(index: CorpusIndex): string {
  const sections = index.chambers.map((chamber) => {
    const latest = chamber.versions[chamber.versions.length - 1];
    const from = latest ? ` <small>(${escapeHtml(CHAMBER_FROM_LABELS[latest.chamberFrom])})</small>` : "";
    return `<section><h2>${escapeHtml(chamber.name)}${from}</h2>
<table><thead><tr>${HEADER.map((h) => `<th>${escapeHtml(h)}</th>`).join("")}</tr></thead>
<tbody>${chamber.versions.map(versionRow).join("\n")}</tbody></table></section>`;
  });
  const versions = index.chambers.reduce((n, c) => n + c.versions.length, 0);
  const summary = `${formatNumber(index.chambers.length)} camere, ${formatNumber(versions)} versioni`;
  return `<!doctype html>
<html lang="it"><head><meta charset="utf-8"><title>Archivio delle articolazioni dei processi</title>
<style>${STYLE}</style></head>
<body><h1>Archivio delle articolazioni dei processi</h1><p>${summary}</p>
${sections.length > 0 ? sections.join("\n") : "<p>L'archivio è vuoto.</p>"}
</body></html>
`;
}
