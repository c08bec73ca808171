import ExcelJS from "exceljs";
import JSZip from "jszip";
import type { DeclaredTotals, FunctionNode, Hierarchy } from "../../pipeline/schema/hierarchy.js";
import { CATEGORY_HEADINGS, DEFAULT_HEADER } from "./annex-pdf.js";

/**
 * Builds annex workbooks (with exceljs's own writer) and Word documents (WordprocessingML written
 * here, packed with jszip) from a hierarchy, laid out as the PDF generator lays out its table: a band
 * cell per function, merged label cells for LIV 1–3, the actions in the last column, header and
 * totals rows, the category headings. For reader tests; nothing here is specific to a real document.
 */

/** How actions sit in the last column: one a row, or every action of a sub-process in one cell. */
export type ActionLayout = "row-per-action" | "cell-per-sub-process";

export interface AnnexXlsxOptions {
  /** One sheet for the whole table, or one per function (each with its headings and header rows). */
  sheets: "one" | "per-function";
  actions: ActionLayout;
  /** The header's two parts in two rows, or in one row with a line break in each cell. */
  header: "two-rows" | "line-breaks";
  /**
   * Text Excel does not show: a hidden row inside every sub-process, a hidden column before the
   * actions, a hidden sheet. A reader that read it would find actions that are not there.
   */
  hiddenText: boolean;
}

export interface AnnexDocxOptions {
  /** One long table, or a table per function (the way a document set one per page looks). */
  tables: "one" | "per-function";
  /** `cell-per-sub-process` puts the actions in paragraphs, or in one paragraph cut by line breaks. */
  actions: ActionLayout | "line-breaks";
}

const TITLE = "L'articolazione dei processi delle Camere di commercio";
/** What the hidden parts of a workbook hold: text that would be taken as actions if read. */
export const HIDDEN_TEXT = "Verifica nascosta da non leggere";
const COLUMNS = 5;
const TOTALS_LABEL = "Totale";

/** A label spanning rows [first, last] of its function's block, in column `col`. */
interface Span {
  readonly col: number;
  readonly first: number;
  readonly last: number;
}

/** A function's block: its body rows with the label spans, then its totals row when it prints one. */
interface FunctionBlock {
  readonly fn: FunctionNode;
  readonly rows: string[][];
  readonly spans: Span[];
  readonly totals: string[] | null;
}

function blockOf(fn: FunctionNode, totals: readonly DeclaredTotals[], actions: ActionLayout): FunctionBlock {
  const rows: string[][] = [];
  const spans: Span[] = [];
  const close = (col: number, text: string, first: number): void => {
    if (rows.length === first) rows.push(["", "", "", "", ""]);
    const row = rows[first];
    if (row) row[col] = text;
    spans.push({ col, first, last: rows.length - 1 });
  };
  for (const macro of fn.macroProcesses) {
    const macroFirst = rows.length;
    for (const process of macro.processes) {
      const processFirst = rows.length;
      for (const sub of process.subProcesses) {
        const subFirst = rows.length;
        const texts = sub.actions.map((a) => (a.code === null ? a.text : `${a.code} ${a.text}`));
        if (actions === "row-per-action") for (const text of texts) rows.push(["", "", "", "", text]);
        else if (texts.length > 0) rows.push(["", "", "", "", texts.join("\n")]);
        close(3, `${sub.code} ${sub.name}`, subFirst);
      }
      close(2, `${process.code} ${process.name}`, processFirst);
    }
    close(1, `${macro.code}: ${macro.name}`, macroFirst);
  }
  close(0, `${fn.code} ${fn.name}`, 0);
  const printed = totals.find((t) => t.scope === fn.code);
  const totalsCells = printed
    ? [
        TOTALS_LABEL,
        ...[printed.macroProcesses, printed.processes, printed.subProcesses, printed.actions].map(String),
      ]
    : null;
  return { fn, rows, spans, totals: totalsCells };
}

const headerRows = (layout: "two-rows" | "line-breaks"): string[][] => {
  const parts = DEFAULT_HEADER.map((wording) => wording.split("\n"));
  if (layout === "line-breaks") return [["", ...parts.map((p) => p.join("\n"))]];
  return [0, 1].map((i) => ["", ...parts.map((p) => p[i] ?? "")]);
};

/** Functions grouped as the document shows them: all in one group, or one group each. */
function groupsOf(h: Hierarchy, perFunction: boolean): FunctionNode[][] {
  return perFunction ? h.functions.map((fn) => [fn]) : [h.functions];
}

// --- Workbooks ---

export async function makeAnnexXlsx(h: Hierarchy, options: AnnexXlsxOptions): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const perFunction = options.sheets === "per-function";
  groupsOf(h, perFunction).forEach((group, index) => {
    const sheet = workbook.addWorksheet(perFunction ? `Foglio ${group[0]?.code}` : "Processi");
    // The hidden column sits before the actions: sheet columns A–D, E hidden, F the actions.
    const toSheetColumn = (col: number): number => (options.hiddenText && col === 4 ? 6 : col + 1);
    if (options.hiddenText) sheet.getColumn(5).hidden = true;
    let row = 0;
    const addRow = (cells: readonly string[]): number => {
      row += 1;
      cells.forEach((text, col) => {
        if (text !== "") sheet.getCell(row, toSheetColumn(col)).value = text;
      });
      if (options.hiddenText) sheet.getCell(row, 5).value = HIDDEN_TEXT;
      return row;
    };
    const addMergedRow = (text: string): void => {
      const at = addRow([text]);
      sheet.mergeCells(at, 1, at, toSheetColumn(COLUMNS - 1));
    };
    if (index === 0) addMergedRow(TITLE);
    let category: string | null = null;
    for (const fn of group) {
      if (fn.category !== null && fn.category !== category) addMergedRow(CATEGORY_HEADINGS[fn.category]);
      category = fn.category;
      if (fn === group[0] || perFunction) for (const cells of headerRows(options.header)) addRow(cells);
      const block = blockOf(fn, h.declaredTotals, options.actions);
      const firstRow = row + 1;
      // Sheet rows of the block's rows, hidden rows skipped.
      const sheetRowOf: number[] = [];
      block.rows.forEach((cells, i) => {
        sheetRowOf[i] = addRow(cells);
        const startsSubProcess = block.spans.some((s) => s.col === 3 && s.first === i && s.last > i);
        if (options.hiddenText && startsSubProcess) {
          sheet.getRow(addRow(["", "", "", "", HIDDEN_TEXT])).hidden = true;
        }
      });
      for (const span of block.spans) {
        const top = sheetRowOf[span.first] ?? firstRow;
        const bottom = sheetRowOf[span.last] ?? top;
        const col = toSheetColumn(span.col);
        if (bottom > top) sheet.mergeCells(top, col, bottom, col);
        if (span.col === 0) sheet.getCell(top, col).alignment = { textRotation: 90, vertical: "middle" };
      }
      if (block.totals) addRow(block.totals);
    }
  });
  if (options.hiddenText) {
    const hidden = workbook.addWorksheet("Appunti");
    hidden.state = "hidden";
    hidden.getCell(1, 1).value = `A9.9.9 ${HIDDEN_TEXT}`;
  }
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

// --- Word documents ---

const XML_ESCAPES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
};
const escapeXml = (text: string): string => text.replace(/[&<>"']/g, (c) => XML_ESCAPES[c] ?? c);

const run = (text: string): string => `<w:r><w:t xml:space="preserve">${escapeXml(text)}</w:t></w:r>`;
const paragraph = (text: string): string => `<w:p>${text === "" ? "" : run(text)}</w:p>`;

/** A cell's paragraphs: each line of its text a paragraph, or one paragraph with `<w:br/>` between lines. */
function cellContent(text: string, lineBreaks: boolean): string {
  const lines = text.split("\n");
  if (lineBreaks && lines.length > 1) return `<w:p>${lines.map(run).join("<w:r><w:br/></w:r>")}</w:p>`;
  return lines.map(paragraph).join("");
}

interface DocxCell {
  readonly text: string;
  readonly gridSpan?: number;
  readonly vMerge?: "restart" | "continue";
  readonly rotated?: boolean;
}

function cellXml(cell: DocxCell, lineBreaks: boolean): string {
  const properties = [
    cell.gridSpan ? `<w:gridSpan w:val="${cell.gridSpan}"/>` : "",
    cell.vMerge === "restart"
      ? '<w:vMerge w:val="restart"/>'
      : cell.vMerge === "continue"
        ? "<w:vMerge/>"
        : "",
    cell.rotated ? '<w:textDirection w:val="btLr"/>' : "",
  ].join("");
  // Every cell holds a paragraph, as WordprocessingML requires; a continued cell's is empty.
  const content =
    cell.vMerge === "continue" || cell.text === "" ? "<w:p/>" : cellContent(cell.text, lineBreaks);
  return `<w:tc><w:tcPr>${properties}</w:tcPr>${content}</w:tc>`;
}

const rowXml = (cells: readonly DocxCell[], lineBreaks: boolean, header = false): string =>
  `<w:tr>${header ? "<w:trPr><w:tblHeader/></w:trPr>" : ""}${cells.map((c) => cellXml(c, lineBreaks)).join("")}</w:tr>`;

/** A function's rows, each label cell a vertical merge over its rows. */
function blockXml(block: FunctionBlock, lineBreaks: boolean): string[] {
  const spanAt = (col: number, row: number): Span | undefined =>
    block.spans.find((s) => s.col === col && s.first <= row && row <= s.last);
  const rows = block.rows.map((cells, row) =>
    rowXml(
      cells.map((text, col): DocxCell => {
        const span = col < COLUMNS - 1 ? spanAt(col, row) : undefined;
        const vMerge =
          span && span.last > span.first ? (span.first === row ? "restart" : "continue") : undefined;
        return { text, ...(vMerge ? { vMerge } : {}), ...(col === 0 ? { rotated: true } : {}) };
      }),
      lineBreaks,
    ),
  );
  if (block.totals)
    rows.push(
      rowXml(
        block.totals.map((text) => ({ text })),
        lineBreaks,
      ),
    );
  return rows;
}

export async function makeAnnexDocx(h: Hierarchy, options: AnnexDocxOptions): Promise<Uint8Array> {
  const lineBreaks = options.actions === "line-breaks";
  const actions: ActionLayout =
    options.actions === "row-per-action" ? "row-per-action" : "cell-per-sub-process";
  const perFunction = options.tables === "per-function";
  const header = headerRows("two-rows").map((cells) =>
    rowXml(
      cells.map((text) => ({ text })),
      lineBreaks,
      true,
    ),
  );
  const body: string[] = [paragraph(TITLE)];
  let category: string | null = null;
  for (const group of groupsOf(h, perFunction)) {
    const rows: string[] = [];
    for (const fn of group) {
      if (fn.category !== null && fn.category !== category) {
        const heading = CATEGORY_HEADINGS[fn.category];
        // In one long table the heading is a row across the table; between tables, a paragraph.
        if (perFunction) body.push(paragraph(heading));
        else rows.push(rowXml([{ text: heading, gridSpan: COLUMNS }], lineBreaks));
      }
      category = fn.category;
      rows.push(...blockXml(blockOf(fn, h.declaredTotals, actions), lineBreaks));
    }
    const grid = `<w:tblGrid>${'<w:gridCol w:w="2000"/>'.repeat(COLUMNS)}</w:tblGrid>`;
    body.push(
      `<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr>${grid}${header.join("")}${rows.join("")}</w:tbl>`,
    );
    if (perFunction) body.push(paragraph(""));
  }
  return packDocx(body.join(""));
}

/** A minimal WordprocessingML package around the body's XML (`<w:p>`, `<w:tbl>` elements). */
export async function packDocx(bodyXml: string): Promise<Uint8Array> {
  const document = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${bodyXml}<w:sectPr/></w:body></w:document>`;
  const zip = new JSZip();
  zip.file(
    "[Content_Types].xml",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`,
  );
  zip.file(
    "_rels/.rels",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`,
  );
  zip.file("word/document.xml", document);
  return zip.generateAsync({ type: "uint8array", compression: "DEFLATE" });
}
