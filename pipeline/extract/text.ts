import type { Grid, GridRow } from "../schema/grid.js";
import { markupToParagraphs } from "./markup.js";
import type { Reader } from "./reader.js";
import { decodeText } from "./text-decode.js";

/**
 * The tab-separated copy a PDF viewer gives: one line per visual row, one tab per column boundary.
 * Columns and rows are damaged in such copies, so placement is `approximate`; a form feed, where a
 * copy kept one, starts a new page.
 */
export const readText: Reader = async (bytes) => {
  const { text, encoding } = decodeText(bytes);
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
    warnings:
      encoding === "utf-8"
        ? []
        : [{ message: `not valid UTF-8; decoded as ${encoding}`, evidence: { encoding } }],
  };
  return grid;
};
