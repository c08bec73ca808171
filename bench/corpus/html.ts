import { escapeHtml } from "../../pipeline/emit/report-html.js";
import type { AnnexModel, AnnexTableModel, Cell } from "./layout.js";
import { type PageName, USUAL_COLUMN_SHARES, type Variant } from "./variant.js";

/**
 * The annex as an HTML document, for LibreOffice Writer and for Chromium's print: one table per section
 * (or per function), rowspan-merged label cells, the band as the merged first column, header rows,
 * totals rows and the signatories. Writer's HTML import honours attributes (border, width, valign,
 * align) more than CSS; Chromium honours both, so each setting is written both ways.
 */

/** What the browser's stylesheet varies besides the variant (Writer ignores most of it). */
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
}

export const PLAIN_CSS: CssStyle = {
  padding: 2,
  lineHeight: 1.15,
  borderWidth: 1,
  fixedLayout: false,
  margin: 1.5,
};

export function drawCss(random: () => number): CssStyle {
  return {
    padding: 1 + Math.round(random() * 3),
    lineHeight: 1.05 + Math.round(random() * 4) * 0.1,
    borderWidth: random() < 0.5 ? 1 : 0.5,
    fixedLayout: random() < 0.5,
    margin: 1 + Math.round(random() * 2) * 0.5,
  };
}

const PAGE_SIZES: Record<PageName, string> = { A4: "A4", A3: "A3", Letter: "letter" };
/** How much wider the band is when its text stays upright and must wrap inside it. */
const UPRIGHT_BAND_WIDENING = 2.2;
const SIGNATURE_GAP_PT = 24;

/** Column widths as percentages of the table, or null for the producer's own sizing. */
export function columnPercents(variant: Variant, bandRotated: boolean): number[] | null {
  if (variant.columnWeights === null) return null;
  const shares = variant.columnWeights.map(
    (w, i) => w * (USUAL_COLUMN_SHARES[i] ?? 0) * (i === 0 && !bandRotated ? UPRIGHT_BAND_WIDENING : 1),
  );
  const total = shares.reduce((a, b) => a + b, 0);
  return shares.map((s) => (100 * s) / total);
}

/** The band, LIV1 and LIV2 labels are bold in real annexes, as the header; LIV3 labels and actions are not. */
const isBold = (cell: Cell): boolean =>
  cell.role === "header" || cell.role === "band" || (cell.role === "label" && cell.column <= 2);

function cellHtml(cell: Cell, variant: Variant, bandRotated: boolean, tag: "td" | "th"): string {
  const isLabel = cell.role === "band" || cell.role === "label";
  const align = cell.role === "header" || (isLabel && variant.halign === "center") ? "center" : "left";
  const valign = cell.role === "action" ? "top" : cell.valign;
  const attributes = [
    cell.rowSpan > 1 ? ` rowspan="${cell.rowSpan}"` : "",
    ` valign="${valign}"`,
    ` align="${align}"`,
    ` style="vertical-align:${valign};text-align:${align}"`,
    variant.headerFill && cell.role === "header" ? ` bgcolor="#dbe5f1"` : "",
  ].join("");
  const paragraphs = cell.paragraphs.map((text) => {
    const inner = isBold(cell) ? `<b>${escapeHtml(text)}</b>` : escapeHtml(text);
    return `<p>${inner}</p>`;
  });
  const content =
    cell.role === "band" && bandRotated
      ? `<div class="band">${paragraphs.join("")}</div>`
      : paragraphs.join("");
  return `<${tag}${attributes}${cell.role === "band" ? ' class="band-cell"' : ""}>${content}</${tag}>`;
}

function tableHtml(table: AnnexTableModel, variant: Variant, css: CssStyle, bandRotated: boolean): string {
  const percents = columnPercents(variant, bandRotated);
  const tableWidth = percents === null ? "" : ' width="100%"';
  const cols =
    percents === null
      ? ""
      : `<colgroup>${percents.map((p) => `<col width="${p.toFixed(1)}%">`).join("")}</colgroup>`;
  const border = variant.ruled ? ' border="1"' : ' border="0"';
  const head = table.headerRows
    .map((row) => `<tr>${row.map((cell) => cellHtml(cell, variant, bandRotated, "th")).join("")}</tr>`)
    .join("\n");
  const body = table.rows
    .map((row) => `<tr>${row.map((cell) => cellHtml(cell, variant, bandRotated, "td")).join("")}</tr>`)
    .join("\n");
  const heading =
    table.heading === null
      ? ""
      : `<p class="heading"${table.newPage ? ' style="page-break-before:always"' : ""}><b>${escapeHtml(table.heading)}</b></p>\n`;
  return `${heading}<table class="annex"${border} cellspacing="0" cellpadding="${css.padding}"${tableWidth}>${cols}
<thead>
${head}
</thead>
<tbody>
${body}
</tbody>
</table>
<p class="gap"></p>`;
}

function signatureHtml(model: AnnexModel): string {
  if (model.signatories.length === 0) return "";
  const cells = model.signatories
    .map(
      (s) =>
        `<td align="center" style="text-align:center"><p>${escapeHtml(s.role)}</p><p>${escapeHtml(s.name)}</p></td>`,
    )
    .join("");
  return `<table class="signature" border="0" width="100%" style="margin-top:${SIGNATURE_GAP_PT}pt"><tr>${cells}</tr></table>`;
}

export function annexHtml(model: AnnexModel, variant: Variant, css: CssStyle): string {
  const bandRotated = variant.bandRotated;
  const size = `${PAGE_SIZES[variant.page]} ${variant.landscape ? "landscape" : "portrait"}`;
  const font = `"${variant.font}"`;
  const rule = variant.ruled ? `${css.borderWidth}px solid #000` : "none";
  const style = `
@page { size: ${size}; margin: ${css.margin}cm }
body { font-family: ${font}; font-size: ${variant.fontSize}pt; line-height: ${css.lineHeight} }
p { margin: 0; font-family: ${font}; font-size: ${variant.fontSize}pt }
p.title { font-size: ${variant.fontSize + 4}pt; text-align: center; margin-bottom: 8pt }
p.heading { font-size: ${variant.fontSize + 2}pt; margin: 4pt 0 }
p.gap { margin-bottom: 6pt }
table.annex { border-collapse: collapse; ${css.fixedLayout ? "table-layout: fixed;" : ""} }
table.annex td, table.annex th { border: ${rule}; padding: ${css.padding}pt; font-weight: normal }
table.annex th { ${variant.headerFill ? "background: #dbe5f1;" : ""} }
table.annex tr { break-inside: auto }
td.band-cell div.band { writing-mode: vertical-rl; transform: rotate(180deg); margin: 0 auto }
table.signature td { border: none }
`;
  return `<!DOCTYPE html>
<html lang="it"><head><meta charset="utf-8"><title>${escapeHtml(model.title)}</title>
<style>${style}</style></head>
<body>
<p class="title" align="center"><b>${escapeHtml(model.title)}</b></p>
${model.tables.map((t) => tableHtml(t, variant, css, bandRotated)).join("\n")}
${signatureHtml(model)}
</body></html>
`;
}
