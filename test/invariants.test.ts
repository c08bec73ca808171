import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readText } from "../pipeline/extract/text.js";
import { REASONS } from "../pipeline/messages/reasons.js";
import { parentCode } from "../pipeline/resolve/codes.js";
import { type Resolution, resolve } from "../pipeline/resolve/index.js";
import type { Grid } from "../pipeline/schema/grid.js";
import type { Action, FunctionNode } from "../pipeline/schema/hierarchy.js";
import type { Item, ItemOf } from "../pipeline/schema/rows.js";
import type { SourceRef } from "../pipeline/schema/source.js";

/**
 * "Nothing is dropped silently."
 *
 * 1. Every non-blank paragraph of the grid is accounted for by the resolver's items: read column by
 *    column, the texts of the items there (a label's whole cell, a coded action with its code, the
 *    pieces cut from one paragraph, the continuation lines joined to the item above) spell exactly
 *    the paragraphs of that column, in order. Whitespace and hyphens are ignored (a line broken with a
 *    hyphen is re-joined), nothing else is: a rule that lost a word, or a bracket, fails here.
 * 2. Every `action` item ends in the hierarchy, under the sub-process its code or label cell fixes,
 *    or is reported: merged as a `duplicate_action`, or as `unplaced_text`. And the hierarchy holds no
 *    action that no item accounts for.
 */

const ROW_LEVEL = new Set<Item["kind"]>(["title", "category", "header", "footer", "signature", "totals"]);
/** Punctuation the code grammar allows between a code and its name (`A1:`, `A1.2.`, `A3.1.3 .Nome`). */
const CODE_NOISE = /^[.:;,\-–)]*/;

function key(text: string): string {
  return text.normalize("NFC").replace(/[\s\u00ad\-–]/g, "");
}

interface Paragraph {
  row: number;
  col: number;
  text: string;
}

function paragraphsOf(grid: Grid): Paragraph[] {
  return grid.rows.flatMap((row, r) =>
    row.cells.flatMap((cell) =>
      cell.paragraphs.filter((text) => text.trim() !== "").map((text) => ({ row: r, col: cell.col, text })),
    ),
  );
}

/** Consumes `code`, the noise after it, then `rest` from `stream` at `at`; the new position, or null. */
function matchCoded(stream: string, at: number, code: string, rest: string): number | null {
  if (!stream.startsWith(key(code), at)) return null;
  let pos = at + key(code).length;
  pos += CODE_NOISE.exec(stream.slice(pos))?.[0].length ?? 0;
  return stream.startsWith(key(rest), pos) ? pos + key(rest).length : null;
}

/** Part 1: paragraphs → items. Returns what does not add up, empty when everything does. */
function unaccountedText(grid: Grid, items: readonly Item[]): string[] {
  const problems: string[] = [];
  const paragraphs = paragraphsOf(grid);
  const rowLevelRows = new Set(items.filter((i) => ROW_LEVEL.has(i.kind)).map((i) => i.row));

  // Rows the row rules claimed: each paragraph by an item of its own, or the whole row by a totals row.
  for (const r of rowLevelRows) {
    const here = paragraphs.filter((p) => p.row === r);
    const claimed = items.filter((i) => i.row === r);
    const totals = claimed.find((i) => i.kind === "totals");
    if (totals) {
      if (key(totals.text) !== key(here.map((p) => p.text).join(" ")) || claimed.length !== 1) {
        problems.push(`row ${r}: totals item "${totals.text}" does not match its row`);
      }
      continue;
    }
    const texts = claimed.map((i) => key(i.text));
    const expected = here.map((p) => key(p.text));
    if (JSON.stringify(texts) !== JSON.stringify(expected) || claimed.some((i) => !ROW_LEVEL.has(i.kind))) {
      problems.push(
        `row ${r}: items [${claimed.map((i) => `${i.kind}:${i.text}`).join(" | ")}] ≠ paragraphs`,
      );
    }
  }

  // The table body, column by column.
  const body = items.filter((i) => !ROW_LEVEL.has(i.kind));
  const cols = [...new Set(paragraphs.filter((p) => !rowLevelRows.has(p.row)).map((p) => p.col))];
  for (const i of body) if (!cols.includes(i.col)) cols.push(i.col);
  for (const col of cols) {
    const stream = paragraphs
      .filter((p) => p.col === col && !rowLevelRows.has(p.row))
      .map((p) => key(p.text))
      .join("");
    let at = 0;
    for (const item of body.filter((i) => i.col === col)) {
      if (item.kind === "action" && item.anchor !== null) continue; // checked with its label below
      const next =
        item.kind === "action" && item.code !== null
          ? matchCoded(stream, at, item.code, item.text)
          : stream.startsWith(key(item.text), at)
            ? at + key(item.text).length
            : null;
      if (next === null) {
        problems.push(
          `col ${col}: ${item.kind} "${item.text}" (row ${item.row}) is not the next text of its column`,
        );
        return problems;
      }
      at = next;
    }
    if (at !== stream.length) problems.push(`col ${col}: text no item accounts for: "${stream.slice(at)}"`);
  }

  // A label cell that carried actions: the code, the label's name and the carried pieces spell the cell.
  for (const label of items.filter((i): i is ItemOf<"label"> => i.kind === "label")) {
    const carried = items.filter(
      (i): i is ItemOf<"action"> =>
        i.kind === "action" && i.anchor === label.code && i.row === label.row && i.col === label.col,
    );
    const cell = key(label.text);
    const end = matchCoded(cell, 0, label.code, label.name + carried.map((c) => c.text).join(""));
    if (end !== cell.length) {
      problems.push(
        `label ${label.code}: name "${label.name}" + carried [${carried.map((c) => c.text).join(" | ")}] ≠ "${label.text}"`,
      );
    }
  }
  for (const a of items) {
    if (
      a.kind === "action" &&
      a.anchor !== null &&
      !items.some((l) => l.kind === "label" && l.code === a.anchor && l.row === a.row)
    ) {
      problems.push(`action "${a.text}" claims to be carried by ${a.anchor}, which has no label on its row`);
    }
  }
  return problems;
}

interface Placed {
  readonly subProcess: string;
  readonly action: Action;
}

function placedActions(functions: readonly FunctionNode[]): Placed[] {
  return functions.flatMap((f) =>
    f.macroProcesses.flatMap((m) =>
      m.processes.flatMap((p) =>
        p.subProcesses.flatMap((s) => s.actions.map((action) => ({ subProcess: s.code, action }))),
      ),
    ),
  );
}

const sameSource = (a: unknown, b: SourceRef) => JSON.stringify(a) === JSON.stringify(b);

/** Part 2: action items → hierarchy or report. Returns what is missing, empty when nothing is. */
function unaccountedActions(resolution: Resolution): string[] {
  const problems: string[] = [];
  const remaining = placedActions(resolution.functions);
  const duplicates = resolution.discrepancies.filter((d) => d.kind === "duplicate_action");
  const unplaced = resolution.discrepancies.filter((d) => d.kind === "unplaced_text");
  for (const item of resolution.items) {
    if (item.kind === "unplaced") {
      if (
        !unplaced.some((d) => d.evidence.text === item.text && sameSource(d.evidence.source, item.source))
      ) {
        problems.push(`unplaced item "${item.text}" has no unplaced_text finding`);
      }
      continue;
    }
    if (item.kind !== "action") continue;
    const expectedParent = item.code ? parentCode(item.code) : item.anchor;
    const k = remaining.findIndex(
      (p) =>
        p.action.text === item.text &&
        p.action.code === item.code &&
        sameSource(p.action.source, item.source) &&
        (expectedParent === null || p.subProcess === expectedParent),
    );
    if (k >= 0) {
      remaining.splice(k, 1);
      continue;
    }
    const merged = duplicates.findIndex(
      (d) => d.evidence.text === item.text && sameSource(d.evidence.dropped, item.source),
    );
    if (merged >= 0) {
      duplicates.splice(merged, 1);
      continue;
    }
    const reported = unplaced.findIndex(
      (d) => d.evidence.text === item.text && sameSource(d.evidence.source, item.source),
    );
    if (reported >= 0) {
      unplaced.splice(reported, 1);
      continue;
    }
    problems.push(
      `action "${item.text}" (row ${item.row}, col ${item.col}) is neither in the hierarchy nor reported`,
    );
  }
  for (const p of remaining)
    problems.push(`hierarchy action "${p.action.text}" under ${p.subProcess} comes from no item`);
  // Every label's code is a node of the tree.
  const nodes = new Set<string>();
  for (const f of resolution.functions) {
    nodes.add(f.code);
    for (const m of f.macroProcesses) {
      nodes.add(m.code);
      for (const p of m.processes) {
        nodes.add(p.code);
        for (const s of p.subProcesses) nodes.add(s.code);
      }
    }
  }
  for (const i of resolution.items) {
    if (i.kind === "label" && !nodes.has(i.code))
      problems.push(`label ${i.code} "${i.name}" is not in the hierarchy`);
  }
  return problems;
}

async function gridOf(lines: readonly string[]): Promise<Grid> {
  return readText(new TextEncoder().encode(lines.join("\n")));
}

const row = (...cells: string[]) => cells.join("\t");

/** A small damaged copy: wrapped and hyphenated lines, run-together cells, markup, echoes, duplicates. */
const DAMAGED = [
  "Allegato A - Mappa dei processi",
  "",
  "Processi di supporto",
  row("", "LIV 1", "LIV 2", "LIV 3", "LIV 4"),
  row("", "MACRO-PROCESSI", "PROCESSI", "SOTTO-PROCESSI", "AZIONI"),
  row(
    "PROCESSI FUNZIONE ISTITUZIONALE B Servizi di",
    "B1: RISORSE FINANZIARIE E",
    "B1.1 CONTABILITA",
    "B1.1.1 Tenuta della contabilità generale",
    "Registrazione delle fatture passive",
  ),
  row(
    "",
    "PATRIMONIALI",
    "",
    "e analitica",
    "Emissione mandati di pagamento Riconciliazione dei conti bancari",
  ),
  row("", "", "", "", "Chiusura dell'esercizio (Scritture di assestamento)"),
  row("", "", "", "B1.1.2 Inventario dei beni Inventario dei beni mobili", ""),
  row("", "", "", "", "Ricognizione periodica dei beni presso le sedi distac-"),
  row("", "", "", "", "cate"),
  row(
    "",
    "",
    "B1.2 CASSA B1.2.1 Economato",
    "",
    "<p>Anticipazioni di cassa</p><p>Rendiconto dell'economo</p>",
  ),
  row(
    "",
    "",
    "",
    "B1.2.2 Tesoreria B1.2.3 Riscossioni coattive",
    "B1.2.2.1 Rapporti con l'istituto tesoriere",
  ),
  row("", "", "", "", "Iscrizione a ruolo dei crediti non riscossi"),
  row("", "", "", "", "Iscrizione a ruolo dei crediti non riscossi"),
  row("", "", "1", "2", "5", "11"),
  "Pagina 1 di 2",
  "Processi primari",
  row("Tema (Macro Processi)", "Funzione (Processi)", "Servizio/Ambito (Sotto Processi)", "Azioni"),
  row(
    "PROCESSI FUNZIONE ISTITUZIONALE D Studio",
    "D1: SVILUPPO ECONOMICO",
    "D1.1 INTERNAZIONALIZZAZIONE",
    "D1.1.1 Missioni all'estero",
    "Organizzazione di missioni commerciali",
  ),
  row(
    "",
    "",
    "",
    "",
    "Selezione delle imprese partecipanti; Verifica dei requisiti; Pubblicazione graduatorie",
  ),
  row("", "", "", "D1.1.2 Sportello export", "Assistenza alle imprese esportatrici"),
  row("", "", "", "", "D1.1.1.4 Rendicontazione delle missioni"),
  "Pagina 2 di 2",
  "IL SEGRETARIO GENERALE",
  "Lucia Ferri",
  "Documento firmato digitalmente",
];

/** Actions with no sub-process to go to: reported as unplaced text, not dropped. */
const NO_SUB_PROCESS = [
  row(
    "PROCESSI FUNZIONE ISTITUZIONALE A Organi istituzionali",
    "A1: ORGANI",
    "A1.1 GIUNTA",
    "",
    "Convocazione delle riunioni",
  ),
  row("", "", "", "", "Redazione dei processi verbali"),
];

const EXACT: Grid = {
  format: "html",
  pages: null,
  placement: "exact",
  warnings: [],
  rows: [
    [
      "PROCESSI FUNZIONE ISTITUZIONALE C Anagrafe",
      "C1: REGISTRI",
      "C1.1 ALBI",
      "C1.1.1 Albo cooperative",
      ["Iscrizione cooperative", "Revisione cooperative"],
    ],
    ["", "", "", "C1.1.2 Ruolo periti Ruolo periti ed esperti", "Prova di abilitazione"],
    ["", "", "", "", "C1.1.2.3 Cancellazione dal ruolo dei periti"],
  ].map((cells, r) => ({
    page: null,
    cells: cells.flatMap((content, col) =>
      content.length === 0
        ? []
        : [
            {
              col,
              rowSpan: 1,
              colSpan: 1,
              paragraphs: typeof content === "string" ? [content] : content,
              source: { page: null, line: r * 10 + col + 1, bbox: null },
            },
          ],
    ),
  })),
};

describe("nothing is dropped silently", () => {
  const cases: [string, () => Promise<Grid>][] = [
    [
      "the seed annex (text copy)",
      async () => readText(new Uint8Array(readFileSync("fixtures/articolazione-processi.txt"))),
    ],
    ["a small damaged text copy", () => gridOf(DAMAGED)],
    ["a text copy with no sub-process labels", () => gridOf(NO_SUB_PROCESS)],
    ["an exact grid", async () => EXACT],
  ];

  for (const [name, load] of cases) {
    // Resolved once per document: the seed takes about a second.
    let resolved: Promise<{ grid: Grid; resolution: Resolution }> | undefined;
    const resolvedOnce = () => {
      resolved ??= load().then((grid) => ({ grid, resolution: resolve(grid) }));
      return resolved;
    };

    it(`${name}: every paragraph is accounted for by the items`, async () => {
      const { grid, resolution } = await resolvedOnce();
      expect(paragraphsOf(grid).length).toBeGreaterThan(0);
      expect(unaccountedText(grid, resolution.items)).toEqual([]);
    });

    it(`${name}: every action ends in the hierarchy or in a finding`, async () => {
      const { resolution } = await resolvedOnce();
      expect(resolution.items.some((i) => i.kind === "action")).toBe(true);
      expect(unaccountedActions(resolution)).toEqual([]);
    });
  }

  it("the damaged copy exercises the rules the check has to see through", async () => {
    const { items, discrepancies } = resolve(await gridOf(DAMAGED));
    const rules = new Set(items.map((i) => i.rule));
    for (const rule of [
      "run-together-actions",
      "label-echo",
      "coded-action",
      "function-band",
      "totals-row",
      "header-row",
    ]) {
      expect(rules).toContain(rule);
    }
    expect(items.some((i) => i.why.includes(REASONS.continued))).toBe(true);
    expect(discrepancies.some((d) => d.kind === "duplicate_action")).toBe(true);
    const unplaced = resolve(await gridOf(NO_SUB_PROCESS)).discrepancies.filter(
      (d) => d.kind === "unplaced_text",
    );
    expect(unplaced).toHaveLength(2);
  });
});

describe("the check itself fails when text is dropped", () => {
  it("notices an item removed", async () => {
    const grid = await gridOf(DAMAGED);
    const { items } = resolve(grid);
    const k = items.findIndex((i) => i.kind === "action" && i.text === "Rendiconto dell'economo");
    expect(k).toBeGreaterThan(0);
    expect(
      unaccountedText(
        grid,
        items.filter((_, j) => j !== k),
      ),
    ).not.toEqual([]);
  });

  it("notices a word lost from a continuation", async () => {
    const grid = await gridOf(DAMAGED);
    const items = resolve(grid).items.map((i) =>
      i.kind === "label" && i.code === "B1.1.1" ? { ...i, text: i.text.replace(" e analitica", "") } : i,
    );
    expect(unaccountedText(grid, items)).not.toEqual([]);
  });

  it("notices a piece lost from a split cell", async () => {
    const grid = await gridOf(DAMAGED);
    const items = resolve(grid).items.filter((i) => i.text !== "Riconciliazione dei conti bancari");
    expect(unaccountedText(grid, items)).not.toEqual([]);
  });

  it("notices a bracket lost from an action", async () => {
    const grid = await gridOf(DAMAGED);
    const items = resolve(grid).items.map((i) =>
      i.kind === "action"
        ? { ...i, text: i.text.replace("(Scritture di assestamento)", "Scritture di assestamento") }
        : i,
    );
    expect(unaccountedText(grid, items)).not.toEqual([]);
  });

  it("notices a carried action lost from a label cell", async () => {
    const grid = await gridOf(DAMAGED);
    const items = resolve(grid).items.filter((i) => !(i.kind === "action" && i.anchor === "B1.1.2"));
    expect(unaccountedText(grid, items)).not.toEqual([]);
  });

  it("notices an action missing from the hierarchy and not reported", async () => {
    const resolution = resolve(await gridOf(DAMAGED));
    const functions = structuredClone(resolution.functions);
    const sub = functions[0]?.macroProcesses[0]?.processes[0]?.subProcesses[0];
    expect(sub?.actions.length).toBeGreaterThan(0);
    sub?.actions.pop();
    expect(unaccountedActions({ ...resolution, functions })).not.toEqual([]);
  });

  it("notices an unplaced action whose finding is missing", async () => {
    const resolution = resolve(await gridOf(NO_SUB_PROCESS));
    const discrepancies = resolution.discrepancies.filter((d) => d.kind !== "unplaced_text");
    expect(unaccountedActions({ ...resolution, discrepancies })).not.toEqual([]);
  });

  it("notices a duplicate dropped without a finding", async () => {
    const resolution = resolve(await gridOf(DAMAGED));
    const discrepancies = resolution.discrepancies.filter((d) => d.kind !== "duplicate_action");
    expect(unaccountedActions({ ...resolution, discrepancies })).not.toEqual([]);
  });
});

describe("a page break inside a copied cell", () => {
  // Found by the mutated-copies property (fast-check seed 663650969, path "9"): the reader deleted the
  // form feed, joining the word pieces on either side into a word the input never held.
  it("separates the words on either side instead of joining them", async () => {
    const grid = await readText(
      new TextEncoder().encode("\tA1.1 REGISTRO AMMINI\fSTRATIVO\tA1.1.1 Tenuta\n"),
    );
    const texts = grid.rows.flatMap((row) => row.cells.flatMap((cell) => cell.paragraphs));
    expect(texts).toContain("A1.1 REGISTRO AMMINI STRATIVO");
    expect(grid.rows[0]?.page).toBe(2);
  });
});
