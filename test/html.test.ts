import { readFileSync } from "node:fs";
import * as cheerio from "cheerio";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { InputError } from "../pipeline/errors.js";
import { looksLikeHtml } from "../pipeline/extract/format-sniff.js";
import { readHtml } from "../pipeline/extract/html.js";
import { collapse } from "../pipeline/extract/whitespace.js";
import { Grid, type GridCell } from "../pipeline/schema/grid.js";

const utf8 = (html: string): Uint8Array => new TextEncoder().encode(html);

/** Reads and checks the result against the shared schema, so every test also checks the grid's shape. */
async function read(bytes: Uint8Array | string): Promise<Grid> {
  return Grid.parse(await readHtml(typeof bytes === "string" ? utf8(bytes) : bytes));
}

/** Each row as "col:text" per cell (paragraphs joined by " | "), for compact comparisons. */
function layout(grid: Grid): string[][] {
  return grid.rows.map((row) => row.cells.map((cell) => `${cell.col}:${cell.paragraphs.join(" | ")}`));
}

function cellWithText(grid: Grid, text: string): GridCell {
  const cell = grid.rows.flatMap((row) => row.cells).find((c) => c.paragraphs.includes(text));
  if (!cell) throw new Error(`no cell holds "${text}"`);
  return cell;
}

describe("the fixture (a Word export, one row per sub-process, actions as paragraphs)", async () => {
  const fixtureHtml = readFileSync("fixtures/articolazione-processi.html");
  const expected = JSON.parse(readFileSync("fixtures/articolazione-processi.expected.json", "utf8")) as {
    functions: {
      macroProcesses: {
        processes: {
          subProcesses: { code: string; actions: { text: string; alsoAcceptedUnder?: string[] }[] }[];
        }[];
      }[];
    }[];
    expectedDiscrepancies: { kind: string; code: string }[];
  };
  const grid = await read(fixtureHtml);
  const subProcessCode = /^([A-Z]\d+\.\d+\.\d+)\b/;
  // Sub-processes whose source repeats an action: there the text may sit in more than one paragraph.
  const repeatingActions = new Set(
    expected.expectedDiscrepancies.filter((d) => d.kind === "duplicate_action").map((d) => d.code),
  );
  const expectedActions = expected.functions.flatMap((f) =>
    f.macroProcesses.flatMap((m) =>
      m.processes.flatMap((p) =>
        p.subProcesses.flatMap((s) =>
          s.actions.map((a) => ({
            text: a.text,
            codes: [s.code, ...(a.alsoAcceptedUnder ?? [])],
            subProcess: s.code,
          })),
        ),
      ),
    ),
  );
  const placedParagraphs = grid.rows.flatMap((row, rowIndex) =>
    row.cells.flatMap((cell) => cell.paragraphs.map((text) => ({ text: collapse(text), rowIndex, cell }))),
  );

  /** The code of the nearest cell at or above the row (left of the column in that row) starting with a LIV 3 code. */
  function subProcessAbove(rowIndex: number, col: number): string | undefined {
    for (let r = rowIndex; r >= 0; r--) {
      const label = grid.rows[r]?.cells
        .filter((cell) => r < rowIndex || cell.col < col)
        .map((cell) => cell.paragraphs.join(" ").match(subProcessCode)?.[1])
        .filter((code) => code !== undefined)
        .at(-1);
      if (label) return label;
    }
    return undefined;
  }

  it("has every expected action as exactly one paragraph, under its sub-process", () => {
    expect(expectedActions.length).toBeGreaterThan(0);
    for (const action of expectedActions) {
      const found = placedParagraphs.filter((p) => p.text === collapse(action.text));
      if (repeatingActions.has(action.subProcess))
        expect(found.length, action.text).toBeGreaterThanOrEqual(1);
      else expect(found.length, action.text).toBe(1);
      for (const place of found) {
        expect(action.codes, action.text).toContain(subProcessAbove(place.rowIndex, place.cell.col));
      }
    }
  });

  it("says on which line of the file each action's cell starts", () => {
    // Each <tr> of the fixture sits on one line: the text of that line must hold the action.
    const lineTexts = fixtureHtml
      .toString("utf8")
      .split("\n")
      .map((line) => collapse(cheerio.load(line).text()));
    for (const action of expectedActions) {
      const place = placedParagraphs.find((p) => p.text === collapse(action.text));
      expect(lineTexts[(place?.cell.source.line ?? 0) - 1], action.text).toContain(collapse(action.text));
    }
  });

  it("keeps the text before and after the tables as one-cell rows", () => {
    const text = fixtureHtml.toString("utf8");
    const lineOf = (offset: number): number => text.slice(0, offset).split("\n").length;
    const firstTableLine = lineOf(text.indexOf("<table"));
    const lastTableLine = lineOf(text.lastIndexOf("</table>"));
    const [first, last] = [grid.rows[0], grid.rows.at(-1)];
    expect(first?.cells).toHaveLength(1);
    expect(first?.cells[0]?.source.line).toBeLessThan(firstTableLine);
    expect(last?.cells).toHaveLength(1);
    expect(last?.cells[0]?.source.line).toBeGreaterThan(lastTableLine);
    expect(grid).toMatchObject({ format: "html", pages: null, placement: "exact", warnings: [] });
  });
});

describe("rowspan and colspan", () => {
  it("puts each cell at its real column and keeps its spans", async () => {
    const grid = await read(`<table>
      <tr><td rowspan=2>A</td><td colspan=2>B</td><td>C</td></tr>
      <tr><td>D</td><td rowspan=2>E</td><td>F</td></tr>
      <tr><td>G</td><td>H</td><td>I</td></tr>
    </table>`);
    expect(layout(grid)).toEqual([
      ["0:A", "1:B", "3:C"],
      ["1:D", "2:E", "3:F"],
      ["0:G", "1:H", "3:I"],
    ]);
    expect(cellWithText(grid, "A")).toMatchObject({ rowSpan: 2, colSpan: 1 });
    expect(cellWithText(grid, "B")).toMatchObject({ rowSpan: 1, colSpan: 2 });
    expect(cellWithText(grid, "E")).toMatchObject({ rowSpan: 2, colSpan: 1 });
  });

  it("counts empty cells as columns without emitting them", async () => {
    const grid = await read("<table><tr><td></td><td>&nbsp;</td><td>x</td></tr></table>");
    expect(layout(grid)).toEqual([["2:x"]]);
  });

  it("drops rows without text and clips spans to the rows kept", async () => {
    const grid = await read(`<table>
      <tr><td rowspan=4>L</td><td>a</td></tr>
      <tr><td><p>&nbsp;</p></td></tr>
      <tr></tr>
      <tr><td>b</td></tr>
    </table>`);
    expect(layout(grid)).toEqual([["0:L", "1:a"], ["1:b"]]);
    expect(cellWithText(grid, "L").rowSpan).toBe(2);
  });

  it("stops rowspans at the end of the table, and rowspan=0 runs to the end of its row group", async () => {
    const grid = await read(`<table>
      <tbody><tr><td rowspan=9>long</td><td>a</td></tr><tr><td>b</td></tr></tbody>
      <tbody><tr><td rowspan=0>zero</td><td>c</td></tr><tr><td>d</td></tr><tr><td>e</td></tr></tbody>
    </table>`);
    expect(cellWithText(grid, "long").rowSpan).toBe(2);
    expect(cellWithText(grid, "zero").rowSpan).toBe(3);
    expect(layout(grid).slice(2)).toEqual([["0:zero", "1:c"], ["1:d"], ["1:e"]]);
  });

  it("warns when a colspan runs into a cell spanning down from above", async () => {
    const grid = await read(`<table>
<tr><td>a</td><td rowspan=2>b</td></tr>
<tr><td colspan=2>c</td><td>d</td></tr>
</table>`);
    expect(layout(grid)).toEqual([
      ["0:a", "1:b"],
      ["0:c", "2:d"],
    ]);
    expect(grid.warnings).toEqual([expect.objectContaining({ evidence: { line: 3 } })]);
  });
});

describe("tables and the text around them", () => {
  it("joins a table split over several <table> elements, with the headings between them in order", async () => {
    const grid = await read(`<html><body>
<h1>Title</h1>
<p><b>Page one</b></p>
<table><tr><td rowspan=2>F</td><td>x1</td></tr><tr><td>x2</td></tr></table>
<p>&nbsp;</p>
<p class=MsoNormal><b>Page two</b></p>
<table><tr><td rowspan=2>G</td><td>y1</td></tr><tr><td>y2</td></tr></table>
<p>SIGNED</p><p>SECOND LINE</p>
</body></html>`);
    expect(layout(grid)).toEqual([
      ["0:Title"],
      ["0:Page one"],
      ["0:F", "1:x1"],
      ["1:x2"],
      ["0:Page two"],
      ["0:G", "1:y1"],
      ["1:y2"],
      ["0:SIGNED"],
      ["0:SECOND LINE"],
    ]);
    expect(cellWithText(grid, "G").rowSpan).toBe(2);
  });

  it("makes each <br> line outside a table a row of its own, and keeps a table caption", async () => {
    const grid = await read(
      "<body><div>first<br>second</div><table><caption>Annex</caption><tr><td>x</td></tr></table></body>",
    );
    expect(layout(grid)).toEqual([["0:first"], ["0:second"], ["0:Annex"], ["0:x"]]);
  });

  it("returns the text rows of a page without tables", async () => {
    const grid = await read("<html><body><p>Only prose</p><p>here</p></body></html>");
    expect(layout(grid)).toEqual([["0:Only prose"], ["0:here"]]);
  });

  it("returns no rows for an empty table", async () => {
    const grid = await read("<table><tr><td></td><td>&nbsp;</td></tr><tr></tr></table>");
    expect(grid.rows).toEqual([]);
    expect(grid.warnings).toEqual([]);
  });

  it("gives the line where each cell and each text line starts", async () => {
    const grid = await read(
      "<html>\n<body>\n<p>\nheading</p>\n<table>\n<tr><td>a</td>\n<td>\n<p>b</p></td></tr>\n</table>",
    );
    expect(grid.rows.map((row) => row.cells.map((cell) => cell.source.line))).toEqual([[4], [6, 7]]);
    expect(grid.rows[1]?.cells[0]?.source).toEqual({ page: null, line: 6, bbox: null });
  });
});

describe("paragraphs inside a cell", () => {
  it("reads a cell per action and paragraphs per cell alike", async () => {
    const oneCellEach = await read(
      "<table><tr><td>L</td><td>a1</td></tr><tr><td></td><td>a2</td></tr></table>",
    );
    const onePerParagraph = await read("<table><tr><td>L</td><td><p>a1</p><p>a2</p></td></tr></table>");
    expect(layout(oneCellEach)).toEqual([["0:L", "1:a1"], ["1:a2"]]);
    expect(onePerParagraph.rows[0]?.cells[1]?.paragraphs).toEqual(["a1", "a2"]);
  });

  it("splits <br> lines and list items, and keeps a wrapped paragraph whole", async () => {
    const grid = await read(`<table><tr>
      <td>one<br>two<br/><br>three</td>
      <td><ul><li>first</li><li>second</li></ul></td>
      <td><p class=MsoNormal>a paragraph that
        wraps over
        several source lines</p></td>
    </tr></table>`);
    expect(grid.rows[0]?.cells.map((cell) => cell.paragraphs)).toEqual([
      ["one", "two", "three"],
      ["first", "second"],
      ["a paragraph that wraps over several source lines"],
    ]);
  });

  it("removes inline markup, keeps its text and collapses whitespace", async () => {
    const grid = await read(
      "<table><tr><td><p><span lang=IT><b>A1.1 <i>NAME</i></b></span><o:p></o:p></p></td>" +
        "<td><p><font face=Arial>x&nbsp;&nbsp; <a href='#'>y</a></font></p><p>&nbsp;</p><p> </p></td></tr></table>",
    );
    expect(grid.rows[0]?.cells.map((cell) => cell.paragraphs)).toEqual([["A1.1 NAME"], ["x y"]]);
  });

  it("ignores Word's head, styles, scripts, conditional comments, data islands and hidden text", async () => {
    const grid = await read(`<html xmlns:o="urn:schemas-microsoft-com:office:office">
<head><meta charset=utf-8><title>Head title</title><style><!-- p.MsoNormal {mso-style-parent:""} --></style>
<!--[if gte mso 9]><xml><w:WordDocument><w:View>Print</w:View></w:WordDocument></xml><![endif]--></head>
<body lang=IT><script>var hidden = "script text";</script>
<xml><o:shapedefaults>island</o:shapedefaults></xml>
<table><tr><td style='mso-yfti-irow:0'><p class=MsoNormal style='mso-pagination:none'>kept<span
style='display:none;mso-hide:all'>hidden</span><!--[if supportFields]>field code<![endif]--><o:p>&nbsp;</o:p></p></td></tr></table>
</body></html>`);
    expect(layout(grid)).toEqual([["0:kept"]]);
  });
  it("reads markup nested as deep as a browser nests it (512 levels), and refuses deeper", async () => {
    // The cell and the paragraph each add two levels (html, body, table, tbody, tr, td): 500 fit.
    const nested = (depth: number) => `${"<span>".repeat(depth)}inner${"</span>".repeat(depth)}`;
    const grid = await read(`<table><tr><td>${nested(500)}</td></tr></table><p>${nested(500)}</p>`);
    expect(layout(grid)).toEqual([["0:inner"], ["0:inner"]]);
    await expect(read(`<table><tr><td>${nested(5_000)}</td></tr></table>`)).rejects.toThrow(
      /annida gli elementi oltre 512 livelli/,
    );
  });
});

describe("character sets", () => {
  const accented = "attività e l’integrità “sempre”";
  const page = (meta: string): string =>
    `<html><head>${meta}</head><body><table><tr><td>${accented}</td></tr></table></body></html>`;

  it("decodes windows-1252 bytes declared in <meta charset>", async () => {
    const grid = await read(iconv.encode(page("<meta charset=windows-1252>"), "windows-1252"));
    expect(layout(grid)).toEqual([[`0:${accented}`]]);
    expect(grid.warnings).toEqual([]);
  });

  it("decodes ISO-8859-1 declared with http-equiv as windows-1252, as browsers do", async () => {
    const meta = '<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">';
    const grid = await read(iconv.encode(page(meta), "windows-1252"));
    expect(layout(grid)).toEqual([[`0:${accented}`]]);
    expect(grid.warnings).toEqual([]);
  });

  it("decodes windows-1252 bytes declared as UTF-8 as windows-1252, with a warning", async () => {
    const grid = await read(iconv.encode(page("<meta charset=utf-8>"), "windows-1252"));
    expect(layout(grid)).toEqual([[`0:${accented}`]]);
    expect(grid.warnings).toEqual([
      {
        message:
          "la codifica dichiarata «utf-8» è sbagliata: i byte non sono UTF-8 valido; letto come windows-1252",
        evidence: { declared: "utf-8", used: "windows-1252" },
      },
    ]);
  });

  it("decodes UTF-8 bytes declared as windows-1252 as UTF-8, with a warning", async () => {
    const meta = "<meta http-equiv=Content-Type content='text/html; charset=windows-1252'>";
    const grid = await read(page(meta));
    expect(layout(grid)).toEqual([[`0:${accented}`]]);
    expect(grid.warnings).toEqual([
      {
        message:
          "la codifica dichiarata «windows-1252» è sbagliata: i byte sono UTF-8 valido con caratteri di più byte; letto come utf-8",
        evidence: { declared: "windows-1252", used: "utf-8" },
      },
    ]);
  });

  it("tells from the bytes what an undeclared or unknown charset is, with a warning", async () => {
    const undeclared = await read(iconv.encode(page(""), "windows-1252"));
    const unknown = await read(page("<meta charset=no-such-charset>"));
    expect(layout(undeclared)).toEqual([[`0:${accented}`]]);
    expect(undeclared.warnings).toEqual([expect.objectContaining({ evidence: { used: "windows-1252" } })]);
    expect(layout(unknown)).toEqual([[`0:${accented}`]]);
    expect(unknown.warnings).toEqual([
      expect.objectContaining({ evidence: { declared: "no-such-charset", used: "utf-8" } }),
    ]);
  });

  it("follows a UTF-8 byte order mark, counting lines from after it", async () => {
    const bytes = new Uint8Array([
      0xef,
      0xbb,
      0xbf,
      ...utf8(`<table>\n<tr><td>${accented}</td></tr></table>`),
    ]);
    const grid = await read(bytes);
    expect(grid.rows[0]?.cells[0]).toMatchObject({ paragraphs: [accented], source: { line: 2 } });
    expect(grid.warnings).toEqual([]);
  });

  it("follows a UTF-16 byte order mark", async () => {
    const grid = await read(iconv.encode(page(""), "utf-16le", { addBOM: true }));
    expect(layout(grid)).toEqual([[`0:${accented}`]]);
  });
});

describe("what is HTML", () => {
  it("recognises HTML by its first tag after a BOM, whitespace, comments and doctype", () => {
    const starts = [
      "<!DOCTYPE html><p>x",
      "\ufeff\n  <html>",
      "<!-- generator --><!--[if gte mso 9]><xml></xml><![endif]-->\n<html xmlns:o='urn:x'>",
      '<?xml version="1.0"?><!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.0//EN"><HTML>',
      "<table class=MsoTableGrid><tr>",
      "<meta charset=utf-8>",
      "<body>",
    ];
    for (const start of starts) expect(looksLikeHtml(utf8(start)), start).toBe(true);
    for (const encoding of ["utf-16le", "utf-16be"]) {
      const bytes = iconv.encode("\n<!DOCTYPE html><html>", encoding, { addBOM: true });
      expect(looksLikeHtml(bytes), encoding).toBe(true);
      expect(looksLikeHtml(bytes.subarray(2)), `${encoding} without its BOM`).toBe(false);
    }
  });

  it("refuses bytes that are not HTML with an InputError", async () => {
    const notHtml = [
      utf8("%PDF-1.7\n%âãÏÓ\n1 0 obj"),
      utf8("A1.1.1 Sub-process\tAction\n<table> later"),
      utf8('{"rows": []}'),
      utf8("<p>A1.1.1 Sub-process</p>\tAction copied with its markup"),
      utf8(""),
      new Uint8Array([0x00, 0xff, 0x10, 0x3c, 0x68, 0x74]),
    ];
    for (const bytes of notHtml) {
      expect(looksLikeHtml(bytes)).toBe(false);
      await expect(readHtml(bytes)).rejects.toThrow(InputError);
    }
  });
});
