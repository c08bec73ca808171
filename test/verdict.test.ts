import { describe, expect, it } from "vitest";
import { resolve } from "../pipeline/resolve/index.js";
import { placeActions } from "../pipeline/resolve/place.js";
import { fragmentActions, fragmentKind, numberActions } from "../pipeline/resolve/verdict/fragments.js";
import { judgeReading, RELIABLE_SCORE } from "../pipeline/resolve/verdict/index.js";
import {
  DRIFT_EVIDENCE_CONFIDENCE,
  driftEvidence,
  JUDGED_DRIFT_PENALTY,
  placementMargins,
  textOutsideTable,
  unplacedText,
} from "../pipeline/resolve/verdict/placement.js";
import { runTogetherHead, runTogetherText } from "../pipeline/resolve/verdict/run-together.js";
import { type Evidence, ramp } from "../pipeline/resolve/verdict/signal.js";
import {
  codeGaps,
  codeOrder,
  columnStructure,
  declaredTotals,
  emptyLabels,
  labelRows,
  missingCodes,
} from "../pipeline/resolve/verdict/structure.js";
import { missingProcessTable } from "../pipeline/resolve/verdict/table.js";
import type { Discrepancy } from "../pipeline/schema/discrepancy.js";
import { cellsInReadingOrder } from "./support/degraded-copy.js";
import { BAND_A, row, textGrid } from "./support/text-copy.js";

/** The verdict's signals, each on small invented copies of an annex. */

const HEADER = [row("", "LIV 1", "LIV 2", "LIV 3", "LIV 4")];
const A1 = row(
  BAND_A,
  "A1: GESTIONE DOCUMENTALE",
  "A1.1 PROTOCOLLO",
  "A1.1.1 Protocollazione in arrivo",
  "Registrazione della posta in arrivo",
);
const CLEAN = [
  "Allegato: l'articolazione dei processi",
  "Processi di supporto",
  ...HEADER,
  A1,
  row("", "", "", "", "Scansione dei documenti cartacei"),
  row("", "", "", "A1.1.2 Archiviazione corrente", "Fascicolazione delle pratiche"),
  row("", "", "", "", "Conservazione dei fascicoli"),
  row("", "", "A1.2 CONSERVAZIONE", "A1.2.1 Scarto d'archivio", "Selezione dei documenti da scartare"),
  row("", "", "", "", "Trasmissione dell'elenco di scarto"),
];

async function evidenceOf(lines: readonly string[]): Promise<Evidence> {
  const grid = await textGrid(lines);
  const r = resolve(grid);
  return {
    items: r.items,
    functions: r.functions,
    declaredTotals: r.declaredTotals,
    discrepancies: r.discrepancies,
    placements: placeActions(r.items, grid.placement).placements,
    drift: r.drift,
    placement: grid.placement,
  };
}

const unplacedFinding = (text: string): Discrepancy => ({
  kind: "unplaced_text",
  severity: "warning",
  code: null,
  message: `text that could not be placed: "${text}"`,
  evidence: {},
});

describe("ramp", () => {
  it("gives no penalty up to the tolerated level, all of it from the fatal one, a line between", () => {
    expect(ramp(0.01, 0.02, 0.1)).toBe(0);
    expect(ramp(0.06, 0.02, 0.1)).toBeCloseTo(0.5);
    expect(ramp(0.3, 0.02, 0.1)).toBe(1);
  });
});

describe("the clean copy", () => {
  it("gives no signal a penalty, and is reliable with score 1", async () => {
    const evidence = await evidenceOf(CLEAN);
    expect(judgeReading(evidence)).toEqual({ verdict: "reliable", score: 1, reasons: [] });
  });
});

describe("rule fragment-actions", () => {
  const context = { lowerCaseStyle: false, headings: new Set(["azioni"]) };
  it.each([
    ["Registrazione della posta in arrivo", null],
    ["della posta in arrivo", "inizia in minuscolo"],
    ["Registrazione della", "finisce con «della»"],
    ["Gestione dei reclami (utenti", "lascia aperta una parentesi"],
    ["LIV 4", "ripete l'intestazione di una colonna"],
    ["AZIONI", "ripete l'intestazione di una colonna"],
    ["A Revisione del registro", "inizia con una lettera isolata"],
  ])("%s → %s", (text, kind) => {
    expect(fragmentKind(text, context)).toBe(kind);
  });

  it("does not count lower-case starts in a document that writes its actions so", () => {
    expect(fragmentKind("registrazione della posta", { ...context, lowerCaseStyle: true })).toBeNull();
  });

  it("measures the share of fragments in a copy whose cells were cut", async () => {
    const broken = await evidenceOf([
      ...CLEAN.slice(0, 4),
      row("", "", "", "", "Scansione dei"),
      row("", "", "", "", "Documenti cartacei (originali"),
      ...CLEAN.slice(5),
    ]);
    const signal = fragmentActions(broken);
    expect(signal.measure).toBeGreaterThan(0.2);
    expect(signal.penalty).toBe(1);
    expect(fragmentActions(await evidenceOf(CLEAN)).measure).toBe(0);
  });
});

describe("rule number-actions", () => {
  it("counts actions that are only numbers, as a page number read into the table", async () => {
    const evidence = await evidenceOf(CLEAN);
    const numbered = evidence.items.map((i) =>
      i.kind === "action" && i.text.startsWith("Scansione") ? { ...i, text: "12" } : i,
    );
    const signal = numberActions({ ...evidence, items: numbered });
    expect(signal.measure).toBeCloseTo(1 / 6);
    expect(signal.penalty).toBe(1);
    expect(numberActions(evidence).penalty).toBe(0);
  });
});

describe("rule run-together-text", () => {
  const heads = new Set(["registrazione", "notifica", "gestione"]);
  it("finds a capitalised action head after a lower-case content word", () => {
    expect(runTogetherHead("Scansione dei documenti cartacei Notifica agli utenti", heads)).toBe("Notifica");
  });
  it("finds a capitalised word that opens a phrase of its own, even one no other action begins with", () => {
    expect(runTogetherHead("Archiviazione digitale Pubblicazione per il registro", heads)).toBe(
      "Pubblicazione",
    );
  });
  it("leaves proper nouns after a preposition and names that run on in capitals", () => {
    expect(runTogetherHead("Redazione relazione Previsionale Programmatica (RPP)", heads)).toBeNull();
    expect(runTogetherHead("Controllo di Gestione", heads)).toBeNull();
    expect(runTogetherHead("Rapporti con la Regione Lombardia", heads)).toBeNull();
  });
  it("penalises a reading that kept actions run together", async () => {
    const evidence = await evidenceOf(CLEAN);
    const joined = evidence.items.map((i) =>
      i.kind === "action" && i.text.startsWith("Scansione")
        ? { ...i, text: "Scansione dei documenti cartacei Fascicolazione delle pratiche" }
        : i,
    );
    const signal = runTogetherText({ ...evidence, items: joined });
    expect(signal.measure).toBeCloseTo(1 / 6);
    expect(signal.penalty).toBe(1);
  });
});

describe("rules on placement", () => {
  it("unplaced-text: the share of paragraphs left unplaced", async () => {
    const evidence = await evidenceOf(CLEAN);
    const signal = unplacedText({ ...evidence, discrepancies: [unplacedFinding("x"), unplacedFinding("y")] });
    expect(signal.measure).toBeCloseTo(2 / 8);
    expect(signal.penalty).toBe(1);
    expect(unplacedText(evidence).penalty).toBe(0);
  });

  it("placement-margins: moves and near-ties count by their doubt, confident stays do not", async () => {
    const evidence = await evidenceOf(CLEAN);
    const placements = [
      { order: 1, code: "A1.1.2", rowCode: "A1.1.1", confidence: 0.7, why: "" },
      { order: 2, code: "A1.1.1", rowCode: "A1.1.1", confidence: 0.55, why: "" },
      { order: 3, code: "A1.1.1", rowCode: "A1.1.1", confidence: 0.8, why: "" },
    ];
    // Rows from geometry: a move counts by its doubt.
    const geometry = placementMargins({ ...evidence, placement: "exact", placements });
    expect(geometry.measure).toBeCloseTo((0.3 + 0.45) / 6);
    expect(geometry.penalty).toBe(1);
  });

  it("placement-margins: a copy that shows no drift counts each move whole and a near-tie stay nothing", async () => {
    const evidence = await evidenceOf(CLEAN);
    const placements = [
      { order: 1, code: "A1.1.2", rowCode: "A1.1.1", confidence: 0.7, why: "" },
      { order: 2, code: "A1.1.1", rowCode: "A1.1.1", confidence: 0.55, why: "" },
    ];
    expect(driftEvidence({ ...evidence, placements })).toBe("none");
    const copy = placementMargins({ ...evidence, placements });
    expect(copy.measure).toBeCloseTo(1 / 6);
    expect(copy.message).toContain("le cui etichette restano sulla loro riga");
    // The near-tie alone: the copy's rows are right, nothing to count.
    expect(placementMargins({ ...evidence, placements: placements.slice(1) }).measure).toBe(0);
  });

  it("placement-margins: a drift only the placement's sure move shows keeps the reading at best for review", async () => {
    const evidence = await evidenceOf(CLEAN);
    const sure = {
      order: 1,
      code: "A1.1.2",
      rowCode: "A1.1.1",
      confidence: DRIFT_EVIDENCE_CONFIDENCE,
      why: "",
    };
    const judged = { ...evidence, placements: [sure] };
    expect(driftEvidence(judged)).toBe("judged");
    const signal = placementMargins(judged);
    // The move counts by its doubt (under the tolerance) ...
    expect(signal.measure).toBeCloseTo((1 - DRIFT_EVIDENCE_CONFIDENCE) / 6);
    // ... but nothing in the copy confirms the drift: the reading is not vouched for.
    expect(signal.penalty).toBe(JUDGED_DRIFT_PENALTY);
    expect(judgeReading(judged).verdict).toBe("review");
    // A move under that confidence is no evidence of drift: it counts whole.
    const weak = { ...evidence, placements: [{ ...sure, confidence: DRIFT_EVIDENCE_CONFIDENCE - 0.01 }] };
    expect(driftEvidence(weak)).toBe("none");
    expect(placementMargins(weak).penalty).toBe(1);
  });

  it("placement-margins: placements a priced run of drifted labels decided keep the reading at best for review", async () => {
    const evidence = await evidenceOf(CLEAN);
    // Stays on their rows, sure of them, as a run of labels priced together decided.
    const stays = [1, 2].map((order) => ({
      order,
      code: "A1.1.1",
      rowCode: "A1.1.1",
      confidence: 0.99,
      why: "",
    }));
    const trace = { runs: true, evidenceShare: 0.08, shiftedAlone: 2, shifts: [] };
    expect(judgeReading({ ...evidence, placements: stays, drift: trace }).verdict).toBe("reliable");
    const decided = [{ ...stays[0], byRun: true }, stays[1]] as typeof stays;
    const signal = placementMargins({ ...evidence, placements: decided, drift: trace });
    // The run's own margin is small doubt, yet the words alone would have placed it elsewhere.
    expect(signal.measure).toBeCloseTo(0.01 / 6);
    expect(signal.penalty).toBe(JUDGED_DRIFT_PENALTY);
    expect(signal.message).toContain("8% delle azioni");
    expect(judgeReading({ ...evidence, placements: decided, drift: trace }).verdict).toBe("review");
  });

  it("placement-margins: a copy whose labels part from their first child's row shows its drift", async () => {
    const drifted = [
      ...CLEAN.slice(0, 3),
      row(BAND_A, "A1: GESTIONE DOCUMENTALE", "", "", "Registrazione della posta in arrivo"),
      row("", "", "A1.1 PROTOCOLLO", "A1.1.1 Protocollazione in arrivo", "Scansione dei documenti cartacei"),
      ...CLEAN.slice(5),
    ];
    const evidence = await evidenceOf(drifted);
    const placements = [{ order: 1, code: "A1.1.2", rowCode: "A1.1.1", confidence: 0.99, why: "" }];
    expect(driftEvidence({ ...evidence, placements })).toBe("shown");
    const signal = placementMargins({ ...evidence, placements });
    expect(signal.measure).toBeCloseTo(0.01 / 6);
    expect(signal.penalty).toBe(0);
  });

  it("text-outside-table: prose above the table", async () => {
    const prose = "Il presente documento descrive in dettaglio la metodologia adottata per lo studio";
    const evidence = await evidenceOf([prose, prose, prose, prose, prose, prose, prose, prose, ...CLEAN]);
    expect(textOutsideTable(evidence).penalty).toBeGreaterThan(0.5);
    expect(textOutsideTable(await evidenceOf(CLEAN)).measure).toBe(0);
  });
});

describe("rules on structure", () => {
  it("declared-totals: counts that differ from the printed totals", async () => {
    const right = await evidenceOf([...CLEAN, row("", "1", "2", "3", "6")]);
    expect(declaredTotals(right).measure).toBe(0);
    const wrong = await evidenceOf([...CLEAN, row("", "1", "2", "3", "9")]);
    expect(declaredTotals(wrong).measure).toBeCloseTo(3 / 15);
    expect(declaredTotals(wrong).penalty).toBe(1);
  });

  it("code-gaps: numbers a sequence skips", async () => {
    expect(missingCodes("A1", ["A1.1", "A1.3", "A1.4"])).toEqual(["A1.2"]);
    expect(missingCodes("A", ["A2"])).toEqual(["A1"]);
    const gapped = CLEAN.map((line) => line.replaceAll("A1.2", "A1.4"));
    const signal = codeGaps(await evidenceOf(gapped));
    // A1.2 and A1.3 missing beside the six codes read.
    expect(signal.measure).toBeCloseTo(2 / 8);
    expect(codeGaps(await evidenceOf(CLEAN)).measure).toBe(0);
  });

  it("code-order: labels printed after a higher code", async () => {
    const swapped = [...CLEAN.slice(0, 3), ...CLEAN.slice(7), ...CLEAN.slice(3, 7)].map((line) =>
      line.replace(BAND_A, ""),
    );
    expect(codeOrder(await evidenceOf(swapped)).measure).toBeGreaterThan(0);
    expect(codeOrder(await evidenceOf(CLEAN)).measure).toBe(0);
  });

  it("code-order: a label printed again after a higher code is no line read out of order", async () => {
    const repeated = [...CLEAN, row("", "", "", "A1.1.2 Archiviazione corrente", "")];
    const evidence = await evidenceOf(repeated);
    // The report still finds it ...
    expect(evidence.discrepancies.filter((d) => d.kind === "code_out_of_order").map((d) => d.code)).toEqual([
      "A1.1.2",
    ]);
    // ... but its first printing is in order.
    expect(codeOrder(evidence).measure).toBe(0);
  });

  it("label-rows: a copy's labels parted from their first child's row", async () => {
    const drifted = [
      ...CLEAN.slice(0, 3),
      row(BAND_A, "A1: GESTIONE DOCUMENTALE", "", "", "Registrazione della posta in arrivo"),
      row("", "", "A1.1 PROTOCOLLO", "A1.1.1 Protocollazione in arrivo", "Scansione dei documenti cartacei"),
      ...CLEAN.slice(5),
    ];
    expect(labelRows(await evidenceOf(drifted)).measure).toBeCloseTo(1 / 3);
    expect(labelRows(await evidenceOf(CLEAN)).measure).toBe(0);
    expect(labelRows({ ...(await evidenceOf(drifted)), placement: "exact" }).measure).toBe(0);
  });

  it("empty-labels: sub-processes without actions", async () => {
    const empty = [
      ...CLEAN.slice(0, 3),
      row(BAND_A, "A1: GESTIONE", "A1.1 PROTOCOLLO", "A1.1.1 Protocollazione", "Registrazione della posta"),
      row("", "", "", "A1.1.2 Archiviazione", ""),
      row("", "", "", "A1.1.3 Conservazione", ""),
      row("", "", "", "A1.1.4 Scarto", ""),
    ];
    expect(emptyLabels(await evidenceOf(empty)).measure).toBeCloseTo(3 / 4);
    expect(emptyLabels(await evidenceOf(empty)).penalty).toBeGreaterThan(0);
  });

  it("column-structure: a copy in reading order puts every label alone on its line", async () => {
    const readingOrder = cellsInReadingOrder(CLEAN.join("\n")).trim().split("\n");
    expect(columnStructure(await evidenceOf(readingOrder)).measure).toBe(1);
    expect(columnStructure(await evidenceOf(CLEAN)).measure).toBe(0);
  });

  it("column-structure: in rows from geometry or markup one label off its actions' row is a fault", async () => {
    // A1.1.2's label on a row of its own, its actions below it: a block the reader did not find.
    const apart = [
      ...CLEAN.slice(0, 5),
      row("", "", "", "A1.1.2 Archiviazione corrente", ""),
      row("", "", "", "", "Fascicolazione delle pratiche"),
      ...CLEAN.slice(6),
    ];
    const copy = await evidenceOf(apart);
    const signal = columnStructure(copy);
    expect(signal.measure).toBeCloseTo(1 / 3);
    // A copy drifts labels off their rows: a third is within what copies do.
    expect(signal.penalty).toBeLessThan(0.5);
    // Rows a reader delimited put every label beside its first action: a third is fatal.
    const exact = columnStructure({ ...copy, placement: "exact" });
    expect(exact.penalty).toBe(1);
    expect(exact.message).toContain("righe lette dalla geometria o dal markup");
    expect(columnStructure({ ...(await evidenceOf(CLEAN)), placement: "exact" }).penalty).toBe(0);
  });

  it("column-structure: a label printed twice is judged by the printing beside its actions", async () => {
    const twice = [
      ...CLEAN.slice(0, 5),
      row("", "", "", "A1.1.2 Archiviazione corrente", ""),
      row("", "", "", "A1.1.2 Archiviazione corrente", "Fascicolazione delle pratiche"),
      ...CLEAN.slice(6),
    ];
    const evidence = await evidenceOf(twice);
    expect(columnStructure({ ...evidence, placement: "exact" }).measure).toBe(0);
  });
});

describe("the verdict", () => {
  it("calls a copy in reading order unreliable, the heaviest signal first", async () => {
    const readingOrder = cellsInReadingOrder(CLEAN.join("\n")).trim().split("\n");
    const reading = judgeReading(await evidenceOf(readingOrder));
    expect(reading.verdict).toBe("unreliable");
    expect(reading.score).toBeLessThan(RELIABLE_SCORE);
    expect(reading.reasons[0]?.rule).toBeTruthy();
  });
});

describe("rule process-table-presence", () => {
  it("finds the table of a clean copy", async () => {
    expect(missingProcessTable(await evidenceOf(CLEAN))).toBeNull();
  });
  it("refuses a lone label", async () => {
    expect(missingProcessTable(await evidenceOf(["A1\tFunzione"]))).toBe(
      "solo 1 etichetta con codice, meno di un macro-processo, un processo e un sotto-processo",
    );
  });
  it("refuses codes that never nest", async () => {
    const lines = [row("A1 Introduzione", "Testo"), row("B2 Metodo", "Testo"), row("C3 Risultati", "Testo")];
    expect(missingProcessTable(await evidenceOf(lines))).toMatch(/non si annidano mai/);
  });
  it("refuses nested labels with no action under them", async () => {
    const lines = [row("", "A1: GESTIONE", "A1.1 PROTOCOLLO", "A1.1.1 Protocollazione")];
    expect(missingProcessTable(await evidenceOf(lines))).toBe("nessuna azione sotto le etichette");
  });
});
