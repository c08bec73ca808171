import { template } from "./template.js";

/**
 * The findings' messages (`message` in discrepancies.json), one per kind and case. The `kind` says
 * what a finding is for machines; this says it for the person reviewing the reading.
 */
export const FINDINGS = {
  /** count_mismatch; `declared` and `parsed` are counts with their nouns (`43 azioni`). */
  countMismatch: template("la funzione {function} dichiara {declared}, la lettura ne trova {parsed}"),
  emptySubprocess: template("{code} «{name}» non ha azioni"),
  codeOutOfOrder: template("{code} è stampato dopo {after} ({where}): riportato nell'ordine dei codici"),
  reassignedAction: template(
    "«{text}» ({where}) è collocata sotto {to}, non sotto {from} dove cade la sua riga: {why:sentence}",
  ),
  reassignedBeforeLabels: template(
    "«{text}» ({where}) è letta prima di ogni etichetta ed è collocata sotto {to}: {why:sentence}",
  ),
  unplacedText: template("testo non collocato ({where}): «{text}»"),
  /** split_cell; `actions` is a count with its noun. */
  splitCell: template("una sola cella letta come {actions} ({where}); {why:sentence}"),
  duplicateCode: template("{code} è etichettato {times}; unito in un solo nodo di nome «{name}»"),
  missingLabel: template("{code} non ha un'etichetta propria: è noto solo dai codici dei suoi figli"),
  duplicateAction: template("«{text}» compare due volte in {code} ({where}); tenuta una volta sola"),
  completedFunctionName: template(
    "la fascia della funzione {function} riporta «{printed}», forma tronca di «{completed}» (DPR 254/2005): nome completato",
  ),
  signatureUnverifiedChain:
    "catena dei certificati non verificata: non è stato dato un elenco di certificati fidati (--trust)",
  /** A signature finding about one signer of several. */
  signerFinding: template("{signer}: {finding:sentence}"),
};

/** What a reader noticed about the source itself (`source_warning` findings). */
export const SOURCE = {
  validUtf8: "i byte sono UTF-8 valido",
  invalidUtf8: "i byte non sono UTF-8 valido",
  validMultibyteUtf8: "i byte sono UTF-8 valido con caratteri di più byte",
  noCharset: template("nessuna codifica dichiarata; letto come {used} perché {reason:sentence}"),
  unknownCharset: template(
    "la codifica dichiarata «{declared}» è sconosciuta; letto come {used} perché {reason:sentence}",
  ),
  wrongCharset: template(
    "la codifica dichiarata «{declared}» è sbagliata: {reason:sentence}; letto come {used}",
  ),
  overlappingCells:
    "celle della tabella sovrapposte (un colspan invade una cella che scende da una riga sopra): tenute entrambe",
  notUtf8: template("il testo non è UTF-8 valido; letto come {used}"),
  layoutCopy: "copia impaginata (colonne tenute da spazi): letta dall'allineamento del testo",
  hiddenSheet: template("il foglio «{sheet}» è nascosto: non letto"),
  hiddenCells: template("foglio «{sheet}»: {cells} con testo in righe o colonne nascoste, non lette"),
  nestedEnvelopes: template("{envelopes} firmate una dentro l'altra, aperte tutte"),
};
