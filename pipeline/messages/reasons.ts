import { template } from "./template.js";

/**
 * Why the resolver placed or cut an action as it did (`why` in a finding's evidence, and the reasons
 * a finding's message gives). Words are quoted whole, as the document writes them, never as stems.
 */
export const REASONS = {
  /** row-segmentation: `words` are the action's own words (`«gestione» e «sistemi»`). */
  sharesWords: template("condivide {words} con {code}"),
  /** Geometry or markup put the action beside its label. */
  position: "la sua posizione nella tabella",
  noSharedWords: "nessuna parola in comune con l'etichetta: decide la posizione nella tabella",
  uncertain: template("collocazione incerta (affidabilità {confidence})"),
  /** run-together-actions */
  beginsActions: template("«{word}» apre altre azioni di questo documento"),
  writtenLowerCase: template(
    "«{word}» è scritta altrove in minuscolo: qui la maiuscola apre una nuova azione",
  ),
  actionNoun: template(
    "«{word}» è un nome d'azione seguito dal suo complemento, come all'inizio di {actions} di questo documento",
  ),
  opensPhrase: template(
    "«{word}» segue una parola piena e precede un articolo o una preposizione: apre una nuova azione",
  ),
  openingComesBack: template("l'apertura «{phrase}» ritorna"),
  pastListItem: template("{reason:sentence}, oltre la voce di un elenco"),
  /** label-echo */
  labelEcho: template(
    "la prima parola dell'etichetta, «{word}», ritorna: l'etichetta è ripetuta come sua prima azione",
  ),
  /** How classify records a cut cell on the actions it made. */
  cellSplit: template("cella divisa: {reasons:sentence}"),
  carriedInLabel: template("portata nella cella dell'etichetta {code}: {reason:sentence}"),
  continued: "continua alla riga seguente",
};
