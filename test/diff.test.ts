import type { Table, TableCell } from "mdast";
import { remark } from "remark";
import remarkGfm from "remark-gfm";
import { describe, expect, it } from "vitest";
import { type DiffChange, DiffReport, diffHierarchies, renderDiffMarkdown } from "../pipeline/diff.js";
import { alignByOrder, MATCH_MARGINS, pairByMargin } from "../pipeline/diff-match.js";
import type { Hierarchy } from "../pipeline/schema/hierarchy.js";
import { contentScore, stemTokens, textKey, wordRarity } from "../pipeline/text-similarity.js";
import {
  addAction,
  addProcess,
  applyEdits,
  insertProcess,
  moveAction,
  recodeSubProcess,
  removeAction,
  removeSubProcess,
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

/** The changes without `similarity`, which the tests check apart: what was reported, not how alike. */
function changesOf(oldH: Hierarchy, newH: Hierarchy): DiffChange[] {
  const report = diffHierarchies(oldH, newH);
  expect(DiffReport.parse(report)).toEqual(report);
  const strip = ({ similarity, children, ...change }: DiffChange): DiffChange => {
    if (similarity !== undefined) expect(similarity).toBeGreaterThanOrEqual(0);
    if (similarity !== undefined) expect(similarity).toBeLessThanOrEqual(1);
    return { ...change, ...(children ? { children: children.map(strip) } : {}) };
  };
  return report.changes.map(strip);
}

const action = (type: "added" | "removed", code: string, text: string): DiffChange => ({
  type,
  level: "action",
  code,
  text,
});

describe("diffHierarchies: one change per change type", () => {
  it("finds no change between identical hierarchies, nor in case, accents or punctuation", () => {
    expect(diffHierarchies(BASE, BASE)).toEqual({ changes: [] });
    const retyped = applyEdits(
      BASE,
      rewordAction("A1.1.2", "Scarto d'archivio", "SCARTO D’ARCHIVIO."),
      rename("A1.2", "Servizi ausiliari"),
    );
    expect(diffHierarchies(BASE, retyped)).toEqual({ changes: [] });
  });

  it("reports an action added and one removed", () => {
    const next = applyEdits(
      BASE,
      addAction("A1.1.1", "Protocollazione delle PEC in arrivo"),
      removeAction("A1.2.1", "Acquisto di cancelleria"),
    );
    expect(changesOf(BASE, next)).toEqual([
      action("added", "A1.1.1", "Protocollazione delle PEC in arrivo"),
      action("removed", "A1.2.1", "Acquisto di cancelleria"),
    ]);
  });

  it("reports a label that kept its code under a new name as renamed", () => {
    const next = applyEdits(
      BASE,
      rename("B1.1", "ISCRIZIONI E MODIFICHE"),
      rename("A1.1.2", "Archivio storico"),
    );
    expect(changesOf(BASE, next)).toEqual([
      {
        type: "renamed",
        level: "process",
        code: "B1.1",
        oldText: "ISCRIZIONI",
        newText: "ISCRIZIONI E MODIFICHE",
      },
      {
        type: "renamed",
        level: "subProcess",
        code: "A1.1.2",
        oldText: "Conservazione",
        newText: "Archivio storico",
      },
    ]);
  });

  it("reports an action reworded in its sub-process as renamed", () => {
    const [before, after] = [
      "Smistamento della posta agli uffici",
      "Smistamento della posta agli uffici competenti",
    ];
    const next = applyEdits(BASE, rewordAction("A1.1.1", before, after));
    expect(changesOf(BASE, next)).toEqual([
      { type: "renamed", level: "action", code: "A1.1.1", oldText: before, newText: after },
    ]);
  });

  it("reports an action rewritten after its first words as renamed when it is the only candidate", () => {
    // The case: whole-text similarity is low, but the opening words and the rare ones stay.
    const before =
      "Invio del modello unico (dichiarazione annuale dei rifiuti prodotti dalle imprese artigiane)";
    const after = "Invio del modello unico (comunicazione telematica tramite il portale nazionale)";
    const withLong = applyEdits(BASE, addAction("A1.2.1", before));
    const next = applyEdits(withLong, rewordAction("A1.2.1", before, after));
    expect(changesOf(withLong, next)).toEqual([
      { type: "renamed", level: "action", code: "A1.2.1", oldText: before, newText: after },
    ]);
  });

  it("reports an action under another sub-process as moved, with its old and new text if reworded", () => {
    const next = applyEdits(
      BASE,
      moveAction("Scansione dei documenti cartacei", "A1.1.1", "A1.1.2"),
      moveAction("Rilascio di visure ordinarie", "B1.1.2", "B1.1.1", "Rilascio delle visure ordinarie"),
    );
    expect(changesOf(BASE, next)).toEqual([
      {
        type: "moved",
        level: "action",
        code: "A1.1.2",
        from: "A1.1.1",
        to: "A1.1.2",
        text: "Scansione dei documenti cartacei",
      },
      {
        type: "moved",
        level: "action",
        code: "B1.1.1",
        from: "B1.1.2",
        to: "B1.1.1",
        text: "Rilascio delle visure ordinarie",
        oldText: "Rilascio di visure ordinarie",
        newText: "Rilascio delle visure ordinarie",
      },
    ]);
  });

  it("never pairs a new sibling with an action that is still there", () => {
    // "…di variazione" reads as close to "…di iscrizione" as a rewording, but both old actions stayed.
    const next = applyEdits(BASE, addAction("B1.1.1", "Istruttoria delle pratiche di variazione"));
    expect(changesOf(BASE, next)).toEqual([
      action("added", "B1.1.1", "Istruttoria delle pratiche di variazione"),
    ]);
  });

  it("pairs neither of two old actions merged into one text: each is as good a candidate", () => {
    const merged = "Rilascio di visure ordinarie e certificati storici";
    const next = applyEdits(
      BASE,
      removeAction("B1.1.2", "Rilascio di visure ordinarie"),
      rewordAction("B1.1.2", "Rilascio di certificati storici", merged),
    );
    expect(changesOf(BASE, next)).toEqual([
      action("removed", "B1.1.2", "Rilascio di visure ordinarie"),
      action("removed", "B1.1.2", "Rilascio di certificati storici"),
      action("added", "B1.1.2", merged),
    ]);
  });

  it("does not read two unrelated actions, one removed and one added, as a rewording", () => {
    const next = applyEdits(
      BASE,
      removeAction("A1.2.1", "Acquisto di cancelleria"),
      addAction("A1.2.1", "Rimborso delle spese di missione"),
    );
    expect(changesOf(BASE, next)).toEqual([
      action("removed", "A1.2.1", "Acquisto di cancelleria"),
      action("added", "A1.2.1", "Rimborso delle spese di missione"),
    ]);
  });
});

describe("diffHierarchies: a change to a node covers its subtree", () => {
  it("reports a new process as one change carrying its sub-processes and actions", () => {
    const next = applyEdits(
      BASE,
      addProcess("A1", {
        code: "A1.3",
        name: "TRASPARENZA",
        subProcesses: [
          subProcess("A1.3.1", "Pubblicazioni", ["Aggiornamento della sezione Amministrazione trasparente"]),
          subProcess("A1.3.2", "Accesso civico", []),
        ],
      }),
    );
    expect(changesOf(BASE, next)).toEqual([
      {
        type: "added",
        level: "process",
        code: "A1.3",
        text: "TRASPARENZA",
        children: [
          {
            type: "added",
            level: "subProcess",
            code: "A1.3.1",
            text: "Pubblicazioni",
            children: [action("added", "A1.3.1", "Aggiornamento della sezione Amministrazione trasparente")],
          },
          { type: "added", level: "subProcess", code: "A1.3.2", text: "Accesso civico" },
        ],
      },
    ]);
  });

  it("reports a removed sub-process as one change; an action moved out of it is a move, not a child", () => {
    const next = applyEdits(
      BASE,
      moveAction("Scarto d'archivio", "A1.1.2", "A1.1.1"),
      removeSubProcess("A1.1.2"),
    );
    expect(changesOf(BASE, next)).toEqual([
      {
        type: "removed",
        level: "subProcess",
        code: "A1.1.2",
        text: "Conservazione",
        children: [action("removed", "A1.1.2", "Versamento dei fascicoli all'archivio di deposito")],
      },
      {
        type: "moved",
        level: "action",
        code: "A1.1.1",
        from: "A1.1.2",
        to: "A1.1.1",
        text: "Scarto d'archivio",
      },
    ]);
  });
});

describe("diffHierarchies: renumbering", () => {
  const TRANSPARENCY = [{ name: "Pubblicazioni", actions: ["Aggiornamento della sezione trasparenza"] }];

  it("reports the processes a new one shifted as renumbered, not removed and added", () => {
    const next = applyEdits(BASE, insertProcess("A1", 0, "TRASPARENZA", TRANSPARENCY));
    expect(changesOf(BASE, next)).toEqual([
      {
        type: "added",
        level: "process",
        code: "A1.1",
        text: "TRASPARENZA",
        children: [
          {
            type: "added",
            level: "subProcess",
            code: "A1.1.1",
            text: "Pubblicazioni",
            children: [action("added", "A1.1.1", "Aggiornamento della sezione trasparenza")],
          },
        ],
      },
      {
        type: "renumbered",
        level: "process",
        code: "A1.2",
        from: "A1.1",
        to: "A1.2",
        text: "PROTOCOLLO E ARCHIVIO",
      },
      {
        type: "renumbered",
        level: "process",
        code: "A1.3",
        from: "A1.2",
        to: "A1.3",
        text: "SERVIZI AUSILIARI",
      },
    ]);
  });

  it("matches a label renamed and renumbered at once by its content", () => {
    const next = applyEdits(
      BASE,
      insertProcess("A1", 1, "TRASPARENZA", TRANSPARENCY),
      rename("A1.3", "ECONOMATO E PROVVEDITORATO"),
    );
    expect(changesOf(BASE, next).filter((c) => c.type !== "added")).toEqual([
      {
        type: "renumbered",
        level: "process",
        code: "A1.3",
        from: "A1.2",
        to: "A1.3",
        oldText: "SERVIZI AUSILIARI",
        newText: "ECONOMATO E PROVVEDITORATO",
      },
    ]);
  });

  it("reports a sub-process whose code changed alone as renumbered, its actions unchanged", () => {
    const next = applyEdits(BASE, recodeSubProcess("A1.2.1", "A1.2.2"));
    expect(changesOf(BASE, next)).toEqual([
      {
        type: "renumbered",
        level: "subProcess",
        code: "A1.2.2",
        from: "A1.2.1",
        to: "A1.2.2",
        text: "Economato",
      },
    ]);
  });

  it("reports a renumbered label's changed actions under its new code", () => {
    const next = applyEdits(
      BASE,
      insertProcess("A1", 0, "TRASPARENZA", TRANSPARENCY),
      addAction("A1.3.1", "Gestione dei buoni pasto"),
    );
    expect(changesOf(BASE, next)).toContainEqual(action("added", "A1.3.1", "Gestione dei buoni pasto"));
  });
});

describe("pairing", () => {
  const score = (o: string, n: string) => (o === n.toLowerCase() ? 0.9 : 0.1);

  it("pairs each other's best candidates when they win by the margin", () => {
    expect(pairByMargin(["a", "b"], ["A", "B"], score, 0.3).map((p) => [p.old, p.new])).toEqual([
      ["a", "A"],
      ["b", "B"],
    ]);
  });

  it("asks a sole candidate to score the margin itself, and pairs neither of two tied candidates", () => {
    expect(pairByMargin(["a"], ["A"], () => 0.2, 0.25)).toEqual([]);
    expect(pairByMargin(["a"], ["A"], () => 0.3, 0.25)).toHaveLength(1);
    expect(pairByMargin(["a", "b"], ["A"], () => 0.9, 0.1)).toEqual([]);
  });

  it("turns down a best candidate whose rival comes within the margin", () => {
    const close = (o: string, n: string) => (o === "a" ? 0.8 : 0.7) * (n === "A" ? 1 : 0);
    expect(pairByMargin(["a", "b"], ["A"], close, 0.2)).toEqual([]);
    expect(pairByMargin(["a", "b"], ["A"], close, 0.05)).toHaveLength(1);
  });

  it("aligns by order the way a line diff aligns lines", () => {
    expect(alignByOrder(["a", "b", "c", "d"], ["x", "a", "c", "y", "d", "b"], (x, y) => x === y)).toEqual([
      [0, 1],
      [2, 2],
      [3, 4],
    ]);
  });

  it("has named margins, a move's wider than a rename's: its candidates come from the whole document", () => {
    expect(MATCH_MARGINS.move).toBeGreaterThan(MATCH_MARGINS.rename);
  });
});

describe("contentScore", () => {
  const texts = [
    "Invio del modello unico (dichiarazione annuale dei rifiuti prodotti)",
    "Invio del modello unico (comunicazione telematica al portale)",
    "Gestione del protocollo informatico",
    "Gestione delle presenze del personale",
    "Gestione dei rifiuti prodotti in sede",
  ];
  const rarity = wordRarity(texts);
  const [oldText, rewritten, protocol, attendance, waste] = texts as [string, string, string, string, string];

  it("keeps a text rewritten after its first words closer to its old self than to any other", () => {
    const rewrite = contentScore(oldText, rewritten, rarity);
    for (const other of [protocol, attendance, waste]) {
      expect(rewrite - contentScore(other, rewritten, rarity)).toBeGreaterThan(MATCH_MARGINS.rename);
    }
  });

  it("weighs rare words above common ones: a shared opening word says little", () => {
    expect(contentScore(protocol, attendance, rarity)).toBeLessThan(MATCH_MARGINS.rename);
    expect(rarity("gestion")).toBeLessThan(rarity("modell"));
  });

  it("is 1 for the same key, symmetric, and between 0 and 1", () => {
    expect(contentScore("Attività  di vigilanza.", "attivita di Vigilanza", rarity)).toBe(1);
    expect(contentScore(oldText, waste, rarity)).toBe(contentScore(waste, oldText, rarity));
    expect(contentScore("di", "per", rarity)).toBe(0);
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
      {
        type: "added",
        level: "process",
        code: "A1.3",
        text: "TRASPARENZA",
        children: [
          {
            type: "added",
            level: "subProcess",
            code: "A1.3.1",
            text: "Pubblicazioni",
            children: [
              { type: "added", level: "action", code: "A1.3.1", text: "Aggiornamento della sezione" },
              { type: "added", level: "action", code: "A1.3.1", text: "Accesso civico" },
            ],
          },
        ],
      },
      { type: "renumbered", level: "process", code: "A1.4", from: "A1.3", to: "A1.4", text: "ECONOMATO" },
      {
        type: "renumbered",
        level: "subProcess",
        code: "A1.4.2",
        from: "A1.4.1",
        to: "A1.4.2",
        oldText: "Cassa",
        newText: "Cassa economale",
        similarity: 0.8,
      },
    ],
  };

  it("gives one table per change type and one row per change", () => {
    const markdown = renderDiffMarkdown(report);
    expect(markdown).toMatch(/^# Modifiche rispetto alla versione precedente\n/);
    expect(tablesOf(markdown)).toEqual([
      [
        ["Livello", "Codice", "Testo", "Contenuto"],
        ["azione", "A1.1.1", "Protocollazione delle PEC | posta certificata", ""],
        ["processo", "A1.3", "TRASPARENZA", "1 sotto-processo, 2 azioni"],
      ],
      [
        ["Livello", "Codice", "Testo", "Contenuto"],
        ["azione", "A1.2.1", "Acquisto di cancelleria", ""],
      ],
      [
        ["Livello", "Codice", "Prima", "Dopo", "Somiglianza"],
        ["processo", "B1.1", "ISCRIZIONI", "ISCRIZIONI E MODIFICHE", "0.71"],
      ],
      [
        ["Livello", "Da", "A", "Nome", "Nome precedente"],
        ["processo", "A1.3", "A1.4", "ECONOMATO", ""],
        ["sotto-processo", "A1.4.1", "A1.4.2", "Cassa economale", "Cassa"],
      ],
      [
        ["Da", "A", "Testo", "Somiglianza"],
        ["A1.1.1", "A1.1.2", "Scansione", "1.00"],
      ],
    ]);
  });

  it("lists what an added label held under its table, by code and name", () => {
    expect(renderDiffMarkdown(report)).toContain(
      "* A1.3 TRASPARENZA\n  * A1.3.1 Pubblicazioni\n    * Aggiornamento della sezione\n    * Accesso civico\n",
    );
  });

  it("says in one line that nothing changed", () => {
    expect(renderDiffMarkdown({ changes: [] })).toBe("Nessuna modifica rispetto alla versione precedente.\n");
  });
});
