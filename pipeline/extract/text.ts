import { SOURCE } from "../messages/findings.js";
import type { Grid, GridRow } from "../schema/grid.js";
import { type CopyPage, copyPages, isLayoutCopy, LINE_PITCH, layoutOfCopy } from "./layout-copy.js";
import { markupToParagraphs } from "./markup.js";
import type { Reader } from "./reader.js";
import { decodeText } from "./text-decode.js";

/**
 * A text copy. A layout copy (columns kept by spaces) is geometry on a character grid, read by the
 * PDF's table reader; any other is the tab-separated copy a PDF viewer gives.
 */
export const readText: Reader = async (bytes) => {
  const { text, encoding } = decodeText(bytes);
  const warnings: Grid["warnings"] =
    encoding === "utf-8" ? [] : [{ message: SOURCE.notUtf8({ used: encoding }), evidence: { encoding } }];
  return isLayoutCopy(text) ? readLayoutCopy(text, warnings) : readTabbedCopy(text, warnings);
};

/**
 * A layout copy through the PDF's table reader (columns, rows and label blocks from alignment, its
 * placement as that reader decides it). Cells cite the file line they start on, not a box on a grid
 * the file does not show.
 */
async function readLayoutCopy(text: string, warnings: Grid["warnings"]): Promise<Grid> {
  // Loaded only for layout copies: the table reader is the PDF reader's, and a tabbed copy needs none of it.
  const [{ layoutToGrid }, { MAX_TEXT_ITEMS_PER_PAGE }] = await Promise.all([
    import("./pdf/tables/grid.js"),
    import("./pdf/layout.js"),
  ]);
  const pages = copyPages(text);
  const grid = layoutToGrid(layoutOfCopy(pages, MAX_TEXT_ITEMS_PER_PAGE));
  const fileLine = (page: CopyPage | undefined, y: number) =>
    (page?.firstLine ?? 1) + Math.round(y / LINE_PITCH);
  return {
    ...grid,
    format: "text",
    rows: grid.rows.map((row) => ({
      ...row,
      cells: row.cells.map((cell) => {
        const page = pages[(cell.source.page ?? 1) - 1];
        const line = cell.source.bbox ? fileLine(page, cell.source.bbox[1]) : null;
        return { ...cell, source: { ...cell.source, line, bbox: null } };
      }),
    })),
    warnings: [
      ...warnings,
      {
        message: SOURCE.layoutCopy,
        evidence: { pages: pages.length },
      },
    ],
  };
}

/**
 * The tab-separated copy a PDF viewer gives: one line per visual row, one tab per column boundary.
 * Columns and rows are damaged in such copies, so placement is `approximate`; a form feed, where a
 * copy kept one, starts a new page.
 */
function readTabbedCopy(text: string, warnings: Grid["warnings"]): Grid {
  const rows: GridRow[] = [];
  let page = 1;
  let sawFormFeed = false;
  text.split(/\r\n|\r|\n/).forEach((line, index) => {
    if (line.includes("\f")) {
      page += line.split("\f").length - 1;
      sawFormFeed = true;
    }
    // A page break is a break between words: inside a cell it must not join the text on either side.
    const cells = line
      .replace(/\f/g, " ")
      .split("\t")
      .map((field, col) => ({ col, paragraphs: markupToParagraphs(field) }))
      .filter((c) => c.paragraphs.length > 0)
      .map(({ col, paragraphs }) => ({
        col,
        rowSpan: 1,
        colSpan: 1,
        paragraphs,
        source: { page: null, line: index + 1, bbox: null },
      }));
    if (cells.length > 0) rows.push({ page: sawFormFeed ? page : null, cells });
  });
  const grid: Grid = {
    format: "text",
    pages: sawFormFeed ? page : null,
    placement: "approximate",
    rows,
    warnings,
  };
  return grid;
}
