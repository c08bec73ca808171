import { createHash } from "node:crypto";
import {
  type ChangeType,
  contentsLine,
  contentsSummary,
  LEVEL_NAMES as DIFF_LEVEL_NAMES,
  SECTIONS as DIFF_SECTIONS,
  DIFF_TITLE,
  type DiffChange,
  type DiffReport,
  NO_CHANGES,
} from "../diff.js";
import type { Discrepancy, DiscrepancyKind, Severity } from "../schema/discrepancy.js";
import type { Action, DeclaredTotals, FunctionNode, Hierarchy } from "../schema/hierarchy.js";
import { SourceRef } from "../schema/source.js";
import { countNodes, type NodeCounts } from "./counts.js";
import { metadataEntries } from "./metadata-text.js";
import { describeReading } from "./reading.js";
import type { ReportInput } from "./report-input.js";
import { signatureText } from "./signature-text.js";
import { describeSource, formatNumber } from "./source-text.js";

/**
 * report.html: the maintainers' review page. One self-contained file (inline CSS and script, nothing
 * fetched), in Italian. Every text of the document is untrusted (a hostile annex may hold markup), so
 * the page is built only through `el`, which escapes every string it is given.
 */

// ---------------------------------------------------------------------------------------------------
// Markup: escaped by construction

/** HTML that is safe to emit as is: only `el` and `rawTextElement` make it. */
class Markup {
  constructor(readonly html: string) {}
}

type Child = Markup | string | number | null | undefined | false | readonly Child[];
type Attributes = Readonly<Record<string, string | number | boolean | null | undefined>>;

const ENTITIES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

const UNSAFE_CHARACTER = /[&<>"']/;
const UNSAFE_CHARACTERS = /[&<>"']/g;

/**
 * Safe both as text and inside a double-quoted attribute. Most texts need nothing, and testing for the
 * characters costs less than replacing none.
 */
export function escapeHtml(text: string): string {
  return UNSAFE_CHARACTER.test(text) ? text.replace(UNSAFE_CHARACTERS, (c) => ENTITIES[c] ?? c) : text;
}

/** Numbers are written as they are: their digits need no escaping. */
function escaped(value: string | number): string {
  return typeof value === "number" ? String(value) : escapeHtml(value);
}

/** The children's HTML, linked with `+` (see FLAT_ELEMENT_MAX_LENGTH). */
function serialize(child: Child): string {
  if (child instanceof Markup) return child.html;
  if (typeof child === "string" || typeof child === "number") return escaped(child);
  if (child === null || child === undefined || child === false) return "";
  let html = "";
  for (const item of child) html += serialize(item);
  return html;
}

const VOID_ELEMENTS = new Set(["meta"]);

/**
 * `+` links two strings without copying them (V8 copies the whole page once, when it is written out);
 * `Array.join` copies them into one flat string. An element up to this long is copied, which costs less
 * than the links it would leave behind; a longer one is linked, so that the page's markup is not copied
 * again for every element around it.
 */
const FLAT_ELEMENT_MAX_LENGTH = 2048;

/** An element; attribute names are this module's constants, values and children are escaped. */
function el(tag: string, attributes: Attributes, ...children: Child[]): Markup {
  let open = `<${tag}`;
  // for…in rather than Object.keys: it runs for every element of the page, and makes no array of names.
  for (const name in attributes) {
    const value = attributes[name];
    if (value === null || value === undefined || value === false) continue;
    open += value === true ? ` ${name}` : ` ${name}="${escaped(value)}"`;
  }
  open += ">";
  if (VOID_ELEMENTS.has(tag)) return new Markup(open);
  const inner = serialize(children);
  const close = `</${tag}>`;
  return new Markup(
    inner.length <= FLAT_ELEMENT_MAX_LENGTH ? [open, inner, close].join("") : open + inner + close,
  );
}

/** `<style>` and `<script>` take raw text, which escaping would break: only this module's constants go there. */
function rawTextElement(tag: "style" | "script", content: string): Markup {
  if (content.toLowerCase().includes(`</${tag}`))
    throw new Error(`<${tag}> content would close its element early`);
  return new Markup(`<${tag}>${content}</${tag}>`);
}

/** Whether the UTF-16 unit is one of `[A-Za-z0-9.-]`. */
function isSafeInId(unit: number): boolean {
  return (
    (unit >= 0x61 && unit <= 0x7a) || // a-z
    (unit >= 0x41 && unit <= 0x5a) || // A-Z
    (unit >= 0x30 && unit <= 0x39) || // 0-9
    unit === 0x2e || // .
    unit === 0x2d // -
  );
}

/**
 * An id attribute for any key (a code, an action id): characters outside `[A-Za-z0-9.-]` become
 * `_<hex>_` (a character beyond the BMP by its code point), so distinct keys never share an id and
 * fragments need no escaping. One pass over the units: this runs for every row of the table.
 */
function anchorId(prefix: "code" | "action" | "d", key: string): string {
  let id = `${prefix}-`;
  let copiedTo = 0;
  for (let i = 0; i < key.length; i++) {
    if (isSafeInId(key.charCodeAt(i))) continue;
    const codePoint = key.codePointAt(i) ?? 0;
    id += `${key.slice(copiedTo, i)}_${codePoint.toString(16)}_`;
    if (codePoint > 0xffff) i++;
    copiedTo = i + 1;
  }
  return id + key.slice(copiedTo);
}

// ---------------------------------------------------------------------------------------------------
// Wording

export const SEVERITY_LABELS: Readonly<Record<Severity, string>> = {
  error: "errore",
  warning: "avviso",
  info: "nota",
};
const SEVERITY_PLURALS: Readonly<Record<Severity, string>> = {
  error: "errori",
  warning: "avvisi",
  info: "note",
};
const SEVERITIES: readonly Severity[] = ["error", "warning", "info"];

const KIND_LABELS: Readonly<Record<DiscrepancyKind, string>> = {
  count_mismatch: "Totali diversi da quelli dichiarati",
  duplicate_action: "Azione ripetuta",
  duplicate_code: "Codice etichettato più volte",
  empty_subprocess: "Sotto-processo senza azioni",
  code_out_of_order: "Codice fuori sequenza",
  reassigned_action: "Azione ricollocata",
  missing_label: "Etichetta mancante",
  unplaced_text: "Testo non collocato",
  signature_invalid: "Firma non valida",
  split_cell: "Cella divisa in più azioni",
  source_warning: "Avviso sul documento d'origine",
  completed_function_name: "Nome della funzione completato",
  signature_unverified_chain: "Catena di fiducia non verificata",
  signature_untrusted: "Firmatario non attendibile",
  signature_warning: "Avviso sulla firma",
  stale_override: "Correzione manuale non più applicabile",
  override_applied: "Correzione manuale applicata",
};

/** A kind added to the schema after this page was written still shows, by its own name. */
const kindLabel = (kind: string): string => KIND_LABELS[kind as DiscrepancyKind] ?? kind;

const FORMAT_LABELS: Readonly<Record<Hierarchy["document"]["format"], string>> = {
  pdf: "PDF",
  html: "HTML",
  text: "testo",
  xlsx: "Excel (.xlsx)",
  docx: "Word (.docx)",
};

const CATEGORY_LABELS: Readonly<Record<NonNullable<FunctionNode["category"]>, string>> = {
  support: "Processi di supporto",
  primary: "Processi primari",
};

type CountedLevel = keyof NodeCounts;
const COUNTED_LEVELS: readonly CountedLevel[] = ["macroProcesses", "processes", "subProcesses", "actions"];
const COUNTED_LEVEL_LABELS: Readonly<Record<CountedLevel, string>> = {
  macroProcesses: "Macro-processi",
  processes: "Processi",
  subProcesses: "Sotto-processi",
  actions: "Azioni",
};

/** Italian names of the evidence fields the pipeline writes; an unknown field shows under its own name. */
const EVIDENCE_LABELS: Readonly<Record<string, string>> = {
  from: "Da",
  to: "A",
  why: "Motivo",
  confidence: "Affidabilità",
  source: "Origine",
  sources: "Origini",
  declared: "Dichiarati",
  parsed: "Trovati",
  text: "Testo",
  kept: "Occorrenza tenuta",
  dropped: "Occorrenza scartata",
  after: "Stampato dopo",
  names: "Nomi",
  children: "Figli",
  parts: "Parti",
  printed: "Stampato",
  completed: "Completato",
  rule: "Regola",
  encoding: "Codifica",
  used: "Codifica usata",
  page: "Pagina",
  line: "Riga",
  bbox: "Riquadro",
  signers: "Firmatari",
  subject: "Soggetto",
  signingTime: "Data della firma",
  signingTimeLocal: "Data della firma (ora italiana)",
  commonName: "Nome",
  organization: "Organizzazione",
  serialNumber: "Numero di serie",
  issuer: "Emittente",
  notBefore: "Valido dal",
  notAfter: "Valido fino al",
  trusted: "Attendibile",
  override: "Correzione",
  reviewed: "Revisione",
  reason: "Motivo",
  scope: "Funzione",
  ...COUNTED_LEVEL_LABELS,
};

/** Below this an action's placement is a guess the maintainers should check. */
const LOW_CONFIDENCE = 0.6;

const discrepancyNoun = (total: number): string => (total === 1 ? "segnalazione" : "segnalazioni");

/** The live count's wording; the inline script writes the same. */
const shownCount = (shown: number, total: number): string => `${shown} di ${total} ${discrepancyNoun(total)}`;

// ---------------------------------------------------------------------------------------------------
// Links between the table and the discrepancies

/** Discrepancy numbers (1-based, list order) by the code they point at. */
type FlagsByCode = ReadonlyMap<string, readonly number[]>;

function flagsByCode(discrepancies: readonly Discrepancy[]): FlagsByCode {
  const flags = new Map<string, number[]>();
  discrepancies.forEach((d, i) => {
    if (d.code === null) return;
    const numbers = flags.get(d.code);
    if (numbers) numbers.push(i + 1);
    else flags.set(d.code, [i + 1]);
  });
  return flags;
}

/** Every code the table has an anchor for: labels at every level, and printed action codes. */
function anchoredCodes(h: Hierarchy): ReadonlySet<string> {
  const codes = new Set<string>();
  for (const f of h.functions) {
    codes.add(f.code);
    for (const m of f.macroProcesses) {
      codes.add(m.code);
      for (const p of m.processes) {
        codes.add(p.code);
        for (const s of p.subProcesses) {
          codes.add(s.code);
          for (const a of s.actions) if (a.code !== null) codes.add(a.code);
        }
      }
    }
  }
  return codes;
}

interface Context {
  readonly flags: FlagsByCode;
  readonly anchored: ReadonlySet<string>;
}

/** A code, linked to its rows when the table has them. */
function codeLink(code: string, ctx: Context): Markup {
  return ctx.anchored.has(code)
    ? el("a", { href: `#${anchorId("code", code)}`, class: "code" }, code)
    : el("code", {}, code);
}

/** Links from a table cell to the discrepancies on its code. */
function flagLinks(code: string | null, ctx: Context): Markup | null {
  const numbers = code === null ? [] : (ctx.flags.get(code) ?? []);
  if (numbers.length === 0) return null;
  return el(
    "span",
    { class: "flags" },
    numbers.map((n) =>
      el("a", { href: `#${anchorId("d", String(n))}`, class: "flag" }, `⚠ segnalazione ${n}`),
    ),
  );
}

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
function readingSection(h: Hierarchy): Markup | null {
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

function documentSection(h: Hierarchy): Markup {
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

function countsTable(h: Hierarchy): Markup {
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

// ---------------------------------------------------------------------------------------------------
// Declared totals

function totalsTable(h: Hierarchy): Markup {
  const declaredByScope = new Map<string, DeclaredTotals>(h.declaredTotals.map((t) => [t.scope, t]));
  const scopes = [...new Set([...h.functions.map((f) => f.code), ...declaredByScope.keys()])].sort();
  const rows = scopes.map((scope) => {
    const found = countNodes(h.functions.filter((f) => f.code === scope));
    const declared = declaredByScope.get(scope);
    return el(
      "tr",
      { "data-scope": scope },
      el("th", { scope: "row" }, scope),
      COUNTED_LEVELS.map((level) => {
        const printed = declared?.[level] ?? null;
        const differs = printed !== null && printed !== found[level];
        return [
          el("td", { "data-level": level, "data-declared": printed ?? "" }, printed ?? "—"),
          el(
            "td",
            { "data-level": level, "data-found": found[level], class: differs ? "differs" : null },
            found[level],
            differs ? el("strong", { class: "mark" }, " (diverso dal dichiarato)") : null,
          ),
        ];
      }),
    );
  });
  return el(
    "table",
    { class: "totals" },
    el(
      "caption",
      {},
      "Totali stampati dal documento e nodi trovati, per funzione (— : il documento non stampa il totale)",
    ),
    el("colgroup", { span: 1 }),
    COUNTED_LEVELS.map(() => el("colgroup", { span: 2 })),
    el(
      "thead",
      {},
      el(
        "tr",
        {},
        el("th", { scope: "col", rowspan: 2 }, "Funzione"),
        COUNTED_LEVELS.map((level) =>
          el("th", { scope: "colgroup", colspan: 2 }, COUNTED_LEVEL_LABELS[level]),
        ),
      ),
      el(
        "tr",
        {},
        COUNTED_LEVELS.map(() => [
          el("th", { scope: "col" }, "Dichiarati"),
          el("th", { scope: "col" }, "Trovati"),
        ]),
      ),
    ),
    el("tbody", {}, rows),
  );
}

// ---------------------------------------------------------------------------------------------------
// The reconstructed table, laid out as the annex lays it out

/**
 * One `<tr>`: the label cells that start on it (spanning down over their rows), then the LIV 4 cell.
 * A function's rows are laid in one list, and each label is added to its rows in place once its
 * children are laid: copying the rows at every level cost more than writing the page.
 */
interface LaidRow {
  readonly id: string | null;
  readonly cells: Markup[];
  /** Under a macro-process, process or sub-process (or on an action) a discrepancy points at. */
  flagged: boolean;
}

/** The row standing for a level with nothing under it: blank cells, then a note in the actions column. */
function placeholderRow(columns: number): LaidRow {
  const blanks = Array.from({ length: columns - 1 }, () => el("td", {}));
  return { id: null, cells: [...blanks, el("td", { class: "none" }, "(nessuna azione)")], flagged: false };
}

function labelCell(node: { code: string; name: string }, rowspan: number, ctx: Context): Markup {
  return el(
    "th",
    {
      scope: "row",
      rowspan,
      id: anchorId("code", node.code),
      class: ctx.flags.has(node.code) ? "label flagged" : "label",
    },
    el(
      "div",
      { class: "label-body" },
      el("span", { class: "label-code" }, node.code),
      " ",
      node.name === "" ? el("em", {}, "(senza etichetta)") : node.name,
      flagLinks(node.code, ctx),
    ),
  );
}

/**
 * A label over the rows laid since `first` (its children's): its cell (built for the final row count)
 * opens the first of them and spans them all; with none, one placeholder row `columns` wide stands in.
 * `flagRows` highlights them all.
 */
function spanning(
  rows: LaidRow[],
  first: number,
  columns: number,
  cell: (rowspan: number) => Markup,
  flagRows: boolean,
): void {
  if (rows.length === first) rows.push(placeholderRow(columns));
  rows[first]?.cells.unshift(cell(rows.length - first));
  if (flagRows) for (const row of rows.slice(first)) row.flagged = true;
}

/** A macro-process, process or sub-process over the rows laid since `first`; a flag on it highlights them. */
function band(
  node: { code: string; name: string },
  rows: LaidRow[],
  first: number,
  columns: number,
  ctx: Context,
): void {
  spanning(rows, first, columns, (rowspan) => labelCell(node, rowspan, ctx), ctx.flags.has(node.code));
}

function actionRow(action: Action, ctx: Context): LaidRow {
  const low = action.confidence < LOW_CONFIDENCE;
  const cell = el(
    "td",
    { class: low ? "action low-confidence" : "action", "data-confidence": action.confidence },
    action.code === null ? null : [el("span", { class: "label-code" }, action.code), " "],
    el("span", { class: "action-text" }, action.text),
    low ? el("span", { class: "badge" }, ` bassa affidabilità (${formatNumber(action.confidence)})`) : null,
    flagLinks(action.code, ctx),
  );
  return {
    id: anchorId("action", action.id),
    cells: [cell],
    flagged: action.code !== null && ctx.flags.has(action.code),
  };
}

/** The function's band, rotated as in the annex; a flag on the function marks the band alone, not its rows. */
function functionCell(f: FunctionNode, rowspan: number, ctx: Context): Markup {
  return el(
    "th",
    {
      scope: "rowgroup",
      rowspan,
      id: anchorId("code", f.code),
      class: ctx.flags.has(f.code) ? "band flagged" : "band",
    },
    el(
      "div",
      { class: "label-body" },
      el(
        "span",
        { class: "band-text" },
        el("span", { class: "label-code" }, f.code),
        " ",
        f.name,
        f.category === null ? null : el("span", { class: "category" }, ` (${CATEGORY_LABELS[f.category]})`),
      ),
      flagLinks(f.code, ctx),
    ),
  );
}

/** A function's rows in their own `<tbody>`, the row group its band heads. */
function functionBody(f: FunctionNode, ctx: Context): Markup {
  const rows: LaidRow[] = [];
  for (const m of f.macroProcesses) {
    const macroFirst = rows.length;
    for (const p of m.processes) {
      const processFirst = rows.length;
      for (const s of p.subProcesses) {
        const subFirst = rows.length;
        for (const a of s.actions) rows.push(actionRow(a, ctx));
        band(s, rows, subFirst, 1, ctx);
      }
      band(p, rows, processFirst, 2, ctx);
    }
    band(m, rows, macroFirst, 3, ctx);
  }
  spanning(rows, 0, 4, (rowspan) => functionCell(f, rowspan, ctx), false);
  return el(
    "tbody",
    { "data-function": f.code },
    rows.map((row) => el("tr", { id: row.id, class: row.flagged ? "flagged" : null }, row.cells)),
  );
}

function hierarchyTable(h: Hierarchy, ctx: Context): Markup {
  return el(
    "table",
    { class: "annex" },
    el(
      "caption",
      {},
      "L'articolazione dei processi come ricostruita: una riga per azione; le etichette coprono le righe delle loro azioni",
    ),
    el(
      "thead",
      {},
      el(
        "tr",
        {},
        ["Funzione", "LIV 1 Macro-processi", "LIV 2 Processi", "LIV 3 Sotto-processi", "LIV 4 Azioni"].map(
          (label) => el("th", { scope: "col" }, label),
        ),
      ),
    ),
    h.functions.map((f) => functionBody(f, ctx)),
  );
}

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

function discrepancySection(discrepancies: readonly Discrepancy[], ctx: Context): Child {
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

// ---------------------------------------------------------------------------------------------------
// Diff against the previous version

const similarityText = (change: DiffChange): string =>
  change.similarity === undefined ? "" : formatNumber(change.similarity);

/** What an added or removed label held: its counts, opening on the nested list of its contents. */
function contentsCell(change: DiffChange): Child {
  const children = change.children ?? [];
  if (children.length === 0) return "";
  const tree = (items: readonly DiffChange[]): Markup =>
    el(
      "ul",
      {},
      items.map((item) =>
        el("li", {}, contentsLine(item), (item.children ?? []).length > 0 ? tree(item.children ?? []) : null),
      ),
    );
  return el("details", {}, el("summary", {}, contentsSummary(change)), tree(children));
}

/**
 * A change's cells, column for column with its section in diff.ts (which owns the sections' order,
 * headings and columns): here codes are linked and the similarity written the Italian way.
 */
const DIFF_CELLS: Readonly<Record<ChangeType, (change: DiffChange, ctx: Context) => readonly Child[]>> = {
  added: (c, ctx) => [DIFF_LEVEL_NAMES[c.level], codeLink(c.code, ctx), c.text ?? "", contentsCell(c)],
  removed: (c) => [DIFF_LEVEL_NAMES[c.level], c.code, c.text ?? "", contentsCell(c)],
  renamed: (c, ctx) => [
    DIFF_LEVEL_NAMES[c.level],
    codeLink(c.code, ctx),
    c.oldText ?? "",
    c.newText ?? "",
    similarityText(c),
  ],
  renumbered: (c, ctx) => [
    DIFF_LEVEL_NAMES[c.level],
    c.from ?? "",
    c.to === undefined ? "" : codeLink(c.to, ctx),
    c.text ?? c.newText ?? "",
    c.oldText ?? "",
  ],
  moved: (c, ctx) => [
    c.from === undefined ? "" : codeLink(c.from, ctx),
    c.to === undefined ? "" : codeLink(c.to, ctx),
    c.text ?? "",
    similarityText(c),
  ],
};

function diffSection(diff: DiffReport, ctx: Context): Markup {
  const tables = DIFF_SECTIONS.map((section) => ({
    section,
    changes: diff.changes.filter((c) => c.type === section.type),
  }))
    .filter(({ changes }) => changes.length > 0)
    .map(({ section, changes }) =>
      el(
        "table",
        { class: "diff", "data-change-type": section.type },
        el("caption", {}, `${section.heading} (${changes.length})`),
        el(
          "thead",
          {},
          el(
            "tr",
            {},
            section.columns.map((label) => el("th", { scope: "col" }, label)),
          ),
        ),
        el(
          "tbody",
          {},
          changes.map((c) =>
            el(
              "tr",
              {},
              DIFF_CELLS[section.type](c, ctx).map((cell) => el("td", {}, cell)),
            ),
          ),
        ),
      ),
    );
  return el(
    "section",
    { id: "diff", "aria-labelledby": "diff-title" },
    el("h2", { id: "diff-title" }, DIFF_TITLE),
    tables.length > 0 ? tables : el("p", {}, NO_CHANGES),
  );
}

// ---------------------------------------------------------------------------------------------------
// Page

const CSS = `
:root { color-scheme: light; --flag: #fff1c2; --flag-edge: #b7791f; --low: #fde2e1; --low-edge: #b42318; }
body { font: 15px/1.45 system-ui, sans-serif; margin: 1.5rem; color: #1b1b1b; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 .5rem; border-bottom: 1px solid #999; }
nav ul { display: flex; flex-wrap: wrap; gap: 1rem; list-style: none; padding: 0; }
dl.document { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
dl.document dt { font-weight: 600; }
dl.document dd { margin: 0; }
dl.document p, ul.metadata, ul.signers, ul.verdicts, ul.signature-findings { margin: 0; }
.digest { word-break: break-all; }
.ok { color: #1a6b2f; }
.bad { color: #b42318; }
.reading { border-left: 6px solid; padding: .25rem .75rem; margin-bottom: 1rem; }
.reading-reliable { border-color: #1a6b2f; }
.reading-review { border-color: var(--flag-edge); background: var(--flag); }
.reading-unreliable { border-color: var(--low-edge); background: var(--low); }
.note { border-left: 4px solid var(--flag-edge); padding-left: .5rem; }
table { border-collapse: collapse; margin: .75rem 0; }
caption { text-align: left; font-weight: 600; padding: .25rem 0; }
th, td { border: 1px solid #888; padding: .25rem .45rem; vertical-align: top; text-align: left; }
thead th { background: #eceff3; }
td[data-found], td[data-declared], .counts td { text-align: right; font-variant-numeric: tabular-nums; }
.differs { outline: 2px solid var(--low-edge); outline-offset: -2px; }
.mark { color: #b42318; }
table.annex { width: 100%; }
table.annex thead th { position: sticky; top: 0; z-index: 1; }
table.annex tbody { border-top: 3px solid #333; }
th.label { font-weight: normal; width: 18%; }
.label-code { font-weight: 700; font-variant-numeric: tabular-nums; }
th.band { width: 2.5rem; text-align: center; }
/* A label stays in view while its rows scroll under the sticky column headers. */
.label-body { position: sticky; top: 3.2rem; }
.band-text { writing-mode: vertical-rl; transform: rotate(180deg); white-space: nowrap; font-weight: 600; }
.category { font-weight: normal; }
/* On the row's own cells only: a row background would also paint the labels spanning down from above. */
th.flagged, tr.flagged > td { background: var(--flag); }
th.flagged { box-shadow: inset 4px 0 0 var(--flag-edge); }
td.low-confidence { box-shadow: inset 4px 0 0 var(--low-edge); }
.badge { font-size: .85em; font-weight: 600; color: #b42318; white-space: nowrap; }
td.none { font-style: italic; color: #555; }
.flags { display: block; font-size: .85em; }
.flag { margin-right: .5rem; color: #7a4a00; white-space: nowrap; }
/* The band is narrow: its links stack, and may wrap, rather than widen the column. */
th.band .flag { display: block; margin: .25rem 0 0; white-space: normal; }
fieldset.filters { display: flex; flex-wrap: wrap; align-items: end; gap: 1rem; border: 1px solid #aaa; }
.filter label { display: block; font-weight: 600; }
select { font: inherit; padding: .2rem; }
#shown-count { margin: 0; font-weight: 600; }
#discrepancy-list > li { margin: .5rem 0; padding: .4rem .6rem; border: 1px solid #bbb; border-left-width: 6px; }
#discrepancy-list > li:target { outline: 3px solid #1f4fbf; }
#discrepancy-list > li.severity-error { border-left-color: #b42318; }
#discrepancy-list > li.severity-warning { border-left-color: #b7791f; }
#discrepancy-list > li.severity-info { border-left-color: #5b6b7b; }
.severity { text-transform: uppercase; font-size: .8em; font-weight: 700; letter-spacing: .04em; }
.discrepancy-head, .message { margin: .1rem 0; }
dl.evidence { display: grid; grid-template-columns: max-content 1fr; gap: 0 .75rem; margin: .25rem 0 0; font-size: .92em; }
dl.evidence dt { color: #444; }
dl.evidence dd { margin: 0; }
dl.evidence ul { margin: 0; padding-left: 1.2rem; }
tr:target > td, th:target { outline: 3px solid #1f4fbf; outline-offset: -3px; }
@media print {
  body { margin: 0; font-size: 10pt; }
  nav, fieldset.filters { display: none; }
  #discrepancy-list > li[hidden] { display: list-item !important; }
  table.annex thead th, .label-body { position: static; }
  thead { display: table-header-group; }
  tr, #discrepancy-list > li { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
  th.flagged, tr.flagged > td, thead th { background: none; }
  th.flagged { box-shadow: none; border-left: 3px double #000; }
  td.low-confidence { box-shadow: none; }
}
`;

/** Narrows the discrepancy list to the chosen kind and severity, and keeps the live count in step. */
const SCRIPT = `
(() => {
  const kind = document.getElementById("filter-kind");
  const severity = document.getElementById("filter-severity");
  const count = document.getElementById("shown-count");
  if (!kind || !severity || !count) return;
  const items = Array.from(document.querySelectorAll("#discrepancy-list > li"));
  const noun = items.length === 1 ? "segnalazione" : "segnalazioni";
  const apply = () => {
    let shown = 0;
    for (const item of items) {
      const visible =
        (kind.value === "" || item.dataset.kind === kind.value) &&
        (severity.value === "" || item.dataset.severity === severity.value);
      item.hidden = !visible;
      if (visible) shown += 1;
    }
    count.textContent = shown + " di " + items.length + " " + noun;
  };
  kind.addEventListener("change", apply);
  severity.addEventListener("change", apply);
  apply();
})();
`;

const cspHash = (source: string): string =>
  `'sha256-${createHash("sha256").update(source, "utf8").digest("base64")}'`;

/**
 * Nothing but this page's own style and script may run, and nothing may be fetched: a second guard,
 * after escaping, against a hostile document.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  `style-src ${cspHash(CSS)}`,
  `script-src ${cspHash(SCRIPT)}`,
  "base-uri 'none'",
  "form-action 'none'",
].join("; ");

export function renderReportHtml(input: ReportInput): string {
  const { hierarchy: h, discrepancies, diff } = input;
  const ctx: Context = { flags: flagsByCode(discrepancies), anchored: anchoredCodes(h) };
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
      el("meta", { "http-equiv": "Content-Security-Policy", content: CONTENT_SECURITY_POLICY }),
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
        countsTable(h),
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
        section("totals", "Totali dichiarati e trovati", totalsTable(h)),
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
          discrepancySection(discrepancies, ctx),
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
