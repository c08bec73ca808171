import type { Discrepancy } from "../../schema/discrepancy.js";
import { SourceRef } from "../../schema/source.js";
import { describeSource, formatNumber } from "../source-text.js";
import { type Context, codeLink } from "./links.js";
import { anchorId, type Child, el, type Markup } from "./markup.js";
import {
  EVIDENCE_LABELS,
  kindLabel,
  SEVERITIES,
  SEVERITY_LABELS,
  SEVERITY_PLURALS,
  shownCount,
} from "./wording.js";

// ---------------------------------------------------------------------------------------------------
// Discrepancies

/** Evidence as readable Italian: places in the source described, codes linked, nested records as lists. */
function evidenceValue(value: unknown, ctx: Context): Child {
  if (value === null || value === undefined) return "—";
  if (typeof value === "string") return ctx.anchored.has(value) ? codeLink(value, ctx) : value;
  if (typeof value === "number") return formatNumber(value);
  if (typeof value === "boolean") return value ? "sì" : "no";
  if (Array.isArray(value)) {
    if (value.every((item) => typeof item === "number")) return `(${value.map(formatNumber).join("; ")})`;
    return el(
      "ul",
      {},
      value.map((item) => el("li", {}, evidenceValue(item, ctx))),
    );
  }
  const source = SourceRef.safeParse(value);
  if (source.success) return describeSource(source.data);
  if (typeof value === "object") return evidenceList(value as Record<string, unknown>, ctx);
  return String(value);
}

function evidenceList(record: Readonly<Record<string, unknown>>, ctx: Context): Markup | null {
  const entries = Object.entries(record);
  if (entries.length === 0) return null;
  return el(
    "dl",
    { class: "evidence" },
    entries.map(([key, value]) => [
      el("dt", {}, EVIDENCE_LABELS[key] ?? key),
      el("dd", {}, evidenceValue(value, ctx)),
    ]),
  );
}

function discrepancyItem(d: Discrepancy, number: number, ctx: Context): Markup {
  return el(
    "li",
    {
      id: anchorId("d", String(number)),
      "data-kind": d.kind,
      "data-severity": d.severity,
      "data-code": d.code ?? "",
      class: `severity-${d.severity}`,
    },
    el(
      "p",
      { class: "discrepancy-head" },
      el("span", { class: "severity" }, SEVERITY_LABELS[d.severity]),
      " ",
      el("strong", {}, kindLabel(d.kind)),
      " ",
      el("code", { class: "kind" }, d.kind),
      " · ",
      d.code === null ? "nessun codice" : ["codice ", codeLink(d.code, ctx)],
    ),
    el("p", { class: "message" }, d.message),
    evidenceList(d.evidence, ctx),
  );
}

function filterSelect<T extends string>(
  id: string,
  label: string,
  allLabel: string,
  options: readonly { value: T; label: string; count: number }[],
): Markup {
  return el(
    "div",
    { class: "filter" },
    el("label", { for: id }, label),
    el(
      "select",
      { id },
      el("option", { value: "" }, allLabel),
      options.map((o) => el("option", { value: o.value }, `${o.label} (${o.count})`)),
    ),
  );
}

export function discrepancySection(discrepancies: readonly Discrepancy[], ctx: Context): Child {
  if (discrepancies.length === 0) return el("p", {}, "Nessuna segnalazione.");
  const count = (match: (d: Discrepancy) => boolean) => discrepancies.filter(match).length;
  const kinds = [...new Set(discrepancies.map((d) => d.kind))];
  return [
    el(
      "fieldset",
      { class: "filters" },
      el("legend", {}, "Filtra le segnalazioni"),
      filterSelect(
        "filter-kind",
        "Tipo",
        "Tutti i tipi",
        kinds.map((kind) => ({ value: kind, label: kindLabel(kind), count: count((d) => d.kind === kind) })),
      ),
      filterSelect(
        "filter-severity",
        "Gravità",
        "Tutte le gravità",
        SEVERITIES.map((s) => ({
          value: s,
          label: SEVERITY_PLURALS[s],
          count: count((d) => d.severity === s),
        })),
      ),
      el(
        "p",
        { id: "shown-count", role: "status", "aria-live": "polite" },
        shownCount(discrepancies.length, discrepancies.length),
      ),
    ),
    el(
      "ol",
      { id: "discrepancy-list" },
      discrepancies.map((d, i) => discrepancyItem(d, i + 1, ctx)),
    ),
  ];
}
