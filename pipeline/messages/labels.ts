import type { CountedLevel } from "../emit/counts.js";
import type { Discrepancy, DiscrepancyKind, Severity } from "../schema/discrepancy.js";
import type { FunctionNode, Hierarchy, Reading } from "../schema/hierarchy.js";
import { count } from "./format.js";
import { template } from "./template.js";

/**
 * The reports' words for what the JSON keeps as codes (severities, kinds, formats, levels,
 * categories, verdicts) and the reports' headings and column names. The codes never change; these
 * are what a person reads beside or instead of them.
 */

export const SEVERITY_LABELS: Readonly<Record<Severity, string>> = {
  error: "errore",
  warning: "avviso",
  info: "nota",
};

export const SEVERITY_PLURALS: Readonly<Record<Severity, string>> = {
  error: "errori",
  warning: "avvisi",
  info: "note",
};

/** `1 errore`, `3 avvisi`. */
export const severityCount = (severity: Severity, n: number): string =>
  count(n, SEVERITY_LABELS[severity], SEVERITY_PLURALS[severity]);

export const KIND_LABELS: Readonly<Record<DiscrepancyKind, string>> = {
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

/** A kind added to the schema after the catalogue was written still shows, by its own code. */
export const kindLabel = (kind: Discrepancy["kind"] | string): string =>
  KIND_LABELS[kind as DiscrepancyKind] ?? kind;

export const FORMAT_LABELS: Readonly<Record<Hierarchy["document"]["format"], string>> = {
  pdf: "PDF",
  html: "HTML",
  text: "testo",
  xlsx: "Excel (.xlsx)",
  docx: "Word (.docx)",
};

export const CATEGORY_LABELS: Readonly<Record<NonNullable<FunctionNode["category"]>, string>> = {
  support: "Processi di supporto",
  primary: "Processi primari",
};

/** A level as a column or row heading. */
export const LEVEL_LABELS: Readonly<Record<CountedLevel, string>> = {
  macroProcesses: "Macro-processi",
  processes: "Processi",
  subProcesses: "Sotto-processi",
  actions: "Azioni",
};

/** `1 processo`, `43 azioni`. */
export function levelCount(level: CountedLevel, n: number): string {
  const nouns: Record<CountedLevel, [string, string]> = {
    macroProcesses: ["macro-processo", "macro-processi"],
    processes: ["processo", "processi"],
    subProcesses: ["sotto-processo", "sotto-processi"],
    actions: ["azione", "azioni"],
  };
  const [singular, plural] = nouns[level];
  return count(n, singular, plural);
}

/** The verdict as people read it (the JSON keeps the codes): one wording for the reports and the CLI. */
export const VERDICT_LABELS: Readonly<Record<Reading["verdict"], string>> = {
  reliable: "affidabile",
  review: "da rivedere",
  unreliable: "inaffidabile",
};

/** Headings, column names and fixed lines of report.md (report.html has its own page texts). */
export const REPORT = {
  title: template("Rapporto di acquisizione: {file}"),
  format: template("Formato {format}"),
  pages: template("{pages} pagine"),
  onePage: "1 pagina",
  documentTitle: template("titolo «{title}»"),
  noSignature: "nessuna firma",
  digest: template("sha256 {digest}…"),
  reading: template("Lettura {verdict}"),
  rule: "Regola",
  reason: "Motivo",
  noReadingSignal: "Nessun segnale di una lettura difettosa.",
  functions: "Funzioni",
  document: "Documento",
  signature: "Firma",
  signatureVerdicts: template("{verdict}:"),
  signer: "Firmatario:",
  signers: "Firmatari:",
  noSigner: "Nessun firmatario leggibile.",
  signatureFindings: "Rilievi sulla firma:",
  totals: "Totali dichiarati e trovati",
  function: "Funzione",
  level: "Livello",
  declared: "Dichiarati",
  found: "Trovati",
  noTotals: "Il documento non stampa righe di totali.",
  findings: template("Segnalazioni ({errors}, {warnings}, {notes})"),
  severity: "Gravità",
  kind: "Tipo",
  code: "Codice",
  message: "Messaggio",
  noFindings: "Nessuna segnalazione.",
  /** Joins the parts of the report's opening line. */
  separator: " · ",
} as const;

/** `12 pagine`, `1 pagina`. */
export const pageCount = (n: number): string => (n === 1 ? REPORT.onePage : REPORT.pages({ pages: n }));
