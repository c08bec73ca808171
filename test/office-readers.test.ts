import ExcelJS from "exceljs";
import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { InputError } from "../pipeline/errors.js";
import { readDocx } from "../pipeline/extract/docx.js";
import { sniffFormat } from "../pipeline/extract/format-sniff.js";
import { readXlsx } from "../pipeline/extract/xlsx.js";
import { Grid } from "../pipeline/schema/grid.js";
import { packDocx } from "./support/annex-office.js";

/**
 * The Office readers on small documents written to show one thing each: where a cell lands and what
 * text it keeps. Every grid is checked against the shared schema too.
 */

/** Each row as "col:text" per cell (paragraphs joined by " | "), with its spans when not 1. */
function layout(grid: Grid): string[][] {
  return Grid.parse(grid).rows.map((row) =>
    row.cells.map((cell) => {
      const spans = cell.rowSpan > 1 || cell.colSpan > 1 ? ` [${cell.rowSpan}x${cell.colSpan}]` : "";
      return `${cell.col}:${cell.paragraphs.join(" | ")}${spans}`;
    }),
  );
}

const p = (text: string): string => `<w:p><w:r><w:t xml:space="preserve">${text}</w:t></w:r></w:p>`;
const tc = (content: string, properties = ""): string =>
  `<w:tc><w:tcPr>${properties}</w:tcPr>${content}</w:tc>`;
const tr = (...cells: string[]): string => `<w:tr>${cells.join("")}</w:tr>`;
const tbl = (...rows: string[]): string => `<w:tbl><w:tblPr/><w:tblGrid/>${rows.join("")}</w:tbl>`;
const RESTART = '<w:vMerge w:val="restart"/>';
const CONTINUE = "<w:vMerge/>";

describe("Word tables", () => {
  it("turns vertical merges into rowSpan and gridSpan into colSpan, rows without text left out", async () => {
    const grid = await readDocx(
      await packDocx(
        tbl(
          tr(tc(p("Titolo"), '<w:gridSpan w:val="3"/>')),
          tr(tc(p("A1: MACRO"), RESTART), tc(p("A1.1 PROCESSO"), RESTART), tc(p("prima"))),
          tr(tc("<w:p/>", CONTINUE), tc("<w:p/>", CONTINUE), tc("<w:p/>")),
          tr(tc("<w:p/>", CONTINUE), tc(p("A1.2 ALTRO")), tc(p("seconda"))),
        ),
      ),
    );
    expect(layout(grid)).toEqual([
      ["0:Titolo [1x3]"],
      ["0:A1: MACRO [2x1]", "1:A1.1 PROCESSO", "2:prima"],
      ["1:A1.2 ALTRO", "2:seconda"],
    ]);
    expect(grid).toMatchObject({ format: "docx", placement: "exact", pages: null });
  });

  it("says each cell's table and row (a merged cell's first row)", async () => {
    const grid = await readDocx(
      await packDocx(
        `${p("prima del testo")}${tbl(tr(tc(p("x"))))}${tbl(tr(tc(p("y"), RESTART), tc(p("a"))), tr(tc("<w:p/>", CONTINUE), tc(p("b"))))}`,
      ),
    );
    const sources = grid.rows.flatMap((row) => row.cells.map((cell) => [cell.paragraphs[0], cell.source]));
    expect(sources).toEqual([
      ["prima del testo", { page: null, line: null, bbox: null }],
      ["x", { page: null, line: null, bbox: null, table: 1, row: 1 }],
      ["y", { page: null, line: null, bbox: null, table: 2, row: 1 }],
      ["a", { page: null, line: null, bbox: null, table: 2, row: 1 }],
      ["b", { page: null, line: null, bbox: null, table: 2, row: 2 }],
    ]);
  });

  it("starts a row at its gridBefore column, and keeps a continued cell's own text in the merged cell", async () => {
    const grid = await readDocx(
      await packDocx(
        tbl(
          tr(tc(p("banda"), RESTART), tc(p("a")), tc(p("b"))),
          `<w:tr><w:trPr><w:gridBefore w:val="2"/></w:trPr>${tc(p("c"))}</w:tr>`,
          tr(tc(p("ancora"), CONTINUE), tc(p("d")), tc(p("e"))),
        ),
      ),
    );
    expect(layout(grid)).toEqual([["0:banda | ancora [3x1]", "1:a", "2:b"], ["2:c"], ["1:d", "2:e"]]);
  });

  it("reads a cell's paragraphs, line breaks and a nested table as its paragraphs; tabs as spaces", async () => {
    const grid = await readDocx(
      await packDocx(
        tbl(
          tr(
            tc(
              `${p("uno")}<w:p><w:r><w:t>due</w:t><w:br/><w:t>tre</w:t><w:tab/><w:t>e mezzo</w:t></w:r></w:p>${tbl(tr(tc(p("quattro"))))}`,
            ),
          ),
        ),
      ),
    );
    expect(layout(grid)).toEqual([["0:uno | due | tre e mezzo | quattro"]]);
  });

  it("leaves out what Word does not show: hidden runs, deleted text, field codes, a drawing's fallback copy", async () => {
    const grid = await readDocx(
      await packDocx(
        [
          '<w:p><w:r><w:t xml:space="preserve">Visibile </w:t></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t>nascosto</w:t></w:r>',
          '<w:r><w:rPr><w:vanish w:val="0"/></w:rPr><w:t xml:space="preserve">mostrato </w:t></w:r>',
          "<w:del><w:r><w:delText>cancellato</w:delText></w:r></w:del><w:ins><w:r><w:t>inserito</w:t></w:r></w:ins>",
          '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>',
          '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t xml:space="preserve"> 7</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>',
          '<mc:AlternateContent><mc:Choice><w:t xml:space="preserve"> scelta</w:t></mc:Choice><mc:Fallback><w:t>copia</w:t></mc:Fallback></mc:AlternateContent>',
          "</w:p>",
        ].join(""),
      ),
    );
    expect(layout(grid)).toEqual([["0:Visibile mostrato inserito 7 scelta"]]);
  });

  it("finds rows and cells inside content controls", async () => {
    const grid = await readDocx(
      await packDocx(
        tbl(
          `<w:sdt><w:sdtPr/><w:sdtContent>${tr(`<w:sdt><w:sdtContent>${tc(p("dentro"))}</w:sdtContent></w:sdt>`)}</w:sdtContent></w:sdt>`,
        ),
      ),
    );
    expect(layout(grid)).toEqual([["0:dentro"]]);
  });

  it("refuses a package without its main part as a damaged document", async () => {
    const zip = new JSZip();
    zip.file("word/other.xml", "<w:document/>");
    await expect(readDocx(await zip.generateAsync({ type: "uint8array" }))).rejects.toThrow(
      new InputError("documento .docx danneggiato: manca word/document.xml"),
    );
  });
});

describe("compression bombs", () => {
  // 8 MiB of blanks deflate to a few kilobytes; the limit given is 1 MiB.
  const LIMIT = 1024 * 1024;
  const padded = async (bytes: Uint8Array): Promise<Uint8Array> => {
    const zip = await JSZip.loadAsync(bytes);
    zip.file("padding.xml", " ".repeat(8 * LIMIT));
    return zip.generateAsync({ type: "uint8array", compression: "DEFLATE" });
  };

  it("refuses a package whose entries expand past the limit, before inflating them", async () => {
    const refusal = new InputError("il contenuto del pacchetto Office si espande oltre il limite di 1 MB");
    const docx = await padded(await packDocx("<w:p><w:r><w:t>testo</w:t></w:r></w:p>"));
    const xlsx = await padded(await workbook((book) => book.addWorksheet("A").addRow(["testo"])));
    expect(docx.length).toBeLessThan(LIMIT / 8);
    await expect(readDocx(docx, { maxDecodedBytes: LIMIT })).rejects.toThrow(refusal);
    await expect(readXlsx(xlsx, { maxDecodedBytes: LIMIT })).rejects.toThrow(refusal);
    // Within a limit they fit, the same packages are read.
    expect((await readDocx(docx, { maxDecodedBytes: 16 * LIMIT })).rows.length).toBeGreaterThan(0);
    expect((await readXlsx(xlsx, { maxDecodedBytes: 16 * LIMIT })).rows.length).toBeGreaterThan(0);
  });
});

/** A workbook written by exceljs, after `build` has filled its sheets. */
async function workbook(build: (book: ExcelJS.Workbook) => void): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  build(book);
  return new Uint8Array(await book.xlsx.writeBuffer());
}

describe("workbooks", () => {
  it("reads visible sheets in tab order, merged ranges as spans, columns numbered as Excel shows them", async () => {
    const bytes = await workbook((book) => {
      const first = book.addWorksheet("Foglio A");
      first.getCell("A1").value = "A Funzione";
      first.mergeCells("A1:A3");
      first.getCell("B1").value = "nascosta";
      first.getColumn(2).hidden = true;
      first.getCell("C1").value = "uno";
      first.getCell("C2").value = "riga nascosta";
      first.getRow(2).hidden = true;
      first.getCell("C3").value = "due\r\ntre";
      first.getCell("D3").value = 43;
      const hidden = book.addWorksheet("Appunti");
      hidden.state = "hidden";
      hidden.getCell("A1").value = "appunto";
      book.addWorksheet("Foglio B").getCell("B2").value = "quattro";
    });
    const grid = await readXlsx(bytes);
    expect(layout(grid)).toEqual([["0:A Funzione [2x1]", "1:uno"], ["1:due | tre", "2:43"], ["1:quattro"]]);
    expect(
      grid.rows.flatMap((row) => row.cells.map((cell) => `${cell.source.sheet}!${cell.source.cell}`)),
    ).toEqual(["Foglio A!A1", "Foglio A!C1", "Foglio A!C3", "Foglio A!D3", "Foglio B!B2"]);
    expect(grid.warnings.map((w) => w.message)).toEqual([
      "foglio «Foglio A»: 2 celle con testo in righe o colonne nascoste, non lette",
      "il foglio «Appunti» è nascosto: non letto",
    ]);
  });

  it("keeps a merged range's text while part of it shows, placed at its first visible row and column", async () => {
    const bytes = await workbook((book) => {
      const sheet = book.addWorksheet("Foglio");
      sheet.getCell("A1").value = "etichetta";
      sheet.mergeCells("A1:B3");
      sheet.getRow(1).hidden = true;
      sheet.getColumn(1).hidden = true;
      sheet.getCell("C2").value = "a";
      sheet.getCell("C3").value = "b";
    });
    expect(layout(await readXlsx(bytes))).toEqual([["0:etichetta [2x1]", "1:a"], ["1:b"]]);
  });

  it("refuses bytes that are no workbook as a damaged one", async () => {
    const zip = new JSZip();
    zip.file("[Content_Types].xml", "<Types/>");
    zip.file("xl/workbook.xml", "not xml at all <");
    await expect(readXlsx(await zip.generateAsync({ type: "uint8array" }))).rejects.toThrow(
      /^cartella di lavoro \.xlsx danneggiata: /,
    );
  });
});

describe("telling formats from their bytes", () => {
  it("takes a zip storing a PDF for a zip, not for the PDF whose header sits in its first bytes", async () => {
    const zip = new JSZip();
    zip.file("annesso.pdf", "%PDF-1.4\n", { compression: "STORE" });
    const bytes = await zip.generateAsync({ type: "uint8array" });
    expect(Buffer.from(bytes).includes("%PDF-")).toBe(true);
    expect(() => sniffFormat(bytes)).toThrow(/archivio zip/);
  });

  it("calls a zip whose index is cut off damaged", async () => {
    const zip = new JSZip();
    zip.file("word/document.xml", "<w:document/>");
    zip.file("[Content_Types].xml", "<Types/>");
    const bytes = await zip.generateAsync({ type: "uint8array" });
    expect(sniffFormat(bytes)).toBe("docx");
    expect(() => sniffFormat(bytes.subarray(0, bytes.length - 30))).toThrow(/archivio zip danneggiato/);
  });
});
