import type { SourcePicture, SourceRow, SourceView } from "../../schema/source-view.js";
import { escapeHtml } from "../report-html/markup.js";

/**
 * The markup of a finding's source view in report.html: a figure holding the pictures of a PDF's
 * page regions, or the source's rows with the concerned cells marked. Every text is escaped (the
 * rows are the document's own text); a picture's address is a PNG data URI, checked by its schema.
 */

function picture(p: SourcePicture): string {
  const alt = `Pagina ${p.page} del documento: la zona della segnalazione, con il testo interessato riquadrato in rosso`;
  return (
    `<img class="source-picture" src="${escapeHtml(p.dataUri)}" width="${p.width}" height="${p.height}"` +
    ` alt="${escapeHtml(alt)}" loading="lazy"><figcaption>Pagina ${p.page}</figcaption>`
  );
}

/** The columns a row's cells take. */
const width = (r: SourceRow): number => r?.cells.reduce((sum, c) => sum + c.span, 0) ?? 0;

function row(r: SourceRow, columns: number): string {
  if (r === null) return `<tr class="source-gap"><td colspan="${columns + 1}">…</td></tr>`;
  const cells = r.cells.map((c) => {
    const span = c.span > 1 ? ` colspan="${c.span}"` : "";
    return c.marked
      ? `<td class="source-marked"${span}><mark>${escapeHtml(c.text)}</mark></td>`
      : `<td${span}>${escapeHtml(c.text)}</td>`;
  });
  const rest = columns - width(r);
  return `<tr><th scope="row">${escapeHtml(r.where)}</th>${cells.join("")}${rest > 0 ? `<td colspan="${rest}"></td>` : ""}</tr>`;
}

export function sourceViewHtml(view: SourceView): string {
  switch (view.kind) {
    case "picture":
      return `<div class="source-view">${view.pictures.map((p) => `<figure>${picture(p)}</figure>`).join("")}</div>`;
    case "rows": {
      const columns = Math.max(...view.rows.map(width));
      return (
        `<figure class="source-view"><table class="source-rows"><caption>Nel documento (in evidenza le celle interessate)</caption>` +
        `<tbody>${view.rows.map((r) => row(r, columns)).join("")}</tbody></table></figure>`
      );
    }
    case "unavailable":
      return `<p class="source-view source-unavailable">${escapeHtml(view.reason)}</p>`;
  }
}
