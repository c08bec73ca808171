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
