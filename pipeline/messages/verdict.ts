import { template } from "./template.js";

/**
 * The verdict's reasons (`document.reading.reasons[].message`): what each signal measured, as
 * `what was counted: n su m, share`, so that the sentence reads right whatever the numbers are.
 * `rule` keeps the signal's code for machines.
 */
export const VERDICT = {
  describe: template("{verdict} (punteggio {score})"),
  noReason: "nessun motivo registrato",

  fragments: template(
    "azioni che sembrano frammenti: {fragments} su {actions}, {share} (per esempio «{text}»: {kind:sentence})",
  ),
  noFragments: "nessuna azione sembra un frammento",
  fragmentKinds: {
    strayLetter: "inizia con una lettera isolata",
    lowerCase: "inizia in minuscolo",
    openBracket: "lascia aperta una parentesi",
    endsOn: template("finisce con «{word}»"),
    columnHeading: "ripete l'intestazione di una colonna",
  },
  numbers: template(
    "azioni fatte solo di numeri, come i numeri di pagina o i totali letti nella tabella: {numbers} su {actions}",
  ),
  numbersExample: template(
    "azioni fatte solo di numeri, come i numeri di pagina o i totali letti nella tabella: {numbers} su {actions} (per esempio «{text}»)",
  ),
  runTogether: template(
    "azioni che sembrano due unite: {joined} su {actions} (per esempio «{text}», a «{head}»)",
  ),
  noRunTogether: "nessuna azione sembra due azioni unite",
  unplaced: template("paragrafi non collocati: {unplaced}, {share} del testo della tabella"),
  margins: template(
    "azioni collocate con un giudizio stretto (spostate dall'etichetta della loro riga, o quasi alla pari): {judged} su {actions}; i loro margini fanno attendere {share} di azioni fuori posto",
  ),
  marginsNoDrift: template(
    "azioni collocate con un giudizio stretto (spostate dall'etichetta della loro riga, o quasi alla pari) in una copia le cui etichette restano sulla loro riga: {judged} su {actions}; i loro margini fanno attendere {share} di azioni fuori posto",
  ),
  marginsJudgedDrift: template(
    "azioni collocate con un giudizio stretto (spostate dall'etichetta della loro riga, o quasi alla pari) in una copia che non mostra da sé le sue etichette scivolate di riga: solo il giudizio della collocazione le sposta, da rivedere: {judged} su {actions}; i loro margini fanno attendere {share} di azioni fuori posto",
  ),
  marginsRunDecided: template(
    "etichette spostate a gruppi di righe (le parole, etichetta per etichetta, spostavano {evidence} delle azioni dalla loro riga): {decided} azioni collocate dal gruppo contro le sole parole, da rivedere; {judged} su {actions} collocate con un giudizio stretto, i loro margini fanno attendere {share} di azioni fuori posto",
  ),
  labelGeometry: template(
    "etichette di sotto-processo stampate dove nessun allineamento le mette accanto alle loro azioni: {misfits} su {labels}, {share}",
  ),
  fragmentLabels: template(
    "etichette che sembrano tagliate: {fragments} su {labels}, {share} (per esempio {code} «{name}»: {kind:sentence})",
  ),
  noFragmentLabels: "nessuna etichetta sembra tagliata",
  outside: template("testo fuori dalla tabella dei processi: {share} del documento"),
  noTotals: "il documento non dichiara totali",
  totals: template(
    "differenza tra i conteggi letti e i totali dichiarati: {difference}, {share} di {declared}",
  ),
  noGaps: "ogni sequenza di codici è completa",
  gaps: template(
    "codici mancanti o noti solo dai codici dei figli: {holes}, {share} (per esempio {examples})",
  ),
  order: template("etichette stampate fuori dall'ordine dei codici: {late} su {labels}, {share}"),
  rowsExact: "righe lette dalla geometria o dal markup",
  labelRows: template(
    "etichette che iniziano su un'altra riga del loro primo figlio, come quando le etichette scivolano di riga: {parted} su {labels}, {share} (per esempio {parent} e {child})",
  ),
  noLabelRows: "ogni etichetta inizia sulla riga del suo primo figlio",
  empty: template("sotto-processi senza azioni: {empty} su {subProcesses}, {share}"),
  columns: template(
    "etichette di sotto-processo sole sulla loro riga, come in una copia senza colonne: {share}",
  ),
  columnsExact: template(
    "etichette di sotto-processo che non stanno sulla riga di nessuna azione, in righe lette dalla geometria o dal markup (il loro blocco di azioni non è stato trovato): {share}",
  ),

  /** process-table-presence: why a file is refused as no annex. */
  noCodes: "nessun codice come A1, A1.1, A1.1.1",
  fewLabels: template("solo {labels} con codice, meno di un macro-processo, un processo e un sotto-processo"),
  noNesting: "i codici non si annidano mai (nessun A1.1 sotto un A1, nessun A1.1.1 sotto un A1.1)",
  noActions: "nessuna azione sotto le etichette",
};
