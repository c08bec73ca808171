import { InputError } from "../../errors.js";
import { REFUSAL } from "../../messages/refusals.js";
import type { LayoutPage } from "../../schema/layout.js";
import { looksLikePdf } from "../format-sniff.js";
import { readLayout } from "./layout.js";
import { type PageTrace, readingTrace } from "./tables/grid.js";

/*
 * `annex debug`: each page drawn as an SVG with what the reader saw and found over it, as Camelot's
 * plot and pdfplumber's debug_tablefinder do. It is how a person sees why a page was misread.
 *   grey boxes: text items, with their text       black lines: rules       light blue: fills
 *   red frames: ruled tables and their grid        green lines: stream columns (dashed at a centre;
 *   orange lines: the top of each row found        thick where the actions are)
 *   purple frames: each cell's text, a bracket at its left over the rows it covers (a label's block)
 *   magenta dashed frames: text read with a cell of the page before (page-cut-cell: moved or joined)
 *   teal dashed frames: text placed in a ruled cell by a rule, not its centre (cell-by-overlap, open-foot, overflow-down)
 *   brown dotted frames: text a clip cuts across, seen or hidden by a rule (clip-majority, clip-middle)
 *   green text at the top left: what the stream model's rules decided (StreamModel.notes)
 */

/** One page's picture. */
export interface DebugPage {
  readonly page: number;
  readonly svg: string;
}

/** Reads a PDF and draws its pages (only `page` when given). Refuses what is not a readable PDF. */
export async function debugPdf(bytes: Uint8Array, page?: number): Promise<DebugPage[]> {
  if (!looksLikePdf(bytes)) throw new InputError(REFUSAL.pdf.notPdf);
  const layout = await readLayout(bytes);
  if (page !== undefined && !layout.pages.some((each) => each.number === page)) {
    throw new InputError(REFUSAL.pdf.noSuchPage({ page, pages: layout.pages.length }));
  }
  const traces = readingTrace(layout);
  return layout.pages
    .filter((each) => page === undefined || each.number === page)
    .map((each) => ({
      page: each.number,
      svg: pageSvg(each, traces.find((trace) => trace.page === each.number) as PageTrace),
    }));
}

/** Stroke width of every mark, in points: visible at the page's own scale without hiding the text. */
const LINE = 0.4;

export function pageSvg(page: LayoutPage, trace: PageTrace): string {
  const { width, height } = page;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${n(width)} ${n(height)}" width="${n(2 * width)}" height="${n(2 * height)}">`,
    `<rect width="${n(width)}" height="${n(height)}" fill="white"/>`,
  ];
  const rect = (x0: number, y0: number, x1: number, y1: number, style: string) =>
    parts.push(`<rect x="${n(x0)}" y="${n(y0)}" width="${n(x1 - x0)}" height="${n(y1 - y0)}" ${style}/>`);
  const line = (x0: number, y0: number, x1: number, y1: number, style: string) =>
    parts.push(`<line x1="${n(x0)}" y1="${n(y0)}" x2="${n(x1)}" y2="${n(y1)}" ${style}/>`);
  for (const fill of page.fills) rect(fill.x0, fill.y0, fill.x1, fill.y1, `fill="#cfe8ff"`);
  for (const item of page.items) {
    rect(item.x0, item.y0, item.x1, item.y1, `fill="none" stroke="#999" stroke-width="${LINE / 2}"`);
    const size = Math.min(item.fontSize, item.angle === 0 ? item.y1 - item.y0 : item.x1 - item.x0) * 0.8;
    const turn = item.angle === 0 ? "" : ` transform="rotate(${-item.angle} ${n(item.x0)} ${n(item.y1)})"`;
    const [x, y] = item.angle === 0 ? [item.x0, item.y1 - 0.2 * size] : [item.x1 - 0.2 * size, item.y1];
    parts.push(
      `<text x="${n(x)}" y="${n(y)}" font-size="${n(size)}" font-family="sans-serif" fill="#444"${turn}>${xmlText(item.text)}</text>`,
    );
  }
  for (const rule of page.rules)
    line(rule.x0, rule.y0, rule.x1, rule.y1, `stroke="black" stroke-width="${LINE}"`);
  for (const table of trace.tables) {
    const [left, right] = [table.xs[0] ?? 0, table.xs.at(-1) ?? 0];
    const [top, bottom] = [table.ys[0] ?? 0, table.ys.at(-1) ?? 0];
    rect(left, top, right, bottom, `fill="none" stroke="red" stroke-width="${2 * LINE}"`);
    for (const x of table.xs)
      line(x, top, x, bottom, `stroke="red" stroke-width="${LINE}" stroke-dasharray="2 2"`);
    for (const y of table.ys)
      line(left, y, right, y, `stroke="red" stroke-width="${LINE}" stroke-dasharray="2 2"`);
  }
  for (const column of trace.columns) {
    const width = column.action ? 3 * LINE : LINE;
    line(column.x, 0, column.x, height, `stroke="green" stroke-width="${width}"`);
    if (column.centre !== null)
      line(
        column.centre,
        0,
        column.centre,
        height,
        `stroke="green" stroke-width="${width}" stroke-dasharray="4 2"`,
      );
  }
  for (const row of trace.rows) line(0, row.top, width, row.top, `stroke="orange" stroke-width="${LINE}"`);
  trace.notes.forEach((note, index) => {
    parts.push(`<text x="2" y="${n(4 + 4 * index)}" font-size="3" fill="green">${xmlText(note)}</text>`);
  });
  for (const cell of trace.cells) {
    const { box, block } = cell;
    rect(box.x0, box.y0, box.x1, box.y1, `fill="none" stroke="purple" stroke-width="${LINE}"`);
    const x = box.x0 - 1.5;
    parts.push(
      `<polyline points="${n(x + 1)},${n(block.top)} ${n(x)},${n(block.top)} ${n(x)},${n(block.bottom)} ${n(x + 1)},${n(block.bottom)}" fill="none" stroke="purple" stroke-width="${2 * LINE}"/>`,
      `<text x="${n(box.x1 + 0.5)}" y="${n(box.y0 + 3)}" font-size="3" fill="purple">${cell.col}${cell.alignment ? ` label-alignment: ${cell.alignment}` : ""}${cell.innerFirst ? " column-order: inner first" : ""}${cell.withoutActions ? " table-without-actions" : ""}${cell.emptyRowOwner ? ` empty-row-owner: ${cell.emptyRowOwner}` : ""}${cell.continuedLines ? ` label-continuation: ${cell.continuedLines} lines` : ""}</text>`,
    );
  }
  for (const cut of trace.cuts) {
    const { box } = cut;
    rect(
      box.x0,
      box.y0,
      box.x1,
      box.y1,
      `fill="none" stroke="magenta" stroke-width="${LINE}" stroke-dasharray="2 1"`,
    );
    parts.push(
      `<text x="${n(box.x0)}" y="${n(box.y0 - 0.5)}" font-size="3" fill="magenta">${cut.rule}: ${cut.kind} to the page before</text>`,
    );
  }
  for (const { rule, box } of trace.placed) {
    rect(
      box.x0,
      box.y0,
      box.x1,
      box.y1,
      `fill="none" stroke="teal" stroke-width="${LINE}" stroke-dasharray="2 1"`,
    );
    parts.push(`<text x="${n(box.x0)}" y="${n(box.y1 + 3)}" font-size="3" fill="teal">${rule}</text>`);
  }
  for (const { rule, seen, item } of trace.clipped) {
    rect(
      item.x0,
      item.y0,
      item.x1,
      item.y1,
      `fill="none" stroke="brown" stroke-width="${LINE}" stroke-dasharray="0.5 1"`,
    );
    parts.push(
      `<text x="${n(item.x1 + 0.5)}" y="${n(item.y1)}" font-size="3" fill="brown">${rule}: ${seen ? "seen" : `hidden, ${xmlText(item.text)}`}</text>`,
    );
  }
  parts.push("</svg>");
  return `${parts.join("\n")}\n`;
}

/** A coordinate with two decimals: enough for a drawing, and short. */
function n(value: number): string {
  return String(Math.round(value * 100) / 100);
}

function xmlText(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
