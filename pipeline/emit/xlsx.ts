import ExcelJS from "exceljs";
import JSZip from "jszip";
import { kindLabel, SEVERITY_LABELS } from "../messages/labels.js";
import type { Discrepancy } from "../schema/discrepancy.js";
import type { Action, FunctionNode, Hierarchy } from "../schema/hierarchy.js";

/**
 * actions.xlsx: the actions for the people who open them in a spreadsheet, Italian headers, one level
 * a column, confidence a real number (Excel shows it with the reader's own decimal separator, which
 * actions.csv cannot promise). A cell is stored as text, never as a formula, whatever it begins with.
 */

type Category = FunctionNode["category"];
const CATEGORY_LABELS: Readonly<Record<NonNullable<Category>, string>> = {
  support: "supporto",
  primary: "primario",
};

/** Codes are short; names and messages wrap; the action's own text gets the widest column. */
const CODE_WIDTH = 12;
const NAME_WIDTH = 36;
const TEXT_WIDTH = 80;
const NUMBER_WIDTH = 12;

interface Column {
  readonly header: string;
  readonly width: number;
  readonly wrap?: boolean;
  readonly numFmt?: string;
}

/** The Azioni sheet's columns, in the order of actions.csv's. */
const ACTION_COLUMNS: readonly Column[] = [
  { header: "Funzione", width: CODE_WIDTH },
  { header: "Nome funzione", width: NAME_WIDTH, wrap: true },
  { header: "Categoria", width: CODE_WIDTH },
  { header: "Macro-processo", width: CODE_WIDTH },
  { header: "Nome macro-processo", width: NAME_WIDTH, wrap: true },
  { header: "Processo", width: CODE_WIDTH },
  { header: "Nome processo", width: NAME_WIDTH, wrap: true },
  { header: "Sotto-processo", width: CODE_WIDTH },
  { header: "Nome sotto-processo", width: NAME_WIDTH, wrap: true },
  { header: "Identificativo", width: CODE_WIDTH },
  { header: "Codice azione", width: CODE_WIDTH },
  { header: "Azione", width: TEXT_WIDTH, wrap: true },
  // Three decimals: the confidences the resolver gives differ in the second and third.
  { header: "Affidabilità", width: NUMBER_WIDTH, numFmt: "0.000" },
  { header: "Pagina", width: NUMBER_WIDTH },
  { header: "Riga", width: NUMBER_WIDTH },
  { header: "Foglio", width: CODE_WIDTH },
  { header: "Cella", width: CODE_WIDTH },
  { header: "Tabella", width: NUMBER_WIDTH },
  { header: "Riga della tabella", width: NUMBER_WIDTH },
];

const FINDING_COLUMNS: readonly Column[] = [
  { header: "Gravità", width: CODE_WIDTH },
  { header: "Tipo", width: NAME_WIDTH / 2 },
  { header: "Codice", width: CODE_WIDTH },
  { header: "Messaggio", width: TEXT_WIDTH, wrap: true },
];

type Cell = string | number | null;

function actionRow(f: FunctionNode, levels: readonly Cell[], a: Action): Cell[] {
  const { page, line, sheet = null, cell = null, table = null, row = null } = a.source;
  return [
    f.code,
    f.name,
    f.category ? CATEGORY_LABELS[f.category] : null,
    ...levels,
    a.id,
    a.code,
    a.text,
    a.confidence,
    page,
    line,
    sheet,
    cell,
    table,
    row,
  ];
}

function* actionRows(h: Hierarchy): Generator<Cell[]> {
  for (const f of h.functions)
    for (const m of f.macroProcesses)
      for (const p of m.processes)
        for (const s of p.subProcesses) {
          const levels = [m.code, m.name, p.code, p.name, s.code, s.name];
          for (const a of s.actions) yield actionRow(f, levels, a);
        }
}

/** A sheet with a bold, frozen header row that filters, and the columns' widths and formats. */
function addSheet(
  workbook: ExcelJS.Workbook,
  name: string,
  columns: readonly Column[],
  rows: Iterable<Cell[]>,
): void {
  const sheet = workbook.addWorksheet(name, { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = columns.map(({ header, width, wrap, numFmt }) => ({
    header,
    width,
    style: {
      alignment: { vertical: "top", wrapText: wrap ?? false },
      ...(numFmt ? { numFmt } : {}),
    },
  }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) sheet.addRow(row);
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: sheet.rowCount, column: columns.length } };
}

/**
 * What the workbook and its zip entries say of when they were made: a fixed instant (the zip format's
 * earliest, 1980-01-01), so that the same reading gives the same bytes, as every other output does;
 * the time of the run would make each re-ingestion of an unchanged document look changed.
 */
const FIXED_TIME = new Date(Date.UTC(1980, 0, 1));

/** The workbook's bytes: the actions in source order, then the findings. */
export async function actionsXlsx(h: Hierarchy, discrepancies: readonly Discrepancy[]): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.created = FIXED_TIME;
  workbook.modified = FIXED_TIME;
  addSheet(workbook, "Azioni", ACTION_COLUMNS, actionRows(h));
  addSheet(
    workbook,
    "Segnalazioni",
    FINDING_COLUMNS,
    discrepancies.map((d) => [SEVERITY_LABELS[d.severity], kindLabel(d.kind), d.code, d.message]),
  );
  return withFixedTimes(new Uint8Array(await workbook.xlsx.writeBuffer()));
}

/** exceljs stamps each zip entry with the time it wrote it, and has no option to say otherwise. */
async function withFixedTimes(bytes: Uint8Array): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(bytes);
  const stamped = new JSZip();
  for (const entry of Object.values(zip.files)) {
    if (!entry.dir)
      stamped.file(entry.name, await entry.async("uint8array"), { date: FIXED_TIME, createFolders: false });
  }
  return stamped.generateAsync({ type: "uint8array", compression: "DEFLATE" });
}
