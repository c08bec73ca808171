import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import ExcelJS from "exceljs";
import { afterAll, describe, expect, it, vi } from "vitest";
import { actionsCsv } from "../pipeline/emit/csv.js";
import { renderReportMarkdown } from "../pipeline/emit/markdown.js";
import { actionsXlsx } from "../pipeline/emit/xlsx.js";
import type { Discrepancy } from "../pipeline/schema/discrepancy.js";
import type { Action, Hierarchy } from "../pipeline/schema/hierarchy.js";
import { CLI_TIMEOUT_MS, cli, expectCompleteFolder, ROOT } from "./support/cli.js";
import { withActionTexts } from "./support/edit-hierarchy.js";
import { sampleHierarchy } from "./support/random-hierarchy.js";

/**
 * The files a person opens in a spreadsheet or reads as Markdown: actions.xlsx read back with the
 * library that wrote it, actions.csv parsed with a CSV reader, report.md's emphasis.
 */

const ACCENTED = ["Attività di verifica è già conclusa", "Più controlli sull'integrità", "Virtù ù À È"];
const drawn = withActionTexts(sampleHierarchy(7), ACCENTED);

const actionsOf = (h: Hierarchy): Action[] =>
  h.functions.flatMap((f) =>
    f.macroProcesses.flatMap((m) => m.processes.flatMap((p) => p.subProcesses.flatMap((s) => s.actions))),
  );

const FINDING: Discrepancy = {
  kind: "count_mismatch",
  severity: "error",
  code: "A1",
  message: "Già così: più azioni",
  evidence: {},
};

async function readWorkbook(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  // exceljs types its input as an ArrayBuffer and hands it to jszip, which takes one.
  await workbook.xlsx.load(bytes.slice().buffer);
  return workbook;
}

/** A sheet's rows below the header, as plain values (exceljs's rows are 1-based, with a hole at 0). */
function bodyRows(sheet: ExcelJS.Worksheet): ExcelJS.CellValue[][] {
  const rows: ExcelJS.CellValue[][] = [];
  sheet.eachRow((row, number) => {
    if (number > 1) rows.push((row.values as ExcelJS.CellValue[]).slice(1));
  });
  return rows;
}

const headerOf = (sheet: ExcelJS.Worksheet) => (sheet.getRow(1).values as ExcelJS.CellValue[]).slice(1);

/** Every action, in order, is a row of Azioni: its text intact, its confidence a number. */
function expectActionsSheet(workbook: ExcelJS.Workbook, h: Hierarchy): void {
  const sheet = workbook.getWorksheet("Azioni");
  if (!sheet) throw new Error("no Azioni sheet");
  const header = headerOf(sheet);
  const column = (name: string) => header.indexOf(name);
  const rows = bodyRows(sheet);
  const actions = actionsOf(h);
  expect(rows.map((row) => row[column("Azione")])).toEqual(actions.map((a) => a.text));
  expect(rows.map((row) => row[column("Identificativo")])).toEqual(actions.map((a) => a.id));
  expect(rows.map((row) => row[column("Affidabilità")])).toEqual(actions.map((a) => a.confidence));
  expect(sheet.getColumn(column("Affidabilità") + 1).numFmt).toBe("0.000");
  expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
  expect(sheet.autoFilter).toBeTruthy();
}

describe("actions.xlsx", () => {
  it("holds every action in order, accents intact, confidence a number with a format, under a frozen, filtering header", async () => {
    const workbook = await readWorkbook(await actionsXlsx(drawn, [FINDING]));
    expectActionsSheet(workbook, drawn);
    const sheet = workbook.getWorksheet("Azioni");
    if (!sheet) throw new Error("no Azioni sheet");
    expect(headerOf(sheet).slice(0, 9)).toEqual([
      "Funzione",
      "Nome funzione",
      "Categoria",
      "Macro-processo",
      "Nome macro-processo",
      "Processo",
      "Nome processo",
      "Sotto-processo",
      "Nome sotto-processo",
    ]);
    const categories = new Set(bodyRows(sheet).map((row) => row[2]));
    expect([...categories].every((c) => c === "supporto" || c === "primario")).toBe(true);
    expect(sheet.getColumn(headerOf(sheet).indexOf("Azione") + 1).alignment?.wrapText).toBe(true);
  });

  it("lists the findings in Italian in Segnalazioni", async () => {
    const workbook = await readWorkbook(await actionsXlsx(drawn, [FINDING]));
    const sheet = workbook.getWorksheet("Segnalazioni");
    if (!sheet) throw new Error("no Segnalazioni sheet");
    expect(headerOf(sheet)).toEqual(["Gravità", "Tipo", "Codice", "Messaggio"]);
    expect(bodyRows(sheet)).toEqual([
      ["errore", "Totali diversi da quelli dichiarati", "A1", "Già così: più azioni"],
    ]);
  });

  it("keeps a text that begins like a formula as text", async () => {
    const formulaLike = withActionTexts(drawn, ["=SOMMA(A1:A9)"]);
    const sheet = (await readWorkbook(await actionsXlsx(formulaLike, []))).getWorksheet("Azioni");
    const cell = sheet?.getRow(2).getCell(headerOf(sheet).indexOf("Azione") + 1);
    expect(cell?.type).toBe(ExcelJS.ValueType.String);
    expect(cell?.value).toBe("=SOMMA(A1:A9)");
  });

  it("is the same bytes for the same reading, whenever it is written (nothing stamps the time of the run)", async () => {
    const writtenAt = async (iso: string) => {
      vi.useFakeTimers({ toFake: ["Date"], now: new Date(iso) });
      try {
        return await actionsXlsx(drawn, [FINDING]);
      } finally {
        vi.useRealTimers();
      }
    };
    const monday = await writtenAt("2026-03-02T09:00:00Z");
    const friday = await writtenAt("2026-03-06T17:45:31Z");
    expect(Buffer.from(friday).equals(Buffer.from(monday))).toBe(true);
    expect((await readWorkbook(friday)).getWorksheet("Azioni")?.rowCount).toBe(actionsOf(drawn).length + 1);
  });
});

describe("actions.csv", () => {
  it("starts with a byte order mark, and parses to every action in order, accents intact", async () => {
    const csv = actionsCsv(drawn);
    expect(csv.startsWith("\uFEFFfunction_code,")).toBe(true);
    const sheet = await new ExcelJS.Workbook().csv.read(Readable.from([csv.slice(1)]));
    const texts = bodyRows(sheet).map((row) => row[11]);
    expect(texts).toEqual(actionsOf(drawn).map((a) => a.text));
  });
});

describe("report.md", () => {
  it("writes a total that differs from the declared one in bold, with no escaped asterisk", () => {
    const found = actionsOf(drawn).filter((a) => a.id.startsWith("A")).length;
    const hierarchy: Hierarchy = {
      ...drawn,
      declaredTotals: [
        { scope: "A", macroProcesses: null, processes: null, subProcesses: null, actions: found + 1 },
      ],
    };
    const report = renderReportMarkdown({ hierarchy, discrepancies: [], diff: null });
    expect(report).toMatch(new RegExp(`\\| A +\\| Azioni +\\| ${found + 1} +\\| \\*\\*${found}\\*\\* +\\|`));
    expect(report).not.toContain("\\*");
  });
});

describe("the output folder", () => {
  const work = mkdtempSync(join(tmpdir(), "spreadsheet-outputs-"));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("holds actions.xlsx with the hierarchy's actions, for the bundled annex", {
    timeout: CLI_TIMEOUT_MS,
  }, async () => {
    const run = await cli(["ingest", join(ROOT, "fixtures/articolazione-processi.txt"), "--out", work]);
    expect(run.status).toBe(0);
    const folder = join(work, "articolazione-processi");
    const hierarchy = expectCompleteFolder(folder);
    const workbook = await readWorkbook(new Uint8Array(readFileSync(join(folder, "actions.xlsx"))));
    expectActionsSheet(workbook, hierarchy);
    expect(actionsOf(hierarchy).some((a) => /[àèù]/.test(a.text))).toBe(true);
    expect(readFileSync(join(folder, "report.md"), "utf8")).not.toContain("\\*");
  });
});
