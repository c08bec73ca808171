import type { Table, TableCell } from "mdast";
import { remark } from "remark";
import remarkGfm from "remark-gfm";
import { describe, expect, it } from "vitest";
import {
  type DiffChange,
  DiffReport,
  diffHierarchies,
  MOVED_ACTION_MIN_SIMILARITY,
  RENAMED_ACTION_MIN_SIMILARITY,
  renderDiffMarkdown,
} from "../pipeline/diff.js";
import { similarity, stemTokens, textKey } from "../pipeline/text-similarity.js";
import {
  addAction,
  addProcess,
  applyEdits,
  moveAction,
  recodeSubProcess,
  removeAction,
  rename,
  rewordAction,
  subProcess,
} from "./support/edit-hierarchy.js";
import { buildHierarchy } from "./support/random-hierarchy.js";

/** A small annex in the shape of a real one (A support, B primary), invented wording. */
const BASE = buildHierarchy([
  {
    name: "Organi istituzionali e affari generali",
    category: "support",
    macroProcesses: [
      {
        name: "GESTIONE DOCUMENTALE",
        processes: [
          {
            name: "PROTOCOLLO E ARCHIVIO",
            subProcesses: [
              {
                name: "Protocollazione",
                actions: [
                  "Registrazione della corrispondenza in entrata",
                  "Smistamento della posta agli uffici",
                  "Scansione dei documenti cartacei",
                ],
              },
              {
                name: "Conservazione",
                actions: ["Versamento dei fascicoli all'archivio di deposito", "Scarto d'archivio"],
              },
            ],
          },
          {
            name: "SERVIZI AUSILIARI",
            subProcesses: [
              { name: "Economato", actions: ["Acquisto di cancelleria", "Gestione della cassa economale"] },
            ],
          },
        ],
      },
    ],
  },
  {
    name: "Anagrafe e servizi di regolazione del mercato",
    category: "primary",
    macroProcesses: [
      {
        name: "TENUTA DEL REGISTRO DELLE IMPRESE",
        processes: [
          {
            name: "ISCRIZIONI",
            subProcesses: [
              {
                name: "Pratiche telematiche",
                actions: [
                  "Istruttoria delle pratiche di iscrizione",
                  "Istruttoria delle pratiche di cancellazione",
                ],
              },
              {
                name: "Certificazione",
                actions: ["Rilascio di visure ordinarie", "Rilascio di certificati storici"],
              },
            ],
          },
        ],
      },
    ],
  },
]);

describe("diffHierarchies", () => {
  it("reports exactly the edits of a next version, ordered by level then code", () => {
    const next = applyEdits(
      BASE,
      addAction("A1.1.1", "Protocollazione delle PEC in arrivo"),
      removeAction("A1.2.1", "Acquisto di cancelleria"),
      rewordAction(
        "A1.1.1",
        "Smistamento della posta agli uffici",
        "Smistamento della posta agli uffici competenti",
      ),
      moveAction("Scansione dei documenti cartacei", "A1.1.1", "A1.1.2"),
      addProcess("A1", {
        code: "A1.3",
        name: "TRASPARENZA",
        subProcesses: [
          subProcess("A1.3.1", "Pubblicazioni", ["Aggiornamento della sezione Amministrazione trasparente"]),
          subProcess("A1.3.2", "Accesso civico", ["Gestione delle richieste di accesso civico"]),
        ],
      }),
      rename("B1.1", "ISCRIZIONI E MODIFICHE"),
    );

    const report = diffHierarchies(BASE, next);

    expect(report.changes).toEqual([
      { type: "added", level: "process", code: "A1.3", text: "TRASPARENZA" },
      {
        type: "renamed",
        level: "process",
        code: "B1.1",
        oldText: "ISCRIZIONI",
        newText: "ISCRIZIONI E MODIFICHE",
        similarity: similarity("ISCRIZIONI", "ISCRIZIONI E MODIFICHE"),
      },
      { type: "added", level: "subProcess", code: "A1.3.1", text: "Pubblicazioni" },
      { type: "added", level: "subProcess", code: "A1.3.2", text: "Accesso civico" },
      {
        type: "renamed",
        level: "action",
        code: "A1.1.1",
        oldText: "Smistamento della posta agli uffici",
        newText: "Smistamento della posta agli uffici competenti",
        similarity: similarity(
          "Smistamento della posta agli uffici",
          "Smistamento della posta agli uffici competenti",
        ),
      },
      { type: "added", level: "action", code: "A1.1.1", text: "Protocollazione delle PEC in arrivo" },
      {
        type: "moved",
        level: "action",
        code: "A1.1.2",
        from: "A1.1.1",
        to: "A1.1.2",
        text: "Scansione dei documenti cartacei",
        similarity: 1,
      },
      { type: "removed", level: "action", code: "A1.2.1", text: "Acquisto di cancelleria" },
      {
        type: "added",
        level: "action",
        code: "A1.3.1",
        text: "Aggiornamento della sezione Amministrazione trasparente",
      },
      { type: "added", level: "action", code: "A1.3.2", text: "Gestione delle richieste di accesso civico" },
    ]);
    expect(DiffReport.parse(report)).toEqual(report);
  });

  it("finds no change between identical hierarchies, nor in case, accents or punctuation", () => {
    expect(diffHierarchies(BASE, BASE)).toEqual({ changes: [] });
    const retyped = applyEdits(
      BASE,
      rewordAction("A1.1.2", "Scarto d'archivio", "SCARTO D’ARCHIVIO."),
      rename("A1.2", "Servizi ausiliari"),
    );
    expect(diffHierarchies(BASE, retyped)).toEqual({ changes: [] });
  });

  it("reports a sub-process whose code changed as removed and added, its actions as moved", () => {
    const next = applyEdits(BASE, recodeSubProcess("A1.2.1", "A1.2.2"));
    const moved = (text: string): DiffChange => ({
      type: "moved",
      level: "action",
      code: "A1.2.2",
      from: "A1.2.1",
      to: "A1.2.2",
      text,
      similarity: 1,
    });
    expect(diffHierarchies(BASE, next).changes).toEqual([
      { type: "removed", level: "subProcess", code: "A1.2.1", text: "Economato" },
      { type: "added", level: "subProcess", code: "A1.2.2", text: "Economato" },
      moved("Acquisto di cancelleria"),
      moved("Gestione della cassa economale"),
    ]);
  });

  it("reports an action both moved and reworded with its old and new text", () => {
    const next = applyEdits(
      BASE,
      moveAction("Rilascio di visure ordinarie", "B1.1.2", "B1.1.1", "Rilascio delle visure ordinarie"),
    );
    expect(diffHierarchies(BASE, next).changes).toEqual([
      {
        type: "moved",
        level: "action",
        code: "B1.1.1",
        from: "B1.1.2",
        to: "B1.1.1",
        text: "Rilascio delle visure ordinarie",
        oldText: "Rilascio di visure ordinarie",
        newText: "Rilascio delle visure ordinarie",
        similarity: similarity("Rilascio di visure ordinarie", "Rilascio delle visure ordinarie"),
      },
    ]);
  });

  it("never pairs a new sibling with an action that is still there", () => {
    // "…di variazione" is as close to "…di iscrizione" as a rewording, but both old actions stayed.
    const next = applyEdits(BASE, addAction("B1.1.1", "Istruttoria delle pratiche di variazione"));
    expect(diffHierarchies(BASE, next).changes).toEqual([
      { type: "added", level: "action", code: "B1.1.1", text: "Istruttoria delle pratiche di variazione" },
    ]);
  });

  it("pairs one to one: two old actions merged into one text give one rename and one removal", () => {
    const merged = "Rilascio di visure ordinarie e certificati storici";
    const next = applyEdits(
      BASE,
      removeAction("B1.1.2", "Rilascio di visure ordinarie"),
      rewordAction("B1.1.2", "Rilascio di certificati storici", merged),
    );
    // Both old texts are above the rename threshold (0.67 and 0.70); the closer one takes the new text.
    expect(similarity("Rilascio di visure ordinarie", merged)).toBeGreaterThanOrEqual(
      RENAMED_ACTION_MIN_SIMILARITY,
    );
    expect(diffHierarchies(BASE, next).changes).toEqual([
      { type: "removed", level: "action", code: "B1.1.2", text: "Rilascio di visure ordinarie" },
      {
        type: "renamed",
        level: "action",
        code: "B1.1.2",
        oldText: "Rilascio di certificati storici",
        newText: merged,
        similarity: similarity("Rilascio di certificati storici", merged),
      },
    ]);
  });
});

describe("similarity thresholds", () => {
  // Measured values (two decimals) for rewordings of one action and for different actions of one
  // sub-process; the thresholds must fall between the two groups.
  const rewordings: [string, string, number][] = [
    ["Rilascio di visure ordinarie", "Rilascio delle visure ordinarie", 0.95],
    ["Gestione della cassa economale", "Gestione cassa economale", 0.92],
    ["Smistamento della posta agli uffici", "Smistamento della posta agli uffici competenti", 0.82],
    ["Scarto d'archivio", "Scarto periodico d'archivio", 0.77],
    ["Acquisto di cancelleria", "Acquisto di materiale di cancelleria", 0.74],
    ["Registrazione della corrispondenza in entrata", "Registrazione corrispondenza in arrivo", 0.69],
  ];
  const differentActions: [string, string, number][] = [
    ["Gestione della cassa economale", "Gestione del fondo di cassa", 0.59],
    ["Liquidazione dei contributi", "Concessione dei contributi", 0.58],
    ["Tenuta dell'albo dei periti", "Tenuta del ruolo dei periti e degli esperti", 0.55],
    ["Rilascio di visure ordinarie", "Rilascio di certificati storici", 0.39],
    ["Protocollazione delle PEC in arrivo", "Registrazione della corrispondenza in entrata", 0.16],
  ];

  it.each(rewordings)("rewording %j / %j scores %f, enough for a rename", (a, b, measured) => {
    expect(similarity(a, b)).toBeCloseTo(measured, 2);
    expect(similarity(a, b)).toBeGreaterThanOrEqual(RENAMED_ACTION_MIN_SIMILARITY);
  });

  it.each(differentActions)("different actions %j / %j score %f, below a rename", (a, b, measured) => {
    expect(similarity(a, b)).toBeCloseTo(measured, 2);
    expect(similarity(a, b)).toBeLessThan(RENAMED_ACTION_MIN_SIMILARITY);
  });

  it("asks more of a move, whose candidates come from the whole document, than of a rename", () => {
    expect(MOVED_ACTION_MIN_SIMILARITY).toBeGreaterThan(RENAMED_ACTION_MIN_SIMILARITY);
  });

  it("is symmetric, 1 for the same key, and between 0 and 1", () => {
    const [a, b] = ["Scarto d'archivio", "Scarto periodico d'archivio"];
    expect(similarity(a, b)).toBe(similarity(b, a));
    expect(similarity("Attività  di vigilanza.", "attivita di Vigilanza")).toBe(1);
    expect(similarity("di", "per")).toBeGreaterThanOrEqual(0);
  });

  it("keys and stems Italian text", () => {
    expect(textKey("Attività  di Vigilanza, l’albo.")).toBe("attivitadivigilanzalalbo");
    expect(stemTokens("Attività di vigilanza sulle società cooperative")).toEqual([
      "attiv",
      "vigil",
      "societ",
      "cooper",
    ]);
  });
});

const cellText = (cell: TableCell): string =>
  cell.children.map((node) => ("value" in node ? node.value : "")).join("");

/** The tables of a Markdown text, read back with remark-gfm, each as rows of cell texts (header first). */
function tablesOf(markdown: string): string[][][] {
  const tree = remark().use(remarkGfm).parse(markdown);
  return tree.children
    .filter((node): node is Table => node.type === "table")
    .map((table) => table.children.map((row) => row.children.map(cellText)));
}

describe("renderDiffMarkdown", () => {
  const report: DiffReport = {
    changes: [
      {
        type: "renamed",
        level: "process",
        code: "B1.1",
        oldText: "ISCRIZIONI",
        newText: "ISCRIZIONI E MODIFICHE",
        similarity: 0.71,
      },
      {
        type: "added",
        level: "action",
        code: "A1.1.1",
        text: "Protocollazione delle PEC | posta certificata",
      },
      {
        type: "moved",
        level: "action",
        code: "A1.1.2",
        from: "A1.1.1",
        to: "A1.1.2",
        text: "Scansione",
        similarity: 1,
      },
      { type: "removed", level: "action", code: "A1.2.1", text: "Acquisto di cancelleria" },
      { type: "added", level: "subProcess", code: "A1.3.1", text: "Pubblicazioni" },
    ],
  };

  it("gives one table per change type and one row per change", () => {
    const markdown = renderDiffMarkdown(report);
    expect(markdown).toMatch(/^# Modifiche rispetto alla versione precedente\n/);
    expect(tablesOf(markdown)).toEqual([
      [
        ["Livello", "Codice", "Testo"],
        ["azione", "A1.1.1", "Protocollazione delle PEC | posta certificata"],
        ["sotto-processo", "A1.3.1", "Pubblicazioni"],
      ],
      [
        ["Livello", "Codice", "Testo"],
        ["azione", "A1.2.1", "Acquisto di cancelleria"],
      ],
      [
        ["Livello", "Codice", "Prima", "Dopo", "Somiglianza"],
        ["processo", "B1.1", "ISCRIZIONI", "ISCRIZIONI E MODIFICHE", "0.71"],
      ],
      [
        ["Da", "A", "Testo", "Somiglianza"],
        ["A1.1.1", "A1.1.2", "Scansione", "1.00"],
      ],
    ]);
  });

  it("says in one line that nothing changed", () => {
    expect(renderDiffMarkdown({ changes: [] })).toBe("Nessuna modifica rispetto alla versione precedente.\n");
  });
});
