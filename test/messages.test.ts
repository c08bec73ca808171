import { readFileSync } from "node:fs";
import type { Heading, Paragraph, Root, Table } from "mdast";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import { unified } from "unified";
import { visit } from "unist-util-visit";
import { describe, expect, it } from "vitest";
import { ingestBytes } from "../pipeline/ingest.js";
import { FINDINGS } from "../pipeline/messages/findings.js";
import { count, formatDate, formatDateTime, formatPercent } from "../pipeline/messages/format.js";
import { isCatalogueSentence } from "../pipeline/messages/index.js";
import {
  KIND_LABELS,
  levelCount,
  REPORT,
  SEVERITY_LABELS,
  severityCount,
} from "../pipeline/messages/labels.js";
import { describePlace, excerpt } from "../pipeline/messages/location.js";
import { METADATA } from "../pipeline/messages/metadata.js";
import { REASONS } from "../pipeline/messages/reasons.js";
import { resolve } from "../pipeline/resolve/index.js";
import { placeActions } from "../pipeline/resolve/place.js";
import { signalsOf } from "../pipeline/resolve/verdict/index.js";
import type { Discrepancy } from "../pipeline/schema/discrepancy.js";
import { cellsInReadingOrder } from "./support/degraded-copy.js";
import { BAND_A, row, textGrid } from "./support/text-copy.js";

/** The Italian catalogue: its sentences, its plurals and dates, and that the outputs speak only through it. */

describe("isCatalogueSentence", () => {
  it("knows a filled template, and a template whose reasons are the catalogue's too", () => {
    expect(isCatalogueSentence(FINDINGS.emptySubprocess({ code: "A1.1.1", name: "Protocollo" }))).toBe(true);
    const reasons = [
      REASONS.beginsActions({ word: "gestione" }),
      REASONS.writtenLowerCase({ word: "iniziative" }),
      REASONS.continued,
    ];
    const why = REASONS.cellSplit({ reasons: reasons.join("; ") });
    expect(isCatalogueSentence(FINDINGS.splitCell({ actions: "3 azioni", where: "riga 4", why }))).toBe(true);
  });

  it("refuses English, and a template whose reason slot holds English", () => {
    expect(isCatalogueSentence("function A declares 43 actions; parsed 42")).toBe(false);
    expect(isCatalogueSentence('"Gestione" placed under A1.2.1, not A2.1.1 where its row falls')).toBe(false);
    const english = FINDINGS.splitCell({
      actions: "2 azioni",
      where: "riga 4",
      why: 'cell split: "gestione" begins other actions of this document',
    });
    expect(isCatalogueSentence(english)).toBe(false);
    // The JSON's codes are no words for people.
    for (const code of ["macroProcesses", "text", "warning", "count_mismatch", "reliable"])
      expect(isCatalogueSentence(code), code).toBe(false);
  });

  it("refuses a layout template's bare punctuation: `{role}: {name}` says nothing of its own", () => {
    expect(METADATA.signatory({ role: "Il Segretario", name: "Mario Rossi" })).toBe(
      "Il Segretario: Mario Rossi",
    );
    expect(isCatalogueSentence("Shares: gestion, sistem")).toBe(false);
  });
});

describe("Italian plurals and numbers", () => {
  it("puts the singular after one alone", () => {
    expect([0, 1, 2, 21].map((n) => count(n, "errore", "errori"))).toEqual([
      "0 errori",
      "1 errore",
      "2 errori",
      "21 errori",
    ]);
    expect(severityCount("warning", 1)).toBe("1 avviso");
    expect(severityCount("info", 2)).toBe("2 note");
    expect(levelCount("processes", 1)).toBe("1 processo");
    // Italian groups thousands from five digits on (CLDR: minimum grouping digits 2).
    expect(levelCount("actions", 1234)).toBe("1234 azioni");
    expect(levelCount("actions", 12345)).toBe("12.345 azioni");
  });

  it("writes shares with a decimal comma", () => {
    expect(formatPercent(0.123)).toBe("12,3%");
    expect(formatPercent(0.007)).toBe("0,7%");
  });
});

describe("dates in Italian form and Rome time", () => {
  it("gives an instant in CET in winter and CEST in summer", () => {
    expect(formatDateTime("2024-03-01T10:20:30Z")).toBe("1 marzo 2024 alle ore 11:20:30 CET");
    expect(formatDateTime("2024-07-01T10:20:30Z")).toBe("1 luglio 2024 alle ore 12:20:30 CEST");
  });
  it("moves to the next day when Rome has already reached it", () => {
    expect(formatDateTime("2024-06-30T22:30:00Z")).toBe("1 luglio 2024 alle ore 00:30:00 CEST");
  });
  it("gives null for no time or an unreadable one", () => {
    expect(formatDateTime(null)).toBeNull();
    expect(formatDateTime("not a date")).toBeNull();
  });
  it("keeps a calendar date on its day, whatever the zone", () => {
    expect(formatDate("2024-12-31")).toBe("31 dicembre 2024");
    expect(formatDate("31/12/2024")).toBe("31/12/2024");
  });
});

describe("locations a person can follow", () => {
  it("names a PDF place by page, column heading and row, never by coordinates", () => {
    const source = {
      page: 3,
      line: null,
      bbox: [316.3, 433.3, 469.5, 469.8] as [number, number, number, number],
    };
    expect(describePlace({ source, column: "AZIONI", row: 12 })).toBe(
      "pagina 3, colonna AZIONI, riga 12 della tabella",
    );
  });
  it("gives a text copy's line with its own text", () => {
    const source = { page: null, line: 26, bbox: null };
    expect(describePlace({ source, lineText: "A2.1.1 Supporto | Gestione sistemi" })).toBe(
      "riga 26: «A2.1.1 Supporto | Gestione sistemi»",
    );
  });
  it("names a workbook's sheet and cell, a Word table's row", () => {
    expect(
      describePlace({ source: { page: null, line: null, bbox: null, sheet: "Foglio A", cell: "D14" } }),
    ).toBe("foglio «Foglio A», cella D14");
    expect(describePlace({ source: { page: null, line: null, bbox: null, table: 2, row: 5 } })).toBe(
      "tabella 2, riga 5 della tabella",
    );
  });
  it("quotes a long line around the words it is about, cut between words", () => {
    const line = `${"parola ".repeat(40)}Gestione sistemi qualità ${"altro ".repeat(40)}`.trim();
    const shown = excerpt(line, "Gestione sistemi qualità");
    expect(shown).toContain("Gestione sistemi qualità");
    expect(shown).toMatch(/^…parola .* altro…$/);
    expect(shown.length).toBeLessThanOrEqual(162);
  });
});

describe("a finding's place, as the resolver words it", () => {
  it("in a text copy: the line and the line's own text, its cells apart", async () => {
    const { discrepancies } = resolve(
      await textGrid([
        row("", "LIV 1", "LIV 2", "LIV 3", "LIV 4"),
        row(BAND_A, "A1: GESTIONE", "A1.1 PROTOCOLLO", "A1.1.2 Archivio", "Archiviazione pratiche"),
        row("", "", "", "A1.1.1 Protocollazione", "Registrazione posta"),
      ]),
    );
    const late = discrepancies.find((d) => d.kind === "code_out_of_order");
    expect(late?.message).toBe(
      "A1.1.1 è stampato dopo A1.1.2 (riga 3: «A1.1.1 Protocollazione | Registrazione posta»): riportato nell'ordine dei codici",
    );
  });

  it("in a PDF: the page, the column by its printed heading, the row of the table", async () => {
    const file = "fixtures/articolazione-processi.pdf";
    const { discrepancies } = await ingestBytes(new Uint8Array(readFileSync(file)), file);
    const placed = discrepancies.filter(
      (d) => d.kind === "code_out_of_order" || d.kind === "duplicate_action",
    );
    expect(placed.length).toBeGreaterThan(0);
    for (const d of placed)
      expect(d.message).toMatch(/\(pagina \d+, colonna [^,]+, riga \d+ della tabella\)/);
  });
});

/** Every text node of report.md, with the kind of node it sits in. */
function markdownTexts(markdown: string) {
  const tree = unified().use(remarkParse).use(remarkGfm).parse(markdown) as Root;
  const headings: string[] = [];
  const paragraphs: string[] = [];
  const tables: string[][][] = [];
  const plain = (node: Heading | Paragraph) =>
    node.children.map((c) => ("value" in c ? c.value : "")).join("");
  visit(tree, (node) => {
    if (node.type === "heading") headings.push(plain(node));
    if (node.type === "paragraph") paragraphs.push(plain(node));
    if (node.type === "table")
      tables.push(
        (node as Table).children.map((row) =>
          row.children.map((cell) => cell.children.map((c) => ("value" in c ? c.value : "")).join("")),
        ),
      );
  });
  return { headings, paragraphs, tables };
}

/** Every `why` in a finding's evidence, however deep. */
const whys = (d: Discrepancy): string[] => (typeof d.evidence.why === "string" ? [d.evidence.why] : []);

describe.each([
  ["the seed text", "/work/shared/seed/articolazione-processi.txt"],
  ["the fixture PDF", "fixtures/articolazione-processi.pdf"],
  ["the signed fixture PDF", "fixtures/articolazione-processi.pdf.p7m"],
])("%s speaks through the catalogue", async (_, file) => {
  const out = await ingestBytes(new Uint8Array(readFileSync(file)), file);
  const markdown = out.files?.["report.md"] ?? "";

  it("in every finding's message and reason", () => {
    expect(out.discrepancies.length).toBeGreaterThan(0);
    const foreign = out.discrepancies
      .flatMap((d) => [d.message, ...whys(d)])
      .filter((s) => !isCatalogueSentence(s));
    expect(foreign).toEqual([]);
  });

  it("in the verdict's reasons", () => {
    const reasons = out.hierarchy.document.reading?.reasons ?? [];
    expect(reasons.filter((r) => !isCatalogueSentence(r.message))).toEqual([]);
  });

  it("in report.md's headings, column names, severities, kinds and messages", () => {
    const { headings, tables } = markdownTexts(markdown);
    expect(headings.length).toBeGreaterThan(3);
    expect(headings.filter((h) => !isCatalogueSentence(h))).toEqual([]);
    for (const [header] of tables) expect((header ?? []).filter((c) => !isCatalogueSentence(c))).toEqual([]);
    const findings = tables.find(([header]) => header?.[0] === REPORT.severity) ?? [];
    expect(findings.length).toBe(out.discrepancies.length + 1);
    for (const [severity, kind, , message] of findings.slice(1)) {
      expect(Object.values(SEVERITY_LABELS)).toContain(severity);
      expect(Object.values(KIND_LABELS)).toContain(kind);
      expect(isCatalogueSentence(message ?? ""), message).toBe(true);
    }
    expect(markdown).not.toMatch(/macroProcesses|subProcesses|Formato (text|pdf)\b|≠ diverso|Confidenza/);
    expect(markdown).toMatch(/\b1 errore\b/);
  });
});

describe("the verdict's signals, on a sound reading and on one in reading order", () => {
  it("give every message from the catalogue, those of no penalty too", async () => {
    const lines = readFileSync("/work/shared/seed/articolazione-processi.txt", "utf8").split("\n");
    const readingOrder = cellsInReadingOrder(lines.join("\n")).split("\n");
    for (const copy of [lines, readingOrder]) {
      const grid = await textGrid(copy);
      const r = resolve(grid);
      const signals = signalsOf({
        ...r,
        placements: placeActions(r.items, grid.placement).placements,
        placement: grid.placement,
      });
      expect(signals.filter((s) => !isCatalogueSentence(s.message)).map((s) => s.message)).toEqual([]);
    }
  });
});
