import { describe, expect, it } from "vitest";
import {
  cutAt,
  findActionCuts,
  findLabelEcho,
  type Lexicon,
  learnLexicon,
} from "../pipeline/resolve/split.js";
import { stem } from "../pipeline/resolve/words.js";

/**
 * The splitting rules on hand-made sentences: where a cell holding several actions run together is
 * cut, and where a label cell repeats its label as its first action.
 */

/** What a small invented annex teaches: its actions begin with these words. */
const ACTIONS = [
  "Rilascio tessere associative",
  "Rilascio duplicati di tessere",
  "Verifica dei registri di carico",
  "Tenuta archivio dei verbali",
  "SUAP telematico per le imprese",
];
const OTHER_TEXTS = ["Promozione di convegni e seminari per le imprese", "Gestione del personale"];
const LEXICON: Lexicon = learnLexicon(ACTIONS, [...ACTIONS, ...OTHER_TEXTS]);

function split(text: string, lexicon: Lexicon = LEXICON): string[] {
  return cutAt(text, findActionCuts(text, lexicon));
}

describe("learnLexicon", () => {
  it("counts the stems of the words actions begin with", () => {
    expect(LEXICON.actionStarts.get(stem("Rilascio"))).toBe(2);
    expect(LEXICON.actionStarts.get(stem("Verifica"))).toBe(1);
    expect(LEXICON.actionStarts.get(stem("tenuta"))).toBe(1);
    expect(LEXICON.actionStarts.has(stem("tessere"))).toBe(false);
  });

  it("learns an inflected start under one stem and ignores leading punctuation", () => {
    const lexicon = learnLexicon(["Rilascio copie", "(Rilasci) atti", "Rilasciare pareri"], []);
    expect(lexicon.actionStarts.get(stem("rilascio"))).toBe(3);
    expect(lexicon.actionStarts.size).toBe(1);
  });

  it("learns the words written in lower case inside running text, not the first word", () => {
    expect(LEXICON.commonWords.has("seminari")).toBe(true);
    expect(LEXICON.commonWords.has("convegni")).toBe(true);
    // "Promozione" and "Gestione" only ever begin a text.
    expect(LEXICON.commonWords.has("promozione")).toBe(false);
    // Capitalised words and acronyms are not common nouns.
    expect(LEXICON.commonWords.has("suap")).toBe(false);
  });

  it("learns starts only from well-formed actions: a reader's fragment such as 'Lgs.' teaches nothing", () => {
    const lexicon = learnLexicon(
      ["Lgs. 50/2016 in materia di appalti", "Rilascio copie", "Verifica", "apertura pratiche", "Bo tessere"],
      [],
    );
    expect([...lexicon.actionStarts.keys()]).toEqual([stem("rilascio")]);
    expect(split("Gestione delle gare ai sensi del D. Lgs. 50/2016", lexicon)).toEqual([
      "Gestione delle gare ai sensi del D. Lgs. 50/2016",
    ]);
  });

  it("counts the actions that begin with a noun of action, by ending", () => {
    const lexicon = learnLexicon(
      ["Erogazione contributi", "Liquidazione fatture", "Aggiornamento albo", "Rilascio"],
      [],
    );
    expect(Object.fromEntries(lexicon.actionNounEndings)).toEqual({ ion: 2, ment: 1 });
  });
});

describe("findActionCuts + cutAt: where a run-together cell is cut", () => {
  it("cuts where a learned action start comes back", () => {
    expect(split("Verifica dei registri di magazzino Rilascio tessere ai nuovi soci")).toEqual([
      "Verifica dei registri di magazzino",
      "Rilascio tessere ai nuovi soci",
    ]);
  });

  it("cuts three actions run together", () => {
    expect(split("Tenuta archivio storico Rilascio copie conformi Verifica delle firme depositate")).toEqual([
      "Tenuta archivio storico",
      "Rilascio copie conformi",
      "Verifica delle firme depositate",
    ]);
  });

  it("cuts at a noun of action opening a complement, where two actions or more begin with its ending", () => {
    const lexicon = learnLexicon(["Predisposizione bandi", "Liquidazione fatture", "Rilascio tessere"], []);
    const cuts = findActionCuts(
      "Predisposizione bandi annuali Erogazione contributi alle cooperative",
      lexicon,
    );
    expect(cuts.map((c) => c.word)).toEqual(["Erogazione"]);
    expect(cuts[0]?.why).toBe(
      "«Erogazione» è un nome d'azione seguito dal suo complemento, come all'inizio di 2 azioni di questo documento",
    );
  });

  it("never cuts at a word only for its ending: not where fewer than two actions begin with that ending", () => {
    const lexicon = learnLexicon(
      ["Rilasciare tessere", "Liquidare fatture", "Erogazione premi", "Aggiornamento albi"],
      [],
    );
    expect(
      findActionCuts("Predisposizione bandi annuali Concessione contributi alle cooperative", lexicon),
    ).toEqual([]);
  });

  it("never cuts at a name that ends like a noun of action, a noun and an adjective", () => {
    const lexicon = learnLexicon(["Predisposizione bandi", "Liquidazione fatture", "Rilascio tessere"], []);
    for (const text of [
      "Pubblicazione degli esiti nella sezione Amministrazione trasparente",
      "Invio dei dati al portale Documentazione unica del sito",
      "Raccolta pareri presso l'ufficio Programmazione regionale",
    ])
      expect(findActionCuts(text, lexicon)).toEqual([]);
  });

  /** A document whose actions open with a word and an article or preposition, all but one. */
  const PREPOSITIONAL = learnLexicon(
    [
      "Rilascio delle tessere",
      "Verifica dei registri",
      "Tenuta dell'archivio",
      "Invio per posta",
      "Stampa albi",
    ],
    [],
  );

  it("cuts at a capital between a content word or a number and an article, where the document's actions open so", () => {
    const lexicon = PREPOSITIONAL;
    expect(split("Controllo dei pesi per le bilance Taratura delle bilance pubbliche", lexicon)).toEqual([
      "Controllo dei pesi per le bilance",
      "Taratura delle bilance pubbliche",
    ]);
    expect(split("Vigilanza ai sensi della legge 10/1991 Riscossione dei diritti annuali", lexicon)).toEqual([
      "Vigilanza ai sensi della legge 10/1991",
      "Riscossione dei diritti annuali",
    ]);
  });

  it("does not cut at a name inside a sentence: after an article, before capitalised words, or where actions open otherwise", () => {
    const lexicon = PREPOSITIONAL;
    // Most of ACTIONS open without an article or preposition: a capital after a noun may be a name.
    expect(
      findActionCuts("Controllo dei pesi per le bilance Taratura delle bilance pubbliche", LEXICON),
    ).toEqual([]);
    for (const text of [
      "Invio delle domande alla Prefettura di zona",
      "Invio delle domande Ufficio della Regione Toscana",
      "Pubblicazione dei bandi sul sito, Sezione del portale",
    ])
      expect(findActionCuts(text, lexicon)).toEqual([]);
  });

  it("does not take a word written in lower case elsewhere for its stem: 'amministrativo' is not 'Amministrazione'", () => {
    const lexicon = learnLexicon(["Si rilasciano tessere"], ["Controllo amministrativo dei bilanci"]);
    expect(findActionCuts("Pubblicazione dei dati nella pagina Amministrazione dell'ente", lexicon)).toEqual(
      [],
    );
  });

  it("gives back the whole text, token for token, when it cuts", () => {
    const text = "Tenuta archivio storico Rilascio copie conformi Verifica delle firme depositate";
    expect(split(text).join(" ")).toBe(text);
  });

  it("leaves a single action alone", () => {
    expect(findActionCuts("Rilascio tessere associative ai nuovi iscritti", LEXICON)).toEqual([]);
    expect(split("Rilascio tessere")).toEqual(["Rilascio tessere"]);
  });

  it("never leaves a one-word piece", () => {
    expect(findActionCuts("Organizzazione eventi Rilascio", LEXICON)).toEqual([]);
    expect(findActionCuts("Rilascio Verifica", LEXICON)).toEqual([]);
  });

  it("does not cut inside parentheses", () => {
    expect(split("Controllo delle cooperative (Verifica dei bilanci depositati) presso gli uffici")).toEqual([
      "Controllo delle cooperative (Verifica dei bilanci depositati) presso gli uffici",
    ]);
  });

  it("cuts after a closing parenthesis", () => {
    expect(split("Controllo delle cooperative (revisione annuale) Rilascio attestazioni")).toEqual([
      "Controllo delle cooperative (revisione annuale)",
      "Rilascio attestazioni",
    ]);
  });

  it("does not cut inside quotes", () => {
    expect(findActionCuts('Consultazione del "Registro Verifica Impianti" pubblico', LEXICON)).toEqual([]);
  });

  it("does not cut in the list after a colon", () => {
    expect(
      findActionCuts("Controlli sui seguenti ambiti: Verifica bilance; Rilascio pareri tecnici", LEXICON),
    ).toEqual([]);
  });

  it("cuts where an opening ending with a colon comes back, even inside the list it opened", () => {
    expect(
      split(
        "Piani di controllo: Bilance commerciali Piani di controllo: Distributori di carburante; Pese pubbliche",
      ),
    ).toEqual([
      "Piani di controllo: Bilance commerciali",
      "Piani di controllo: Distributori di carburante; Pese pubbliche",
    ]);
    // The opening need not start the cell; each piece keeps its own list, which a learned start ends.
    const cuts = findActionCuts(
      "Tenuta archivio storico Esami orali: Agenti immobiliari Esami orali: Periti Rilascio pareri",
      LEXICON,
    );
    expect(cuts.map((c) => c.token)).toEqual([3, 7, 10]);
    expect(cuts[0]?.why).toBe("l'apertura «Esami orali:» ritorna");
  });

  it("does not cut at an opening that appears once", () => {
    expect(findActionCuts("Piani di controllo: Bilance commerciali e Distributori", LEXICON)).toEqual([]);
  });

  it("cuts inside a list where a learned start comes mid-item, and reads the new part afresh", () => {
    const cuts = findActionCuts(
      "Controlli sui seguenti ambiti: Giocattoli; Prodotti tessili Rilascio pareri: Bilance; Verifica tecnica",
      LEXICON,
    );
    expect(cuts.map((c) => c.word)).toEqual(["Rilascio"]);
    expect(cuts[0]?.why).toBe("«Rilascio» apre altre azioni di questo documento, oltre la voce di un elenco");
    // A word that is no learned start does not cut a list, whatever its ending.
    expect(
      findActionCuts("Controlli sui seguenti ambiti: Giocattoli; Prodotti Erogazione premi", LEXICON),
    ).toEqual([]);
  });

  it("does not cut in a semicolon list", () => {
    expect(
      findActionCuts("Controlli sui prodotti tessili; Verifica bilance; Rilascio pareri tecnici", LEXICON),
    ).toEqual([]);
  });

  it("does not cut after a function word", () => {
    expect(findActionCuts("Supporto tecnico al Trasferimento Tecnologico delle imprese", LEXICON)).toEqual(
      [],
    );
    expect(findActionCuts("Supporto tecnico alla Verifica dei bilanci sociali", LEXICON)).toEqual([]);
    expect(findActionCuts("Supporto tecnico e Verifica dei bilanci sociali", LEXICON)).toEqual([]);
  });

  it("does not cut after a dash", () => {
    expect(findActionCuts("Sostegno alle filiere - Erogazione contributi ai consorzi", LEXICON)).toEqual([]);
    expect(findActionCuts("Sostegno alle filiere – Rilascio attestati ai consorzi", LEXICON)).toEqual([]);
  });

  it("does not cut after a slash", () => {
    expect(findActionCuts("Sostegno alle filiere/ Erogazione contributi ai consorzi", LEXICON)).toEqual([]);
    expect(findActionCuts("Iscrizione/ Verifica requisiti dei mediatori", LEXICON)).toEqual([]);
  });

  it("does not cut after a comma", () => {
    expect(
      findActionCuts("Accoglienza delle delegazioni, Organizzazione incontri bilaterali", LEXICON),
    ).toEqual([]);
  });

  it("does not cut inside a capitalised proper-noun run", () => {
    expect(
      findActionCuts(
        "Rapporti con l'Ufficio Nazionale Brevetti e Marchi per il deposito delle domande",
        LEXICON,
      ),
    ).toEqual([]);
    // "Protezione" is a noun of action, but here it is a word of a name.
    expect(
      findActionCuts("Rapporti con Agenzia Regionale Protezione Ambiente e uffici locali", LEXICON),
    ).toEqual([]);
  });

  it("cuts after a proper-noun run where a learned start follows it", () => {
    expect(
      split("Invio pratiche all'Ufficio Nazionale Brevetti e Marchi Verifica delle tasse pagate"),
    ).toEqual(["Invio pratiche all'Ufficio Nazionale Brevetti e Marchi", "Verifica delle tasse pagate"]);
  });

  it("does not cut on an ACRONYM, even one that begins actions", () => {
    expect(findActionCuts("Gestione delle pratiche SUAP telematiche", LEXICON)).toEqual([]);
    expect(findActionCuts("Rilevazione prezzi per ISTAT INPS e altri enti", LEXICON)).toEqual([]);
  });

  it("cuts after acronyms where a learned start follows them", () => {
    expect(split("Scambio dati con ISTAT INPS Rilascio estratti statistici")).toEqual([
      "Scambio dati con ISTAT INPS",
      "Rilascio estratti statistici",
    ]);
  });

  it("does not cut on a capital the document gives no reason to cut at", () => {
    // "Palazzo" is neither a learned start, nor a noun of action, nor written in lower case elsewhere.
    expect(findActionCuts("Manutenzione ordinaria Palazzo dei congressi", LEXICON)).toEqual([]);
  });
});

describe("findLabelEcho: a label cell that repeats its label as its first action", () => {
  it("finds the label repeated word for word", () => {
    const name = "Deposito atti Deposito atti";
    const echo = findLabelEcho(name);
    expect(echo?.token).toBe(2);
    expect(echo && cutAt(name, [echo])).toEqual(["Deposito atti", "Deposito atti"]);
  });

  it("finds the label repeated with another inflection", () => {
    const name = "Iscrizioni su istanza Iscrizione su istanza del Tribunale (per decreto del giudice)";
    const echo = findLabelEcho(name);
    expect(echo?.word).toBe("Iscrizione");
    expect(echo && cutAt(name, [echo])).toEqual([
      "Iscrizioni su istanza",
      "Iscrizione su istanza del Tribunale (per decreto del giudice)",
    ]);
  });

  it("finds the label followed by a longer first action", () => {
    const name = "Vidimazione libri Vidimazione libri sociali e registri contabili";
    expect(findLabelEcho(name)?.token).toBe(2);
  });

  it("finds nothing when the first word does not come back", () => {
    expect(findLabelEcho("Gestione del contenzioso tributario")).toBeNull();
    expect(findLabelEcho("Tenuta elenco Verifica elenchi dei periti")).toBeNull();
  });

  it("finds nothing when the word comes back in lower case, in brackets or after a function word", () => {
    expect(findLabelEcho("Deposito atti deposito contratti")).toBeNull();
    expect(findLabelEcho("Deposito atti (Deposito contratti)")).toBeNull();
    expect(findLabelEcho("Deposito atti e Deposito contratti")).toBeNull();
  });

  it("does not leave a one-word label", () => {
    expect(findLabelEcho("Deposito Deposito atti")).toBeNull();
  });
});
