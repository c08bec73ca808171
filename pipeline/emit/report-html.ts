import { createHash } from "node:crypto";
import { hierarchyTable } from "./report-html/annex-table.js";
import { decisionsPanel, subProcessOptions } from "./report-html/decisions-panel.js";
import { diffSection } from "./report-html/diff-section.js";
import { findingViews } from "./report-html/finding-view.js";
import { discrepancySection } from "./report-html/findings.js";
import { countsTable, documentSection, readingSection } from "./report-html/header.js";
import { anchoredCodes, type Context, flagsByAction, flagsByCode } from "./report-html/links.js";
import { type Child, el, rawTextElement, scrollRegion } from "./report-html/markup.js";
import { SCRIPT } from "./report-html/page-script.js";
import { CSS } from "./report-html/style.js";
import { totalsTable } from "./report-html/totals.js";
import { discrepancyNoun, LOW_CONFIDENCE, SEVERITIES, SEVERITY_PLURALS } from "./report-html/wording.js";
import type { ReportInput } from "./report-input.js";
import { formatNumber } from "./source-text.js";

export { escapeHtml } from "./report-html/markup.js";
export { SEVERITY_LABELS } from "./report-html/wording.js";

/**
 * report.html: the maintainers' review page. One self-contained file (inline CSS and script, nothing
 * fetched), in Italian. Every text of the document is untrusted (a hostile annex may hold markup), so
 * the page is built only through `el`, which escapes every string it is given.
 */

const cspHash = (source: string): string =>
  `'sha256-${createHash("sha256").update(source, "utf8").digest("base64")}'`;

/**
 * Nothing but this page's own style and script may run, and nothing may be fetched: a second guard,
 * after escaping, against a hostile document.
 */
const contentSecurityPolicy = (pictures: boolean): string =>
  [
    "default-src 'none'",
    `style-src ${cspHash(CSS)}`,
    `script-src ${cspHash(SCRIPT)}`,
    // The source pictures beside findings are embedded in the page, never fetched.
    pictures ? "img-src data:" : null,
    "base-uri 'none'",
    "form-action 'none'",
  ]
    .filter((directive) => directive !== null)
    .join("; ");

export function renderReportHtml(input: ReportInput): string {
  const { hierarchy: h, discrepancies, diff } = input;
  const views = findingViews(input);
  const ctx: Context = {
    flags: flagsByCode(discrepancies),
    flagsByAction: flagsByAction(views),
    anchored: anchoredCodes(h),
  };
  const pictures = views.some((view) => view.source?.kind === "picture");
  const section = (id: string, title: string, ...content: Child[]) =>
    el(
      "section",
      { id, "aria-labelledby": `${id}-title` },
      el("h2", { id: `${id}-title` }, title),
      ...content,
    );
  const navLinks: readonly (readonly [string, string])[] = [
    ["totals", "Totali"],
    ["discrepancies", "Segnalazioni"],
    ["annex", "Tabella ricostruita"],
    ...(diff === null ? [] : [["diff", "Modifiche"] as const]),
  ];
  const page = el(
    "html",
    { lang: "it" },
    el(
      "head",
      {},
      el("meta", { charset: "utf-8" }),
      el("meta", { "http-equiv": "Content-Security-Policy", content: contentSecurityPolicy(pictures) }),
      el("meta", { name: "viewport", content: "width=device-width, initial-scale=1" }),
      el("title", {}, `Rapporto di acquisizione: ${h.document.file}`),
      rawTextElement("style", CSS),
    ),
    el(
      "body",
      {},
      el(
        "header",
        {},
        el("h1", {}, "Rapporto di acquisizione dell'allegato"),
        readingSection(h),
        documentSection(h),
        scrollRegion("Nodi ricostruiti", countsTable(h)),
        el(
          "nav",
          { "aria-label": "Sezioni" },
          el(
            "ul",
            {},
            navLinks.map(([id, label]) => el("li", {}, el("a", { href: `#${id}` }, label))),
          ),
        ),
      ),
      el(
        "main",
        {},
        section("totals", "Totali dichiarati e trovati", scrollRegion("Totali per funzione", totalsTable(h))),
        section(
          "discrepancies",
          "Segnalazioni",
          el(
            "p",
            {},
            el("span", { "data-count-discrepancies": discrepancies.length }, discrepancies.length),
            ` ${discrepancyNoun(discrepancies.length)}: `,
            SEVERITIES.map(
              (s) => `${SEVERITY_PLURALS[s]} ${discrepancies.filter((d) => d.severity === s).length}`,
            ).join(", "),
          ),
          discrepancySection(views, ctx),
          views.length === 0 ? null : [decisionsPanel(h), subProcessOptions(h)],
        ),
        section(
          "annex",
          "Tabella ricostruita",
          el(
            "p",
            {},
            `Le righe evidenziate e marcate «⚠ segnalazione» riguardano una segnalazione; le azioni marcate ` +
              `«bassa affidabilità» sono collocate con affidabilità inferiore a ${formatNumber(LOW_CONFIDENCE)}.`,
          ),
          hierarchyTable(h, ctx),
        ),
        diff === null ? null : diffSection(diff, ctx),
      ),
      rawTextElement("script", SCRIPT),
    ),
  );
  return `<!DOCTYPE html>\n${page.html}\n`;
}
