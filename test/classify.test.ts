import { describe, expect, it } from "vitest";
import { readText } from "../pipeline/extract/text.js";
import { classify } from "../pipeline/resolve/classify.js";
import { resolve } from "../pipeline/resolve/index.js";
import type { Item, ItemOf } from "../pipeline/schema/rows.js";

/**
 * The row and cell rules of the resolver on small hand-made text copies (tab-separated, one line per
 * visual row). Every sample is invented; none comes from a real annex.
 */

async function gridOf(lines: readonly string[]) {
  return readText(new TextEncoder().encode(lines.join("\n")));
}

async function itemsOf(lines: readonly string[]): Promise<Item[]> {
  return classify(await gridOf(lines)).items;
}

function ofKind<K extends Item["kind"]>(items: readonly Item[], kind: K): ItemOf<K>[] {
  return items.filter((i): i is ItemOf<K> => i.kind === kind);
}

const row = (...cells: string[]) => cells.join("\t");

const BAND_B = "PROCESSI FUNZIONE ISTITUZIONALE B Servizi di supporto";
const BAND_C = "PROCESSI FUNZIONE ISTITUZIONALE C Anagrafe e servizi di regolazione del mercato";
/**
 * Capitalised actions of another sub-process: a lower-case line continues the one above only when
 * the document's actions are mostly capitalised (rule `continuation-line`), so the samples that test
 * continuations carry these.
 */
const CAPITALISED_ACTIONS = [
  row("", "", "B1.9 SERVIZI VARI", "B1.9.1 Servizi vari", "Noleggio autovetture di servizio"),
  row("", "", "", "", "Pulizia dei locali"),
  row("", "", "", "", "Vigilanza armata della sede"),
  row("", "", "", "", "Fornitura di cancelleria"),
  row("", "", "", "", "Traslochi e facchinaggio"),
  row("", "", "", "", "Smaltimento dei rifiuti speciali"),
  row("", "", "", "", "Manutenzione degli ascensori"),
  row("", "", "", "", "Gestione del parco auto"),
];

const LIV_HEADER = [
  row("", "LIV 1", "LIV 2", "LIV 3", "LIV 4"),
  row("", "MACRO-PROCESSI", "PROCESSI", "SOTTO-PROCESSI", "AZIONI"),
];
const THEME_HEADER = row(
  "Tema (Macro Processi)",
  "Funzione (Processi)",
  "Servizio/Ambito (Sotto Processi)",
  "Azioni",
);

/** A two-page document: title, support page, primary page, totals, footer, signatures. */
const TWO_PAGES = [
  "Allegato 2 alla delibera di Giunta n. 17",
  "Mappa dei processi dell'ente camerale",
  "",
  "Processi di supporto",
  "",
  ...LIV_HEADER,
  row(
    BAND_B,
    "B1: BILANCIO E FINANZA",
    "B1.1 CONTABILITA",
    "B1.1.1 Tenuta della contabilità",
    "Registrazione fatture passive",
  ),
  row("", "", "", "", "Emissione mandati di pagamento"),
  row("", "", "", "", "Riconciliazione conti bancari"),
  row("", "", "", "", "1", "1", "1", "3"),
  "",
  "Pagina 1 di 2",
  "",
  "Processi primari",
  "",
  ...LIV_HEADER,
  row(
    BAND_C,
    "C1: REGISTRI",
    "C1.1 ALBI E RUOLI",
    "C1.1.1 Albo delle cooperative",
    "Iscrizione nuove cooperative",
  ),
  row("", "", "", "", "Revisione annuale delle cooperative"),
  row("", "", "", "", "1", "1", "1", "2"),
  "",
  "Pagina 2 di 2",
  "",
  "IL SEGRETARIO GENERALE",
  "Marco Fabbri",
  "",
  "IL PRESIDENTE",
  "Giovanna Serra",
  "",
  "Documento firmato digitalmente ai sensi del Codice dell'amministrazione digitale",
];

describe("row rules", () => {
  it("reads the lines above the table as the document title", async () => {
    const items = await itemsOf(TWO_PAGES);
    expect(ofKind(items, "title").map((t) => t.text)).toEqual([
      "Allegato 2 alla delibera di Giunta n. 17",
      "Mappa dei processi dell'ente camerale",
    ]);
    expect(resolve(await gridOf(TWO_PAGES)).title).toBe("Allegato 2 alla delibera di Giunta n. 17");
  });

  it("reads page titles as categories, and each function takes the one in force where it starts", async () => {
    const items = await itemsOf(TWO_PAGES);
    expect(ofKind(items, "category").map((c) => c.category)).toEqual(["support", "primary"]);
    const { functions } = resolve(await gridOf(TWO_PAGES));
    expect(functions.map((f) => [f.code, f.category])).toEqual([
      ["B", "support"],
      ["C", "primary"],
    ]);
  });

  it("gives no category when no page title is printed", async () => {
    const { functions } = resolve(
      await gridOf([
        row(BAND_B, "B1: BILANCIO", "B1.1 CASSA", "B1.1.1 Cassa economale", "Anticipazioni di cassa"),
      ]),
    );
    expect(functions[0]?.category).toBeNull();
  });

  it("recognises the LIV / MACRO-PROCESSI header rows, repeated on every page", async () => {
    const items = await itemsOf(TWO_PAGES);
    const headers = ofKind(items, "header").map((h) => h.text);
    expect(headers).toEqual([
      "LIV 1",
      "LIV 2",
      "LIV 3",
      "LIV 4",
      "MACRO-PROCESSI",
      "PROCESSI",
      "SOTTO-PROCESSI",
      "AZIONI",
      "LIV 1",
      "LIV 2",
      "LIV 3",
      "LIV 4",
      "MACRO-PROCESSI",
      "PROCESSI",
      "SOTTO-PROCESSI",
      "AZIONI",
    ]);
    const actions = ofKind(items, "action").map((a) => a.text);
    expect(actions.some((a) => /LIV|PROCESSI|AZIONI/.test(a))).toBe(false);
  });

  it("recognises the Tema / Funzione / Servizio-Ambito header, on the first and on a later page", async () => {
    const lines = [
      "Processi primari",
      THEME_HEADER,
      row(BAND_C, "C1: REGISTRI", "C1.1 ALBI", "C1.1.1 Albo artigiani", "Iscrizione imprese artigiane"),
      row("", "", "", "", "Cancellazione imprese artigiane"),
      "Pagina 1 di 2",
      "Processi primari",
      THEME_HEADER,
      row("", "", "", "C1.1.2 Ruolo periti", "Colloquio di ammissione dei periti"),
    ];
    const items = await itemsOf(lines);
    const headers = ofKind(items, "header");
    expect(headers.map((h) => h.text)).toEqual([
      "Tema (Macro Processi)",
      "Funzione (Processi)",
      "Servizio/Ambito (Sotto Processi)",
      "Azioni",
      "Tema (Macro Processi)",
      "Funzione (Processi)",
      "Servizio/Ambito (Sotto Processi)",
      "Azioni",
    ]);
    expect(new Set(headers.map((h) => h.row)).size).toBe(2);
    expect(ofKind(items, "action").map((a) => a.text)).toEqual([
      "Iscrizione imprese artigiane",
      "Cancellazione imprese artigiane",
      "Colloquio di ammissione dei periti",
    ]);
  });

  it("recognises a header in other wordings (Livello / Macroprocesso / Attività)", async () => {
    const items = await itemsOf([
      row("Livello 1", "Livello 2", "Livello 3", "Livello 4"),
      row("Macroprocesso", "Processo", "Sottoprocesso", "Attività"),
      row("B1: BILANCIO", "B1.1 CASSA", "B1.1.1 Cassa economale", "Anticipazioni di cassa"),
    ]);
    expect(ofKind(items, "header")).toHaveLength(8);
    expect(ofKind(items, "label").map((l) => l.code)).toEqual(["B1", "B1.1", "B1.1.1"]);
    expect(ofKind(items, "action").map((a) => a.text)).toEqual(["Anticipazioni di cassa"]);
  });

  it("reads a row of counts as a totals row", async () => {
    const items = await itemsOf(TWO_PAGES);
    expect(ofKind(items, "totals").map((t) => t.numbers)).toEqual([
      [1, 1, 1, 3],
      [1, 1, 1, 2],
    ]);
    const totals = await itemsOf([
      row(BAND_B, "B1: BILANCIO", "B1.1 CASSA", "B1.1.1 Cassa economale", "Anticipazioni di cassa"),
      row("", "", "2", "3", "5", "12"),
      row("Totale", "4", "7", "9", "31"),
    ]);
    expect(ofKind(totals, "totals").map((t) => t.numbers)).toEqual([
      [2, 3, 5, 12],
      [4, 7, 9, 31],
    ]);
    expect(ofKind(totals, "action").map((a) => a.text)).toEqual(["Anticipazioni di cassa"]);
  });

  it("never reads page footers as actions", async () => {
    const items = await itemsOf([
      row(BAND_B, "B1: BILANCIO", "B1.1 CASSA", "B1.1.1 Cassa economale", "Anticipazioni di cassa"),
      "Pagina 2 di 5",
      row("", "", "", "", "Rendiconto dell'economo"),
      "- 3 -",
      "4/5",
      "5",
      row("", "", "", "", "Reintegro del fondo economale"),
    ]);
    expect(ofKind(items, "footer").map((f) => f.text)).toEqual(["Pagina 2 di 5", "- 3 -", "4/5", "5"]);
    expect(ofKind(items, "action").map((a) => a.text)).toEqual([
      "Anticipazioni di cassa",
      "Rendiconto dell'economo",
      "Reintegro del fondo economale",
    ]);
  });

  it("never reads the signature block as actions", async () => {
    const items = await itemsOf(TWO_PAGES);
    expect(ofKind(items, "signature").map((s) => s.text)).toEqual([
      "IL SEGRETARIO GENERALE",
      "Marco Fabbri",
      "IL PRESIDENTE",
      "Giovanna Serra",
      "Documento firmato digitalmente ai sensi del Codice dell'amministrazione digitale",
    ]);
    expect(ofKind(items, "action").map((a) => a.text)).toEqual([
      "Registrazione fatture passive",
      "Emissione mandati di pagamento",
      "Riconciliazione conti bancari",
      "Iscrizione nuove cooperative",
      "Revisione annuale delle cooperative",
    ]);
  });

  it("reads title-case roles, titled names and the other signature notice", async () => {
    const items = await itemsOf([
      row(BAND_B, "B1: BILANCIO", "B1.1 CASSA", "B1.1.1 Cassa economale", "Anticipazioni di cassa"),
      "Il Segretario Generale",
      "Dott.ssa Elena Conti",
      "Allegato sottoscritto con firma digitale ai sensi della normativa vigente",
    ]);
    expect(ofKind(items, "signature")).toHaveLength(3);
    expect(ofKind(items, "action").map((a) => a.text)).toEqual(["Anticipazioni di cassa"]);
  });

  it("does not take a capitalised action after the signature for a signatory's name", async () => {
    const items = await itemsOf([
      "IL PRESIDENTE",
      "Carla Moretti",
      row(BAND_B, "B1: BILANCIO", "B1.1 CASSA", "B1.1.1 Cassa economale", "Anticipazioni di cassa"),
    ]);
    expect(ofKind(items, "signature").map((s) => s.text)).toEqual(["IL PRESIDENTE", "Carla Moretti"]);
    expect(ofKind(items, "label").map((l) => l.code)).toEqual(["B1", "B1.1", "B1.1.1"]);
  });
});

describe("cell rules", () => {
  it("reads the function band and its name", async () => {
    const items = await itemsOf(TWO_PAGES);
    const bands = ofKind(items, "band");
    expect(bands.map((b) => [b.letter, b.name])).toEqual([
      ["B", "Servizi di supporto"],
      ["C", "Anagrafe e servizi di regolazione del mercato"],
    ]);
    expect(bands.every((b) => b.rule === "function-band")).toBe(true);
  });

  it("reads a band worded with the letter alone, in the column left of the macro-processes", async () => {
    const items = await itemsOf([
      "Processi di supporto",
      ...LIV_HEADER,
      row(
        "B Servizi di supporto",
        "B1: BILANCIO",
        "B1.1 CASSA",
        "B1.1.1 Cassa economale",
        "Anticipazioni di cassa",
      ),
      row("", "", "", "", "Rendiconto dell'economo"),
      row(
        "C – Anagrafe",
        "C1: REGISTRI",
        "C1.1 ALBI",
        "C1.1.1 Albo artigiani",
        "Iscrizione imprese artigiane",
      ),
    ]);
    const bands = ofKind(items, "band");
    expect(bands.map((b) => [b.rule, b.letter, b.name])).toEqual([
      ["function-band-letter", "B", "Servizi di supporto"],
      ["function-band-letter", "C", "Anagrafe"],
    ]);
    expect(bands[0]?.why).toMatch(/left of the macro-processes' column 1/);
    expect(ofKind(items, "action").map((a) => a.text)).toEqual([
      "Anticipazioni di cassa",
      "Rendiconto dell'economo",
      "Iscrizione imprese artigiane",
    ]);
    const { functions } = resolve(
      await gridOf([
        ...LIV_HEADER,
        row("B Servizi di supporto", "B1: BILANCIO", "B1.1 CASSA", "B1.1.1 Cassa", "Anticipazioni"),
      ]),
    );
    expect(functions.map((f) => [f.code, f.name])).toEqual([["B", "Servizi di supporto"]]);
  });

  it("a lone capital and a name is no band elsewhere, nor with a letter no code uses", async () => {
    const items = await itemsOf([
      ...LIV_HEADER,
      row("", "B1: BILANCIO", "B1.1 CASSA", "B1.1.1 Cassa economale", "E Servizi di cassa"),
      row("Z Altro", "", "", "", "Rendiconto dell'economo"),
    ]);
    expect(ofKind(items, "band")).toEqual([]);
    expect(ofKind(items, "action").map((a) => a.text)).toEqual([
      "E Servizi di cassa",
      "Z Altro",
      "Rendiconto dell'economo",
    ]);
  });

  it("reads a fragment of the band on a later page as a band, not as an action or label", async () => {
    const items = await itemsOf([
      "Processi di supporto",
      ...LIV_HEADER,
      row(BAND_B, "B1: BILANCIO", "B1.1 CASSA", "B1.1.1 Cassa economale", "Anticipazioni di cassa"),
      "Pagina 1 di 2",
      "Processi di supporto",
      ...LIV_HEADER,
      row("PROCESSI Serviz", "", "", "B1.1.2 Servizio di tesoreria", "Rapporti con l'istituto tesoriere"),
      row(
        "FUNZIONE ISTITUZ",
        "",
        "B1.2 RISCOSSIONI",
        "B1.2.1 Diritto annuale",
        "Verifiche trimestrali di cassa",
      ),
      // The band shown from within its word "ISTITUZIONALE", by the clip of a cell's part on a page.
      row("NALE B Servizi", "", "B1.3 ECONOMATO", "B1.3.1 Acquisti", "Ordini di acquisto"),
    ]);
    const fragments = ofKind(items, "band").filter((b) => b.rule === "band-fragment");
    expect(fragments.map((f) => f.text)).toEqual(["PROCESSI Serviz", "FUNZIONE ISTITUZ", "NALE B Servizi"]);
    expect(fragments.every((f) => f.letter === null)).toBe(true);
    expect(ofKind(items, "action").map((a) => a.text)).toEqual([
      "Anticipazioni di cassa",
      "Rapporti con l'istituto tesoriere",
      "Verifiche trimestrali di cassa",
      "Ordini di acquisto",
    ]);
  });

  it("reads codes as labels of their level and a level-4 code as a coded action", async () => {
    const items = await itemsOf([
      row(
        BAND_B,
        "B2: PERSONALE E ORGANIZZAZIONE",
        "B2.1 PERSONALE",
        "B2.1.1 Presenze",
        "B2.1.1.1 Rilevazione presenze giornaliere",
      ),
    ]);
    expect(ofKind(items, "label").map((l) => [l.code, l.level, l.name])).toEqual([
      ["B2", 1, "PERSONALE E ORGANIZZAZIONE"],
      ["B2.1", 2, "PERSONALE"],
      ["B2.1.1", 3, "Presenze"],
    ]);
    expect(ofKind(items, "action").map((a) => [a.code, a.text, a.rule])).toEqual([
      ["B2.1.1.1", "Rilevazione presenze giornaliere", "coded-action"],
    ]);
  });

  it("joins a lower-case second line to the label it continues", async () => {
    const items = await itemsOf([
      row(
        BAND_B,
        "B1: BILANCIO",
        "B1.1 PATRIMONIO",
        "B1.1.1 Gestione degli immobili e dei",
        "Manutenzione ordinaria sedi",
      ),
      row("", "", "", "beni mobili camerali", "Inventario dei beni"),
      ...CAPITALISED_ACTIONS,
    ]);
    const sub = ofKind(items, "label").find((l) => l.code === "B1.1.1");
    expect(sub?.name).toBe("Gestione degli immobili e dei beni mobili camerali");
    expect(
      ofKind(items, "action")
        .map((a) => a.text)
        .slice(0, 2),
    ).toEqual(["Manutenzione ordinaria sedi", "Inventario dei beni"]);
  });

  it("joins an upper-case second line to an upper-case process or macro-process label", async () => {
    const items = await itemsOf([
      row(
        BAND_B,
        "B1: AFFARI GENERALI E",
        "B1.1 PROVVEDITORATO E",
        "B1.1.1 Acquisti",
        "Indizione gare d'appalto",
      ),
      row("", "PATRIMONIO", "SERVIZI AUSILIARI", "", "Stipula contratti di fornitura"),
    ]);
    const names = Object.fromEntries(ofKind(items, "label").map((l) => [l.code, l.name]));
    expect(names).toEqual({
      B1: "AFFARI GENERALI E PATRIMONIO",
      "B1.1": "PROVVEDITORATO E SERVIZI AUSILIARI",
      "B1.1.1": "Acquisti",
    });
    expect(ofKind(items, "action")).toHaveLength(2);
  });

  it("does not join an upper-case line to a sub-process label", async () => {
    const items = await itemsOf([
      row(BAND_B, "B1: BILANCIO", "B1.1 CASSA", "B1.1.1 Cassa economale", "Anticipazioni di cassa"),
      row("", "", "", "MEPA", "Ordini sul mercato elettronico"),
    ]);
    expect(ofKind(items, "label").find((l) => l.code === "B1.1.1")?.name).toBe("Cassa economale");
    expect(ofKind(items, "action").map((a) => a.text)).toContain("MEPA");
  });

  it("joins a lower-case second line to the action it continues", async () => {
    const items = await itemsOf([
      row(
        BAND_B,
        "B1: BILANCIO",
        "B1.1 CASSA",
        "B1.1.1 Cassa economale",
        "Anticipazioni di cassa per le spese",
      ),
      row("", "", "", "", "minute e urgenti"),
      row("", "", "", "", "Rendiconto trimestrale"),
      ...CAPITALISED_ACTIONS,
    ]);
    expect(
      ofKind(items, "action")
        .map((a) => a.text)
        .slice(0, 2),
    ).toEqual(["Anticipazioni di cassa per le spese minute e urgenti", "Rendiconto trimestrale"]);
  });

  it("keeps lower-case lines apart when the document writes its actions in lower case", async () => {
    const items = await itemsOf([
      row(BAND_B, "B1: BILANCIO", "B1.1 CASSA", "B1.1.1 Cassa economale", "anticipazioni di cassa"),
      row("", "", "", "", "rendiconto trimestrale"),
      row("", "", "", "", "reintegro del fondo"),
    ]);
    expect(ofKind(items, "action").map((a) => a.text)).toEqual([
      "anticipazioni di cassa",
      "rendiconto trimestrale",
      "reintegro del fondo",
    ]);
  });

  it("re-joins a word broken with a hyphen across lines, in a label and in an action", async () => {
    const items = await itemsOf([
      row(
        BAND_B,
        "B1: BILANCIO",
        "B1.1 PATRIMONIO",
        "B1.1.1 Manutenzione degli im-",
        "Sopralluoghi tecnici negli edi-",
      ),
      row("", "", "", "mobili camerali", "fici di proprietà"),
      ...CAPITALISED_ACTIONS,
    ]);
    expect(ofKind(items, "label").find((l) => l.code === "B1.1.1")?.name).toBe(
      "Manutenzione degli immobili camerali",
    );
    expect(ofKind(items, "action").map((a) => a.text)[0]).toBe(
      "Sopralluoghi tecnici negli edifici di proprietà",
    );
    expect(ofKind(items, "action")).toHaveLength(1 + CAPITALISED_ACTIONS.length);
  });

  it("reads `<p>` markup inside a cell as several actions", async () => {
    const items = await itemsOf([
      row(
        BAND_B,
        "B1: BILANCIO",
        "B1.1 CASSA",
        "<p>B1.1.1 Cassa economale</p>",
        "<p>Anticipazioni di cassa</p> <p>Rendiconto dell'economo</p><p>Reintegro <i>del</i> fondo</p>",
      ),
    ]);
    expect(ofKind(items, "label").find((l) => l.code === "B1.1.1")?.name).toBe("Cassa economale");
    expect(ofKind(items, "action").map((a) => a.text)).toEqual([
      "Anticipazioni di cassa",
      "Rendiconto dell'economo",
      "Reintegro del fondo",
    ]);
  });

  it("never re-cuts nor merges paragraphs the `<p>` markup separates", async () => {
    const items = await itemsOf([
      ...CAPITALISED_ACTIONS,
      row("", "", "", "B1.9.2 Noleggi", "Noleggio sale Riunioni del consiglio"),
      row(
        "",
        "",
        "",
        "B1.9.3 Pulizie",
        "<p>Pulizia straordinaria Noleggio di macchinari</p> <p>lavaggio delle vetrate esterne</p>",
      ),
    ]);
    const actions = ofKind(items, "action").map((a) => a.text);
    // Unmarked, a learned start cuts the cell; marked, the paragraph is one action, and a
    // lower-case paragraph stays an action of its own.
    expect(actions).toContain("Noleggio sale Riunioni del consiglio");
    expect(actions).toContain("Pulizia straordinaria Noleggio di macchinari");
    expect(actions).toContain("lavaggio delle vetrate esterne");
  });

  it("in a grid placed by geometry, still cuts a one-paragraph cell, never one the geometry splits", async () => {
    const copied = await gridOf([
      ...CAPITALISED_ACTIONS,
      row("", "", "", "B1.9.2 Custodia dei valori", "Pulizia dei locali Custodia delle chiavi"),
      row("", "", "", "B1.9.3 Pulizie", "<p>Pulizia straordinaria Noleggio di macchinari</p><p>lavaggio</p>"),
    ]);
    // The same cells as a PDF reader gives them: exact rows, one paragraph or several per cell.
    const placed = { ...copied, placement: "exact" as const };
    const actions = ofKind(classify(placed).items, "action").map((a) => a.text);
    expect(actions).toEqual(expect.arrayContaining(["Pulizia dei locali", "Custodia delle chiavi"]));
    expect(actions).toContain("Pulizia straordinaria Noleggio di macchinari");
  });

  it("learns action starts from sub-process names too: they are worded as actions are", async () => {
    const items = await itemsOf([
      ...CAPITALISED_ACTIONS,
      row("", "", "", "B1.9.2 Custodia dei valori", "Pulizia dei locali Custodia delle chiavi"),
    ]);
    expect(ofKind(items, "action").map((a) => a.text)).toEqual(
      expect.arrayContaining(["Pulizia dei locali", "Custodia delle chiavi"]),
    );
  });

  it("never cuts a coded action: its code names one action", async () => {
    const items = await itemsOf([
      ...CAPITALISED_ACTIONS,
      row("", "", "", "B1.9.2 Noleggi", "B1.9.2.1 Pulizia delle sale Noleggio incluso"),
    ]);
    const coded = ofKind(items, "action").filter((a) => a.code !== null);
    expect(coded.map((a) => [a.code, a.text])).toEqual([["B1.9.2.1", "Pulizia delle sale Noleggio incluso"]]);
  });

  it("reads a lone row about 'firma digitale' inside the table as an action, the notice after it as the signature", async () => {
    const items = await itemsOf([
      row(BAND_B, "B1: BILANCIO", "B1.1 CASSA", "B1.1.1 Servizi digitali", "Rinnovo dei certificati"),
      "Rilascio dei dispositivi di firma digitale alle imprese",
      row("", "", "", "", "Assistenza agli utenti"),
      "IL SEGRETARIO GENERALE",
      "Marco Fabbri",
      "Documento firmato digitalmente ai sensi del Codice dell'amministrazione digitale",
    ]);
    expect(ofKind(items, "action").map((a) => a.text)).toContain(
      "Rilascio dei dispositivi di firma digitale alle imprese",
    );
    expect(ofKind(items, "signature").map((s) => s.text)).toEqual([
      "IL SEGRETARIO GENERALE",
      "Marco Fabbri",
      "Documento firmato digitalmente ai sensi del Codice dell'amministrazione digitale",
    ]);
  });

  it("cuts a cell holding two labels at the embedded code", async () => {
    const items = await itemsOf([
      row(BAND_B, "B1: BILANCIO", "B1.1 CASSA", "B1.1.1 Cassa economale", "Anticipazioni di cassa"),
      row("", "", "", "B1.1.2 Tesoreria B1.1.3 Riscossioni coattive", "Rapporti con il tesoriere"),
    ]);
    expect(ofKind(items, "label").map((l) => [l.code, l.name])).toEqual([
      ["B1", "BILANCIO"],
      ["B1.1", "CASSA"],
      ["B1.1.1", "Cassa economale"],
      ["B1.1.2", "Tesoreria"],
      ["B1.1.3", "Riscossioni coattive"],
    ]);
  });

  it("cuts a process label run into its first sub-process label", async () => {
    const items = await itemsOf([
      row(BAND_B, "B1: BILANCIO", "B1.1 CASSA B1.1.1 Cassa economale", "Anticipazioni di cassa"),
    ]);
    expect(ofKind(items, "label").map((l) => [l.code, l.level, l.name])).toEqual([
      ["B1", 1, "BILANCIO"],
      ["B1.1", 2, "CASSA"],
      ["B1.1.1", 3, "Cassa economale"],
    ]);
  });

  it("reads a label cell that repeats its label as the label plus its first action", async () => {
    const items = await itemsOf([
      row(BAND_B, "B1: BILANCIO", "B1.1 CASSA", "B1.1.1 Cassa economale Cassa economale"),
      row("", "", "", "B1.1.2 Tesoreria", "Rapporti con il tesoriere"),
    ]);
    expect(ofKind(items, "label").find((l) => l.code === "B1.1.1")?.name).toBe("Cassa economale");
    const carried = ofKind(items, "action").filter((a) => a.anchor === "B1.1.1");
    expect(carried.map((a) => [a.text, a.rule])).toEqual([["Cassa economale", "label-echo"]]);
  });

  it("gives every paragraph an item in reading order", async () => {
    const items = await itemsOf(TWO_PAGES);
    expect(items.map((i) => i.order)).toEqual(items.map((_, k) => k));
    for (let k = 1; k < items.length; k++) {
      const [a, b] = [items[k - 1] as Item, items[k] as Item];
      expect(a.row < b.row || (a.row === b.row && a.col <= b.col)).toBe(true);
    }
  });
});

/** Readings that once went wrong: signatories side by side, heading-like body rows, short documents. */
describe("regressions (classify)", () => {
  it("signatories printed side by side in one row are not read as labels or actions", async () => {
    const items = await itemsOf([
      row(BAND_B, "B1: BILANCIO E", "B1.1 CASSA", "B1.1.1 Cassa economale", "Anticipazioni di cassa"),
      row("", "FINANZA", "", "", "Rendiconto dell'economo"),
      "",
      row("", "IL SEGRETARIO GENERALE", "", "IL PRESIDENTE"),
      row("", "Marco Fabbri", "", "Giovanna Serra"),
    ]);
    expect(ofKind(items, "label").find((l) => l.code === "B1")?.name).toBe("BILANCIO E FINANZA");
    expect(ofKind(items, "action").map((a) => a.text)).toEqual([
      "Anticipazioni di cassa",
      "Rendiconto dell'economo",
    ]);
    expect(ofKind(items, "signature").map((s) => s.text)).toEqual([
      "IL SEGRETARIO GENERALE",
      "IL PRESIDENTE",
      "Marco Fabbri",
      "Giovanna Serra",
    ]);
  });

  it("a body row whose cells begin with heading words is not a header row", async () => {
    // A wrapped sub-process label's second line beside an action beginning "Attività": two short
    // cells, one starting with a heading word — read as column headings and so lost from the tree.
    const lines = [
      row(BAND_B, "B1: BILANCIO", "B1.1 SISTEMI", "B1.1.1 Gestione sistemi", "Acquisto licenze software"),
      row("", "", "", "informatici", "Attività di manutenzione hardware"),
      row("", "", "", "", "Assistenza agli utenti interni"),
      ...CAPITALISED_ACTIONS,
    ];
    const items = await itemsOf(lines);
    expect(ofKind(items, "header")).toEqual([]);
    expect(ofKind(items, "label").find((l) => l.code === "B1.1.1")?.name).toBe(
      "Gestione sistemi informatici",
    );
    const { functions } = resolve(await gridOf(lines));
    const actions = functions[0]?.macroProcesses[0]?.processes[0]?.subProcesses[0]?.actions.map(
      (a) => a.text,
    );
    expect(actions).toContain("Attività di manutenzione hardware");
  });

  it("a fragment of the band beside an action is not a header row", async () => {
    const items = await itemsOf([
      "Processi di supporto",
      ...LIV_HEADER,
      row(BAND_B, "B1: BILANCIO", "B1.1 CASSA", "B1.1.1 Cassa economale", "Anticipazioni di cassa"),
      row("FUNZIONE ISTITUZ", "", "", "", "Verifiche trimestrali di cassa"),
    ]);
    expect(ofKind(items, "band").map((b) => [b.rule, b.text])).toEqual([
      ["function-band", BAND_B],
      ["band-fragment", "FUNZIONE ISTITUZ"],
    ]);
    expect(ofKind(items, "action").map((a) => a.text)).toEqual([
      "Anticipazioni di cassa",
      "Verifiche trimestrali di cassa",
    ]);
  });

  it("a short document with one wrapped label still joins the label's second line", async () => {
    // Rule `continuation-line` is switched off when over 20% of the uncoded lines start in lower
    // case; in a small document the wrapped line itself tips the share (1 of 3 here).
    const items = await itemsOf([
      row(
        BAND_B,
        "B1: BILANCIO",
        "B1.1 PATRIMONIO",
        "B1.1.1 Gestione degli immobili e dei",
        "Manutenzione ordinaria sedi",
      ),
      row("", "", "", "beni mobili camerali", "Inventario dei beni"),
    ]);
    expect(ofKind(items, "label").find((l) => l.code === "B1.1.1")?.name).toBe(
      "Gestione degli immobili e dei beni mobili camerali",
    );
    expect(ofKind(items, "action").map((a) => a.text)).toEqual([
      "Manutenzione ordinaria sedi",
      "Inventario dei beni",
    ]);
  });

  it("a code-like token inside an action (`modello F24`) neither cuts it nor creates a function", async () => {
    const lines = [
      row(
        BAND_B,
        "B1: DIRITTO ANNUALE",
        "B1.1 RISCOSSIONE",
        "B1.1.1 Incassi",
        "Verifica dei versamenti con modello F24 delle imprese",
      ),
      row("", "", "", "", "Emissione ruoli esattoriali"),
    ];
    const items = await itemsOf(lines);
    expect(ofKind(items, "label").map((l) => l.code)).toEqual(["B1", "B1.1", "B1.1.1"]);
    expect(ofKind(items, "action").map((a) => a.text)).toEqual([
      "Verifica dei versamenti con modello F24 delle imprese",
      "Emissione ruoli esattoriali",
    ]);
    const { functions } = resolve(await gridOf(lines));
    expect(functions.map((f) => f.code)).toEqual(["B"]);
  });
});
