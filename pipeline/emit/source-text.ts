import type { SourceRef } from "../schema/source.js";

/** One formatter for a report: `toLocaleString` would build one per number. */
const NUMBER_FORMAT = new Intl.NumberFormat("it-IT", { maximumFractionDigits: 2 });
export const formatNumber = (n: number): string => NUMBER_FORMAT.format(n);

/**
 * A place in the source, in Italian: page, box, line, sheet and cell, table and row. Without the box
 * when a reader needs only to find the text (the document's metadata), not to point at it.
 */
export function describeSource(ref: SourceRef, { box = true }: { box?: boolean } = {}): string {
  const parts = [
    ref.page === null ? null : `pagina ${ref.page}`,
    ref.bbox === null || !box ? null : `riquadro (${ref.bbox.map(formatNumber).join("; ")})`,
    ref.line === null ? null : `riga ${ref.line}`,
    ref.sheet === undefined ? null : `foglio ${ref.sheet}`,
    ref.cell === undefined ? null : `cella ${ref.cell}`,
    ref.table === undefined ? null : `tabella ${ref.table}`,
    ref.row === undefined ? null : `riga ${ref.row} della tabella`,
  ].filter((part) => part !== null);
  return parts.length > 0 ? parts.join(", ") : "posizione non nota";
}
