import type { Discrepancy } from "../../schema/discrepancy.js";
import { SourceRef } from "../../schema/source.js";
import { describeSource, formatNumber } from "../source-text.js";
import { sourceViewHtml } from "../source-view/markup.js";
import type { FindingView } from "./finding-view.js";
import { type Context, codeLink } from "./links.js";
import { anchorId, type Child, el, Markup } from "./markup.js";
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

function evidenceList(
  record: Readonly<Record<string, unknown>>,
  ctx: Context,
  shownElsewhere: ReadonlySet<string> = new Set(),
): Markup | null {
  const entries = Object.entries(record).filter(([key]) => !shownElsewhere.has(key));
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

/** Where the finding is: the code it names or its actions' sub-processes (linked), and its places. */
function whereLine(view: FindingView, ctx: Context): Markup {
  const d = view.discrepancy;
  const codes = [
    ...new Set([
      ...(d.code !== null && ctx.anchored.has(d.code) ? [d.code] : []),
      ...view.actions.map((a) => a.subProcess),
    ]),
  ];
  const parts: Child[] = [
    ...codes.map((code) => codeLink(code, ctx)),
    ...(d.code !== null && !ctx.anchored.has(d.code) ? [el("code", {}, d.code)] : []),
    ...view.places.map((place) => describeSource(place)),
  ];
  return el(
    "p",
    { class: "where" },
    el("span", { class: "where-label" }, "Dove: "),
    parts.length === 0 ? "l'intero documento" : parts.flatMap((part, i) => (i === 0 ? [part] : ["; ", part])),
  );
}

/** The actions the finding concerns, each linked to its row: what a decision may move. */
function concernedList(view: FindingView): Markup | null {
  if (view.actions.length === 0) return null;
  return el(
    "ul",
    { class: "concerned", "aria-label": "Azioni interessate" },
    view.actions.map((a) =>
      el(
        "li",
        { "data-action-id": a.id, "data-sub-process": a.subProcess },
        el("a", { href: `#${anchorId("action", a.id)}` }, a.text),
        " ",
        el("span", { class: "under" }, `(${a.subProcess})`),
      ),
    ),
  );
}

/** The source beside the finding, when the ingestion rendered it: its markup module escapes every text. */
function sourceFigure(view: FindingView): Markup | null {
  return view.source === undefined ? null : new Markup(sourceViewHtml(view.source));
}

const isPlace = (value: unknown): boolean => SourceRef.safeParse(value).success;

/**
 * Evidence fields the item already shows above it: places (in "Dove") and the quoted action texts
 * (in the list of actions concerned), so that they are not read twice.
 */
function shownElsewhere(view: FindingView): ReadonlySet<string> {
  const texts = new Set(view.actions.map((a) => a.text));
  const quotesActions = (value: unknown) =>
    (typeof value === "string" && texts.has(value)) ||
    (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === "string" && texts.has(v)));
  const keys = Object.entries(view.discrepancy.evidence)
    .filter(
      ([key, value]) =>
        isPlace(value) ||
        (Array.isArray(value) && value.length > 0 && value.every(isPlace)) ||
        ((key === "text" || key === "parts") && quotesActions(value)),
    )
    .map(([key]) => key);
  return new Set(keys);
}

function discrepancyItem(view: FindingView, ctx: Context): Markup {
  const d = view.discrepancy;
  const id = anchorId("d", String(view.number));
  return el(
    "li",
    {
      id,
      "data-number": view.number,
      "data-kind": d.kind,
      "data-severity": d.severity,
      "data-code": d.code ?? "",
      "data-reviewed": view.reviewed,
      "data-label-code": view.label?.code,
      "data-label-name": view.label?.name,
      class: `severity-${d.severity}`,
    },
    el(
      "p",
      { class: "discrepancy-head", id: `${id}-head` },
      el("span", { class: "severity" }, SEVERITY_LABELS[d.severity]),
      " ",
      el("strong", {}, kindLabel(d.kind)),
      " ",
      el("code", { class: "kind" }, d.kind),
      " · ",
      d.code === null ? "nessun codice" : ["codice ", codeLink(d.code, ctx)],
      view.reviewed === null ? null : [" ", el("span", { class: "reviewed-badge" }, "rivista")],
    ),
    view.reviewed === null ? null : el("p", { class: "reviewed" }, "Rivista: ", view.reviewed),
    el("p", { class: "message" }, d.message),
    whereLine(view, ctx),
    concernedList(view),
    sourceFigure(view),
    evidenceList(d.evidence, ctx, shownElsewhere(view)),
  );
}

interface FilterOption {
  readonly value: string;
  readonly label: string;
  readonly count: number;
}

/** A filter; each option keeps its label apart (`data-label`) for the script to recount. */
function filterSelect(id: string, label: string, options: readonly FilterOption[]): Markup {
  return el(
    "div",
    { class: "filter" },
    el("label", { for: id }, label),
    el(
      "select",
      { id },
      options.map((o) => el("option", { value: o.value, "data-label": o.label }, `${o.label} (${o.count})`)),
    ),
  );
}

export function discrepancySection(views: readonly FindingView[], ctx: Context): Child {
  if (views.length === 0) return el("p", {}, "Nessuna segnalazione.");
  const count = (match: (d: Discrepancy) => boolean) => views.filter((v) => match(v.discrepancy)).length;
  const kinds = [...new Set(views.map((v) => v.discrepancy.kind))];
  const reviewed = views.filter((v) => v.reviewed !== null).length;
  return [
    el(
      "fieldset",
      { class: "filters" },
      el("legend", {}, "Filtra le segnalazioni"),
      filterSelect("filter-kind", "Tipo", [
        { value: "", label: "Tutti i tipi", count: views.length },
        ...kinds.map((kind) => ({
          value: kind,
          label: kindLabel(kind),
          count: count((d) => d.kind === kind),
        })),
      ]),
      filterSelect("filter-severity", "Gravità", [
        { value: "", label: "Tutte le gravità", count: views.length },
        ...SEVERITIES.map((s) => ({
          value: s,
          label: SEVERITY_PLURALS[s],
          count: count((d) => d.severity === s),
        })),
      ]),
      filterSelect("filter-state", "Stato", [
        { value: "", label: "Tutti gli stati", count: views.length },
        { value: "open", label: "da decidere", count: views.length - reviewed },
        { value: "decided", label: "decise in questa pagina", count: 0 },
        { value: "reviewed", label: "già riviste", count: reviewed },
      ]),
      el("button", { type: "button", id: "filter-reset" }, "Azzera i filtri"),
      el(
        "p",
        { id: "shown-count", role: "status", "aria-live": "polite" },
        shownCount(views.length, views.length),
      ),
    ),
    el(
      "ol",
      { id: "discrepancy-list" },
      views.map((view) => discrepancyItem(view, ctx)),
    ),
  ];
}
