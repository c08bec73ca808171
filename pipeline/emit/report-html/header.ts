import type { Hierarchy } from "../../schema/hierarchy.js";
import { countNodes } from "../counts.js";
import { metadataEntries } from "../metadata-text.js";
import { describeReading } from "../reading.js";
import { signatureText } from "../signature-text.js";
import { type Child, el, type Markup } from "./markup.js";
import { COUNTED_LEVEL_LABELS, COUNTED_LEVELS, FORMAT_LABELS } from "./wording.js";

// ---------------------------------------------------------------------------------------------------
// Header

function signatureDescription(h: Hierarchy): Child {
  const sig = h.document.signature;
  if (sig === null) return "Nessuna firma";
  const text = signatureText(sig);
  const verdict = (good: boolean | null, words: string) =>
    el("li", { class: good === null ? "note" : good ? "ok" : "bad" }, words);
  return [
    el("p", {}, el("strong", { class: sig.valid ? "ok" : "bad" }, text.verdict)),
    el(
      "ul",
      { class: "verdicts" },
      verdict(sig.intact, text.integrity),
      verdict(sig.coversWholeDocument, text.coverage),
      verdict(sig.trusted, text.trust),
    ),
    sig.signers.length > 0
      ? el(
          "ul",
          { class: "signers" },
          text.signers.map((signer) => el("li", {}, signer)),
        )
      : el("p", {}, "Nessun firmatario leggibile."),
    text.findings.length > 0
      ? el(
          "ul",
          { class: "signature-findings" },
          sig.findings.map((finding, i) =>
            el("li", { class: finding.severity === "error" ? "bad" : "note" }, text.findings[i] ?? ""),
          ),
        )
      : null,
  ];
}

/** The verdict on the reading, at the top: it says how far the rest of the page can be trusted. */
export function readingSection(h: Hierarchy): Markup | null {
  const reading = h.document.reading;
  if (!reading) return null;
  return el(
    "section",
    { class: `reading reading-${reading.verdict}`, "aria-label": "Affidabilità della lettura" },
    el("p", {}, "Lettura ", el("strong", { "data-verdict": reading.verdict }, describeReading(reading))),
    reading.reasons.length > 0
      ? el(
          "ul",
          {},
          reading.reasons.map((r) => el("li", {}, r.message, " ", el("code", {}, r.rule))),
        )
      : el("p", {}, "Nessun segnale di una lettura difettosa."),
  );
}

export function documentSection(h: Hierarchy): Markup {
  const doc = h.document;
  const entry = (term: string, ...description: Child[]) => [el("dt", {}, term), el("dd", {}, ...description)];
  return el(
    "dl",
    { class: "document" },
    entry("File", doc.file),
    entry("Formato", FORMAT_LABELS[doc.format]),
    entry("Pagine", doc.pages ?? "—"),
    entry("SHA-256", el("code", { class: "digest" }, doc.sha256)),
    entry("Titolo", doc.title ?? "non rilevato"),
    ...(doc.metadata ? metadataEntries(doc.metadata) : []).map((m) =>
      entry(
        m.label,
        ...(m.lines.length > 1
          ? [
              el(
                "ul",
                { class: "metadata" },
                m.lines.map((l) => el("li", {}, l)),
              ),
            ]
          : m.lines),
      ),
    ),
    entry("Firma", signatureDescription(h)),
  );
}

export function countsTable(h: Hierarchy): Markup {
  const counts = countNodes(h.functions);
  const columns: readonly { label: string; attribute: string; value: number }[] = [
    { label: "Funzioni", attribute: "data-count-functions", value: h.functions.length },
    ...COUNTED_LEVELS.map((level) => ({
      label: COUNTED_LEVEL_LABELS[level],
      attribute: `data-count-${level.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`,
      value: counts[level],
    })),
  ];
  return el(
    "table",
    { class: "counts" },
    el("caption", {}, "Nodi ricostruiti"),
    el(
      "thead",
      {},
      el(
        "tr",
        {},
        columns.map((c) => el("th", { scope: "col" }, c.label)),
      ),
    ),
    el(
      "tbody",
      {},
      el(
        "tr",
        {},
        columns.map((c) => el("td", { [c.attribute]: c.value }, c.value)),
      ),
    ),
  );
}
