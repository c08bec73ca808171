import type { Action, FunctionNode, Hierarchy } from "../../schema/hierarchy.js";
import { formatNumber } from "../source-text.js";
import type { Context } from "./links.js";
import { flagLinks } from "./links.js";
import { anchorId, el, type Markup } from "./markup.js";
import { CATEGORY_LABELS, LOW_CONFIDENCE } from "./wording.js";

// ---------------------------------------------------------------------------------------------------
// The reconstructed table, laid out as the annex lays it out

/**
 * One `<tr>`: the label cells that start on it (spanning down over their rows), then the LIV 4 cell.
 * A function's rows are laid in one list, and each label is added to its rows in place once its
 * children are laid: copying the rows at every level cost more than writing the page.
 */
interface LaidRow {
  readonly id: string | null;
  readonly cells: Markup[];
  /** Under a macro-process, process or sub-process (or on an action) a discrepancy points at. */
  flagged: boolean;
}

/** The row standing for a level with nothing under it: blank cells, then a note in the actions column. */
function placeholderRow(columns: number): LaidRow {
  const blanks = Array.from({ length: columns - 1 }, () => el("td", {}));
  return { id: null, cells: [...blanks, el("td", { class: "none" }, "(nessuna azione)")], flagged: false };
}

function labelCell(node: { code: string; name: string }, rowspan: number, ctx: Context): Markup {
  return el(
    "th",
    {
      scope: "row",
      rowspan,
      id: anchorId("code", node.code),
      // The level, from the code's depth (A1, A1.1, A1.1.1): a narrow window indents by it.
      class: `label level-${node.code.split(".").length}${ctx.flags.has(node.code) ? " flagged" : ""}`,
    },
    el(
      "div",
      { class: "label-body" },
      el("span", { class: "label-code" }, node.code),
      " ",
      node.name === "" ? el("em", {}, "(senza etichetta)") : node.name,
      flagLinks(node.code, ctx),
    ),
  );
}

/**
 * A label over the rows laid since `first` (its children's): its cell (built for the final row count)
 * opens the first of them and spans them all; with none, one placeholder row `columns` wide stands in.
 * `flagRows` highlights them all.
 */
function spanning(
  rows: LaidRow[],
  first: number,
  columns: number,
  cell: (rowspan: number) => Markup,
  flagRows: boolean,
): void {
  if (rows.length === first) rows.push(placeholderRow(columns));
  rows[first]?.cells.unshift(cell(rows.length - first));
  if (flagRows) for (const row of rows.slice(first)) row.flagged = true;
}

/** A macro-process, process or sub-process over the rows laid since `first`; a flag on it highlights them. */
function band(
  node: { code: string; name: string },
  rows: LaidRow[],
  first: number,
  columns: number,
  ctx: Context,
): void {
  spanning(rows, first, columns, (rowspan) => labelCell(node, rowspan, ctx), ctx.flags.has(node.code));
}

function actionRow(action: Action, ctx: Context): LaidRow {
  const low = action.confidence < LOW_CONFIDENCE;
  const cell = el(
    "td",
    { class: low ? "action low-confidence" : "action", "data-confidence": action.confidence },
    action.code === null ? null : [el("span", { class: "label-code" }, action.code), " "],
    el("span", { class: "action-text" }, action.text),
    low ? el("span", { class: "badge" }, ` bassa affidabilità (${formatNumber(action.confidence)})`) : null,
    flagLinks(action.code, ctx, action.id),
  );
  return {
    id: anchorId("action", action.id),
    cells: [cell],
    flagged: (action.code !== null && ctx.flags.has(action.code)) || ctx.flagsByAction.has(action.id),
  };
}

/** The function's band, rotated as in the annex; a flag on the function marks the band alone, not its rows. */
function functionCell(f: FunctionNode, rowspan: number, ctx: Context): Markup {
  return el(
    "th",
    {
      scope: "rowgroup",
      rowspan,
      id: anchorId("code", f.code),
      class: ctx.flags.has(f.code) ? "band flagged" : "band",
    },
    el(
      "div",
      { class: "label-body" },
      el(
        "span",
        { class: "band-text" },
        el("span", { class: "label-code" }, f.code),
        " ",
        f.name,
        f.category === null ? null : el("span", { class: "category" }, ` (${CATEGORY_LABELS[f.category]})`),
      ),
      flagLinks(f.code, ctx),
    ),
  );
}

/**
 * The function's code on every row, shown only in print instead of the band: a cell spanning many
 * pages prints only on the first. Hidden from assistive technology, which has the band.
 */
const printFunction = (f: FunctionNode): Markup =>
  el("td", { class: "print-function", "aria-hidden": "true" }, f.code);

/** A function's rows in their own `<tbody>`, the row group its band heads. */
function functionBody(f: FunctionNode, ctx: Context): Markup {
  const rows: LaidRow[] = [];
  for (const m of f.macroProcesses) {
    const macroFirst = rows.length;
    for (const p of m.processes) {
      const processFirst = rows.length;
      for (const s of p.subProcesses) {
        const subFirst = rows.length;
        for (const a of s.actions) rows.push(actionRow(a, ctx));
        band(s, rows, subFirst, 1, ctx);
      }
      band(p, rows, processFirst, 2, ctx);
    }
    band(m, rows, macroFirst, 3, ctx);
  }
  spanning(rows, 0, 4, (rowspan) => functionCell(f, rowspan, ctx), false);
  return el(
    "tbody",
    { "data-function": f.code },
    rows.map((row) =>
      el("tr", { id: row.id, class: row.flagged ? "flagged" : null }, printFunction(f), row.cells),
    ),
  );
}

export function hierarchyTable(h: Hierarchy, ctx: Context): Markup {
  return el(
    "table",
    { class: "annex" },
    el(
      "caption",
      {},
      "L'articolazione dei processi come ricostruita: una riga per azione; le etichette coprono le righe delle loro azioni",
    ),
    el(
      "thead",
      {},
      el(
        "tr",
        {},
        ["Funzione", "LIV 1 Macro-processi", "LIV 2 Processi", "LIV 3 Sotto-processi", "LIV 4 Azioni"].map(
          (label) => el("th", { scope: "col" }, label),
        ),
      ),
    ),
    h.functions.map((f) => functionBody(f, ctx)),
  );
}
