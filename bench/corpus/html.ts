import { escapeHtml } from "../../pipeline/emit/report-html.js";
import type { AnnexModel, AnnexTableModel, Cell } from "./layout.js";
import { columnShares, type PageName, type Variant } from "./variant.js";

/**
 * The annex as an HTML document, for LibreOffice Writer and for Chromium's print: one table per section
 * (or per function), rowspan-merged label cells, the band as the merged first column, header rows,
 * totals rows and the signatories. Writer's HTML import honours attributes (border, width, valign,
 * align) and inline styles, not the style sheet's rules for paragraphs; Chromium honours all of them,
 * so each setting is written both ways.
 */

/** What the style varies besides the variant (Writer ignores the padding, line height and layout). */
export interface CssStyle {
  /** Points of padding inside cells. */
  padding: number;
  lineHeight: number;
  /** Pixels. */
  borderWidth: number;
  /** Fixed table layout honours the column widths whatever the content. */
  fixedLayout: boolean;
  /** Centimetres of page margin. */
  margin: number;
  /** Points of space after each paragraph in a cell (between the actions of one cell). */
  paragraphGap: number;
}

export function drawCss(random: () => number): CssStyle {
  return {
    padding: 1 + Math.round(random() * 3),
    lineHeight: 1.05 + Math.round(random() * 4) * 0.1,
    borderWidth: random() < 0.5 ? 1 : 0.5,
    fixedLayout: random() < 0.5,
    margin: 1 + Math.round(random() * 2) * 0.5,
    paragraphGap: random() < 0.7 ? 0 : 2 + Math.round(random() * 2),
  };
}

const PAGE_SIZES: Record<PageName, string> = { A4: "A4", A3: "A3", Letter: "letter" };
const SIGNATURE_GAP_PT = 24;
const HEADER_FILL = "#dbe5f1";

/** The band, LIV1 and LIV2 labels are bold in real annexes, as the header; LIV3 labels and actions are not. */
const isBold = (cell: Cell): boolean =>
  cell.role === "header" || cell.role === "band" || (cell.role === "label" && cell.column <= 2);

interface Writing {
  variant: Variant;
  css: CssStyle;
  /** Percent widths of the five columns, or null for the producer's own sizing. */
  percents: number[] | null;
}

function paragraph(text: string, w: Writing, bold = false, gap = w.css.paragraphGap): string {
  const style = `margin-top:0cm;margin-bottom:${gap}pt;font-family:'${w.variant.font}';font-size:${w.variant.fontSize}pt`;
  const inner = bold ? `<b>${escapeHtml(text)}</b>` : escapeHtml(text);
  return `<p style="${style}">${inner}</p>`;
}

function cellHtml(cell: Cell, w: Writing, tag: "td" | "th", withWidth: boolean): string {
  const { variant } = w;
  const isLabel = cell.role === "band" || cell.role === "label";
  const align = cell.role === "header" || (isLabel && variant.halign === "center") ? "center" : "left";
  const valign = cell.role === "action" ? "top" : cell.valign;
  const width = withWidth ? w.percents?.[cell.column] : undefined;
  const attributes = [
    cell.rowSpan > 1 ? ` rowspan="${cell.rowSpan}"` : "",
    width === undefined ? "" : ` width="${width.toFixed(1)}%"`,
    ` valign="${valign}" align="${align}"`,
    ` style="vertical-align:${valign};text-align:${align}"`,
    variant.headerFill && cell.role === "header" ? ` bgcolor="${HEADER_FILL}"` : "",
    cell.role === "band" ? ' class="band-cell"' : "",
  ].join("");
  const last = cell.paragraphs.length - 1;
  const paragraphs = cell.paragraphs
    .map((text, i) => paragraph(text, w, isBold(cell), i === last ? 0 : w.css.paragraphGap))
    .join("");
  const content =
    cell.role === "band" && variant.bandRotated ? `<div class="band">${paragraphs}</div>` : paragraphs;
  return `<${tag}${attributes}>${content}</${tag}>`;
}

function tableHtml(table: AnnexTableModel, documentWriting: Writing): string {
  const w: Writing =
    table.columnWeights === null
      ? documentWriting
      : {
          ...documentWriting,
          percents: columnShares(documentWriting.variant, table.columnWeights).map((share) => 100 * share),
        };
  const rowsHtml = (rows: readonly Cell[][], tag: "td" | "th", widthRow: number) =>
    rows
      .map((row, r) => `<tr>${row.map((cell) => cellHtml(cell, w, tag, r === widthRow)).join("")}</tr>`)
      .join("\n");
  const heading =
    table.heading === null
      ? ""
      : `<p style="margin-top:4pt;margin-bottom:4pt${table.newPage ? ";page-break-before:always" : ""}"><b>${escapeHtml(table.heading)}</b></p>\n`;
  return `${heading}<table class="annex" border="${w.variant.ruled ? 1 : 0}" cellspacing="0" cellpadding="${w.css.padding}"${w.percents === null ? "" : ' width="100%"'}>
<thead>
${rowsHtml(table.headerRows, "th", 0)}
</thead>
<tbody>
${rowsHtml(table.rows, "td", -1)}
</tbody>
</table>
${paragraph("", w, false, 6)}`;
}

function signatureHtml(model: AnnexModel, w: Writing): string {
  if (model.signatories.length === 0) return "";
  const cells = model.signatories
    .map(
      (s) =>
        `<td align="center" style="text-align:center">${paragraph(s.role, w, false, 0)}${paragraph(s.name, w, false, 0)}</td>`,
    )
    .join("");
  return `<table class="signature" border="0" width="100%" style="margin-top:${SIGNATURE_GAP_PT}pt"><tr>${cells}</tr></table>`;
}

export function annexHtml(model: AnnexModel, variant: Variant, css: CssStyle): string {
  const w: Writing = {
    variant,
    css,
    percents: variant.columnWeights === null ? null : columnShares(variant).map((share) => 100 * share),
  };
  const size = `${PAGE_SIZES[variant.page]} ${variant.landscape ? "landscape" : "portrait"}`;
  const font = `"${variant.font}"`;
  const rule = variant.ruled ? `${css.borderWidth}px solid #000` : "none";
  const style = `
@page { size: ${size}; margin: ${css.margin}cm }
body { font-family: ${font}; font-size: ${variant.fontSize}pt; line-height: ${css.lineHeight} }
table.annex { border-collapse: collapse; ${css.fixedLayout ? "table-layout: fixed;" : ""} }
table.annex td, table.annex th { border: ${rule}; padding: ${css.padding}pt; font-weight: normal }
table.annex th { ${variant.headerFill ? `background: ${HEADER_FILL};` : ""} }
td.band-cell div.band { writing-mode: vertical-rl; transform: rotate(180deg); margin: 0 auto }
table.signature td { border: none }
`;
  const title = `<p align="center" style="text-align:center;margin-top:0cm;margin-bottom:8pt;font-family:'${variant.font}';font-size:${variant.fontSize + 4}pt"><b>${escapeHtml(model.title)}</b></p>`;
  return `<!DOCTYPE html>
<html lang="it"><head><meta charset="utf-8"><title>${escapeHtml(model.title)}</title>
<style>${style}</style></head>
<body>
${title}
${model.tables.map((t) => tableHtml(t, w)).join("\n")}
${signatureHtml(model, w)}
</body></html>
`;
}
