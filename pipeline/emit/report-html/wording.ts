import { LEVEL_LABELS as COUNTED_LEVEL_LABELS } from "../../messages/labels.js";
import type { Severity } from "../../schema/discrepancy.js";

// ---------------------------------------------------------------------------------------------------
// Wording

// The catalogue's words for the codes (pipeline/messages/labels.ts); the page uses them as they are.
export {
  CATEGORY_LABELS,
  FORMAT_LABELS,
  KIND_LABELS,
  kindLabel,
  LEVEL_LABELS as COUNTED_LEVEL_LABELS,
  SEVERITY_LABELS,
  SEVERITY_PLURALS,
} from "../../messages/labels.js";
export { COUNTED_LEVELS, type CountedLevel } from "../counts.js";
export const SEVERITIES: readonly Severity[] = ["error", "warning", "info"];

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
