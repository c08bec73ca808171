import type { SourceRef } from "../schema/source.js";
import { template } from "./template.js";

/**
 * Where something is in the source, as a person finds it there: the page, the column by its heading
 * and the row of the table (PDF); the line and its own text (a text copy, HTML); the sheet and cell
 * (workbooks); the table and row (Word documents). Never coordinates: nobody can follow those.
 */

export const LOCATION = {
  page: template("pagina {page}"),
  column: template("colonna {column}"),
  tableRow: template("riga {row} della tabella"),
  line: template("riga {line}"),
  lineText: template("riga {line}: «{text}»"),
  sheet: template("foglio «{sheet}»"),
  cell: template("cella {cell}"),
  table: template("tabella {table}"),
  unknown: "posizione non nota",
};

/**
 * What a reading knows of a place beyond its SourceRef: the heading of its column, its row among the
 * table's rows on its page, the whole text of its line.
 */
export interface Place {
  readonly source: SourceRef;
  readonly column?: string | null;
  readonly row?: number | null;
  readonly lineText?: string | null;
}

/** A line's text is quoted up to this many characters: enough to recognise it, short enough to read. */
const EXCERPT_LENGTH = 160;
/** Characters kept before the words a finding is about, so that the excerpt shows what leads to them. */
const EXCERPT_LEAD = 40;

/** The line, or the part of a long line around `focus` (the words the finding is about), with `…` where cut. */
export function excerpt(line: string, focus: string): string {
  if (line.length <= EXCERPT_LENGTH) return line;
  const at = focus === "" ? -1 : line.indexOf(focus);
  let start = Math.min(Math.max(0, at - EXCERPT_LEAD), line.length - EXCERPT_LENGTH);
  let end = start + EXCERPT_LENGTH;
  // Cut between words, never inside one.
  if (start > 0) start = line.indexOf(" ", start) + 1 || start;
  if (end < line.length) end = Math.max(line.lastIndexOf(" ", end), start + 1);
  return `${start > 0 ? "…" : ""}${line.slice(start, end).trim()}${end < line.length ? "…" : ""}`;
}

/** `pagina 3, colonna AZIONI, riga 12 della tabella`; `riga 26: «…»`; `foglio «A», cella D14`. */
export function describePlace({ source, column = null, row = null, lineText = null }: Place): string {
  const parts = [
    source.page === null ? null : LOCATION.page({ page: source.page }),
    source.sheet === undefined ? null : LOCATION.sheet({ sheet: source.sheet }),
    source.cell === undefined ? null : LOCATION.cell({ cell: source.cell }),
    source.table === undefined ? null : LOCATION.table({ table: source.table }),
    source.row === undefined ? null : LOCATION.tableRow({ row: source.row }),
    source.cell === undefined && column ? LOCATION.column({ column }) : null,
    source.page !== null && source.row === undefined && row !== null ? LOCATION.tableRow({ row }) : null,
    source.line === null
      ? null
      : lineText
        ? LOCATION.lineText({ line: source.line, text: lineText })
        : LOCATION.line({ line: source.line }),
  ].filter((part) => part !== null);
  return parts.length > 0 ? parts.join(", ") : LOCATION.unknown;
}
