import type { DiscrepancyKind, Severity } from "../../schema/discrepancy.js";
import type { FunctionNode, Hierarchy } from "../../schema/hierarchy.js";
import type { NodeCounts } from "../counts.js";

// ---------------------------------------------------------------------------------------------------
// Wording

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
export const SEVERITIES: readonly Severity[] = ["error", "warning", "info"];

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

/** A kind added to the schema after this page was written still shows, by its own name. */
export const kindLabel = (kind: string): string => KIND_LABELS[kind as DiscrepancyKind] ?? kind;

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

export type CountedLevel = keyof NodeCounts;
export const COUNTED_LEVELS: readonly CountedLevel[] = [
  "macroProcesses",
  "processes",
  "subProcesses",
  "actions",
];
export const COUNTED_LEVEL_LABELS: Readonly<Record<CountedLevel, string>> = {
  macroProcesses: "Macro-processi",
  processes: "Processi",
  subProcesses: "Sotto-processi",
  actions: "Azioni",
};

/** Italian names of the evidence fields the pipeline writes; an unknown field shows under its own name. */
export const EVIDENCE_LABELS: Readonly<Record<string, string>> = {
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
  settledBy: "Già decisa",
  decision: "Decisione n.",
  kind: "Tipo",
  author: "Autore",
  date: "Data",
  decidedOn: "Decisioni prese su",
  reason: "Motivo",
  scope: "Funzione",
  ...COUNTED_LEVEL_LABELS,
};

/** Below this an action's placement is a guess the maintainers should check. */
export const LOW_CONFIDENCE = 0.6;

export const discrepancyNoun = (total: number): string => (total === 1 ? "segnalazione" : "segnalazioni");

/** The live count's wording; the inline script writes the same. */
export const shownCount = (shown: number, total: number): string =>
  `${shown} di ${total} ${discrepancyNoun(total)}`;
