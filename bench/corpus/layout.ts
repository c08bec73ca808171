import type { Hierarchy } from "../../pipeline/schema/hierarchy.js";
import {
  DEFAULT_HEADER,
  type LabelSpan,
  SIGNATORIES,
  THEMATIC_HEADER,
  tableOf,
} from "../../test/support/annex-pdf.js";
import type { Variant } from "./variant.js";

/**
 * The annex as cells with row spans, before any producer lays it out: the same table the project's PDF
 * generator draws (test/support/annex-pdf.ts `tableOf`), cut into one table per section or per
 * function, with actions one per row or gathered as paragraphs in one cell per sub-process.
 * The HTML and the workbook publishers both write this model.
 */

export type CellRole = "band" | "label" | "action" | "totals" | "header";

export interface Cell {
  /** 0 band, 1..3 LIV1..LIV3 labels, 4 actions. */
  column: number;
  /** Paragraphs of the cell (an action cell may hold several actions). */
  paragraphs: string[];
  rowSpan: number;
  role: CellRole;
  valign: "middle" | "top";
}

export interface AnnexTableModel {
  /** The category heading printed above the table, when the table opens its section. */
  heading: string | null;
  /** The table opens a section that starts on a new page. */
  newPage: boolean;
  /** Header rows, then body rows; each row lists the cells that start on it. */
  headerRows: Cell[][];
  rows: Cell[][];
  /** Whether each body row is a totals row. */
  totals: boolean[];
  /**
   * The table's own column weights where it has them (each function's table in a document that sizes
   * them one by one); null for the variant's.
   */
  columnWeights: number[] | null;
}

export interface AnnexModel {
  title: string;
  tables: AnnexTableModel[];
  /** The signatories, role then name, side by side; empty when the document has none. */
  signatories: { role: string; name: string }[];
}

export const COLUMN_COUNT = 5;
const ACTION_COLUMN = 4;
const SUB_PROCESS_LEVEL = 3;
/** A function's own table is up to a fifth narrower or a quarter wider, column by column, than the drawn widths. */
const OWN_TABLE_MIN_FACTOR = 0.8;
const OWN_TABLE_MAX_FACTOR = 1.25;
const FALLBACK_TITLE = "L'articolazione dei processi delle Camere di commercio";

function headerRowsOf(variant: Variant): Cell[][] {
  const wording = variant.header === "thematic" ? THEMATIC_HEADER : DEFAULT_HEADER;
  const parts = wording.map((cell) => cell.split("\n"));
  const headerCell = (column: number, paragraphs: string[]): Cell => ({
    column,
    paragraphs,
    rowSpan: 1,
    role: "header",
    valign: "middle",
  });
  if (!variant.stackedHeader) {
    return [[headerCell(0, []), ...parts.map((p, i) => headerCell(i + 1, p))]];
  }
  const depth = Math.max(...parts.map((p) => p.length));
  return Array.from({ length: depth }, (_, row) => [
    headerCell(0, []),
    ...parts.map((p, i) => headerCell(i + 1, p[row] === undefined ? [] : [p[row] as string])),
  ]);
}

export function annexModel(printed: Hierarchy, variant: Variant, random: () => number): AnnexModel {
  const table = tableOf(printed, printed.declaredTotals.length > 0 ? undefined : false, variant.bandWording);
  const valignOf = (): "middle" | "top" =>
    variant.valign === "mixed" ? (random() < 0.5 ? "middle" : "top") : variant.valign;

  // Rows of the model: one per table row, or one per sub-process when actions are gathered.
  const modelRow: number[] = [];
  const subProcessAt = new Map<number, LabelSpan>();
  for (const span of table.spans)
    if (span.level === SUB_PROCESS_LEVEL)
      for (let r = span.firstRow; r <= span.lastRow; r++) subProcessAt.set(r, span);
  let next = -1;
  table.rows.forEach((_, r) => {
    const sub = subProcessAt.get(r);
    if (!variant.actionsAsParagraphs || sub === undefined || sub.firstRow === r) next += 1;
    modelRow.push(next);
  });
  const rowCount = next + 1;
  const cells: Cell[][] = Array.from({ length: rowCount }, () => []);
  const isTotals: boolean[] = Array.from({ length: rowCount }, () => false);
  for (const span of table.spans) {
    const first = modelRow[span.firstRow] ?? 0;
    const last = modelRow[span.lastRow] ?? first;
    cells[first]?.push({
      column: span.level,
      paragraphs: [span.text],
      rowSpan: last - first + 1,
      role: span.level === 0 ? "band" : "label",
      valign: valignOf(),
    });
  }
  table.rows.forEach((row, r) => {
    const at = modelRow[r] ?? 0;
    if (row.kind === "totals") {
      isTotals[at] = true;
      const word = variant.totalsWord;
      cells[at]?.push(
        { column: 0, paragraphs: word ? [word] : [], rowSpan: 1, role: "totals", valign: "middle" },
        ...row.cells.map(
          (count, i): Cell => ({
            column: i + 1,
            paragraphs: [count],
            rowSpan: 1,
            role: "totals",
            valign: "middle",
          }),
        ),
      );
      return;
    }
    const actionCell = cells[at]?.find((c) => c.column === ACTION_COLUMN);
    if (actionCell === undefined) {
      cells[at]?.push({
        column: ACTION_COLUMN,
        paragraphs: row.text === "" ? [] : [row.text],
        rowSpan: 1,
        role: "action",
        valign: "top",
      });
    } else if (row.text !== "") {
      actionCell.paragraphs.push(row.text);
    }
  });
  for (const row of cells) row.sort((a, b) => a.column - b.column);

  // Cut into tables: where a section starts, and where a function starts when each has its own table.
  const starts = new Map<number, { heading: string | null; newSection: boolean }>();
  table.sections.forEach((section, index) => {
    starts.set(modelRow[section.firstRow] ?? 0, { heading: section.heading, newSection: index > 0 });
  });
  if (variant.tablePerFunction) {
    for (const span of table.spans) {
      const first = modelRow[span.firstRow] ?? 0;
      if (span.level === 0 && !starts.has(first)) starts.set(first, { heading: null, newSection: false });
    }
  }
  const boundaries = [...starts.keys()].sort((a, b) => a - b);
  const tables = boundaries.map((first, index): AnnexTableModel => {
    const end = boundaries[index + 1] ?? rowCount;
    const start = starts.get(first);
    return {
      heading: start?.heading === undefined || start.heading === null ? null : start.heading,
      newPage: (start?.newSection ?? false) && variant.sectionBreak,
      headerRows: headerRowsOf(variant),
      rows: cells.slice(first, end),
      totals: isTotals.slice(first, end),
      columnWeights:
        variant.tablePerFunction && variant.columnWeights !== null
          ? variant.columnWeights.map(
              (w) => w * (OWN_TABLE_MIN_FACTOR + random() * (OWN_TABLE_MAX_FACTOR - OWN_TABLE_MIN_FACTOR)),
            )
          : null,
    };
  });
  return {
    title: printed.document.title ?? FALLBACK_TITLE,
    tables,
    signatories: variant.signature ? SIGNATORIES.map((s) => ({ ...s })) : [],
  };
}
