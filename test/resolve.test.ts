import { describe, expect, it } from "vitest";
import { readText } from "../pipeline/extract/text.js";
import { resolve } from "../pipeline/resolve/index.js";
import type { Discrepancy } from "../pipeline/schema/discrepancy.js";
import type { Grid, GridCell } from "../pipeline/schema/grid.js";
import { type Action, FunctionNode, type SubProcess } from "../pipeline/schema/hierarchy.js";
import { makeAnnexText } from "./support/annex-pdf.js";
import { sampleHierarchy } from "./support/random-hierarchy.js";
import { BAND_A, BAND_B, row, textGrid } from "./support/text-copy.js";

/**
 * The whole resolver (Grid → tree + discrepancies) on small invented documents, one rule at a time.
 */

async function resolveText(lines: readonly string[]) {
  const resolution = resolve(await textGrid(lines));
  // Whatever the input, the output keeps to the contract's shapes.
  for (const f of resolution.functions) FunctionNode.parse(f);
  return resolution;
}

function subProcesses(functions: readonly FunctionNode[]): SubProcess[] {
  return functions.flatMap((f) =>
    f.macroProcesses.flatMap((m) => m.processes.flatMap((p) => p.subProcesses)),
  );
}

function sub(functions: readonly FunctionNode[], code: string): SubProcess {
  const found = subProcesses(functions).find((s) => s.code === code);
  if (!found) throw new Error(`no sub-process ${code}`);
  return found;
}

function texts(functions: readonly FunctionNode[], code: string): string[] {
  return sub(functions, code).actions.map((a) => a.text);
}

/** The tree as codes and names only, for structural comparisons. */
function outline(functions: readonly FunctionNode[]) {
  return functions.map((f) => ({
    code: f.code,
    macros: f.macroProcesses.map((m) => ({
      code: m.code,
      name: m.name,
      processes: m.processes.map((p) => ({
        code: p.code,
        name: p.name,
        subs: p.subProcesses.map((s) => `${s.code} ${s.name}`),
      })),
    })),
  }));
}

function ofKind(discrepancies: readonly Discrepancy[], kind: Discrepancy["kind"]): Discrepancy[] {
  return discrepancies.filter((d) => d.kind === kind);
}

function allActions(functions: readonly FunctionNode[]): Action[] {
  return subProcesses(functions).flatMap((s) => s.actions);
}

describe("parentage", () => {
  it("puts a coded action under its code's parent, whatever row it sits in", async () => {
    const { functions, discrepancies } = await resolveText([
      row(
        BAND_A,
        "A1: ORGANI",
        "A1.1 GIUNTA E CONSIGLIO",
        "A1.1.1 Sedute di giunta",
        "A1.1.2.1 Verbalizzazione sedute consiliari",
      ),
      row("", "", "", "A1.1.2 Sedute di consiglio", "A1.1.1.1 Convocazione riunioni di giunta"),
      row("", "", "", "", "A1.1.1.2 Ordine del giorno della giunta"),
    ]);
    expect(sub(functions, "A1.1.1").actions.map((a) => [a.code, a.text, a.confidence])).toEqual([
      ["A1.1.1.1", "Convocazione riunioni di giunta", 1],
      ["A1.1.1.2", "Ordine del giorno della giunta", 1],
    ]);
    expect(sub(functions, "A1.1.2").actions.map((a) => [a.code, a.text, a.confidence])).toEqual([
      ["A1.1.2.1", "Verbalizzazione sedute consiliari", 1],
    ]);
    expect(ofKind(discrepancies, "reassigned_action")).toEqual([]);
  });

  it("creates the sub-process a coded action names even when it has no label", async () => {
    const { functions, discrepancies } = await resolveText([
      row(
        BAND_A,
        "A1: ORGANI",
        "A1.1 GIUNTA",
        "A1.1.1 Sedute di giunta",
        "A1.1.4.1 Rimborso spese di missione",
      ),
    ]);
    expect(texts(functions, "A1.1.4")).toEqual(["Rimborso spese di missione"]);
    expect(sub(functions, "A1.1.4").name).toBe("");
    expect(ofKind(discrepancies, "missing_label").map((d) => d.code)).toEqual(["A1.1.4"]);
  });

  it("takes parentage from codes, not columns: a sub-process label in the process column", async () => {
    const { functions, discrepancies } = await resolveText([
      row(BAND_A, "A1: ORGANI", "A1.1 GIUNTA", "A1.1.1 Sedute di giunta", "Convocazione delle riunioni"),
      row("", "", "A1.2.1 Nomine negli enti partecipati", "", "Designazione dei rappresentanti camerali"),
      row("", "A1.2 NOMINE", "", "", ""),
    ]);
    expect(outline(functions)).toEqual([
      {
        code: "A",
        macros: [
          {
            code: "A1",
            name: "ORGANI",
            processes: [
              { code: "A1.1", name: "GIUNTA", subs: ["A1.1.1 Sedute di giunta"] },
              { code: "A1.2", name: "NOMINE", subs: ["A1.2.1 Nomine negli enti partecipati"] },
            ],
          },
        ],
      },
    ]);
    expect(texts(functions, "A1.2.1")).toEqual(["Designazione dei rappresentanti camerali"]);
    expect(ofKind(discrepancies, "missing_label")).toEqual([]);
  });

  it("takes parentage from codes: a macro-process label in the sub-process column", async () => {
    const { functions } = await resolveText([
      row(BAND_A, "", "", "A1: ORGANI", ""),
      row("", "A1.1 GIUNTA", "A1.1.1 Sedute di giunta", "", "Convocazione delle riunioni"),
    ]);
    expect(functions[0]?.macroProcesses.map((m) => [m.code, m.name])).toEqual([["A1", "ORGANI"]]);
    expect(texts(functions, "A1.1.1")).toEqual(["Convocazione delle riunioni"]);
  });

  it("names a parent whose label is printed after its children", async () => {
    const { functions, discrepancies } = await resolveText([
      row(BAND_A, "A1: ORGANI", "", "A1.1.1 Sedute di giunta", "Convocazione delle riunioni"),
      row("", "", "", "", "Redazione dei processi verbali"),
      row("", "", "A1.1 GIUNTA", "", ""),
    ]);
    expect(functions[0]?.macroProcesses[0]?.processes.map((p) => [p.code, p.name])).toEqual([
      ["A1.1", "GIUNTA"],
    ]);
    expect(texts(functions, "A1.1.1")).toEqual([
      "Convocazione delle riunioni",
      "Redazione dei processi verbali",
    ]);
    expect(ofKind(discrepancies, "missing_label")).toEqual([]);
  });

  it("keeps a never-labelled process with an empty name and reports missing_label", async () => {
    const { functions, discrepancies } = await resolveText([
      row(BAND_A, "A1: ORGANI", "A1.1 GIUNTA", "A1.1.1 Sedute di giunta", "Convocazione delle riunioni"),
      row("", "", "", "A1.3.1 Bacheca delle delibere", "Affissione delle delibere all'albo"),
    ]);
    const processes = functions[0]?.macroProcesses[0]?.processes ?? [];
    expect(processes.map((p) => [p.code, p.name])).toEqual([
      ["A1.1", "GIUNTA"],
      ["A1.3", ""],
    ]);
    expect(processes[1]?.subProcesses.map((s) => [s.code, s.name])).toEqual([
      ["A1.3.1", "Bacheca delle delibere"],
    ]);
    const missing = ofKind(discrepancies, "missing_label");
    expect(missing.map((d) => d.code)).toEqual(["A1.3"]);
    // Rule `finding-location`: the children's labels are where the missing level shows.
    expect(missing[0]?.evidence).toEqual({
      children: ["A1.3.1"],
      sources: [{ page: null, line: 2, bbox: null }],
    });
  });

  it("reports a never-labelled macro-process and function band the same way", async () => {
    const { functions, discrepancies } = await resolveText([
      row("", "", "B2.1 PERSONALE", "B2.1.1 Presenze", "Rilevazione presenze"),
    ]);
    expect(functions.map((f) => f.code)).toEqual(["B"]);
    expect(functions[0]?.macroProcesses.map((m) => [m.code, m.name])).toEqual([["B2", ""]]);
    expect(ofKind(discrepancies, "missing_label").map((d) => d.code)).toEqual(["B2"]);
  });
});

describe("merging and ordering", () => {
  it("merges a code labelled twice into one node, keeping the longer name", async () => {
    const { functions, discrepancies } = await resolveText([
      row(BAND_A, "A1: ORGANI", "A1.1 GIUNTA", "A1.1.1 Sedute", "Convocazione delle riunioni"),
      row("", "", "", "A1.1.1 Sedute di giunta camerale", "Redazione dei processi verbali"),
      row("", "", "A1.1 GIUNTA CAMERALE", "A1.1.2 Delibere", "Pubblicazione delle delibere"),
    ]);
    expect(outline(functions)[0]?.macros[0]?.processes).toEqual([
      {
        code: "A1.1",
        name: "GIUNTA CAMERALE",
        subs: ["A1.1.1 Sedute di giunta camerale", "A1.1.2 Delibere"],
      },
    ]);
    expect(texts(functions, "A1.1.1")).toEqual([
      "Convocazione delle riunioni",
      "Redazione dei processi verbali",
    ]);
    const duplicates = ofKind(discrepancies, "duplicate_code");
    expect(duplicates.map((d) => d.code).sort()).toEqual(["A1.1", "A1.1.1"]);
    expect(duplicates.find((d) => d.code === "A1.1.1")?.evidence.names).toEqual([
      "Sedute",
      "Sedute di giunta camerale",
    ]);
  });

  it("keeps the longer name when it is printed first", async () => {
    const { functions, discrepancies } = await resolveText([
      row(
        BAND_A,
        "A1: ORGANI",
        "A1.1 GIUNTA",
        "A1.1.1 Sedute di giunta camerale",
        "Convocazione delle riunioni",
      ),
      row("", "", "", "A1.1.1 Sedute", "Redazione dei processi verbali"),
    ]);
    expect(sub(functions, "A1.1.1").name).toBe("Sedute di giunta camerale");
    expect(subProcesses(functions)).toHaveLength(1);
    expect(ofKind(discrepancies, "duplicate_code").map((d) => d.code)).toEqual(["A1.1.1"]);
  });

  it("sorts codes printed out of order and reports code_out_of_order", async () => {
    const { functions, discrepancies } = await resolveText([
      row(BAND_A, "A1: ORGANI", "A1.1 GIUNTA", "A1.1.2 Delibere", "Pubblicazione delle delibere"),
      row("", "", "", "A1.1.1 Sedute", "Convocazione delle riunioni"),
      row("", "", "", "A1.1.10 Archivio", "Conservazione degli originali"),
      row("", "", "", "A1.1.9 Indennità", "Pagamento dei compensi ai consiglieri"),
    ]);
    expect(subProcesses(functions).map((s) => s.code)).toEqual(["A1.1.1", "A1.1.2", "A1.1.9", "A1.1.10"]);
    expect(texts(functions, "A1.1.1")).toEqual(["Convocazione delle riunioni"]);
    expect(texts(functions, "A1.1.9")).toEqual(["Pagamento dei compensi ai consiglieri"]);
    const outOfOrder = ofKind(discrepancies, "code_out_of_order");
    expect(outOfOrder.map((d) => [d.code, d.evidence.after])).toEqual([
      ["A1.1.1", "A1.1.2"],
      ["A1.1.9", "A1.1.10"],
    ]);
  });

  it("reports no code_out_of_order for codes in natural order (A1.1.9 before A1.1.10)", async () => {
    const { discrepancies } = await resolveText([
      row(BAND_A, "A1: ORGANI", "A1.1 GIUNTA", "A1.1.9 Indennità", "Pagamento dei compensi ai consiglieri"),
      row("", "", "", "A1.1.10 Archivio", "Conservazione degli originali"),
      row("", "A2: SEGRETERIA", "A2.1 PROTOCOLLO", "A2.1.1 Posta", "Spedizione della posta"),
    ]);
    expect(ofKind(discrepancies, "code_out_of_order")).toEqual([]);
  });

  it("keeps an action printed twice in a sub-process once and reports duplicate_action", async () => {
    const { functions, discrepancies } = await resolveText([
      row(BAND_A, "A1: ORGANI", "A1.1 GIUNTA", "A1.1.1 Sedute", "Convocazione delle riunioni"),
      row("", "", "", "", "Redazione dei processi verbali"),
      row("", "", "", "", "Convocazione delle  riunioni."),
    ]);
    expect(texts(functions, "A1.1.1")).toEqual([
      "Convocazione delle riunioni",
      "Redazione dei processi verbali",
    ]);
    const duplicates = ofKind(discrepancies, "duplicate_action");
    expect(duplicates).toHaveLength(1);
    expect(duplicates[0]?.code).toBe("A1.1.1");
    expect(duplicates[0]?.evidence).toMatchObject({ kept: { line: 1 }, dropped: { line: 3 } });
  });

  it("keeps the same action text in two different sub-processes", async () => {
    const { functions, discrepancies } = await resolveText([
      row(BAND_A, "A1: ORGANI", "A1.1 GIUNTA", "A1.1.1 Sedute", "A1.1.1.1 Archiviazione dei verbali"),
      row("", "", "", "A1.1.2 Consiglio", "A1.1.2.1 Archiviazione dei verbali"),
    ]);
    expect(texts(functions, "A1.1.1")).toEqual(["Archiviazione dei verbali"]);
    expect(texts(functions, "A1.1.2")).toEqual(["Archiviazione dei verbali"]);
    expect(ofKind(discrepancies, "duplicate_action")).toEqual([]);
  });

  it("reports a sub-process with no action as empty_subprocess", async () => {
    const { functions, discrepancies } = await resolveText([
      row(BAND_A, "A1: ORGANI", "A1.1 GIUNTA", "A1.1.1 Sedute", "Convocazione delle riunioni"),
      row("", "", "", "A1.1.2 Archivio storico delle sedute"),
    ]);
    expect(sub(functions, "A1.1.2").actions).toEqual([]);
    const empty = ofKind(discrepancies, "empty_subprocess");
    expect(empty.map((d) => d.code)).toEqual(["A1.1.2"]);
    // Rule `finding-location`: its label's line.
    expect(empty[0]?.evidence.sources).toEqual([{ page: null, line: 2, bbox: null }]);
  });
});

describe("functions and declared totals", () => {
  const FUNCTION_A = [
    row(BAND_A, "A1: ORGANI", "A1.1 GIUNTA", "A1.1.1 Sedute", "Convocazione delle riunioni"),
    row("", "", "", "", "Redazione dei processi verbali"),
    row("", "", "", "A1.1.2 Delibere", "Pubblicazione delle delibere"),
  ];

  it("reads a totals row and raises no count_mismatch when the counts agree", async () => {
    const { declaredTotals, discrepancies } = await resolveText([
      ...FUNCTION_A,
      row("", "", "1", "1", "2", "3"),
    ]);
    expect(declaredTotals).toEqual([
      { scope: "A", macroProcesses: 1, processes: 1, subProcesses: 2, actions: 3 },
    ]);
    expect(ofKind(discrepancies, "count_mismatch")).toEqual([]);
  });

  it("reports count_mismatch naming what differs when the counts disagree", async () => {
    const { discrepancies } = await resolveText([...FUNCTION_A, row("", "", "1", "2", "2", "4")]);
    const mismatches = ofKind(discrepancies, "count_mismatch");
    expect(mismatches).toHaveLength(1);
    expect(mismatches[0]?.code).toBe("A");
    expect(mismatches[0]?.severity).toBe("error");
    expect(mismatches[0]?.evidence).toEqual({
      declared: { scope: "A", macroProcesses: 1, processes: 2, subProcesses: 2, actions: 4 },
      parsed: { macroProcesses: 1, processes: 1, subProcesses: 2, actions: 3 },
      // Rule `finding-location`: the totals row that disagrees, the fourth line.
      sources: [{ page: null, line: FUNCTION_A.length + 1, bbox: null }],
    });
    expect(mismatches[0]?.message).toBe(
      "la funzione A dichiara 2 processi e 4 azioni, la lettura ne trova 1 processo e 3 azioni",
    );
  });

  it("compares only the levels a short totals row declares", async () => {
    const { declaredTotals, discrepancies } = await resolveText([
      ...FUNCTION_A,
      row("", "", "", "1", "2", "3"),
    ]);
    expect(declaredTotals).toEqual([
      { scope: "A", macroProcesses: null, processes: 1, subProcesses: 2, actions: 3 },
    ]);
    expect(ofKind(discrepancies, "count_mismatch")).toEqual([]);
  });

  it("reads a function without a totals row: no declared totals and no mismatch for it", async () => {
    const { functions, declaredTotals, discrepancies } = await resolveText([
      ...FUNCTION_A,
      row("", "", "1", "1", "2", "3"),
      row(BAND_B, "B1: BILANCIO", "B1.1 CONTABILITA", "B1.1.1 Fatturazione", "Registrazione fatture passive"),
      row("", "", "", "", "Emissione dei mandati di pagamento"),
    ]);
    expect(functions.map((f) => [f.code, f.name])).toEqual([
      ["A", "Organi istituzionali e segreteria generale"],
      ["B", "Servizi di supporto"],
    ]);
    expect(declaredTotals.map((t) => t.scope)).toEqual(["A"]);
    expect(ofKind(discrepancies, "count_mismatch")).toEqual([]);
    expect(texts(functions, "B1.1.1")).toEqual([
      "Registrazione fatture passive",
      "Emissione dei mandati di pagamento",
    ]);
  });

  it("assigns each totals row to the function it closes", async () => {
    const { declaredTotals, discrepancies } = await resolveText([
      ...FUNCTION_A,
      row("", "", "1", "1", "2", "3"),
      row(BAND_B, "B1: BILANCIO", "B1.1 CONTABILITA", "B1.1.1 Fatturazione", "Registrazione fatture passive"),
      row("", "", "1", "1", "1", "5"),
    ]);
    expect(declaredTotals.map((t) => [t.scope, t.actions])).toEqual([
      ["A", 3],
      ["B", 5],
    ]);
    expect(ofKind(discrepancies, "count_mismatch").map((d) => d.code)).toEqual(["B"]);
  });

  it("reads a document with one function only", async () => {
    const { functions } = await resolveText([
      "Mappa dei processi",
      "Processi di supporto",
      row(BAND_B, "B1: BILANCIO", "B1.1 CONTABILITA", "B1.1.1 Fatturazione", "Registrazione fatture passive"),
    ]);
    expect(functions).toHaveLength(1);
    expect(functions[0]).toMatchObject({ code: "B", name: "Servizi di supporto", category: "support" });
  });

  it("completes a band name cut by the rotation from DPR 254/2005, and says so", async () => {
    const { functions, discrepancies } = await resolveText([
      row(
        "PROCESSI FUNZIONE ISTITUZIONALE A Organi istituzionali e",
        "A1: ORGANI",
        "A1.1 GIUNTA",
        "A1.1.1 Sedute",
        "Convocazione delle riunioni",
      ),
    ]);
    expect(functions[0]?.name).toBe("Organi istituzionali e segreteria generale");
    const completed = ofKind(discrepancies, "completed_function_name");
    expect(completed.map((d) => [d.code, d.severity])).toEqual([["A", "info"]]);
    expect(completed[0]?.evidence).toMatchObject({
      printed: "Organi istituzionali e",
      completed: "Organi istituzionali e segreteria generale",
    });
  });

  it("completes a band whose printed words are the middle of the law's name", async () => {
    const { functions, discrepancies } = await resolveText([
      row(
        "PROCESSI FUNZIONE ISTITUZIONALE D Formazione, Informazione",
        "D1: STUDI",
        "D1.1 STATISTICA",
        "D1.1.1 Indagini",
        "Sondaggi trimestrali sulle imprese",
      ),
    ]);
    expect(functions[0]?.name).toBe("Studio, formazione, informazione e promozione economica");
    expect(ofKind(discrepancies, "completed_function_name").map((d) => d.code)).toEqual(["D"]);
  });

  it("keeps a complete band name as printed and reports nothing", async () => {
    const { functions, discrepancies } = await resolveText([
      row(
        "PROCESSI FUNZIONE ISTITUZIONALE C Anagrafe e Servizi di Regolazione del Mercato",
        "C1: REGISTRI",
        "C1.1 ALBI",
        "C1.1.1 Albo artigiani",
        "Iscrizione imprese artigiane",
      ),
    ]);
    expect(functions[0]?.name).toBe("Anagrafe e Servizi di Regolazione del Mercato");
    expect(ofKind(discrepancies, "completed_function_name")).toEqual([]);
  });

  it("keeps a band name that is not a cut of the law's name", async () => {
    const { functions, discrepancies } = await resolveText([
      row(
        "PROCESSI FUNZIONE ISTITUZIONALE B Servizi interni",
        "B1: BILANCIO",
        "B1.1 CASSA",
        "B1.1.1 Economato",
        "Anticipazioni di cassa",
      ),
    ]);
    expect(functions[0]?.name).toBe("Servizi interni");
    expect(ofKind(discrepancies, "completed_function_name")).toEqual([]);
  });

  it("leaves a function with no band unnamed: DPR 254/2005 completes only a band the file prints", async () => {
    const { functions, discrepancies } = await resolveText([
      row("", "B1: BILANCIO", "B1.1 CASSA", "B1.1.1 Economato", "Anticipazioni di cassa"),
    ]);
    expect(functions[0]?.name).toBe("");
    expect(ofKind(discrepancies, "completed_function_name")).toEqual([]);
  });
});

/** A text copy where the labels of A2.1.2 drifted: one action on its row belongs to A2.1.1. */
const DRIFTED = [
  row(
    BAND_A,
    "A2: AFFARI GENERALI",
    "A2.1 DOCUMENTI",
    "A2.1.1 Protocollo della corrispondenza",
    "Registrazione di protocollo in entrata",
  ),
  row("", "", "", "", "Smistamento della corrispondenza agli uffici"),
  row("", "", "", "A2.1.2 Conservazione digitale", "Annullamento delle registrazioni di protocollo"),
  row("", "", "", "", "Versamento dei documenti al conservatore"),
  row("", "", "", "", "Riversamento dei pacchetti di conservazione"),
];

describe("placement of free actions in a text copy", () => {
  it("moves an action that shares clear words with the previous sub-process, and reports it", async () => {
    const { functions, discrepancies } = await resolveText(DRIFTED);
    expect(texts(functions, "A2.1.1")).toEqual([
      "Registrazione di protocollo in entrata",
      "Smistamento della corrispondenza agli uffici",
      "Annullamento delle registrazioni di protocollo",
    ]);
    expect(texts(functions, "A2.1.2")).toEqual([
      "Versamento dei documenti al conservatore",
      "Riversamento dei pacchetti di conservazione",
    ]);
    const moved = ofKind(discrepancies, "reassigned_action");
    expect(moved).toHaveLength(1);
    expect(moved[0]?.code).toBe("A2.1.1");
    expect(moved[0]?.evidence).toMatchObject({ from: "A2.1.2", to: "A2.1.1", source: { line: 3 } });
    expect(moved[0]?.evidence.why).toMatch(/protocoll/);
    const confidence = moved[0]?.evidence.confidence as number;
    expect(confidence).toBeGreaterThan(0.5);
    expect(confidence).toBeLessThanOrEqual(1);
    const action = sub(functions, "A2.1.1").actions.find((a) => a.text.startsWith("Annullamento"));
    expect(action?.confidence).toBe(confidence);
  });

  it("leaves an action with no such evidence where its row falls", async () => {
    const lines = DRIFTED.map((l) =>
      l.replace("Annullamento delle registrazioni di protocollo", "Nomina del responsabile esterno"),
    );
    const { functions, discrepancies } = await resolveText(lines);
    expect(texts(functions, "A2.1.1")).toEqual([
      "Registrazione di protocollo in entrata",
      "Smistamento della corrispondenza agli uffici",
    ]);
    expect(texts(functions, "A2.1.2")).toEqual([
      "Nomina del responsabile esterno",
      "Versamento dei documenti al conservatore",
      "Riversamento dei pacchetti di conservazione",
    ]);
    expect(ofKind(discrepancies, "reassigned_action")).toEqual([]);
  });

  it("moves an action printed before its label's row forward to it", async () => {
    const { functions, discrepancies } = await resolveText([
      row(
        BAND_A,
        "A2: AFFARI GENERALI",
        "A2.1 DOCUMENTI",
        "A2.1.1 Protocollo della corrispondenza",
        "Registrazione di protocollo in entrata",
      ),
      row("", "", "", "", "Smistamento della corrispondenza agli uffici"),
      row("", "", "", "", "Versamento dei documenti al conservatore accreditato"),
      row(
        "",
        "",
        "",
        "A2.1.2 Conservazione presso il conservatore accreditato",
        "Riversamento dei pacchetti di conservazione",
      ),
      row("", "", "", "", "Esibizione dei documenti conservati"),
    ]);
    expect(texts(functions, "A2.1.2")[0]).toBe("Versamento dei documenti al conservatore accreditato");
    expect(texts(functions, "A2.1.1")).toHaveLength(2);
    expect(ofKind(discrepancies, "reassigned_action").map((d) => [d.evidence.from, d.evidence.to])).toEqual([
      ["A2.1.1", "A2.1.2"],
    ]);
  });

  it("prices a label printed two rows from its actions once, not once per action it leaves behind", async () => {
    const { functions, discrepancies } = await resolveText([
      row(
        BAND_A,
        "A2: AFFARI GENERALI",
        "A2.1 DOCUMENTI",
        "A2.1.1 Protocollo in entrata",
        "Registrazione della posta in entrata",
      ),
      row("", "", "", "", "Smistamento della posta agli uffici"),
      row("", "", "", "", "Scarto periodico delle carte di archivio"),
      row("", "", "", "", "Consultazione delle carte storiche"),
      row("", "", "", "A2.1.2 Archivio storico dei fascicoli", "Riordino dei fascicoli di archivio storico"),
      row("", "", "", "", "Prestito dei fascicoli"),
    ]);
    expect(texts(functions, "A2.1.1")).toEqual([
      "Registrazione della posta in entrata",
      "Smistamento della posta agli uffici",
    ]);
    expect(texts(functions, "A2.1.2")).toHaveLength(4);
    expect(ofKind(discrepancies, "reassigned_action")).toHaveLength(2);
  });

  it("opens no run at a label printed again out of order: the actions after it stay with the label above", async () => {
    const { functions } = await resolveText([
      row(BAND_A, "A1: ORGANI", "A1.1 SEDUTE", "A1.1.1 Convocazioni", "Invio degli avvisi di seduta"),
      row("", "", "", "", "Preparazione dell'ordine del giorno"),
      row("", "", "", "A1.1.2 Verbali delle sedute", "Stesura dei verbali"),
      row("", "", "", "", "Firma dei verbali"),
      row("", "", "", "A1.1.1 Convocazioni", ""),
      row("", "", "", "", "Archiviazione delle registrazioni audio"),
    ]);
    expect(texts(functions, "A1.1.1")).toEqual([
      "Invio degli avvisi di seduta",
      "Preparazione dell'ordine del giorno",
    ]);
    expect(texts(functions, "A1.1.2")).toHaveLength(3);
  });

  it("shifts a label with the run of labels drifted before it on its page, not after a page header", async () => {
    // A1.1.2 is printed one row early beside an action of A1.1.1 (clear words); A1.1.3 is printed one
    // row early too, its displaced action sharing one word with A1.1.2's: evidence enough to follow
    // the run's shift, not to shift alone. A page's headers between them end the run.
    const copy = (pageBreak: boolean) => [
      row(
        BAND_A,
        "A1: DOCUMENTI",
        "A1.1 PATRIMONIO",
        "A1.1.1 Archivio storico",
        "Riordino dell'archivio storico",
      ),
      row("", "", "", "", "Scarto dell'archivio storico"),
      row("", "", "", "A1.1.2 Biblioteca", "Inventario dell'archivio storico"),
      row("", "", "", "", "Prestito dei volumi della biblioteca"),
      ...(pageBreak
        ? [
            row("LIV 1", "LIV 2", "LIV 3", "LIV 4"),
            row("MACRO-PROCESSI", "PROCESSI", "SOTTO-PROCESSI", "AZIONI"),
          ]
        : []),
      row("", "", "", "A1.1.3 Museo", "Acquisto di nuovi volumi"),
      row("", "", "", "", "Visite guidate al museo"),
      row("", "", "", "", "Mostre temporanee del museo"),
    ];
    const inRun = await resolveText(copy(false));
    const run = inRun.functions;
    expect(texts(run, "A1.1.1")).toHaveLength(3);
    expect(texts(run, "A1.1.2")).toEqual([
      "Prestito dei volumi della biblioteca",
      "Acquisto di nuovi volumi",
    ]);
    const paged = (await resolveText(copy(true))).functions;
    expect(texts(paged, "A1.1.1")).toHaveLength(3);
    expect(texts(paged, "A1.1.3")[0]).toBe("Acquisto di nuovi volumi");
    // The trace says why: the words alone moved one action in seven off its row (one label, a share
    // over LONE_SHIFT_SHARE), so runs were priced, and both labels' runs begin one cell after where
    // they are printed.
    expect(inRun.drift).toEqual({
      runs: true,
      evidenceShare: 1 / 7,
      shiftedAlone: 1,
      shifts: [
        { code: "A1.1.2", shift: 1 },
        { code: "A1.1.3", shift: 1 },
      ],
    });
    // The reading is at best for review: the run, not the words, moved "Acquisto di nuovi volumi".
    expect(inRun.reading.verdict).toBe("review");
    expect(inRun.reading.reasons[0]?.rule).toBe("placement-margins");
  });

  it("prices no run of drifted labels in a clean copy, whose words agree with its rows", async () => {
    // A generated annex, not drifted: a run of labels may follow one doubtful shift cheaply, so runs
    // are priced together only where the words alone already move actions (rule drift-runs).
    const h = sampleHierarchy(3);
    const { functions, discrepancies } = resolve(await readText(new TextEncoder().encode(makeAnnexText(h))));
    const placed = new Map(subProcesses(functions).flatMap((s) => s.actions.map((a) => [a.text, s.code])));
    const misplaced = subProcesses(h.functions).flatMap((s) =>
      s.actions.filter((a) => placed.get(a.text) !== s.code).map((a) => a.text),
    );
    // Each label priced alone, one action (sharing two words with the sub-process before) moves.
    expect(misplaced.length).toBeLessThanOrEqual(1);
    const { drift } = resolve(await readText(new TextEncoder().encode(makeAnnexText(h))));
    expect(drift?.runs).toBe(false);
    expect(drift?.evidenceShare).toBeLessThan(0.05);
    expect(ofKind(discrepancies, "reassigned_action").length).toBeLessThanOrEqual(1);
  });

  it("begins a drifted label's run where the subject changes, not inside a run of alike actions", async () => {
    // A1.1.2 is printed one row late; the row above it already speaks of its tenders.
    const { functions } = await resolveText([
      row(BAND_A, "A1: ACQUISTI", "A1.1 FORNITURE", "A1.1.1 Cassa economale", "Rimborsi di cassa economale"),
      row("", "", "", "", "Anticipi di cassa ai servizi"),
      row("", "", "", "", "Pubblicazione dei bandi di gara telematica"),
      row("", "", "", "A1.1.2 Appalti", "Aggiudicazione dei bandi di gara telematica"),
      row("", "", "", "", "Contratti dei bandi di gara telematica"),
    ]);
    expect(texts(functions, "A1.1.1")).toEqual([
      "Rimborsi di cassa economale",
      "Anticipi di cassa ai servizi",
    ]);
    expect(texts(functions, "A1.1.2")[0]).toBe("Pubblicazione dei bandi di gara telematica");
  });

  it("keeps an action on its function's side of a band for a word it shares with the function above", async () => {
    const { functions } = await resolveText([
      row(
        BAND_A,
        "A1: ORGANI",
        "A1.1 GIUNTA",
        "A1.1.1 Sedute di giunta",
        "Convocazione delle sedute di giunta",
      ),
      row(BAND_B, "B1: BILANCIO", "B1.1 CASSA", "B1.1.1 Economato", "Rimborsi per le spese di giunta"),
      row("", "", "", "", "Anticipazioni di cassa"),
    ]);
    expect(texts(functions, "B1.1.1")).toEqual(["Rimborsi per le spese di giunta", "Anticipazioni di cassa"]);
  });

  it("function-drift: gives a late band's function the actions printed above it that speak of it", async () => {
    // Function B's band and first label are printed two rows below its first actions, no totals row between.
    const { functions } = await resolveText([
      row(BAND_A, "A1: ORGANI", "A1.1 GIUNTA", "A1.1.1 Sedute di giunta", "Convocazione delle sedute"),
      row("", "", "", "", "Verbali delle sedute"),
      row("", "", "", "", "Liquidazione delle parcelle dei periti estimatori"),
      row("", "", "", "", "Verifica delle parcelle dei periti estimatori"),
      row(
        BAND_B,
        "B1: SPESE",
        "B1.1 PERIZIE",
        "B1.1.1 Parcelle dei periti estimatori",
        "Archivio delle perizie",
      ),
    ]);
    expect(texts(functions, "A1.1.1")).toEqual(["Convocazione delle sedute", "Verbali delle sedute"]);
    expect(texts(functions, "B1.1.1")).toEqual([
      "Liquidazione delle parcelle dei periti estimatori",
      "Verifica delle parcelle dei periti estimatori",
      "Archivio delle perizie",
    ]);
  });

  it("fixed-actions: a run never crosses an action printed with its sub-process's code", async () => {
    // "Scarto dell'archivio storico" speaks of A1.1.1, but it is printed after A1.1.2's coded action:
    // it belongs to A1.1.2 or a later sub-process, never to the one before.
    const { functions } = await resolveText([
      row(
        BAND_A,
        "A1: PATRIMONIO",
        "A1.1 RACCOLTE",
        "A1.1.1 Archivio storico",
        "Riordino dell'archivio storico",
      ),
      row("", "", "", "A1.1.2 Biblioteca", "A1.1.2.1 Prestito dei volumi"),
      row("", "", "", "", "Scarto dell'archivio storico"),
      row("", "", "", "A1.1.3 Museo", "Visite guidate al museo"),
    ]);
    expect(texts(functions, "A1.1.1")).toEqual(["Riordino dell'archivio storico"]);
    expect(texts(functions, "A1.1.2")).toEqual(["Prestito dei volumi"]);
    expect(texts(functions, "A1.1.3")).toEqual(["Scarto dell'archivio storico", "Visite guidate al museo"]);
  });

  it("shared-opening: never parts actions that open with the same words before a colon", async () => {
    // A1.1.2 is printed one row early, beside the last item of A1.1.1's list.
    const { functions } = await resolveText([
      row(
        BAND_A,
        "A1: SERVIZI",
        "A1.1 SPORTELLI",
        "A1.1.1 Orari degli sportelli",
        "Turni: apertura mattutina",
      ),
      row("", "", "", "", "Turni: apertura pomeridiana"),
      row("", "", "", "A1.1.2 Prenotazioni", "Turni: chiusura estiva"),
      row("", "", "", "", "Agenda delle prenotazioni"),
    ]);
    expect(texts(functions, "A1.1.1")).toEqual([
      "Turni: apertura mattutina",
      "Turni: apertura pomeridiana",
      "Turni: chiusura estiva",
    ]);
  });

  it("empty-run: prefers giving a drifted label the row above it to leaving its sub-process empty", async () => {
    // A1.1.2 is printed after its only action, on the last row before the next function's band; the
    // action's one word in common with it is not worth a drift alone.
    const { functions, discrepancies } = await resolveText([
      row(BAND_A, "A1: ARCHIVI", "A1.1 CARTE", "A1.1.1 Registro delle carte", "Registrazione delle carte"),
      row("", "", "", "", "Numerazione delle carte"),
      row("", "", "", "", "Consegna dei fascicoli"),
      row("", "", "", "A1.1.2 Fascicoli degli uffici", ""),
      row(BAND_B, "B1: BILANCIO", "B1.1 CASSA", "B1.1.1 Economato", "Rimborsi di cassa"),
    ]);
    expect(texts(functions, "A1.1.2")).toEqual(["Consegna dei fascicoli"]);
    expect(ofKind(discrepancies, "empty_subprocess")).toEqual([]);
  });

  it("moves the actions of one cell together, whether run together or cut at their paragraphs", async () => {
    // A1.1.2 is printed one row late: the row above holds two of its actions in <p> paragraphs.
    const { functions } = await resolveText([
      row(
        BAND_A,
        "A1: NOTIFICHE",
        "A1.1 ATTI",
        "A1.1.1 Notifica degli atti",
        "Notifica degli atti giudiziari",
      ),
      row("", "", "", "", "<p>Registro delle affissioni</p> <p>Pubblicazione degli avvisi all'albo</p>"),
      row("", "", "", "A1.1.2 Avvisi all'albo", "Ritiro degli avvisi dall'albo"),
    ]);
    expect(texts(functions, "A1.1.2")).toEqual([
      "Registro delle affissioni",
      "Pubblicazione degli avvisi all'albo",
      "Ritiro degli avvisi dall'albo",
    ]);
  });

  it("gives the next function the actions printed between a totals row and its late band", async () => {
    // Function B's band and labels are printed one row below its first action, under A's totals row.
    const { functions } = await resolveText([
      row(BAND_A, "A1: ORGANI", "A1.1 GIUNTA", "A1.1.1 Sedute di giunta", "Convocazione delle sedute"),
      row("", "", "", "", "Verbali delle sedute"),
      row("", "", "1", "1", "1", "2"),
      row("", "", "", "", "Liquidazione delle parcelle dei periti"),
      row(BAND_B, "B1: CONTABILITÀ", "B1.1 SPESE", "B1.1.1 Parcelle dei periti", "Verifica delle parcelle"),
    ]);
    expect(texts(functions, "A1.1.1")).toEqual(["Convocazione delle sedute", "Verbali delle sedute"]);
    expect(texts(functions, "B1.1.1")).toEqual([
      "Liquidazione delle parcelle dei periti",
      "Verifica delle parcelle",
    ]);
  });

  it("gives no uncoded action to a sub-process whose actions are printed with their codes", async () => {
    // A1.1.2's label is printed one row early, beside an action of A1.1.1 that shares its words.
    const { functions } = await resolveText([
      row(BAND_A, "A1: ORGANI", "A1.1 GIUNTA", "A1.1.1 Sedute", "Convocazione delle sedute"),
      row("", "", "", "A1.1.2 Nomine dei revisori", "Sedute per le nomine dei revisori"),
      row("", "", "", "", "A1.1.2.1 Istruttoria delle nomine dei revisori"),
      row("", "", "", "", "A1.1.2.2 Decreto di nomina dei revisori"),
    ]);
    expect(texts(functions, "A1.1.1")).toEqual([
      "Convocazione delle sedute",
      "Sedute per le nomine dei revisori",
    ]);
    expect(texts(functions, "A1.1.2")).toHaveLength(2);
  });

  it("reports actions with no sub-process to go to as unplaced_text, never drops them", async () => {
    const { functions, discrepancies } = await resolveText([
      row(BAND_A, "A1: ORGANI", "A1.1 GIUNTA", "", "Convocazione delle riunioni"),
      row("", "", "", "", "Redazione dei processi verbali"),
    ]);
    expect(allActions(functions)).toEqual([]);
    expect(ofKind(discrepancies, "unplaced_text").map((d) => d.evidence.text)).toEqual([
      "Convocazione delle riunioni",
      "Redazione dei processi verbali",
    ]);
  });

  it("gives every free action a confidence between 0 and 1", async () => {
    const { functions } = await resolveText(DRIFTED);
    for (const a of allActions(functions)) {
      expect(a.confidence).toBeGreaterThanOrEqual(0);
      expect(a.confidence).toBeLessThanOrEqual(1);
    }
  });
});

/** A grid as a PDF or HTML reader gives it: rows from geometry, labels spanning their actions. */
function exactGrid(rows: readonly (readonly string[])[]): Grid {
  return {
    format: "pdf",
    pages: 1,
    placement: "exact",
    warnings: [],
    rows: rows.map((cells, r) => ({
      page: 1,
      cells: cells.flatMap((text, col): GridCell[] =>
        text
          ? [
              {
                col,
                rowSpan: 1,
                colSpan: 1,
                paragraphs: [text],
                source: { page: 1, line: null, bbox: [col * 100, r * 20, col * 100 + 90, r * 20 + 15] },
              },
            ]
          : [],
      ),
    })),
  };
}

describe("placement: exact", () => {
  const rows = DRIFTED.map((l) => l.split("\t"));

  it("never moves an action and gives free actions confidence 1", () => {
    const { functions, discrepancies } = resolve(exactGrid(rows));
    expect(texts(functions, "A2.1.1")).toEqual([
      "Registrazione di protocollo in entrata",
      "Smistamento della corrispondenza agli uffici",
    ]);
    expect(texts(functions, "A2.1.2")).toEqual([
      "Annullamento delle registrazioni di protocollo",
      "Versamento dei documenti al conservatore",
      "Riversamento dei pacchetti di conservazione",
    ]);
    expect(ofKind(discrepancies, "reassigned_action")).toEqual([]);
    expect(allActions(functions).map((a) => a.confidence)).toEqual([1, 1, 1, 1, 1]);
  });

  it("silent-fill: cuts a piece of an undelimited cell by what it says, never a piece the source delimits", () => {
    // One ruled cell holding A2.1.2's three actions: the source cuts the first one off, and is silent
    // on whether the line "Versamento…" opens an action (GridCell.undelimited) or not.
    const cellRows = [...rows.slice(0, 2), rows[2]?.slice(0, 4) ?? []];
    const withCell = (undelimited: boolean): Grid => {
      const grid = exactGrid(cellRows);
      const last = grid.rows[2]?.cells ?? [];
      last.push({
        col: 4,
        rowSpan: 1,
        colSpan: 1,
        paragraphs: [
          "Annullamento delle registrazioni di protocollo",
          "Versamento dei documenti al conservatore Riversamento dei pacchetti di conservazione",
        ],
        source: { page: 1, line: null, bbox: [400, 40, 490, 75] },
        ...(undelimited ? { undelimited: true as const } : {}),
      });
      return grid;
    };
    expect(texts(resolve(withCell(true)).functions, "A2.1.2")).toEqual([
      "Annullamento delle registrazioni di protocollo",
      "Versamento dei documenti al conservatore",
      "Riversamento dei pacchetti di conservazione",
    ]);
    expect(texts(resolve(withCell(false)).functions, "A2.1.2")).toEqual([
      "Annullamento delle registrazioni di protocollo",
      "Versamento dei documenti al conservatore Riversamento dei pacchetti di conservazione",
    ]);
  });

  it("keeps the geometry's source on every action", () => {
    const { functions } = resolve(exactGrid(rows));
    expect(sub(functions, "A2.1.2").actions[0]?.source).toEqual({
      page: 1,
      line: null,
      bbox: [400, 40, 490, 55],
    });
  });
});

describe("action ids", () => {
  it("gives the same ids to the same input", async () => {
    const first = await resolveText(DRIFTED);
    const second = await resolveText(DRIFTED);
    expect(allActions(second.functions).map((a) => a.id)).toEqual(
      allActions(first.functions).map((a) => a.id),
    );
  });

  it("gives distinct ids within a document, each naming its sub-process", async () => {
    const { functions } = await resolveText(DRIFTED);
    const ids = allActions(functions).map((a) => a.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const s of subProcesses(functions))
      for (const a of s.actions) expect(a.id.startsWith(`${s.code}#`)).toBe(true);
  });

  it("keeps an action's id when another action is inserted before it", async () => {
    const before = await resolveText(DRIFTED);
    const inserted = [
      ...DRIFTED.slice(0, 1),
      row("", "", "", "", "Registrazione di protocollo in uscita"),
      ...DRIFTED.slice(1),
    ];
    const after = await resolveText(inserted);
    const idsBefore = new Map(allActions(before.functions).map((a) => [a.text, a.id]));
    const idsAfter = new Map(allActions(after.functions).map((a) => [a.text, a.id]));
    expect(idsAfter.size).toBe(idsBefore.size + 1);
    for (const [text, id] of idsBefore) expect(idsAfter.get(text)).toBe(id);
  });

  it("gives a different id to a different text", async () => {
    const { functions } = await resolveText(
      DRIFTED.map((l) =>
        l.replace("Versamento dei documenti al conservatore", "Versamento dei fascicoli al conservatore"),
      ),
    );
    const before = await resolveText(DRIFTED);
    const id = (fs: FunctionNode[], prefix: string) =>
      allActions(fs).find((a) => a.text.startsWith(prefix))?.id;
    expect(id(functions, "Versamento")).not.toBe(id(before.functions, "Versamento"));
  });
});
